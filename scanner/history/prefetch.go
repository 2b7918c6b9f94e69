package history

import (
	"context"
	"encoding/binary"

	"github.com/go-git/go-git/v5/plumbing"
)

// The tree walk of a full history (allOffers) reads every unique tree from the pack once:
// inflating and patching them is most of its time, and it cannot start the blob pass before it
// ends. The prefetcher takes that reading to a second goroutine: it runs the same depth-first
// walk ahead of the graph's, keyed by hash (it must not read the graph, which the walk grows),
// reads each tree with its own reader, finds its subtrees with the graph's parser
// (treeParser), and hands the trees over in that order. The walk takes them one by one,
// checking each hash against the tree it is at: on the first difference, or when the
// prefetcher has stopped, it stops using it and reads the pack itself. So what the walk finds
// never depends on the prefetcher, only how soon.

// treeItem is one tree the prefetcher read: what objects.read returned for it.
type treeItem struct {
	hash plumbing.Hash
	typ  plumbing.ObjectType
	data []byte
	err  error
}

// What the prefetcher may hold at a time: batches of at most prefetchBatch trees, closed once
// they hold prefetchBatchBytes; prefetchBatches of them wait for the walk, one is being filled
// and one taken from (about 10 MiB, and a tree larger than a batch once each). A batch is
// one hand-over between the goroutines: on a loaded machine each can wait for a core.
const (
	prefetchBatch      = 1024
	prefetchBatchBytes = 1 << 20
	prefetchBatches    = 8
)

// prefetcher reads trees ahead of the graph's walk (see above). Its methods are called from
// the walk's goroutine only.
type prefetcher struct {
	ch     chan []treeItem
	cancel context.CancelFunc
	done   chan struct{} // closed when the reading goroutine has returned
	batch  []treeItem    // received, not yet taken
	off    bool          // no longer used: a mismatch, or the prefetcher stopped
	// For tests: the trees read (set when done is closed) and taken; missed says that the
	// walk stopped using the prefetcher before its end.
	read, taken int
	missed      bool
}

// startPrefetch starts reading the trees under roots, in the order of the walk that visits
// them one after the other, with reader o (which it then owns), in batches of at most batch
// trees (prefetchBatch; tests make them small).
func startPrefetch(ctx context.Context, o *objects, roots []plumbing.Hash, batch int) *prefetcher {
	ctx, cancel := context.WithCancel(ctx)
	p := &prefetcher{ch: make(chan []treeItem, prefetchBatches), cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		defer close(p.ch)
		p.read = prefetchTrees(ctx, o, roots, batch, p.ch)
	}()
	return p
}

// prefetchTrees walks the trees under roots as allOffers does (each root depth first, children
// in order, each tree once) and sends each one read, in batches, until the walk ends or ctx is
// cancelled. A tree that cannot be read, or that is not a tree, has no children here, as in the
// graph; one with a malformed entry has those before it. It returns how many trees it read.
func prefetchTrees(ctx context.Context, o *objects, roots []plumbing.Hash, most int, ch chan<- []treeItem) (read int) {
	// seen is keyed by the first 8 bytes of the hash: a false hit skips a tree that the walk
	// then does not find where it expects it, and it reads the pack itself from there.
	var seen keySet
	var stack, kids []plumbing.Hash
	batch := make([]treeItem, 0, most)
	size := 0
	send := func() bool {
		select {
		case ch <- batch:
		case <-ctx.Done():
			return false
		}
		batch, size = make([]treeItem, 0, most), 0
		return true
	}
	for _, r := range roots {
		stack = append(stack[:0], r)
		for len(stack) > 0 {
			h := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if !seen.add(binary.LittleEndian.Uint64(h[:8])) {
				continue
			}
			typ, data, err := o.read(h)
			read++
			if err == nil && typ == plumbing.TreeObject {
				kids = kids[:0]
				tp := treeParser{data: data}
				for {
					kind, _, oid, ok := tp.next()
					if !ok {
						break
					}
					if kind == treeEntry {
						kids = append(kids, oid)
					}
				}
				for i := len(kids) - 1; i >= 0; i-- {
					stack = append(stack, kids[i])
				}
			}
			batch = append(batch, treeItem{hash: h, typ: typ, data: data, err: err})
			size += len(data)
			if (len(batch) >= most || size >= prefetchBatchBytes) && !send() {
				return read
			}
		}
	}
	if len(batch) > 0 {
		send()
	}
	return read
}

// take returns the next tree read ahead if it is h; otherwise (or when p is nil) false, and
// from then on p is no longer used: the caller reads h itself.
func (p *prefetcher) take(h plumbing.Hash) (treeItem, bool) {
	if p == nil || p.off {
		return treeItem{}, false
	}
	if len(p.batch) == 0 {
		b, ok := <-p.ch
		if !ok || len(b) == 0 {
			p.missed = true
			p.stop()
			return treeItem{}, false
		}
		p.batch = b
	}
	it := p.batch[0]
	p.batch[0] = treeItem{} // the walk's copy is the only one
	p.batch = p.batch[1:]
	if it.hash != h {
		p.missed = true
		p.stop()
		return treeItem{}, false
	}
	p.taken++
	return it, true
}

// stop ends the prefetcher and waits for its goroutine to return.
func (p *prefetcher) stop() {
	if p == nil {
		return
	}
	p.off = true
	p.batch = nil
	p.cancel()
	for range p.ch {
	}
	<-p.done
}

// keySet is a set of 64-bit keys (the first bytes of object names, which are uniformly
// spread), by open addressing: 8 bytes a slot, at most half of them used.
type keySet struct {
	slots []uint64 // a key, 0 for a free slot (the key 0 is kept as 1)
	n     int
}

// add adds k and says whether it was not in the set.
func (s *keySet) add(k uint64) bool {
	k = max(k, 1)
	if 2*(s.n+1) > len(s.slots) {
		old := s.slots
		s.slots = make([]uint64, max(1024, 2*len(old)))
		for _, v := range old {
			if v != 0 {
				s.put(v)
			}
		}
	}
	if !s.put(k) {
		return false
	}
	s.n++
	return true
}

func (s *keySet) put(k uint64) bool {
	mask := uint64(len(s.slots) - 1)
	for i := k & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case 0:
			s.slots[i] = k
			return true
		case k:
			return false
		}
	}
}
