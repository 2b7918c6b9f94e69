package history

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/shieldscan/shieldscan/scanner"
)

// forest is the delta structure of one pack: the object each delta is patched onto, and the
// deltas patched onto each object. The blob pass reads a pack along it, each base once with all
// its deltas while it is in hand, so that every object is inflated once: in pack order, the
// versions of a file lie far apart (a pack is ordered by commit), a base's deltas come long after
// it, and a cache of recent objects kept too few of them.
type forest struct {
	base  []int32 // by object index: the base's index; whole, or external for a base in no pack position
	first []int32 // the deltas onto object j are kids[first[j]:first[j+1]], in pack order
	kids  []int32
}

const (
	whole    = -1 // an object stored whole
	external = -2 // a delta whose base this pack does not hold (a thin pack's, or unreadable)
)

// forest reads the header of every object of p, in one pass over the pack, for its deltas.
func (p *pack) forest() (*forest, error) {
	n := len(p.offs)
	f := &forest{base: make([]int32, n), first: make([]int32, n+1)}
	buf := make([]byte, 1<<20)
	var from, to int64 // buf holds the pack's bytes [from, to)
	eof := false
	const head = 32 // more than a header with its delta offset or base name
	for j, off := range p.offs {
		if off+head > to && !eof {
			got, err := p.f.ReadAt(buf, off)
			if err != nil && !errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("pack offset %d: %w", off, err)
			}
			from, to, eof = off, off+int64(got), got < len(buf)
		}
		if off < from || off >= to {
			return nil, fmt.Errorf("pack offset %d: past the end of the pack", off)
		}
		b := buf[off-from : to-from]
		typ, _, hdr, err := parseHeader(b)
		if err != nil {
			return nil, fmt.Errorf("pack offset %d: %w", off, err)
		}
		f.base[j] = whole
		switch typ {
		case plumbing.OFSDeltaObject:
			f.base[j] = external
			if rel, _, err := parseOffset(b[hdr:]); err == nil && rel <= off {
				if k := p.index(off - rel); k >= 0 {
					f.base[j] = int32(k)
				}
			}
		case plumbing.REFDeltaObject:
			f.base[j] = external
			if len(b) >= hdr+20 {
				var h plumbing.Hash
				copy(h[:], b[hdr:hdr+20])
				if at, ok := findOffset(p.idx, h); ok {
					if k := p.index(at); k >= 0 && k != j {
						f.base[j] = int32(k)
					}
				}
			}
		}
	}
	for _, b := range f.base {
		if b >= 0 {
			f.first[b+1]++
		}
	}
	for j := range n {
		f.first[j+1] += f.first[j]
	}
	f.kids = make([]int32, f.first[n])
	next := append([]int32(nil), f.first[:n]...)
	for j, b := range f.base {
		if b >= 0 {
			f.kids[next[b]] = int32(j)
			next[b]++
		}
	}
	if cyclic(f) {
		return nil, errors.New("delta bases form a cycle")
	}
	if tooDeep(f) { // readRoot recurses once a delta
		return nil, errDeltaDepth
	}
	return f, nil
}

// cyclic reports whether following bases from some object never reaches a whole or external
// one (a corrupt pack's ref deltas can name each other).
func cyclic(f *forest) bool {
	state := make([]uint8, len(f.base)) // 0 unseen, 1 on the current chain, 2 ends well
	var chain []int32
	for j := range f.base {
		k := int32(j)
		chain = chain[:0]
		for k >= 0 && state[k] == 0 {
			state[k] = 1
			chain = append(chain, k)
			k = f.base[k]
		}
		if k >= 0 && state[k] == 1 {
			return true
		}
		for _, c := range chain {
			state[c] = 2
		}
	}
	return false
}

// index is the position of the object at off in p.offs, or -1.
func (p *pack) index(off int64) int {
	if j, ok := slices.BinarySearch(p.offs, off); ok {
		return j
	}
	return -1
}

// forestPlan is how the blob pass reads one pack along its forest: which objects it yields
// (the offers of each), and which it must rebuild for them.
type forestPlan struct {
	pack   int
	f      *forest
	offers []int32 // by object index: the first offer of the object, or -1
	more   []int32 // by offer index: the next offer of the same object, or -1
	need   []bool  // by object index: an offer's object or one of its bases
	roots  []int32 // the needed objects whose base is not in the forest, in pack order
}

