package history

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sync"
	"unsafe"

	billy "github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/klauspost/compress/zlib"
)

// errMissing marks an object that the repository does not hold (a partial clone, a broken pack).
var errMissing = errors.New("object not found")

// objects reads raw objects: from the packs directly (each object's compressed bytes read with
// one ReadAt, inflated once, deltas patched from a byte-bounded cache of recent objects), and
// through go-git's storage for loose objects and alternates. go-git's own pack reader computes
// a collision-detecting SHA-1 of every object it caches and re-opens the pack for every object
// over 16 KiB, several times slower than git's own reader (bench/README.md, "Figures the code
// relies on"); reading is most of a history scan.
// It is used from one goroutine at a time; fork makes another reader of the same packs.
type objects struct {
	st *filesystem.Storage
	// stMu keeps go-git's storage (loose objects, alternates) to one goroutine across forks
	stMu *sync.Mutex
	fs   billy.Filesystem
	// alternates says that objects/info/alternates names other object stores
	alternates bool
	packs      []*pack
	cache      *lru
	zr         io.ReadCloser // reused zlib reader
	raw        []byte        // reused buffer of compressed bytes
	// deltas are reused buffers of inflated delta instructions, one per depth of the chain
	// being patched (a delta's base, read while its delta waits, is one level deeper): a
	// delta's instructions live only until it is patched (see inflateAt).
	deltas [][]byte
	// forward says that the reader reads mostly in pack order: then it reads a window of the
	// pack at a time (win, from winOff in pack winPack).
	forward bool
	depth   int // of the deltas being patched, to stop at a cycle
	win     []byte
	winOff  int64
	winPack int
}

// pack is one pack file and its index.
type pack struct {
	name string // relative to the git directory, for error messages
	idx  *idxfile.MemoryIndex
	f    io.ReaderAt
	c    io.Closer
	end  int64   // where the objects end (before the trailing checksum)
	offs []int64 // object offsets, sorted: an object's bytes end where the next begins
	// mem is the pack mapped into memory (see mapPacks), nil when it is read with ReadAt;
	// unmap ends the mapping.
	mem   []byte
	unmap func() error
}

// mapBytes bounds the pack bytes that a scan maps into memory instead of reading them with
// ReadAt (a system call and a copy an object; the blob pass reads along delta chains, not in
// pack order). Mapped pages that were read count in the process's resident memory (clean
// pages of the file cache, which the system can take back): a repository whose packs are
// larger is read with ReadAt, so that its resident memory stays bounded. git never rewrites a
// pack in place (it writes a new one; a removed file stays mapped), so the mapping does not
// change under the scan; another tool that truncates one makes its lost pages fault, which
// inflateAt turns into the object's error.
const mapBytes = 128 << 20

// maxDeltaDepth bounds a chain of deltas (git's own limit is 4095).
const maxDeltaDepth = 5000

var errDeltaDepth = fmt.Errorf("a chain of more than %d deltas (deltas whose bases name each other?)", maxDeltaDepth)

// maxObject bounds the size a pack header may claim for an object that is read whole (a
// corrupt header must not make us allocate terabytes).
const maxObject = 1 << 32

// rawKeep is the largest buffer of compressed bytes that is kept for the next object.
const rawKeep = 1 << 20

// cacheBytes bounds the objects kept as delta bases by each reader. Reading in pack order, a
// delta's base was nearly always read shortly before, so a small cache does.
const cacheBytes = 8 << 20

func newObjects(st *filesystem.Storage) (*objects, error) {
	fs := st.Filesystem()
	o := &objects{st: st, stMu: &sync.Mutex{}, fs: fs, cache: newLRU(cacheBytes), winPack: -1}
	if _, err := fs.Stat("objects/info/alternates"); err == nil {
		o.alternates = true
	}
	hashes, err := st.ObjectPacks()
	if err != nil {
		return nil, err
	}
	for _, h := range hashes {
		p, err := openPack(fs.Open, h)
		if err != nil {
			o.close()
			return nil, err
		}
		o.packs = append(o.packs, p)
	}
	o.mapPacks(mapBytes)
	return o, nil
}

