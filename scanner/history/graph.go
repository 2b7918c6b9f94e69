package history

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

// graph holds what the walk learnt of commits and trees in a compact form: every unique tree
// is decoded once, into entries that name their children by index. Blob contents are never kept.
type graph struct {
	o       *objects
	shallow map[plumbing.Hash]bool

	commits   []commitNode
	commitIdx hashTable
	trees     []treeNode
	treeIdx   hashTable
	blobs     []plumbing.Hash
	blobIdx   hashTable
	names     []string
	nameIdx   map[string]uint32

	scratch []entry // reused while decoding a tree

	// kept is the queue of trees that keep their entries, and keptBytes what those take:
	// a second-chance (clock) cache bounded by keptMax, so that the graph does not grow with
	// the number of trees beyond one small record per object; an evicted tree is decoded again
	// when needed.
	entries   map[int32][]entry
	kept      []int32
	keptHead  int
	keptBytes int64
	keptMax   int64

	// spilled says, per tree, where the tree file holds its entries (see spillTree).
	spilled []uint64
	tf      *treeFile

	// unreadable lists the commits and trees that could not be read, once each.
	unreadable []*ObjectError
	// unknown is the tree that stands for what could not be read (-1 until needed): the tree
	// of an unreadable commit, and the counterpart of an entry under an unreadable tree.
	unknown int32
}

type commitNode struct {
	hash    plumbing.Hash
	tree    int32 // g.unknown when the commit could not be read
	parents []int32
	when    int64 // committer time, seconds
	loaded  bool
}

// treeNode is the record of one tree: 23 bytes. Its entries, while it keeps them, are in
// graph.entries.
type treeNode struct {
	hash   plumbing.Hash
	loaded bool // its entries are in graph.entries
	used   bool // read since it was queued (the clock's second chance)
	// broken says that the tree could not be read: what it holds is not known (entries is
	// empty), so nothing may be concluded from the absence of an entry.
	broken bool
}

// entry is one child of a tree: name is an index into graph.names, ref an index into
// graph.trees (when ref&treeBit) or graph.blobs.
type entry struct {
	name uint32
	ref  uint32
}

const treeBit = 1 << 31

func (e entry) isTree() bool { return e.ref&treeBit != 0 }
func (e entry) index() int32 { return int32(e.ref &^ treeBit) }

func newGraph(o *objects, shallow map[plumbing.Hash]bool) *graph {
	return &graph{
		o: o, shallow: shallow,
		nameIdx: map[string]uint32{},
		unknown: -1,
		keptMax: keptTreeBytes,
		entries: map[int32][]entry{},
	}
}

// keptTreeBytes bounds the decoded tree entries that the graph keeps (8 bytes an entry); the
// others are read back from the tree file.
const keptTreeBytes = 4 << 20

// unknownTree is the index of the tree that stands for one that could not be read.
func (g *graph) unknownTree() int32 {
	if g.unknown < 0 {
		g.unknown = int32(len(g.trees))
		g.trees = append(g.trees, treeNode{loaded: true, broken: true})
	}
	return g.unknown
}

// fail records object h of type typ, met at path, as unreadable.
func (g *graph) fail(h plumbing.Hash, typ plumbing.ObjectType, path string, err error) {
	g.unreadable = append(g.unreadable, objectError(h, typ, path, err))
}

func (g *graph) commitHash(i int32) plumbing.Hash { return g.commits[i].hash }
func (g *graph) treeHash(i int32) plumbing.Hash   { return g.trees[i].hash }
func (g *graph) blobHash(i int32) plumbing.Hash   { return g.blobs[i] }

func (g *graph) commitID(h plumbing.Hash) int32 {
	if i, ok := g.commitIdx.find(h, g.commitHash); ok {
		return i
	}
	i := int32(len(g.commits))
	g.commits = append(g.commits, commitNode{hash: h, tree: -1})
	g.commitIdx.add(h, i, g.commitHash)
	return i
}

func (g *graph) treeID(h plumbing.Hash) int32 {
	if i, ok := g.treeIdx.find(h, g.treeHash); ok {
		return i
	}
	i := int32(len(g.trees))
	g.trees = append(g.trees, treeNode{hash: h})
	g.treeIdx.add(h, i, g.treeHash)
	return i
}

