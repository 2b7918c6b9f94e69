package history

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/google/go-cmp/cmp"

	"github.com/shieldscan/shieldscan/scanner"
)

// walked is what one tree walk of a repository found: its offers, each as "blob path", in
// order, and its unreadable objects, each as ObjectError fields with the error as text.
type walked struct {
	Offers     []string
	Unreadable []string
}

// walkRepo walks the trees of the repository at dir as allOffers does, with the prefetcher
// that start makes of the source (nil: none), and returns what it found and the prefetcher.
func walkRepo(t *testing.T, ctx context.Context, dir string, start func(s *Source) prefetchStart) (walked, *prefetcher, error) {
	t.Helper()
	src, err := Open(t.Context(), dir, Options{})
	if err != nil {
		t.Fatalf("Open(%q) = %v", dir, err)
	}
	defer src.Close()
	if err := src.load(t.Context()); err != nil {
		t.Fatalf("load = %v", err)
	}
	var pf *prefetcher
	var st prefetchStart
	if start != nil {
		inner := start(src)
		st = func(ctx context.Context, roots []plumbing.Hash) *prefetcher {
			pf = inner(ctx, roots)
			return pf
		}
	}
	offers, err := src.walkTrees(ctx, st)
	var w walked
	for _, o := range offers {
		w.Offers = append(w.Offers, src.g.blobs[o.blob].String()+" "+src.pathOf(o))
	}
	for _, e := range src.g.unreadable {
		w.Unreadable = append(w.Unreadable, fmt.Sprintf("%s %s %q %s %d %v %v", e.ID, e.Type, e.Path, e.Pack, e.Offset, e.Missing, e.Err))
	}
	return w, pf, err
}

// prefetch starts the prefetcher as allOffers does.
func prefetch(s *Source) prefetchStart { return prefetchIn(prefetchBatch)(s) }

// prefetchIn starts the prefetcher with batches of at most n trees.
func prefetchIn(n int) func(s *Source) prefetchStart {
	return func(s *Source) prefetchStart {
		return func(ctx context.Context, roots []plumbing.Hash) *prefetcher {
			return startPrefetch(ctx, s.objs.fork(), roots, n)
		}
	}
}

// misled starts a prefetcher on roots changed by fn, so that it reads other trees, or the
// same in another order, than the walk; *given are the roots the walk gave.
func misled(given *[]plumbing.Hash, fn func([]plumbing.Hash) []plumbing.Hash) func(s *Source) prefetchStart {
	return func(s *Source) prefetchStart {
		return func(ctx context.Context, roots []plumbing.Hash) *prefetcher {
			*given = roots
			return startPrefetch(ctx, s.objs.fork(), fn(slices.Clone(roots)), 3)
		}
	}
}