// mapPacks maps the packs into memory when together they are at most most bytes (each is read
// with ReadAt when it cannot be mapped).
func (o *objects) mapPacks(most int64) {
	var total int64
	for _, p := range o.packs {
		total += p.end + 20
	}
	if total > most {
		return
	}
	root, ok := o.fs.(interface{ Root() string })
	if !ok {
		return
	}
	for _, p := range o.packs {
		// the storage's file system is the operating system's when the file at the same
		// path is the same file (an in-memory one's is not)
		fi, err := o.fs.Stat(p.name)
		if err != nil {
			continue
		}
		if mem, unmap, ok := mapFile(filepath.Join(root.Root(), filepath.FromSlash(p.name)), fi, p.end+20); ok {
			p.mem, p.unmap = mem, unmap
		}
	}
}

func openPack(open func(string) (billy.File, error), h plumbing.Hash) (*pack, error) {
	name := fmt.Sprintf("objects/pack/pack-%s", h)
	f, err := open(name + ".idx")
	if err != nil {
		return nil, err
	}
	idx := idxfile.NewMemoryIndex()
	err = idxfile.NewDecoder(f).Decode(idx)
	_ = f.Close()
	if err != nil {
		return nil, fmt.Errorf("reading %s.idx: %w", name, err)
	}
	pf, err := open(name + ".pack")
	if err != nil {
		return nil, err
	}
	size, err := pf.Seek(0, io.SeekEnd)
	if err != nil {
		_ = pf.Close()
		return nil, err
	}
	p := &pack{name: name + ".pack", idx: idx, f: pf, c: pf, end: size - 20}
	p.offs = make([]int64, 0, idx.Fanout[255])
	for k := range idx.Offset32 {
		for i := range len(idx.Offset32[k]) / 4 {
			off, ok := offsetAt(idx, k, i)
			if !ok {
				_ = pf.Close()
				return nil, fmt.Errorf("reading %s.idx: offset out of range", name)
			}
			p.offs = append(p.offs, off)
		}
	}
	slices.Sort(p.offs)
	return p, nil
}

// findOffset looks h up in a pack index. It is idxfile's FindOffset without the reverse map
// that FindOffset fills on every call (45 MB on matomo's 610k objects, kept to the end).
func findOffset(idx *idxfile.MemoryIndex, h plumbing.Hash) (int64, bool) {
	k := idx.FanoutMapping[h[0]]
	if k < 0 || k >= len(idx.Names) {
		return 0, false
	}
	names := idx.Names[k]
	lo, hi := 0, len(names)/20
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		switch c := bytes.Compare(names[mid*20:mid*20+20], h[:]); {
		case c < 0:
			lo = mid + 1
		case c > 0:
			hi = mid
		default:
			return offsetAt(idx, k, mid)
		}
	}
	return 0, false
}

// offsetAt reads the offset of the i-th object of fanout bucket k.
func offsetAt(idx *idxfile.MemoryIndex, k, i int) (int64, bool) {
	o32 := idx.Offset32[k]
	if 4*i+4 > len(o32) {
		return 0, false
	}
	off := binary.BigEndian.Uint32(o32[4*i:])
	if off&(1<<31) == 0 {
		return int64(off), true
	}
	j := 8 * int(off&^(1<<31))
	if j+8 > len(idx.Offset64) {
		return 0, false
	}
	return int64(binary.BigEndian.Uint64(idx.Offset64[j:])), true
}

// unmapPacks ends the mappings of the packs, which are read with ReadAt from then on (the
// readers of o and of its forks must not be reading).
func (o *objects) unmapPacks() {
	for _, p := range o.packs {
		if p.unmap != nil {
			p.mem = nil
			_ = p.unmap()
			p.unmap = nil
		}
	}
}

// fork returns a reader of the same packs with its own delta cache and buffers, for another
// goroutine (the packs are read with ReadAt, which is safe for concurrent use). Closing o
// closes the packs of its forks.
func (o *objects) fork() *objects {
	return &objects{st: o.st, stMu: o.stMu, fs: o.fs, alternates: o.alternates, packs: o.packs, cache: newLRU(cacheBytes), winPack: -1}
}

func (o *objects) close() {
	o.unmapPacks()
	for _, p := range o.packs {
		_ = p.c.Close()
	}
	o.packs = nil
}

// find says which pack holds h and where (-1 when no pack does).
func (o *objects) find(h plumbing.Hash) (int, int64) {
	for i, p := range o.packs {
		if off, ok := findOffset(p.idx, h); ok {
			return i, off
		}
	}
	return -1, 0
}