func (g *graph) blobID(h plumbing.Hash) int32 {
	if i, ok := g.blobIdx.find(h, g.blobHash); ok {
		return i
	}
	i := int32(len(g.blobs))
	g.blobs = append(g.blobs, h)
	g.blobIdx.add(h, i, g.blobHash)
	return i
}

// blobIndex is the index of blob h, if the graph met it.
func (g *graph) blobIndex(h plumbing.Hash) (int32, bool) { return g.blobIdx.find(h, g.blobHash) }

func (g *graph) nameID(b []byte) uint32 {
	if i, ok := g.nameIdx[string(b)]; ok {
		return i
	}
	s := string(b)
	i := uint32(len(g.names))
	g.names = append(g.names, s)
	g.nameIdx[s] = i
	return i
}

// loadCommit reads commit i once.
func (g *graph) loadCommit(i int32) {
	c := &g.commits[i]
	if c.loaded {
		return
	}
	c.loaded = true
	h := c.hash
	typ, data, err := g.o.read(h)
	if err == nil && typ != plumbing.CommitObject {
		err = fmt.Errorf("a %s, not a commit", typ)
	}
	if err == nil {
		var tree plumbing.Hash
		var parents []plumbing.Hash
		var when int64
		if tree, parents, when, err = parseCommit(data); err == nil {
			g.setCommit(i, tree, parents, when)
			return
		}
	}
	g.fail(h, plumbing.CommitObject, "", err)
	// its tree and parents are not known: nothing is concluded from comparing with it
	t := g.unknownTree()
	g.commits[i].tree = t
}

func (g *graph) setCommit(i int32, tree plumbing.Hash, parents []plumbing.Hash, when int64) {
	h := g.commits[i].hash
	t := g.treeID(tree)
	var ps []int32
	if !g.shallow[h] {
		ps = make([]int32, len(parents))
		for j, p := range parents {
			ps[j] = g.commitID(p)
		}
	}
	c := &g.commits[i] // commitID may have grown the slice
	c.tree, c.parents, c.when = t, ps, when
}

// parseCommit reads the headers of a raw commit.
func parseCommit(data []byte) (tree plumbing.Hash, parents []plumbing.Hash, when int64, err error) {
	hasTree := false
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if len(line) == 0 {
			break
		}
		key, val, _ := bytes.Cut(line, []byte{' '})
		switch string(key) {
		case "tree":
			if !plumbing.IsHash(string(val)) {
				return tree, nil, 0, errors.New("malformed commit: bad tree")
			}
			tree, hasTree = plumbing.NewHash(string(val)), true
		case "parent":
			if !plumbing.IsHash(string(val)) {
				return tree, nil, 0, errors.New("malformed commit: bad parent")
			}
			parents = append(parents, plumbing.NewHash(string(val)))
		case "committer":
			// "Name <email> 1234567890 +0000"
			if j := bytes.LastIndexByte(val, '>'); j >= 0 {
				f := strings.Fields(string(val[j+1:]))
				if len(f) > 0 {
					when, _ = strconv.ParseInt(f[0], 10, 64)
				}
			}
		}
	}
	if !hasTree {
		return tree, nil, 0, errors.New("malformed commit: no tree")
	}
	return tree, parents, when, nil
}

// reach returns the commits reachable from tips, each once, loading them as it goes, and
// not going into commits for which stop is true.
func (g *graph) reach(tips []plumbing.Hash, stop func(int32) bool) []int32 {
	seen := map[int32]bool{}
	var out, stack []int32
	for i := len(tips) - 1; i >= 0; i-- {
		stack = append(stack, g.commitID(tips[i]))
	}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[c] || (stop != nil && stop(c)) {
			continue
		}
		seen[c] = true
		g.loadCommit(c)
		out = append(out, c)
		ps := g.commits[c].parents
		for j := len(ps) - 1; j >= 0; j-- {
			if !seen[ps[j]] {
				stack = append(stack, ps[j])
			}
		}
	}
	return out
}

// loadTree returns the entries of tree t, decoded once and kept while the cache of kept
// entries allows (see keep). Callers use the result, never g.entries[t] after another
// tree was loaded: loading one tree may evict another. A tree that cannot be read is recorded
// as unreadable (under path) and marked broken.
func (g *graph) loadTree(t int32, path string) []entry {
	if g.trees[t].loaded {
		g.trees[t].used = true
		return g.entries[t]
	}
	return g.keep(t, g.readTree(t, path))
}

