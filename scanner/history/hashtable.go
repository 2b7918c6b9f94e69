package history

import (
	"encoding/binary"

	"github.com/go-git/go-git/v5/plumbing"
)

// hashTable maps object hashes to their indices in one of the graph's lists (commits, trees,
// blobs), by open addressing on the hash's first bytes (object names are uniformly spread): 4
// bytes a slot and at most half the slots used, where a map[plumbing.Hash]int32 takes about
// 35 bytes an entry. The hashes themselves stay in the list.
type hashTable struct {
	slots []int32 // an index + 1; 0 is a free slot
	n     int
}

// find returns the index of h, where hashAt gives the hash of an index.
func (t *hashTable) find(h plumbing.Hash, hashAt func(int32) plumbing.Hash) (int32, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	mask := uint64(len(t.slots) - 1)
	for k := binary.LittleEndian.Uint64(h[:8]) & mask; ; k = (k + 1) & mask {
		v := t.slots[k]
		if v == 0 {
			return 0, false
		}
		if hashAt(v-1) == h {
			return v - 1, true
		}
	}
}

// add records that index i holds h (not in the table yet).
func (t *hashTable) add(h plumbing.Hash, i int32, hashAt func(int32) plumbing.Hash) {
	if 2*(t.n+1) > len(t.slots) {
		old := t.slots
		t.slots = make([]int32, max(1024, 2*len(old)))
		for _, v := range old {
			if v != 0 {
				t.put(hashAt(v-1), v)
			}
		}
	}
	t.put(h, i+1)
	t.n++
}

func (t *hashTable) put(h plumbing.Hash, v int32) {
	mask := uint64(len(t.slots) - 1)
	k := binary.LittleEndian.Uint64(h[:8]) & mask
	for t.slots[k] != 0 {
		k = (k + 1) & mask
	}
	t.slots[k] = v
}