// read returns an object's type and content. Its errors are *ObjectError: missing when no
// pack and no loose object holds h, corrupt when one does and it cannot be read.
func (o *objects) read(h plumbing.Hash) (plumbing.ObjectType, []byte, error) {
	if i, off := o.find(h); i >= 0 {
		typ, data, _, err := o.readAt(i, off, -1)
		if err != nil {
			return plumbing.InvalidObject, nil, o.corrupt(h, i, off, err)
		}
		return typ, data, nil
	}
	if o.absent(h) {
		return plumbing.InvalidObject, nil, looseError(h, plumbing.ErrObjectNotFound)
	}
	o.stMu.Lock()
	defer o.stMu.Unlock()
	obj, err := o.st.EncodedObject(plumbing.AnyObject, h)
	if err != nil {
		return plumbing.InvalidObject, nil, looseError(h, err)
	}
	data, err := readAll(obj)
	if err != nil {
		return plumbing.InvalidObject, nil, looseError(h, err)
	}
	return obj.Type(), data, nil
}

// absent says that no loose object and no alternate object store can hold h, which no pack
// holds: then go-git is not asked (its pack lookup would load a second copy of every pack
// index, 17 MB on matomo, for each missing object of a partial clone).
func (o *objects) absent(h plumbing.Hash) bool {
	if o.alternates {
		return false
	}
	hex := h.String()
	_, err := o.fs.Stat("objects/" + hex[:2] + "/" + hex[2:])
	return errors.Is(err, os.ErrNotExist)
}

// corrupt names object h, at off in pack i, as unreadable.
func (o *objects) corrupt(h plumbing.Hash, i int, off int64, err error) *ObjectError {
	return &ObjectError{ID: h.String(), Type: "object", Pack: o.packs[i].name, Offset: off, Err: err}
}

// looseError names object h, which no pack holds, as missing or corrupt.
func looseError(h plumbing.Hash, err error) *ObjectError {
	if errors.Is(err, plumbing.ErrObjectNotFound) {
		return &ObjectError{ID: h.String(), Type: "object", Missing: true, Err: errMissing}
	}
	return &ObjectError{ID: h.String(), Type: "object", Err: err}
}

// blob reads a blob, unless it is larger than limit (when limit > 0): then data is nil and
// only the size is known (for a delta, without reading its base, so without checking that it
// is a blob). Its errors are *ObjectError.
func (o *objects) blob(h plumbing.Hash, limit int64) (data []byte, size int64, err error) {
	typ := plumbing.BlobObject
	if i, off := o.find(h); i >= 0 {
		typ, data, size, err = o.readAt(i, off, limit)
		if err != nil {
			return nil, 0, o.corrupt(h, i, off, err)
		}
	} else {
		if o.absent(h) {
			return nil, 0, looseError(h, plumbing.ErrObjectNotFound)
		}
		if typ, data, size, err = o.loose(h, limit); err != nil {
			return nil, 0, err
		}
	}
	sizeOnly := data == nil && (typ == plumbing.OFSDeltaObject || typ == plumbing.REFDeltaObject)
	if typ != plumbing.BlobObject && !sizeOnly {
		return nil, 0, &ObjectError{ID: h.String(), Type: "blob", Err: fmt.Errorf("a %s, not a blob", typ)}
	}
	return data, size, nil
}

// loose reads h through go-git's storage (a loose object, or one in an alternate store): its
// content when limit <= 0 or it is not larger.
func (o *objects) loose(h plumbing.Hash, limit int64) (plumbing.ObjectType, []byte, int64, error) {
	o.stMu.Lock()
	defer o.stMu.Unlock()
	obj, err := o.st.EncodedObject(plumbing.AnyObject, h)
	if err != nil {
		return 0, nil, 0, looseError(h, err)
	}
	typ, size := obj.Type(), obj.Size()
	var data []byte
	if limit <= 0 || size <= limit {
		if data, err = readAll(obj); err != nil {
			return 0, nil, 0, looseError(h, err)
		}
	}
	return typ, data, size, nil
}

func readAll(obj plumbing.EncodedObject) ([]byte, error) {
	r, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	data := make([]byte, obj.Size())
	if _, err := io.ReadFull(r, data); err != nil {
		return nil, fmt.Errorf("reading %s: %w", obj.Hash(), err)
	}
	return data, nil
}