// planForests plans the reading of the packs that hold enough of the offers (locs, by offer) to
// be worth the pass over their headers; the offers of the other packs, and loose objects, are
// left to the pack-order reading (rest, in that order). A pack whose headers cannot be read is
// left to it too, which reports its errors with the blobs.
func (o *objects) planForests(order []int32, locs []blobLoc) (plans []*forestPlan, rest []int32) {
	count := make([]int, len(o.packs)+1)
	for _, l := range locs {
		count[l.pack]++
	}
	byPack := make([]*forestPlan, len(o.packs))
	for i, p := range o.packs {
		if count[i] == 0 || count[i] < len(p.offs)/16 {
			continue
		}
		f, err := p.forest()
		if err != nil {
			continue
		}
		pl := &forestPlan{pack: i, f: f, offers: make([]int32, len(p.offs)), need: make([]bool, len(p.offs))}
		for j := range pl.offers {
			pl.offers[j] = -1
		}
		byPack[i] = pl
		plans = append(plans, pl)
	}
	more := make([]int32, len(locs))
	for _, k := range order {
		l := locs[k]
		more[k] = -1
		if int(l.pack) >= len(byPack) || byPack[l.pack] == nil {
			rest = append(rest, k)
			continue
		}
		pl := byPack[l.pack]
		j := o.packs[l.pack].index(l.off)
		if j < 0 {
			rest = append(rest, k)
			continue
		}
		more[k], pl.offers[j] = pl.offers[j], k
		for c := int32(j); c >= 0 && !pl.need[c]; c = pl.f.base[c] {
			pl.need[c] = true
			if pl.f.base[c] < 0 {
				pl.roots = append(pl.roots, c)
			}
		}
	}
	for _, pl := range plans {
		pl.more = more
		slices.Sort(pl.roots)
	}
	return plans, rest
}

// readRoot reads the root object r of plan pl with reader o, then every needed delta under it,
// each patched onto its base while the base is in hand, and sends each offered blob to out. It
// returns false when ctx ends. An object that cannot be read or rebuilt, or a chain that would
// hold more than maxChain bytes, leaves what lies under it to readBlob (which reads each from
// the pack on its own, and reports the error with the blob).
func (s *Source) readRoot(ctx context.Context, o *objects, pl *forestPlan, r int32, limit int64, out chan<- scanner.Blob) bool {
	offers := s.offers
	send := func(b scanner.Blob) bool {
		select {
		case out <- b:
			return true
		case <-ctx.Done():
			return false
		}
	}
	// fallback sends every offer under object j the way the pack-order pass does.
	var fallback func(j int32) bool
	fallback = func(j int32) bool {
		for k := pl.offers[j]; k >= 0; k = pl.more[k] {
			if !send(s.readBlob(o, offers[k], limit)) {
				return false
			}
		}
		for _, c := range pl.f.kids[pl.f.first[j]:pl.f.first[j+1]] {
			if pl.need[c] && !fallback(c) {
				return false
			}
		}
		return true
	}
	p := o.packs[pl.pack]
	held := 0 // bytes of the bases in hand
	var visit func(j int32, typ plumbing.ObjectType, data []byte) bool
	visit = func(j int32, typ plumbing.ObjectType, data []byte) bool {
		for k := pl.offers[j]; k >= 0; k = pl.more[k] {
			var b scanner.Blob
			if typ == plumbing.BlobObject && int64(len(data)) <= limit {
				b = s.wholeBlob(offers[k], data)
			} else {
				// as in pack order: a large blob waits for a worker's Load (or is skipped
				// unread), an object of another type says what it is
				b = s.readBlob(o, offers[k], limit)
			}
			if !send(b) {
				return false
			}
		}
		kids := pl.f.kids[pl.f.first[j]:pl.f.first[j+1]]
		last := -1 // the last needed delta: the base is let go before its turn
		for k, c := range kids {
			if pl.need[c] {
				last = k
			}
		}
		n := len(data)
		held += n
		for k, c := range kids {
			if !pl.need[c] {
				continue
			}
			if held > maxChain {
				if !fallback(c) {
					return false
				}
				continue
			}
			e, err := o.inflateAt(pl.pack, p.offs[c], -1)
			var cdata []byte
			if err == nil && deltaTarget(e.data) > limit && !pl.hasKids(c) {
				if k == last {
					held -= n
					n, data = 0, nil
				}
				if !fallback(c) { // a large version that is no base: read lazily, as in pack order
					return false
				}
				continue
			}
			if err == nil && typ == plumbing.BlobObject && len(data) <= maxDeferBase && !pl.hasKids(c) {
				if f := pl.offers[c]; f >= 0 && pl.more[f] < 0 && checkDelta(data, e.data) == nil {
					// a version that is no base: patched by the worker that matches it, into
					// its buffer (e.data is the reader's, for the next delta: copied)
					b := s.patchedBlob(offers[f], data, bytes.Clone(e.data), deltaTarget(e.data))
					if k == last {
						held -= n
						n, data = 0, nil
					}
					if !send(b) {
						return false
					}
					continue
				}
			}
			if err == nil {
				cdata, err = patch(data, e.data)
			}
			if k == last {
				held -= n
				n, data = 0, nil
			}
			if err != nil {
				if !fallback(c) {
					return false
				}
				continue
			}
			if !visit(c, typ, cdata) {
				return false
			}
		}
		held -= n
		return true
	}
	if !pl.hasKids(r) {
		return fallback(r) // a lone object: read as in pack order, lazily when large
	}
	typ, data, _, err := o.readAt(pl.pack, p.offs[r], -1)
	if err != nil {
		return fallback(r)
	}
	return visit(r, typ, data)
}