// keep makes es the kept entries of tree t, an exact-size copy, and evicts the entries of
// trees not used since they were queued while the kept entries take more than keptMax. A
// broken tree keeps its entries for good: what could be read of it is not read again.
func (g *graph) keep(t int32, es []entry) []entry {
	tn := &g.trees[t]
	if tn.loaded {
		return g.entries[t]
	}
	es = slices.Clone(es)
	g.entries[t] = es
	tn.loaded, tn.used = true, true
	if tn.broken {
		return es
	}
	g.kept = append(g.kept, t)
	g.keptBytes += int64(8 * len(es))
	for g.keptBytes > g.keptMax && g.keptHead < len(g.kept)-1 {
		old := g.kept[g.keptHead]
		g.keptHead++
		on := &g.trees[old]
		if on.used {
			on.used = false
			g.kept = append(g.kept, old)
			continue
		}
		g.keptBytes -= int64(8 * len(g.entries[old]))
		delete(g.entries, old)
		on.loaded = false
	}
	if g.keptHead > 1024 && g.keptHead > len(g.kept)/2 {
		g.kept = append(g.kept[:0], g.kept[g.keptHead:]...)
		g.keptHead = 0
	}
	return es
}

// readTree decodes tree t without keeping its entries: the result is valid until the next
// call (unless t keeps its entries: then they are the result). A tree that cannot be read
// is recorded as unreadable (under path), marked broken, and keeps what could be read.
func (g *graph) readTree(t int32, path string) []entry {
	if es, ok := g.knownTree(t); ok {
		return es
	}
	typ, data, err := g.o.read(g.trees[t].hash)
	return g.decodeTree(t, path, typ, data, err)
}

// knownTree returns the entries of tree t without reading the pack: those it keeps, or those
// of the tree file.
func (g *graph) knownTree(t int32) ([]entry, bool) {
	if g.trees[t].loaded {
		return g.entries[t], true
	}
	return g.unspill(t)
}

// decodeTree decodes tree t from what objects.read returned for it (typ, data, err), as
// readTree does: the result is valid until the next call, and a tree that cannot be read is
// recorded as unreadable (under path), marked broken, and keeps what could be read.
func (g *graph) decodeTree(t int32, path string, typ plumbing.ObjectType, data []byte, err error) []entry {
	h := g.trees[t].hash
	if err == nil && typ != plumbing.TreeObject {
		err = fmt.Errorf("a %s, not a tree", typ)
	}
	if err != nil {
		g.fail(h, plumbing.TreeObject, path, err)
		g.trees[t].broken = true
		g.trees[t].loaded = true
		return nil
	}
	entries := g.scratch[:0]
	p := treeParser{data: data}
	for {
		kind, name, oid, ok := p.next()
		if !ok {
			break
		}
		switch kind {
		case treeEntry:
			entries = append(entries, entry{name: g.nameID(name), ref: uint32(g.treeID(oid)) | treeBit})
		case blobEntry:
			entries = append(entries, entry{name: g.nameID(name), ref: uint32(g.blobID(oid))})
		}
	}
	g.scratch = entries
	if err := p.err(); err != nil {
		// what was read is kept for the walk, but the tree is not known whole
		g.fail(h, plumbing.TreeObject, path, err)
		g.trees[t].broken = true
		return g.keep(t, entries)
	}
	g.spillTree(t, entries)
	return entries
}

// entryKind is what a tree entry names.
type entryKind uint8

const (
	blobEntry   entryKind = iota // a file or a symbolic link
	treeEntry                    // a directory (mode 40000 or 040000)
	moduleEntry                  // a submodule's commit (mode 160000): not ours
)

// treeParser reads the entries of a raw tree one at a time. It is the one parser of trees:
// the graph and the tree prefetcher (prefetch.go) both use it, so that they cannot disagree
// on the entries of a tree, nor on where a malformed one ends.
type treeParser struct {
	data []byte // what is left to read
	off  int    // the offset of data in the tree
	bad  bool   // data starts with a malformed entry
}