type cacheKey struct {
	pack int
	off  int64
}

// readAt reads the object at off in pack i, patching deltas. When limit > 0 and the object is
// larger, it returns its type and size without content.
func (o *objects) readAt(i int, off int64, limit int64) (plumbing.ObjectType, []byte, int64, error) {
	if e := o.cache.get(cacheKey{i, off}); e != nil {
		if limit > 0 && int64(len(e.data)) > limit {
			return e.typ, nil, int64(len(e.data)), nil // over the limit, cached or not
		}
		return e.typ, e.data, int64(len(e.data)), nil
	}
	e, err := o.inflateAt(i, off, limit)
	if err != nil || e.data == nil {
		return e.typ, nil, e.size, err
	}
	typ, data := e.typ, e.data
	if e.delta() {
		// ref deltas of a corrupt pack can name each other
		if o.depth++; o.depth > maxDeltaDepth {
			o.depth--
			return 0, nil, 0, errDeltaDepth
		}
		defer func() { o.depth-- }()
		var base []byte
		if e.baseOff >= 0 {
			typ, base, _, err = o.readAt(i, e.baseOff, -1)
		} else {
			typ, base, err = o.read(e.baseHash)
		}
		if errors.Is(err, errDeltaDepth) {
			return 0, nil, 0, err // said once, not once a level
		}
		if err != nil {
			// %v: the base's error must not make this object's error read as the base's kind
			return 0, nil, 0, fmt.Errorf("delta base of pack offset %d: %v", off, err)
		}
		if data, err = patch(base, e.data); err != nil {
			return 0, nil, 0, fmt.Errorf("pack offset %d: %w", off, err)
		}
	}
	o.cache.put(cacheKey{i, off}, typ, data)
	return typ, data, int64(len(data)), nil
}

// packed is one object of a pack as stored: its type, and its inflated data (a delta's
// instructions, for a delta, with where its base is).
type packed struct {
	typ      plumbing.ObjectType
	data     []byte // nil when over the limit of inflateAt
	size     int64  // len(data), or the size the header (or a delta's header) gives
	baseOff  int64  // an offset delta's base, else -1
	baseHash plumbing.Hash
}

func (e packed) delta() bool {
	return e.typ == plumbing.OFSDeltaObject || e.typ == plumbing.REFDeltaObject
}