// maxChain bounds the bytes of the bases a reader holds along one chain of deltas; past it, the
// deltas further down are read on their own.
const maxChain = 16 << 20

// wholeBlob is the blob of offer f, read whole as data (within the read limit, which is at most
// MaxFileSize).
func (s *Source) wholeBlob(f offer, data []byte) scanner.Blob {
	return scanner.Blob{Path: s.pathOf(f), ID: s.g.blobs[f.blob].String(), Size: int64(len(data)), Load: handOver(data)}
}

// maxDeferBase bounds the base that a blob patched on a worker (patchedBlob) keeps until then:
// the blobs that wait for a worker keep at most this much each beside their own.
const maxDeferBase = 4 << 20

// patchedBlob is the blob of offer f, the target of delta on base (both checked, and owned by
// the blob from now on), patched when a worker loads it: into the worker's buffer (see
// scanner.Blob.Load), so that the versions of a file need no buffer each. The base is a
// buffer of its own, never a reused one: other blobs and deltas read it meanwhile.
func (s *Source) patchedBlob(f offer, base, delta []byte, size int64) scanner.Blob {
	h := s.g.blobs[f.blob]
	b := scanner.Blob{Path: s.pathOf(f), ID: h.String(), Size: size}
	var mu sync.Mutex // Load patches once: a second call gets errLoaded
	b.Load = func(buf *[]byte, _ int64) ([]byte, error) {
		mu.Lock()
		defer mu.Unlock()
		if delta == nil {
			return nil, errLoaded
		}
		var dst []byte
		if buf != nil {
			dst = *buf
		}
		data, err := patchTo(dst, base, delta)
		base, delta = nil, nil
		if err != nil {
			// checkDelta passed: only bytes changed since (a bug) make it fail; said loudly
			e := objectError(h, plumbing.BlobObject, b.Path, fmt.Errorf("patching when loaded: %w", err))
			s.failed(e)
			return nil, e
		}
		if buf != nil && cap(data) > cap(*buf) {
			*buf = data[:0]
		}
		return data, nil
	}
	return b
}

// hasKids says whether a needed delta lies on object j.
func (pl *forestPlan) hasKids(j int32) bool {
	for _, c := range pl.f.kids[pl.f.first[j]:pl.f.first[j+1]] {
		if pl.need[c] {
			return true
		}
	}
	return false
}

// tooDeep reports whether a chain of deltas is longer than maxDeltaDepth (f has no cycle).
func tooDeep(f *forest) bool {
	depth := make([]int32, len(f.base)) // 0 unknown, else 1 + deltas under a root
	var chain []int32
	for j := range f.base {
		chain = chain[:0]
		k := int32(j)
		for k >= 0 && depth[k] == 0 {
			chain = append(chain, k)
			k = f.base[k]
		}
		d := int32(0)
		if k >= 0 {
			d = depth[k]
		}
		for i := len(chain) - 1; i >= 0; i-- {
			d++
			depth[chain[i]] = d
			if d > maxDeltaDepth+1 {
				return true
			}
		}
	}
	return false
}
