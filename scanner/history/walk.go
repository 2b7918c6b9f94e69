package history

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/shieldscan/shieldscan/scanner"
)

// offer is one blob that Walk yields (an index into graph.blobs), with one path that held it:
// a directory (an index into Source.dirs) and a name (an index into graph.names). It is 12
// bytes whatever the path, and the only record Walk keeps per blob.
type offer struct {
	blob int32
	dir  int32
	name uint32
}

// dirID interns a directory path.
func (s *Source) dirID(d string) int32 {
	if i, ok := s.dirIdx[d]; ok {
		return i
	}
	i := int32(len(s.dirs))
	s.dirs = append(s.dirs, d)
	s.dirIdx[d] = i
	return i
}

// offerAt is the offer of blob b at slash path p.
func (s *Source) offerAt(b int32, p string) offer {
	dir, name := "", p
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		dir, name = p[:i], p[i+1:]
	}
	return offer{blob: b, dir: s.dirID(dir), name: s.g.nameID([]byte(name))}
}

// path is the slash path of an offer.
func (s *Source) pathOf(o offer) string { return join(s.dirs[o.dir], s.g.names[o.name]) }

// Walk yields each unique blob of the chosen history once, on the calling goroutine, read by
// the readers of readBlobs; the scanner's workers only match. A blob's Load hands its content
// over once (a blob over the read limit is read by its Load). Objects that cannot be read come out as skipped, as
// scanner.SkipMissing when the object store does not hold them and scanner.SkipCorrupt when it
// holds them but they cannot be read, with the object named in Detail (see ObjectError):
// commits with an empty Path, trees and blobs under their path. Incomplete then says so.
func (s *Source) Walk(ctx context.Context, yield func(scanner.Blob) error) error {
	var (
		offers []offer
		bad    []*ObjectError
		err    error
	)
	s.readMu.Lock()
	switch s.mode {
	case modeStaged:
		offers, err = s.stagedOffers()
	default:
		if err = s.load(ctx); err != nil {
			s.readMu.Unlock()
			return err
		}
		if s.mode == modeSince {
			offers = s.sinceOffers()
		} else {
			offers, err = s.allOffers(ctx)
		}
	}
	s.readMu.Unlock()
	if err != nil {
		return err
	}
	if s.g != nil {
		bad = s.g.unreadable
	}
	for _, e := range bad {
		if err := yield(skipped(e)); err != nil {
			return err
		}
	}
	s.offers = offers
	return s.readBlobs(ctx, offers, yield)
}

// chunks is how many runs of the pack order the blob pass is cut into: readers take the next
// run as they finish one, so that they end together; a run starts with a cold delta cache.
const chunks = 32