// inflateAt reads and inflates the object at off in pack i, without patching. When limit > 0
// and the object (for a delta, its result) is larger, data is nil: a whole object is then not
// read past its header. A delta's data is the reader's buffer for the current depth (o.depth),
// which the next delta inflated at that depth overwrites: it must be patched (or copied) before
// then, and never kept.
func (o *objects) inflateAt(i int, off int64, limit int64) (e packed, err error) {
	p := o.packs[i]
	if mem := p.mem; mem != nil {
		// A mapped pack that something truncates under the scan faults (SIGBUS) at its lost
		// pages, which would end the process: the fault is this object's error instead.
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer func() {
			if r := recover(); r != nil {
				e, err = packed{}, mappedFault(r, mem, off)
			}
		}()
	}
	j, _ := slices.BinarySearch(p.offs, off)
	end := p.end
	if j+1 < len(p.offs) {
		end = p.offs[j+1]
	}
	if end <= off || end-off > maxObject {
		return packed{}, fmt.Errorf("pack offset %d: bad object extent", off)
	}
	if limit > 0 {
		// the header first: a blob over the limit is not read at all
		var head [32]byte
		hn := min(int64(len(head)), end-off)
		hb, err := o.bytesAt(i, off, head[:hn], hn)
		if err != nil {
			return packed{}, fmt.Errorf("pack offset %d: reading header: %w", off, err)
		}
		typ, size, _, err := parseHeader(hb)
		if err != nil {
			return packed{}, fmt.Errorf("pack offset %d: %w", off, err)
		}
		if size > limit && typ >= plumbing.CommitObject && typ <= plumbing.TagObject {
			return packed{typ: typ, size: size}, nil
		}
	}
	var raw []byte
	if p.mem == nil { // else bytesAt returns the mapping's bytes, not read into raw
		if n := int(end - off); cap(o.raw) < n {
			o.raw = make([]byte, n)
		}
		raw = o.raw[:end-off]
		if cap(o.raw) > rawKeep {
			o.raw = nil // one large object must not pin its buffer for the rest of the walk
		}
	}
	raw, err = o.bytesAt(i, off, raw, end-off)
	if err != nil {
		return packed{}, fmt.Errorf("pack offset %d: reading %d bytes: %w", off, end-off, err)
	}
	typ, size, hdr, err := parseHeader(raw)
	if err != nil {
		return packed{}, fmt.Errorf("pack offset %d: %w", off, err)
	}
	e = packed{typ: typ, baseOff: -1}
	switch typ {
	case plumbing.OFSDeltaObject:
		rel, n, err := parseOffset(raw[hdr:])
		if err != nil || rel == 0 || rel > off {
			return packed{}, fmt.Errorf("pack offset %d: bad delta base", off)
		}
		e.baseOff, hdr = off-rel, hdr+n
	case plumbing.REFDeltaObject:
		if len(raw) < hdr+20 {
			return packed{}, fmt.Errorf("pack offset %d: short delta base", off)
		}
		copy(e.baseHash[:], raw[hdr:hdr+20])
		hdr += 20
	case plumbing.CommitObject, plumbing.TreeObject, plumbing.BlobObject, plumbing.TagObject:
	default:
		return packed{}, fmt.Errorf("pack offset %d: object type %d", off, typ)
	}
	if size > maxObject {
		return packed{}, fmt.Errorf("pack offset %d: object of %d bytes", off, size)
	}
	reuse := e.delta() && o.depth < maxDeltaBufs
	var into []byte
	if reuse {
		for len(o.deltas) <= o.depth {
			o.deltas = append(o.deltas, nil)
		}
		into = o.deltas[o.depth]
	}
	if e.data, err = o.inflate(raw[hdr:], size, into); err != nil {
		return packed{}, fmt.Errorf("pack offset %d: %w", off, err)
	}
	if reuse {
		o.deltas[o.depth] = nil // as raw: a large delta must not pin its buffer
		if cap(e.data) <= rawKeep {
			o.deltas[o.depth] = e.data[:0]
		}
	}
	e.size = size
	if e.delta() {
		if e.size = deltaTarget(e.data); limit > 0 && e.size > limit {
			// the size only: the type stays the delta's, as the base was not read
			e.data = nil
		}
	}
	return e, nil
}

// mappedFault is the error of a read of mem, the mapping of a pack, that faulted with r at
// the object at off: the pack file is shorter than when it was mapped. Any other panic goes
// on.
func mappedFault(r any, mem []byte, off int64) error {
	f, ok := r.(interface{ Addr() uintptr })
	start := uintptr(unsafe.Pointer(unsafe.SliceData(mem)))
	if !ok || f.Addr() < start || f.Addr()-start >= uintptr(len(mem)) {
		panic(r)
	}
	return fmt.Errorf("pack offset %d: the pack file became shorter while the scan read it (was it rewritten in place?): scan again once nothing writes to the repository", off)
}

// window is how much of a pack a forward reader (the blob pass, in pack order) reads at once:
// one read for many small objects instead of two each.
const window = 512 << 10