// next returns the next entry: its kind, name (valid while the tree's data is) and object.
// It returns false at the end of the tree and at a malformed entry (then err says where).
func (p *treeParser) next() (kind entryKind, name []byte, oid plumbing.Hash, ok bool) {
	data := p.data
	if len(data) == 0 || p.bad {
		return 0, nil, oid, false
	}
	sp := bytes.IndexByte(data, ' ')
	nul := bytes.IndexByte(data[sp+1:], 0)
	if sp < 0 || nul < 0 || len(data) < sp+1+nul+1+20 {
		p.bad = true
		return 0, nil, oid, false
	}
	mode := data[:sp]
	rest := data[sp+1:]
	name = rest[:nul]
	copy(oid[:], rest[nul+1:nul+21])
	p.data = rest[nul+21:]
	p.off += len(data) - len(p.data)
	switch string(mode) {
	case "40000", "040000":
		kind = treeEntry
	case "160000":
		kind = moduleEntry
	default:
		kind = blobEntry
	}
	return kind, name, oid, true
}

// err says where the tree stopped being readable, if it did.
func (p *treeParser) err() error {
	if !p.bad {
		return nil
	}
	return fmt.Errorf("malformed tree entry at byte %d", p.off)
}

// entryCmp orders tree entries as git does: a tree's name compares as if it ended in "/".
func entryCmp(a string, aTree bool, b string, bTree bool) int {
	n := min(len(a), len(b))
	if c := strings.Compare(a[:n], b[:n]); c != 0 {
		return c
	}
	ca, cb := byte(0), byte(0)
	if len(a) > n {
		ca = a[n]
	} else if aTree {
		ca = '/'
	}
	if len(b) > n {
		cb = b[n]
	} else if bTree {
		cb = '/'
	}
	switch {
	case ca < cb:
		return -1
	case ca > cb:
		return 1
	}
	return 0
}

// added calls fn for each blob under tree a (at a path below prefix) that tree b does not hold
// at the same path; old is the blob b holds there (-1 for none). b may be -1 (no tree). sure
// is false when b, or the tree of b at that place, could not be read: then the blob may well
// have been there. A tree of a that could not be read is reported as fn(path, -1, -1, false):
// its blobs are not known. Trees for which skip returns true are not entered; blobs for which
// want returns false are ignored.
func (g *graph) added(a, b int32, prefix string, skip func(int32) bool, want func(int32) bool, fn func(path string, blob, old int32, sure bool)) {
	if a < 0 || a == b || (skip != nil && skip(a)) {
		return
	}
	if b >= 0 && skip != nil && skip(b) {
		b = -1 // b holds nothing wanted: it may as well be empty (and need not be decoded)
	}
	ae := g.loadTree(a, prefix)
	if g.trees[a].broken {
		fn(prefix, -1, -1, false)
		return
	}
	var be []entry
	sure := true
	if b >= 0 {
		es := g.loadTree(b, prefix)
		if g.trees[b].broken {
			sure = false
		} else {
			be = es
		}
	}
	j := 0
	for _, e := range ae {
		name := g.names[e.name]
		// find e's counterpart in b by merging in git order
		match := -1
		for j < len(be) {
			c := entryCmp(g.names[be[j].name], be[j].isTree(), name, e.isTree())
			if c < 0 {
				j++
				continue
			}
			if c == 0 {
				match = j
			}
			break
		}
		if match >= 0 && be[match].ref == e.ref {
			continue
		}
		p := join(prefix, name)
		if e.isTree() {
			sub := int32(-1)
			switch {
			case match >= 0:
				sub = be[match].index()
			case !sure:
				sub = g.unknownTree()
			}
			g.added(e.index(), sub, p, skip, want, fn)
			continue
		}
		if want != nil && !want(e.index()) {
			continue
		}
		old := int32(-1)
		if match >= 0 {
			old = be[match].index()
		}
		fn(p, e.index(), old, sure)
	}
}

// lookup finds the blob at slash path p under tree t: -1 if there is none, unknownBlob if a
// tree on the way could not be read.
func (g *graph) lookup(t int32, p string) int32 {
	for t >= 0 {
		es := g.loadTree(t, "")
		if g.trees[t].broken {
			return unknownBlob
		}
		dir, rest, more := strings.Cut(p, "/")
		next := int32(-1)
		for _, e := range es {
			if g.names[e.name] != dir || e.isTree() != more {
				continue
			}
			if !more {
				return e.index()
			}
			next = e.index()
			break
		}
		t, p = next, rest
	}
	return -1
}

// unknownBlob is what lookup returns when it cannot tell.
const unknownBlob = -2