// exited says whether the prefetcher's goroutine has returned.
func exited(p *prefetcher) bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// TestPrefetchSameWalk checks that the walk with the tree prefetcher finds what the walk alone
// finds (the same offers, in the same order, under the same first path, and the same
// unreadable objects), that it takes every tree from the prefetcher when nothing disturbs it,
// and that when the prefetcher reads other trees than the walk, or stops early, the walk
// notices, reads the pack itself and still finds the same.
func TestPrefetchSameWalk(t *testing.T) {
	t.Parallel()
	repos := []struct {
		name  string
		build func(t *testing.T) string
	}{
		{"fixture: versions and a side branch", func(t *testing.T) string { return versionsAndSide(t).dir }},
		{"fixture: packed, removed and tagged", func(t *testing.T) string {
			f := newFixture(t)
			f.write("js/a.js", evil, "js/b.js", "var b = 1;\n")
			c1 := f.commit("add loader")
			f.write("js/b.js", "var b = 2;\n")
			f.commit("edit b")
			f.rm("js/a.js")
			f.commit("remove loader")
			f.tag("v1", c1)
			f.pack()
			return f.dir
		}},
		{"generated, loose", func(t *testing.T) string { return generate(t, 1, false) }},
		{"generated, packed with deltas", func(t *testing.T) string { return generate(t, 2, true) }},
	}
	differ := func(r []plumbing.Hash) bool { return len(r) > 0 && r[0] != r[len(r)-1] }
	misleads := []struct {
		name string
		fn   func([]plumbing.Hash) []plumbing.Hash
		// mustMiss says whether the walk, given these roots, must find that the prefetcher
		// reads other trees
		mustMiss func([]plumbing.Hash) bool
	}{
		{"roots in reverse", func(r []plumbing.Hash) []plumbing.Hash { slices.Reverse(r); return r }, differ},
		{"the first root only", func(r []plumbing.Hash) []plumbing.Hash { return r[:1] }, nil},
		{"no root", func([]plumbing.Hash) []plumbing.Hash { return nil }, func(r []plumbing.Hash) bool { return len(r) > 0 }},
		{"the last root first", func(r []plumbing.Hash) []plumbing.Hash {
			return append([]plumbing.Hash{r[len(r)-1]}, r...)
		}, differ},
	}
	for _, r := range repos {
		t.Run(r.name, func(t *testing.T) {
			t.Parallel()
			dir := r.build(t)
			want, _, err := walkRepo(t, t.Context(), dir, nil)
			if err != nil {
				t.Fatalf("serial walk = %v", err)
			}
			if len(want.Offers) == 0 {
				t.Fatal("serial walk offered nothing")
			}
			// in batches as allOffers makes them, and in batches of one and a few trees
			for _, n := range []int{prefetchBatch, 1, 5} {
				got, pf, err := walkRepo(t, t.Context(), dir, prefetchIn(n))
				if err != nil {
					t.Fatalf("walk with prefetcher (batches of %d) = %v", n, err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("walk with prefetcher (batches of %d) mismatch (-serial +prefetched):\n%s", n, diff)
				}
				if pf.missed || pf.taken == 0 || pf.taken != pf.read || !exited(pf) {
					t.Errorf("prefetcher (batches of %d): missed %v, took %d of %d trees read, exited %v; want every tree taken, exited",
						n, pf.missed, pf.taken, pf.read, exited(pf))
				}
			}
			for _, m := range misleads {
				var roots []plumbing.Hash
				got, pf, err := walkRepo(t, t.Context(), dir, misled(&roots, m.fn))
				if err != nil {
					t.Fatalf("walk with prefetcher (%s) = %v", m.name, err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("walk with prefetcher (%s) mismatch (-serial +prefetched):\n%s", m.name, diff)
				}
				if m.mustMiss != nil && m.mustMiss(roots) && !pf.missed {
					t.Errorf("prefetcher (%s): the walk did not notice that it read other trees", m.name)
				}
				if !exited(pf) {
					t.Errorf("prefetcher (%s): goroutine still running after the walk", m.name)
				}
			}
			// stopped before the walk takes anything: what it sent is taken, then the walk
			// reads the rest itself
			stopped := func(s *Source) prefetchStart {
				return func(ctx context.Context, roots []plumbing.Hash) *prefetcher {
					p := startPrefetch(ctx, s.objs.fork(), roots, 3)
					p.cancel()
					return p
				}
			}
			got, pf, err := walkRepo(t, t.Context(), dir, stopped)
			if err != nil {
				t.Fatalf("walk with a stopped prefetcher = %v", err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("walk with a stopped prefetcher mismatch (-serial +prefetched):\n%s", diff)
			}
			if !exited(pf) {
				t.Error("stopped prefetcher: goroutine still running after the walk")
			}
		})
	}
}

// TestPrefetchUnreadable checks that trees that cannot be read (corrupt, missing, malformed,
// not a tree) are recorded as the walk alone records them.
func TestPrefetchUnreadable(t *testing.T) {
	t.Parallel()
	flipChecksum := func(f *fixture, pack string, h plumbing.Hash) {
		_, end := f.extent(h)
		f.edit(pack, func(b []byte) []byte { b[end-1] ^= 0xff; return b })
	}
	tests := []struct {
		name  string
		build func(f *fixture)
	}{
		{"corrupt tree at HEAD", func(f *fixture) {
			f.write("js/a.js", evil, "js/b.js", "var b = 1;\n")
			f.commit("add loader")
			f.write("js/b.js", "var b = 2;\n", "README", "r\n")
			c2 := f.commit("edit b")
			pack := f.pack()
			flipChecksum(f, pack, f.treeOf(c2, "js"))
		}},
		{"corrupt root tree", func(f *fixture) {
			f.write("js/a.js", evil, "b.txt", "b\n")
			c1 := f.commit("add loader")
			f.write("b.txt", "c\n")
			f.commit("edit b")
			pack := f.pack()
			flipChecksum(f, pack, f.treeOf(c1, ""))
		}},
		{"corrupt commit", func(f *fixture) {
			f.write("a.js", evil)
			f.commit("add loader")
			f.write("b.txt", "b\n")
			c2 := f.commit("unrelated")
			f.write("c.txt", "c\n")
			f.commit("head")
			flipChecksum(f, f.pack(), c2)
		}},
		{"missing tree", func(f *fixture) {
			f.write("js/a.js", evil, "js/b.js", "var b = 1;\n")
			f.commit("add loader")
			f.write("js/b.js", "var b = 2;\n")
			c2 := f.commit("edit b")
			tree := f.treeOf(c2, "js").String()
			if err := os.Remove(filepath.Join(f.dir, ".git", "objects", tree[:2], tree[2:])); err != nil {
				f.t.Fatal(err)
			}
		}},
		{"malformed tree and a blob as a tree", func(f *fixture) {
			f.write("a.js", evil)
			c1 := f.commit("add loader")
			st := f.repo.Storer
			blob := f.blobOf(c1, "a.js")
			good := tree(f.t, st, object.TreeEntry{Name: "x.js", Mode: filemode.Regular, Hash: blob})
			// a subtree, then an entry cut short: the walk keeps what it read before it
			data := fmt.Appendf(nil, "40000 sub\x00%s100644 b.js\x00%s100644 cut", good[:], blob[:])
			bad := rawObject(f.t, st, plumbing.TreeObject, data)
			c2 := commitObject(f.t, st, bad, c1)
			c3 := commitObject(f.t, st, blob, c2) // a blob where a tree should be
			setRef(f.t, f.repo, "refs/heads/master", c3)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			tt.build(f)
			want, _, err := walkRepo(t, t.Context(), f.dir, nil)
			if err != nil {
				t.Fatalf("serial walk = %v", err)
			}
			if len(want.Unreadable) == 0 {
				t.Fatal("serial walk found everything readable")
			}
			got, pf, err := walkRepo(t, t.Context(), f.dir, prefetchIn(2))
			if err != nil {
				t.Fatalf("walk with prefetcher = %v", err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("walk with prefetcher mismatch (-serial +prefetched):\n%s", diff)
			}
			if pf.missed || pf.taken != pf.read {
				t.Errorf("prefetcher: missed %v, took %d of %d trees read; want every tree taken", pf.missed, pf.taken, pf.read)
			}
		})
	}
}

// TestPrefetchCancel checks that a cancelled walk stops the prefetcher's goroutine.
func TestPrefetchCancel(t *testing.T) {
	t.Parallel()
	dir := generate(t, 3, false)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, pf, err := walkRepo(t, ctx, dir, prefetch)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("walk with a cancelled context = %v, want %v", err, context.Canceled)
	}
	if !exited(pf) {
		t.Error("prefetcher still running after a cancelled walk")
	}
}

// TestKeySet checks the prefetcher's set of seen trees across its growth.
func TestKeySet(t *testing.T) {
	t.Parallel()
	var s keySet
	rng := rand.New(rand.NewPCG(1, 2))
	var keys []uint64
	for range 5000 {
		keys = append(keys, rng.Uint64())
	}
	keys = append(keys, 0, 1<<63)
	for _, k := range keys {
		if !s.add(k) {
			t.Fatalf("add(%#x) = false on first add", k)
		}
	}
	for _, k := range keys {
		if s.add(k) {
			t.Fatalf("add(%#x) = true on second add", k)
		}
	}
	// 0 is kept as 1: a false hit, which only makes the walk read the pack itself
	if s.add(1) {
		t.Error("add(1) = true after add(0)")
	}
}

// FuzzTreeParser checks that the tree parser reads any bytes without panicking, and that the
// entries it reads, written back, are the bytes it consumed: all of them, or up to the
// malformed entry that it says.
func FuzzTreeParser(f *testing.F) {
	var h plumbing.Hash
	f.Add([]byte("100644 a.js\x00" + string(h[:]) + "40000 d\x00" + string(h[:])))
	f.Add([]byte("160000 m\x00" + string(h[:]) + "100644 cut"))
	f.Add([]byte(" \x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := treeParser{data: data}
		var back []byte
		for {
			kind, name, oid, ok := p.next()
			if !ok {
				break
			}
			// the mode as written is not kept: take it from the input
			mode := data[len(back):][:bytes.IndexByte(data[len(back):], ' ')]
			want := map[entryKind]bool{treeEntry: string(mode) == "40000" || string(mode) == "040000", moduleEntry: string(mode) == "160000"}
			if want[treeEntry] != (kind == treeEntry) || want[moduleEntry] != (kind == moduleEntry) {
				t.Fatalf("mode %q read as kind %d", mode, kind)
			}
			back = fmt.Appendf(back, "%s %s\x00%s", mode, name, oid[:])
		}
		if !bytes.Equal(back, data[:len(back)]) {
			t.Fatalf("entries written back = %q, not the bytes read %q", back, data[:len(back)])
		}
		err := p.err()
		if (err == nil) != (len(back) == len(data)) {
			t.Fatalf("read %d of %d bytes, err = %v", len(back), len(data), err)
		}
		if want := fmt.Sprintf("malformed tree entry at byte %d", len(back)); err != nil && err.Error() != want {
			t.Fatalf("err = %q, want %q", err, want)
		}
	})
}

// generate builds a repository with a seeded history of many versions: edits, new files,
// files and directories renamed, directories copied (the same subtree under two names),
// submodules added and removed, branches merged, and a tag of a tree and of a blob. When pack
// is set, it is packed with deltas.
func generate(t *testing.T, seed uint64, pack bool) string {
	t.Helper()
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	st := repo.Storer
	rng := rand.New(rand.NewPCG(seed, 14))
	files := map[string]string{}          // path → content
	modules := map[string]plumbing.Hash{} // path → a commit
	dirs := []string{"", "js", "js/lib", "css", "vendor/x", "vendor/y/z", "docs"}
	pick := func() string {
		ps := slices.Sorted(maps.Keys(files))
		if len(ps) == 0 {
			return ""
		}
		return ps[rng.IntN(len(ps))]
	}
	var heads []plumbing.Hash
	var parent plumbing.Hash
	for i := range 60 {
		for range 1 + rng.IntN(4) {
			switch op := rng.IntN(10); {
			case op < 3 || len(files) < 4: // a new file
				d := dirs[rng.IntN(len(dirs))]
				files[join(d, fmt.Sprintf("f%d.js", rng.IntN(50)))] = fmt.Sprintf("v%d %s\n", i, evil)
			case op < 5: // an edit
				p := pick()
				files[p] += fmt.Sprintf("line %d\n", i)
			case op == 5: // a file renamed
				p := pick()
				files[p+".old"] = files[p]
				delete(files, p)
			case op == 6: // a directory copied (the same subtree twice) or renamed
				from := dirs[1+rng.IntN(len(dirs)-1)]
				to := fmt.Sprintf("copy%d", rng.IntN(3))
				for _, p := range slices.Sorted(maps.Keys(files)) {
					c := files[p]
					if rest, ok := strings.CutPrefix(p, from+"/"); ok {
						files[to+"/"+rest] = c
						if rng.IntN(2) == 0 {
							delete(files, p)
						}
					}
				}
			case op == 7 && !parent.IsZero(): // a submodule, at a commit of the repository itself
				modules[join(dirs[rng.IntN(len(dirs))], fmt.Sprintf("mod%d", rng.IntN(3)))] = parent
			case op == 8 && len(modules) > 0:
				delete(modules, slices.Sorted(maps.Keys(modules))[0])
			default: // a file removed
				delete(files, pick())
			}
		}
		root := buildTree(t, st, files, modules, "")
		var ps []plumbing.Hash
		if !parent.IsZero() {
			ps = append(ps, parent)
		}
		if len(heads) > 0 && rng.IntN(8) == 0 { // merge a side branch
			ps = append(ps, heads[rng.IntN(len(heads))])
		}
		c := commitObject(t, st, root, ps...)
		if rng.IntN(6) == 0 { // leave a side branch here
			heads = append(heads, c)
		}
		parent = c
		if i == 30 {
			setRef(t, repo, "refs/tags/tree", root)
			setRef(t, repo, "refs/tags/blob", blobObject(t, st, "only tagged\n"))
			setRef(t, repo, "refs/tags/known-blob", blobObject(t, st, files[pick()]))
		}
	}
	setRef(t, repo, "refs/heads/master", parent)
	for i, h := range heads {
		setRef(t, repo, plumbing.ReferenceName(fmt.Sprintf("refs/heads/side%d", i)), h)
	}
	if pack {
		packAll(t, repo, dir)
	}
	return dir
}

// packAll packs every object of the bare repository at dir, with deltas, and removes the loose
// objects (go-git's RepackObjects does not take a tag of a blob).
func packAll(t *testing.T, repo *git.Repository, dir string) {
	t.Helper()
	iter, err := repo.Storer.IterEncodedObjects(plumbing.AnyObject)
	if err != nil {
		t.Fatal(err)
	}
	var hashes []plumbing.Hash
	if err := iter.ForEach(func(o plumbing.EncodedObject) error {
		hashes = append(hashes, o.Hash())
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	w, err := repo.Storer.(storer.PackfileWriter).PackfileWriter()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := packfile.NewEncoder(w, repo.Storer, false).Encode(hashes, 10); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	loose, err := filepath.Glob(filepath.Join(dir, "objects", "??"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range loose {
		if err := os.RemoveAll(d); err != nil {
			t.Fatal(err)
		}
	}
}

// buildTree writes the tree of the files and modules under dir, and the trees below it.
func buildTree(t *testing.T, st objectWriter, files map[string]string, modules map[string]plumbing.Hash, dir string) plumbing.Hash {
	t.Helper()
	var es []object.TreeEntry
	subdirs := map[string]bool{}
	add := func(p string, leaf func(name string)) {
		rest, ok := p, true
		if dir != "" {
			rest, ok = strings.CutPrefix(p, dir+"/")
		}
		if !ok {
			return
		}
		if name, _, more := strings.Cut(rest, "/"); more {
			subdirs[name] = true
		} else {
			leaf(name)
		}
	}
	for p, c := range files {
		add(p, func(name string) {
			es = append(es, object.TreeEntry{Name: name, Mode: filemode.Regular, Hash: blobObject(t, st, c)})
		})
	}
	for p, h := range modules {
		add(p, func(name string) { es = append(es, object.TreeEntry{Name: name, Mode: filemode.Submodule, Hash: h}) })
	}
	for name := range subdirs {
		if slices.ContainsFunc(es, func(e object.TreeEntry) bool { return e.Name == name }) {
			continue // a file and a directory of the same name: the file wins
		}
		es = append(es, object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: buildTree(t, st, files, modules, join(dir, name))})
	}
	return tree(t, st, es...)
}

type objectWriter interface {
	NewEncodedObject() plumbing.EncodedObject
	SetEncodedObject(plumbing.EncodedObject) (plumbing.Hash, error)
}

// tree writes a tree of entries, in git's order.
func tree(t *testing.T, st objectWriter, es ...object.TreeEntry) plumbing.Hash {
	t.Helper()
	sort.Slice(es, func(i, j int) bool {
		return entryCmp(es[i].Name, es[i].Mode == filemode.Dir, es[j].Name, es[j].Mode == filemode.Dir) < 0
	})
	obj := st.NewEncodedObject()
	if err := (&object.Tree{Entries: es}).Encode(obj); err != nil {
		t.Fatal(err)
	}
	h, err := st.SetEncodedObject(obj)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func blobObject(t *testing.T, st objectWriter, content string) plumbing.Hash {
	t.Helper()
	return rawObject(t, st, plumbing.BlobObject, []byte(content))
}

// rawObject writes an object of type typ with content data, well formed or not.
func rawObject(t *testing.T, st objectWriter, typ plumbing.ObjectType, data []byte) plumbing.Hash {
	t.Helper()
	obj := st.NewEncodedObject()
	obj.SetType(typ)
	w, err := obj.Writer()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	h, err := st.SetEncodedObject(obj)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// commitObject writes a commit of tree (which may be any object) with parents.
func commitObject(t *testing.T, st objectWriter, tree plumbing.Hash, parents ...plumbing.Hash) plumbing.Hash {
	t.Helper()
	sig := object.Signature{Name: "Dev", Email: "dev@example.com", When: time.Unix(1e9, 0).UTC()}
	c := &object.Commit{Author: sig, Committer: sig, Message: "generated\n", TreeHash: tree, ParentHashes: parents}
	obj := st.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		t.Fatal(err)
	}
	h, err := st.SetEncodedObject(obj)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func setRef(t *testing.T, repo *git.Repository, name plumbing.ReferenceName, h plumbing.Hash) {
	t.Helper()
	if err := repo.Storer.SetReference(plumbing.NewHashReference(name, h)); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkTreeWalk times the tree walk of $SHIELDSCAN_BENCH_REPO (allOffers, after the
// commits are loaded: what comes before the first blob), alone and with the prefetcher.
func BenchmarkTreeWalk(b *testing.B) {
	repo := os.Getenv("SHIELDSCAN_BENCH_REPO")
	if repo == "" {
		b.Skip("set SHIELDSCAN_BENCH_REPO (bench/history.sh does)")
	}
	for _, bc := range []struct {
		name     string
		prefetch bool
	}{{"serial", false}, {"prefetch", true}} {
		b.Run(bc.name, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				src, err := Open(b.Context(), repo, Options{AllowShallow: true})
				if err != nil {
					b.Fatal(err)
				}
				if err := src.load(b.Context()); err != nil {
					b.Fatal(err)
				}
				var start prefetchStart
				if bc.prefetch {
					start = prefetch(src)
				}
				b.StartTimer()
				offers, err := src.walkTrees(b.Context(), start)
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				b.ReportMetric(float64(len(offers)), "blobs/op")
				src.Close()
				b.StartTimer()
			}
		})
	}
}

// BenchmarkFirstBlob times a full-history Walk of $SHIELDSCAN_BENCH_REPO from Open to its
// first blob: the refs, the commits, the tree walk and the planning of the blob pass.
func BenchmarkFirstBlob(b *testing.B) {
	repo := os.Getenv("SHIELDSCAN_BENCH_REPO")
	if repo == "" {
		b.Skip("set SHIELDSCAN_BENCH_REPO (bench/history.sh does)")
	}
	errFirst := errors.New("first blob")
	for range b.N {
		src, err := Open(b.Context(), repo, Options{AllowShallow: true})
		if err != nil {
			b.Fatal(err)
		}
		err = src.Walk(b.Context(), func(scanner.Blob) error { return errFirst })
		if !errors.Is(err, errFirst) {
			b.Fatalf("Walk = %v, want the first blob", err)
		}
		b.StopTimer()
		src.Close()
		b.StartTimer()
	}
}