// bytesAt returns the n bytes at off in pack i: for a mapped pack, the mapping's own bytes
// (never to be written); else from the reader's window when it holds them, or when the reader
// goes forward and they are small, after moving the window there; else read into dst (of
// length n). The result is valid until the next call.
func (o *objects) bytesAt(i int, off int64, dst []byte, n int64) ([]byte, error) {
	if mem := o.packs[i].mem; mem != nil {
		if off < 0 || off+n > int64(len(mem)) {
			return nil, io.ErrUnexpectedEOF
		}
		return mem[off : off+n : off+n], nil // read only: the mapping is not writable
	}
	if o.winPack == i && off >= o.winOff && off+n <= o.winOff+int64(len(o.win)) {
		return o.win[off-o.winOff:][:n], nil
	}
	p := o.packs[i]
	if o.forward && n <= window/2 && (o.winPack != i || off >= o.winOff) {
		if o.win == nil {
			o.win = make([]byte, window)
		}
		w := o.win[:cap(o.win)][:min(window, p.end+20-off)]
		got, err := p.f.ReadAt(w, off)
		if err != nil && !errors.Is(err, io.EOF) || int64(got) < n {
			o.winPack, o.win = -1, o.win[:0]
			if err == nil || errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		o.winPack, o.winOff, o.win = i, off, w[:got]
		return o.win[:n], nil
	}
	if got, err := p.f.ReadAt(dst, off); err != nil && (got < len(dst) || !errors.Is(err, io.EOF)) {
		return nil, err
	}
	return dst, nil
}

// maxDeltaBufs bounds the depths of a delta chain whose instructions are inflated into a reused
// buffer (deeper ones get their own).
const maxDeltaBufs = 64

// inflate decompresses zlib data of a known size, into into when it is large enough.
func (o *objects) inflate(z []byte, size int64, into []byte) ([]byte, error) {
	var err error
	if o.zr == nil {
		o.zr, err = zlib.NewReader(bytes.NewReader(z))
	} else {
		err = o.zr.(zlib.Resetter).Reset(bytes.NewReader(z), nil)
	}
	if err != nil {
		return nil, err
	}
	var out []byte
	if into != nil && int64(cap(into)) >= size {
		out = into[:size]
	} else {
		out = make([]byte, size)
	}
	if _, err := io.ReadFull(o.zr, out); err != nil {
		return nil, fmt.Errorf("inflating: %w", err)
	}
	// the stream must end here: reaching its end is what checks its Adler-32 checksum
	var one [1]byte
	if n, err := o.zr.Read(one[:]); n > 0 {
		return nil, fmt.Errorf("inflating: more than the %d bytes the header gives", size)
	} else if err != io.EOF {
		if err == nil {
			err = io.ErrNoProgress
		}
		return nil, fmt.Errorf("inflating: %w", err)
	}
	return out, nil
}

// parseHeader reads a pack object header: type, size, and the header's length.
func parseHeader(b []byte) (plumbing.ObjectType, int64, int, error) {
	if len(b) == 0 {
		return 0, 0, 0, errors.New("empty object")
	}
	c := b[0]
	typ := plumbing.ObjectType((c >> 4) & 7)
	size := int64(c & 15)
	shift := uint(4)
	n := 1
	for c&0x80 != 0 {
		if n >= len(b) || shift > 56 {
			return 0, 0, 0, errors.New("bad object header")
		}
		c = b[n]
		n++
		size |= int64(c&0x7f) << shift
		shift += 7
	}
	return typ, size, n, nil
}

// parseOffset reads an OFS_DELTA's negative base offset.
func parseOffset(b []byte) (int64, int, error) {
	if len(b) == 0 {
		return 0, 0, errors.New("bad delta offset")
	}
	c := b[0]
	off := int64(c & 0x7f)
	n := 1
	for c&0x80 != 0 {
		if n >= len(b) || n > 9 {
			return 0, 0, errors.New("bad delta offset")
		}
		c = b[n]
		n++
		off = ((off + 1) << 7) | int64(c&0x7f)
	}
	return off, n, nil
}

// deltaTarget reads the result size from a delta's header (source size, then target size).
func deltaTarget(delta []byte) int64 {
	_, n := uvarint(delta)
	if n <= 0 {
		return 0
	}
	size, _ := uvarint(delta[n:])
	return int64(size)
}

var errDelta = errors.New("invalid delta")

// patch applies a git delta to base, into a buffer of exactly the target size (go-git's
// PatchDelta grows a bytes.Buffer and refuses empty bases).
func patch(base, delta []byte) ([]byte, error) { return patchTo(nil, base, delta) }

// patchTo is patch into dst's storage when it is large enough (else into a new buffer of the
// target size).
func patchTo(dst, base, delta []byte) ([]byte, error) {
	return applyDelta(dst, base, delta, true)
}

// checkDelta says whether delta applies to base, as patch would, without patching.
func checkDelta(base, delta []byte) error {
	_, err := applyDelta(nil, base, delta, false)
	return err
}

// applyDelta checks delta against base and, when write is set, applies it into dst's storage
// (or a new buffer of the target size, when dst is nil or too small).
func applyDelta(dst, base, delta []byte, write bool) ([]byte, error) {
	srcSize, n := uvarint(delta)
	if n <= 0 || srcSize != uint64(len(base)) {
		return nil, errDelta
	}
	delta = delta[n:]
	size, n := uvarint(delta)
	if n <= 0 || size > maxObject {
		return nil, errDelta
	}
	delta = delta[n:]
	var out []byte
	if write {
		out = dst[:0]
		if dst == nil || uint64(cap(dst)) < size {
			out = make([]byte, 0, size)
		}
	}
	var done uint64 // bytes of the target written (or, when not write, counted)
	for len(delta) > 0 {
		cmd := delta[0]
		delta = delta[1:]
		switch {
		case cmd&0x80 != 0:
			var off, sz uint64
			for i := range 4 {
				if cmd&(1<<i) != 0 {
					if len(delta) == 0 {
						return nil, errDelta
					}
					off |= uint64(delta[0]) << (8 * i)
					delta = delta[1:]
				}
			}
			for i := range 3 {
				if cmd&(0x10<<i) != 0 {
					if len(delta) == 0 {
						return nil, errDelta
					}
					sz |= uint64(delta[0]) << (8 * i)
					delta = delta[1:]
				}
			}
			if sz == 0 {
				sz = 0x10000
			}
			if off+sz > uint64(len(base)) || done+sz > size {
				return nil, errDelta
			}
			if write {
				out = append(out, base[off:off+sz]...)
			}
			done += sz
		case cmd != 0:
			if int(cmd) > len(delta) || done+uint64(cmd) > size {
				return nil, errDelta
			}
			if write {
				out = append(out, delta[:cmd]...)
			}
			done += uint64(cmd)
			delta = delta[cmd:]
		default:
			return nil, errDelta
		}
	}
	if done != size {
		return nil, errDelta
	}
	return out, nil
}

// uvarint reads a delta header's size (little-endian base-128).
func uvarint(b []byte) (uint64, int) {
	var v uint64
	for i, c := range b {
		if i > 9 {
			return 0, -1
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c&0x80 == 0 {
			return v, i + 1
		}
	}
	return 0, -1
}

// blobLoc is where an object lies: its pack (len(packs) for a loose object) and offset.
type blobLoc struct {
	pack int32
	off  int64
}

// packOrder returns the order (a permutation of 0…n-1) in which to read the objects whose
// hashes hash gives, so that reading them is one sequential pass over the packs (loose
// objects come last), and where each object lies.
func (o *objects) packOrder(n int, hash func(int) plumbing.Hash) ([]int32, []blobLoc) {
	keys := make([]blobLoc, n)
	order := make([]int32, n)
	for i := range n {
		p, off := o.find(hash(i))
		if p < 0 {
			p = len(o.packs)
		}
		keys[i] = blobLoc{int32(p), off}
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		ka, kb := keys[a], keys[b]
		if ka.pack != kb.pack {
			return int(ka.pack - kb.pack)
		}
		if ka.off != kb.off {
			if ka.off < kb.off {
				return -1
			}
			return 1
		}
		ha, hb := hash(int(a)), hash(int(b))
		return bytes.Compare(ha[:], hb[:])
	})
	return order, keys
}

// lru keeps recently read objects up to a number of bytes.
type lru struct {
	max, used  int64
	m          map[cacheKey]*lruEntry
	head, tail *lruEntry // head is the most recent
}

type lruEntry struct {
	key        cacheKey
	typ        plumbing.ObjectType
	data       []byte
	prev, next *lruEntry
}

func newLRU(max int64) *lru { return &lru{max: max, m: map[cacheKey]*lruEntry{}} }

func (c *lru) get(k cacheKey) *lruEntry {
	e := c.m[k]
	if e != nil && e != c.head {
		c.unlink(e)
		c.push(e)
	}
	return e
}

func (c *lru) put(k cacheKey, typ plumbing.ObjectType, data []byte) {
	if int64(len(data)) > c.max/4 || c.m[k] != nil { // a base up to 2 MiB
		return
	}
	e := &lruEntry{key: k, typ: typ, data: data}
	c.m[k] = e
	c.push(e)
	c.used += int64(len(data))
	for c.used > c.max && c.tail != nil {
		old := c.tail
		c.unlink(old)
		delete(c.m, old.key)
		c.used -= int64(len(old.data))
	}
}

func (c *lru) push(e *lruEntry) {
	e.prev, e.next = nil, c.head
	if c.head != nil {
		c.head.prev = e
	}
	c.head = e
	if c.tail == nil {
		c.tail = e
	}
}

func (c *lru) unlink(e *lruEntry) {
	if e.prev != nil {
		e.prev.next = e.next
	} else {
		c.head = e.next
	}
	if e.next != nil {
		e.next.prev = e.prev
	} else {
		c.tail = e.prev
	}
	e.prev, e.next = nil, nil
}
