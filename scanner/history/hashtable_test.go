package history

import (
	"crypto/sha1"
	"encoding/binary"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

func TestHashTable(t *testing.T) {
	t.Parallel()
	hash := func(i int) plumbing.Hash {
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], uint64(i))
		return plumbing.Hash(sha1.Sum(b[:]))
	}
	var list []plumbing.Hash
	at := func(i int32) plumbing.Hash { return list[i] }
	var tab hashTable
	const n = 5000 // several growths
	for i := range n {
		h := hash(i)
		if _, ok := tab.find(h, at); ok {
			t.Fatalf("find(%v) before add: found", h)
		}
		list = append(list, h)
		tab.add(h, int32(i), at)
	}
	// two hashes that share their first 8 bytes (the slot) are told apart
	twin := list[7]
	twin[19] ^= 1
	if i, ok := tab.find(twin, at); ok {
		t.Errorf("find(twin of 7) = %d, want not found", i)
	}
	list = append(list, twin)
	tab.add(twin, n, at)
	for i, h := range list {
		if got, ok := tab.find(h, at); !ok || got != int32(i) {
			t.Errorf("find(hash %d) = %d, %v; want %d, true", i, got, ok, i)
		}
	}
	if _, ok := tab.find(hash(n+1), at); ok {
		t.Error("find(absent) found")
	}
	if 2*tab.n > len(tab.slots) {
		t.Errorf("%d entries in %d slots: over half full", tab.n, len(tab.slots))
	}
}
