package history

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"strings"
	"sync"
	"testing"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/shieldscan/shieldscan/scanner"
)

// TestWalkAlongForests walks a deltified pack, where the blob pass reads along the pack's delta
// forest, and checks every blob it yields against go-git's reading of the same object, for one
// reader and for several.
func TestWalkAlongForests(t *testing.T) {
	t.Parallel()
	f := grownHistory(t, 60, func(body string) []string { return []string{"big.txt", strings.Repeat(body, 20)} })
	for _, tc := range []struct {
		readers int
		mapped  bool
	}{{1, true}, {3, true}, {1, false}, {3, false}} {
		t.Run(fmt.Sprintf("readers=%d/mapped=%v", tc.readers, tc.mapped), func(t *testing.T) {
			src, err := Open(t.Context(), f.dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			src.readers = tc.readers
			checkMapped(t, src, tc.mapped)
			if err := src.load(t.Context()); err != nil {
				t.Fatal(err)
			}
			offers, err := src.allOffers(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			order, locs := src.objs.packOrder(len(offers), func(i int) plumbing.Hash { return src.g.blobs[offers[i].blob] })
			plans, rest := src.objs.planForests(order, locs)
			deltas := 0
			for _, pl := range plans {
				for j, b := range pl.f.base {
					if b >= 0 && pl.need[j] {
						deltas++
					}
				}
			}
			if len(plans) != 1 || len(rest) != 0 || deltas < 50 {
				t.Fatalf("plans %d, rest %d, deltas to patch %d; want one pack read along its forest, with deltas", len(plans), len(rest), deltas)
			}

			ref := filesystem.NewStorage(src.st.Filesystem(), cache.NewObjectLRUDefault())
			var mu sync.Mutex
			seen := map[string]int{}
			err = src.Walk(t.Context(), func(b scanner.Blob) error {
				if b.Skip != "" {
					return fmt.Errorf("%s skipped: %s %s", b.Path, b.Skip, b.Detail)
				}
				data, err := b.Load(nil, scanner.DefaultMaxFileSize)
				if err != nil {
					return err
				}
				want, err := ref.EncodedObject(plumbing.BlobObject, plumbing.NewHash(b.ID))
				if err != nil {
					return err
				}
				wantData, err := readAll(want)
				if err != nil {
					return err
				}
				if !bytes.Equal(data, wantData) {
					return fmt.Errorf("%s (%s): %d bytes, want %d", b.Path, b.ID, len(data), len(wantData))
				}
				mu.Lock()
				seen[b.ID]++
				mu.Unlock()
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(seen) != len(offers) {
				t.Errorf("%d blobs yielded, want %d", len(seen), len(offers))
			}
			for id, n := range seen {
				if n != 1 {
					t.Errorf("blob %s yielded %d times", id, n)
				}
			}
		})
	}
}

// TestForestCycle checks that ref deltas naming each other (a corrupt pack) are refused.
func TestForestCycle(t *testing.T) {
	for _, tc := range []struct {
		base []int32
		want bool
	}{
		{[]int32{whole, 0, 1, 1, external}, false},
		{[]int32{1, 0}, true},
		{[]int32{whole, 2, 3, 1}, true},
		{[]int32{0}, true},
	} {
		if got := cyclic(&forest{base: tc.base}); got != tc.want {
			t.Errorf("cyclic(%v) = %v, want %v", tc.base, got, tc.want)
		}
	}
}

// TestDeltaCycle reads objects of a pack whose deltas name themselves or each other: an error,
// not a stack overflow.
func TestDeltaCycle(t *testing.T) {
	delta := []byte{5, 5, 0x90, 5, 'h', 'e', 'l', 'l', 'o'} // 5 bytes onto 5: insert "hello"
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(delta)
	zw.Close()
	header := func(typ byte) []byte { return []byte{typ<<4 | byte(len(delta))} }
	ofsSelf := append(append(header(6), 0), z.Bytes()...) // base 0 bytes back: itself
	var a, b []byte
	hashA := plumbing.NewHash("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
	hashB := plumbing.NewHash("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")
	a = append(append(header(7), hashB[:]...), z.Bytes()...) // a names b
	b = append(append(header(7), hashA[:]...), z.Bytes()...) // b names a
	buf := append([]byte("PACK\x00\x00\x00\x02\x00\x00\x00\x03"), ofsSelf...)
	offA := int64(len(buf))
	buf = append(buf, a...)
	offB := int64(len(buf))
	buf = append(buf, b...)
	idx := idxfile.NewMemoryIndex()
	w := new(idxfile.Writer)
	w.Add(hashA, uint64(offA), 0)
	w.Add(hashB, uint64(offB), 0)
	w.OnFooter(plumbing.ZeroHash)
	if built, err := w.Index(); err == nil {
		idx = built
	} else {
		t.Fatal(err)
	}
	p := &pack{name: "test.pack", idx: idx, f: bytes.NewReader(buf), end: int64(len(buf)), offs: []int64{12, offA, offB}}
	o := &objects{packs: []*pack{p}, cache: newLRU(cacheBytes), winPack: -1}
	for _, off := range p.offs {
		if _, _, _, err := o.readAt(0, off, -1); err == nil {
			t.Errorf("readAt(%d) read a delta cycle without an error", off)
		}
	}
	if _, err := p.forest(); err == nil {
		t.Error("forest() of a pack with a delta cycle: no error")
	}
}

// TestForestTooDeep checks that a pack with a chain of deltas longer than maxDeltaDepth is not
// read along its forest (readRoot recurses once a delta; the pack-order reader refuses such a
// chain with an error).
func TestForestTooDeep(t *testing.T) {
	for _, n := range []int{maxDeltaDepth, maxDeltaDepth + 1} {
		var zb, zd bytes.Buffer
		zw := zlib.NewWriter(&zb)
		zw.Write([]byte("x"))
		zw.Close()
		zw = zlib.NewWriter(&zd)
		zw.Write([]byte{1, 1, 0x90, 1}) // 1 byte onto 1: copy it
		zw.Close()
		buf := []byte("PACK\x00\x00\x00\x02\x00\x00\x00\x00")
		offs := []int64{int64(len(buf))}
		buf = append(append(buf, 3<<4|1), zb.Bytes()...) // a blob of 1 byte
		for range n {
			off := int64(len(buf))
			buf = append(append(buf, 6<<4|4, byte(off-offs[len(offs)-1])), zd.Bytes()...)
			offs = append(offs, off)
		}
		p := &pack{name: "deep.pack", f: bytes.NewReader(append(buf, make([]byte, 20)...)), end: int64(len(buf)), offs: offs}
		_, err := p.forest()
		if deep := n > maxDeltaDepth; deep != errors.Is(err, errDeltaDepth) || !deep && err != nil {
			t.Errorf("forest() of a chain of %d deltas: %v", n, err)
		}
	}
}

// TestForestLargeBlobs checks that the forest path leaves blobs over the read limit to a
// worker's Load (read then, not carried in the queue) and blobs over MaxFileSize unread.
func TestForestLargeBlobs(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	big := strings.Repeat("var padding = 'the same line again';\n", (lazyBlob+lazyBlob/2)/38)
	for i := range 6 {
		f.write("big.js", big+fmt.Sprintf("var version = %d;\n", i), "small.js", fmt.Sprintf("var v = %d;\n", i))
		f.commit(fmt.Sprintf("step %d", i))
	}
	if err := f.repo.RepackObjects(&git.RepackConfig{}); err != nil {
		t.Fatal(err)
	}
	for _, max := range []int64{0, 2 * lazyBlob} {
		src, err := Open(t.Context(), f.dir, Options{MaxFileSize: max})
		if err != nil {
			t.Fatal(err)
		}
		defer src.Close()
		src.readers = 2
		large, lazy := 0, 0
		err = src.Walk(t.Context(), func(b scanner.Blob) error {
			if b.Size <= lazyBlob {
				return nil
			}
			large++
			if b.Skip != "" {
				return fmt.Errorf("%s skipped: %s", b.Path, b.Detail)
			}
			// a lazy Load reads the blob each time; a handed-over one only once
			if _, err := b.Load(nil, scanner.DefaultMaxFileSize); err != nil {
				return err
			}
			if _, err := b.Load(nil, scanner.DefaultMaxFileSize); err == nil {
				lazy++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if large != 6 || lazy != large {
			t.Errorf("MaxFileSize %d: %d large blobs, %d of them lazy; want 6, all lazy", max, large, lazy)
		}
	}

	src, err := Open(t.Context(), f.dir, Options{MaxFileSize: 1 << 10})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	skipped := 0
	err = src.Walk(t.Context(), func(b scanner.Blob) error {
		if b.Skip == scanner.SkipTooLarge {
			skipped++
		} else if b.Size > 1<<10 {
			return fmt.Errorf("%s: %d bytes, over MaxFileSize, not skipped", b.Path, b.Size)
		}
		return nil
	})
	if err != nil || skipped != 6 {
		t.Errorf("MaxFileSize 1 KiB: %d skipped, %v; want the 6 large versions", skipped, err)
	}
}

// TestReusedBuffers checks that no blob's bytes lie in a buffer that the pack reader reuses
// (its delta instructions, its compressed bytes) while the blob still needs them: every blob of
// a deltified pack is kept, half of them loaded as Walk yields them and kept to the end, the
// other half loaded only after Walk has read everything else, into one buffer as a scanner
// worker does, and each is compared with go-git's reading of the object. The versions that are
// patched when loaded must have been patched into that buffer.
func TestReusedBuffers(t *testing.T) {
	t.Parallel()
	// with an empty file: no reused buffer may stand for its content (nil is no content)
	f := grownHistory(t, 60, func(body string) []string { return []string{"big.txt", strings.Repeat(body, 20), "empty.txt", ""} })
	for _, mapped := range []bool{true, false} {
		t.Run(fmt.Sprintf("mapped=%v", mapped), func(t *testing.T) { reusedBuffers(t, f, mapped) })
	}
}

func reusedBuffers(t *testing.T, f *fixture, mapped bool) {
	src, err := Open(t.Context(), f.dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	src.readers = 1
	checkMapped(t, src, mapped)
	ref := filesystem.NewStorage(src.st.Filesystem(), cache.NewObjectLRUDefault())
	want := func(id string) []byte {
		t.Helper()
		obj, err := ref.EncodedObject(plumbing.BlobObject, plumbing.NewHash(id))
		if err != nil {
			t.Fatal(err)
		}
		data, err := readAll(obj)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	type kept struct {
		id   string
		data []byte
	}
	var early []kept
	var late []scanner.Blob
	err = src.Walk(t.Context(), func(b scanner.Blob) error {
		if b.Skip != "" {
			return fmt.Errorf("%s skipped: %s %s", b.Path, b.Skip, b.Detail)
		}
		if len(late) <= len(early) {
			late = append(late, b)
			return nil
		}
		data, err := b.Load(nil, scanner.DefaultMaxFileSize)
		if err != nil {
			return err
		}
		early = append(early, kept{b.ID, data})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var buf []byte
	inBuf := 0
	for _, b := range late {
		data, err := b.Load(&buf, scanner.DefaultMaxFileSize)
		if err != nil {
			t.Fatalf("loading %s after the walk: %v", b.Path, err)
		}
		if !bytes.Equal(data, want(b.ID)) {
			t.Errorf("%s (%s) loaded after the walk: %d bytes, not the object's %d", b.Path, b.ID, len(data), len(want(b.ID)))
		}
		if len(data) > 0 && cap(buf) > 0 && &data[0] == &buf[:1][0] {
			inBuf++
		}
	}
	for _, k := range early {
		if !bytes.Equal(k.data, want(k.id)) {
			t.Errorf("%s handed over during the walk changed by the end of it", k.id)
		}
	}
	if inBuf == 0 {
		t.Errorf("%d of %d blobs loaded into the worker's buffer; want versions patched there", inBuf, len(late))
	}
}