// readBlobs reads the offered blobs and yields them: along the delta forest of each pack that
// holds enough of them (forest.go), the rest in pack order. Reading (inflating, patching
// deltas) is most of a history scan, so it is spread over readers goroutines, taking a root of
// a forest, then a run of the pack order, at a time, each with its own delta cache; yield is
// called from this goroutine only.
func (s *Source) readBlobs(ctx context.Context, offers []offer, yield func(scanner.Blob) error) error {
	g := s.g
	order, locs := s.objs.packOrder(len(offers), func(i int) plumbing.Hash { return g.blobs[offers[i].blob] })
	plans, rest := s.objs.planForests(order, locs)
	locs = nil
	limit := int64(lazyBlob)
	if s.opts.MaxFileSize > 0 {
		limit = min(limit, s.opts.MaxFileSize)
	}
	readers := s.readers
	if readers <= 0 {
		readers = max(1, min(runtime.GOMAXPROCS(0), maxReaders, len(order)/chunks))
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	blobs := make(chan scanner.Blob, 2*readers)
	// First the packs read along their forests, a root at a time; then the rest in pack order,
	// in runs.
	type task struct {
		pl   *forestPlan
		root int32
	}
	var tasks []task
	for _, pl := range plans {
		for _, r := range pl.roots {
			tasks = append(tasks, task{pl, r})
		}
	}
	var nextTask, next atomic.Int64
	var wg sync.WaitGroup
	for range readers {
		o := s.objs.fork()
		wg.Go(func() {
			for {
				t := int(nextTask.Add(1) - 1)
				if t >= len(tasks) {
					break
				}
				if !s.readRoot(ctx, o, tasks[t].pl, tasks[t].root, limit, blobs) {
					return
				}
			}
			o.forward = true
			for {
				c := int(next.Add(1) - 1)
				if c >= chunks {
					return
				}
				for _, i := range rest[c*len(rest)/chunks : (c+1)*len(rest)/chunks] {
					select {
					case blobs <- s.readBlob(o, offers[i], limit):
					case <-ctx.Done():
						return
					}
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(blobs)
	}()
	var (
		err   error
		n     int
		bytes int64
	)
	for b := range blobs {
		if err == nil {
			err = ctx.Err()
		}
		if err == nil {
			err = yield(b)
		}
		if err != nil {
			cancel() // the readers stop; what they had read is drained
			continue
		}
		n++
		if b.Skip == "" {
			bytes += b.Size
		}
		if s.opts.Progress != nil {
			s.opts.Progress(n, len(order), bytes)
		}
	}
	if err == nil && n < len(order) {
		err = ctx.Err() // cancelled: the readers stopped early
	}
	return err
}

// maxReaders bounds the goroutines that read blobs (each holds a delta cache of cacheBytes).
const maxReaders = 4

// readBlob reads the blob of offer f with reader o: its content when it is at most limit
// bytes, else its size and a Load that reads it.
func (s *Source) readBlob(o *objects, f offer, limit int64) scanner.Blob {
	h := s.g.blobs[f.blob]
	b := scanner.Blob{Path: s.pathOf(f), ID: h.String()}
	data, size, err := o.blob(h, limit)
	switch {
	case err != nil:
		e := objectError(h, plumbing.BlobObject, b.Path, err)
		s.failed(e)
		b = skipped(e)
	case data == nil && size > 0 && s.opts.MaxFileSize > 0 && size > s.opts.MaxFileSize:
		b.Size, b.Skip = size, scanner.SkipTooLarge
		b.Detail = scanner.TooLarge{Size: size, Max: s.opts.MaxFileSize}.Error()
	case data == nil && size > 0:
		b.Size = size
		b.Load = s.lazyLoad(h, b.Path)
	default:
		b.Size = size
		b.Load = handOver(data)
	}
	return b
}

// skipped is the skipped blob that stands for an unreadable object.
func skipped(e *ObjectError) scanner.Blob {
	return scanner.Blob{Path: e.Path, ID: e.ID, Skip: e.SkipReason(), Detail: e.Error()}
}

// load walks the commits once: every commit reachable from the tips, or the --since range.
func (s *Source) load(ctx context.Context) error {
	s.loaded.Do(func() {
		s.g = newGraph(s.objs, s.shallow)
		if s.treeBytes > 0 {
			s.g.keptMax = s.treeBytes
		}
		if !s.noTreeFile {
			s.g.spillTrees()
		}
		if err := ctx.Err(); err != nil {
			s.gErr = err
			return
		}
		switch s.mode {
		case modeSince:
			out := map[int32]bool{}
			for _, c := range s.g.reach(s.since, nil) {
				out[c] = true
			}
			s.rangeCommits = s.g.reach(s.tips, func(c int32) bool { return out[c] })
		default:
			s.rangeCommits = s.g.reach(s.tips, nil)
		}
		s.gErr = ctx.Err()
	})
	return s.gErr
}

// allOffers lists every blob under the trees of every commit (and tagged trees and blobs),
// decoding each unique tree once and keeping none of them; a blob is offered under the first
// path found. With more than one core, the trees are read from the pack ahead of the walk, on
// another goroutine (prefetch.go).
func (s *Source) allOffers(ctx context.Context) ([]offer, error) {
	var start prefetchStart
	if runtime.GOMAXPROCS(0) > 1 {
		start = func(ctx context.Context, roots []plumbing.Hash) *prefetcher {
			return startPrefetch(ctx, s.objs.fork(), roots, prefetchBatch)
		}
	}
	return s.walkTrees(ctx, start)
}

// prefetchStart starts a prefetcher of the trees under roots, walked in that order.
type prefetchStart func(ctx context.Context, roots []plumbing.Hash) *prefetcher

// walkTrees is allOffers, with the trees read ahead by the prefetcher that start starts (nil:
// none). Whatever the prefetcher does, the offers are those of the walk alone.
func (s *Source) walkTrees(ctx context.Context, start prefetchStart) ([]offer, error) {
	g := s.g
	var pf *prefetcher
	if start != nil {
		var roots []plumbing.Hash
		for _, c := range s.rangeCommits {
			if t := g.commits[c].tree; t >= 0 {
				roots = append(roots, g.trees[t].hash)
			}
		}
		for _, t := range s.extra {
			if t.typ == plumbing.TreeObject {
				roots = append(roots, t.hash)
			}
		}
		pf = start(ctx, roots)
		defer pf.stop()
	}
	var seen, offered bitset
	var offers []offer
	type item struct {
		tree int32
		dir  int32
	}
	var stack []item
	visited := 0
	visit := func(root int32, dir int32) {
		stack = append(stack[:0], item{root, dir})
		for len(stack) > 0 {
			it := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen.has(it.tree) {
				continue
			}
			seen.set(it.tree)
			if visited++; visited%4096 == 0 && ctx.Err() != nil {
				return
			}
			d := s.dirs[it.dir]
			// the prefetcher sends every tree the walk visits, known to the graph or not
			h := g.trees[it.tree].hash
			pre, ok := pf.take(h)
			es, known := g.knownTree(it.tree)
			if !known {
				if !ok {
					pre.typ, pre.data, pre.err = g.o.read(h)
				}
				es = g.decodeTree(it.tree, d, pre.typ, pre.data, pre.err)
			}
			for k := len(es) - 1; k >= 0; k-- {
				e := es[k]
				if e.isTree() {
					stack = append(stack, item{e.index(), s.dirID(join(d, g.names[e.name]))})
				} else if !offered.has(e.index()) {
					offered.set(e.index())
					offers = append(offers, offer{blob: e.index(), dir: it.dir, name: e.name})
				}
			}
		}
	}
	root := s.dirID("")
	for _, c := range s.rangeCommits {
		if t := g.commits[c].tree; t >= 0 {
			visit(t, root)
		}
	}
	for _, t := range s.extra {
		switch t.typ {
		case plumbing.TreeObject:
			visit(g.treeID(t.hash), root)
		case plumbing.BlobObject:
			if b := g.blobID(t.hash); !offered.has(b) {
				offered.set(b)
				offers = append(offers, s.offerAt(b, t.name))
			}
		}
	}
	return offers, ctx.Err()
}

// sinceOffers lists the blobs that the range's commits introduce, each compared with its first
// parent; a merge introduces only what none of its parents had at the same path.
func (s *Source) sinceOffers() []offer {
	g := s.g
	offered := map[int32]bool{}
	var offers []offer
	for _, c := range s.rangeCommits {
		cn := g.commits[c]
		g.added(cn.tree, s.parentTree(c), "", nil, nil, func(p string, b, _ int32, _ bool) {
			if b < 0 || offered[b] {
				return
			}
			// a blob that another parent may have had is scanned all the same
			if from, _ := s.fromOtherParent(c, p, b); !from {
				offered[b] = true
				offers = append(offers, s.offerAt(b, p))
			}
		})
	}
	return offers
}

// parentTree is the tree of c's first parent: -1 for a root (or shallow) commit, the unknown
// tree for an unreadable one.
func (s *Source) parentTree(c int32) int32 {
	ps := s.g.commits[c].parents
	if len(ps) == 0 {
		return -1
	}
	s.g.loadCommit(ps[0])
	return s.g.commits[ps[0]].tree
}

// stagedPlace is one index entry that differs from HEAD.
type stagedPlace struct {
	path string
	old  plumbing.Hash // HEAD's blob at path, zero if none
}

// stagedOffers lists the index entries whose blob differs from HEAD's at the same path.
func (s *Source) stagedOffers() ([]offer, error) {
	idx, err := s.st.Index()
	if err != nil {
		return nil, fmt.Errorf("reading the index of %q: %w", s.path, err)
	}
	g := newGraph(s.objs, s.shallow)
	s.g = g
	head := int32(-1)
	if !s.head.IsZero() {
		c := g.commitID(s.head)
		g.loadCommit(c)
		head = g.commits[c].tree
	}
	s.staged = map[plumbing.Hash][]stagedPlace{}
	var offers []offer
	for _, e := range idx.Entries {
		if e.Mode == filemode.Submodule || e.Mode == filemode.Dir || e.Hash.IsZero() || e.IntentToAdd || e.SkipWorktree && e.Hash.IsZero() {
			continue
		}
		var old plumbing.Hash
		if head >= 0 {
			if b := g.lookup(head, e.Name); b >= 0 {
				old = g.blobs[b]
			}
		}
		if old == e.Hash {
			continue
		}
		if _, ok := s.staged[e.Hash]; !ok {
			offers = append(offers, s.offerAt(g.blobID(e.Hash), e.Name))
		}
		s.staged[e.Hash] = append(s.staged[e.Hash], stagedPlace{path: e.Name, old: old})
	}
	sort.SliceStable(offers, func(i, j int) bool { return s.pathOf(offers[i]) < s.pathOf(offers[j]) })
	return offers, nil
}

// lazyBlob is the size from which Walk leaves a blob's reading to its Load, on the worker that
// matches it: then the blobs that wait between Walk and the workers take at most this much
// each, and a large blob is in memory only while a worker matches it.
const lazyBlob = 1 << 20

// lazyLoad reads blob h (met at path) when the scanner asks for it, under the lock that
// keeps the pack reader to one goroutine at a time. A history blob's size is known before it
// is read (Blob.Size), so its Load takes no limit of its own.
func (s *Source) lazyLoad(h plumbing.Hash, path string) func(*[]byte, int64) ([]byte, error) {
	return func(*[]byte, int64) ([]byte, error) {
		s.readMu.Lock()
		data, _, err := s.objs.blob(h, 0)
		s.readMu.Unlock()
		if err != nil {
			e := objectError(h, plumbing.BlobObject, path, err)
			s.failed(e)
			return nil, e
		}
		return data, nil
	}
}

// errLoaded is what a history blob's Load returns when called a second time.
var errLoaded = errors.New("history blob already loaded: Walk reads each blob once, in pack order")

// handOver makes a Load that hands data over once and then forgets it, so that a Blob the
// scanner keeps after matching (for the matched blobs) does not keep its content alive.
func handOver(data []byte) func(*[]byte, int64) ([]byte, error) {
	var once sync.Mutex
	return func(*[]byte, int64) ([]byte, error) {
		once.Lock()
		defer once.Unlock()
		if data == nil {
			return nil, errLoaded
		}
		d := data
		data = nil
		return d, nil
	}
}

// bitset is a set of small non-negative integers (blob indices).
type bitset []uint64

func (b bitset) has(i int32) bool { return int(i>>6) < len(b) && b[i>>6]&(1<<(i&63)) != 0 }

func (b *bitset) set(i int32) {
	for int(i>>6) >= len(*b) {
		*b = append(*b, 0)
	}
	(*b)[i>>6] |= 1 << (i & 63)
}

func join(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}
