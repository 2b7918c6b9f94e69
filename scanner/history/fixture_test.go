package history

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/go-git/go-billy/v5/osfs"
	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// fixture is an on-disk repository built commit by commit with fixed signatures, so that its
// SHAs are the same on every run.
type fixture struct {
	t    *testing.T
	dir  string
	repo *git.Repository
	wt   *git.Worktree
	n    int
	// subjects maps commit SHAs to their messages, for readable expectations.
	subjects map[string]string
	commits  map[string]plumbing.Hash
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, dir: dir, repo: repo, wt: wt, subjects: map[string]string{}, commits: map[string]plumbing.Hash{}}
}

// write writes path/content pairs into the work tree.
func (f *fixture) write(pairs ...string) *fixture {
	f.t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		p := filepath.Join(f.dir, filepath.FromSlash(pairs[i]))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			f.t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(pairs[i+1]), 0o644); err != nil {
			f.t.Fatal(err)
		}
	}
	return f
}

func (f *fixture) rm(paths ...string) *fixture {
	f.t.Helper()
	for _, p := range paths {
		if err := os.Remove(filepath.Join(f.dir, filepath.FromSlash(p))); err != nil {
			f.t.Fatal(err)
		}
	}
	return f
}

func (f *fixture) sig() *object.Signature {
	return &object.Signature{Name: "Dev", Email: "dev@example.com", When: time.Unix(int64(f.n)*3600, 0).UTC()}
}

// stage stages every change of the work tree.
func (f *fixture) stage() *fixture {
	f.t.Helper()
	if err := f.wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		f.t.Fatal(err)
	}
	return f
}

// commit stages everything and commits it with message msg (also the commit's name in
// expectations); parents, when given, make a merge.
func (f *fixture) commit(msg string, parents ...plumbing.Hash) plumbing.Hash {
	f.t.Helper()
	f.stage()
	f.n++
	opts := &git.CommitOptions{Author: f.sig(), Committer: f.sig(), AllowEmptyCommits: true}
	if len(parents) > 0 {
		head, err := f.repo.Head()
		if err != nil {
			f.t.Fatal(err)
		}
		opts.Parents = append([]plumbing.Hash{head.Hash()}, parents...)
	}
	h, err := f.wt.Commit(msg, opts)
	if err != nil {
		f.t.Fatal(err)
	}
	f.subjects[h.String()] = msg
	f.commits[msg] = h
	return h
}

// branch creates branch name at HEAD and checks it out.
func (f *fixture) branch(name string) {
	f.t.Helper()
	if err := f.wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName(name), Create: true}); err != nil {
		f.t.Fatal(err)
	}
}

// checkout checks an existing branch out, work tree included.
func (f *fixture) checkout(name string) {
	f.t.Helper()
	if err := f.wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName(name), Force: true}); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) deleteBranch(name string) {
	f.t.Helper()
	if err := f.repo.Storer.RemoveReference(plumbing.NewBranchReferenceName(name)); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) tag(name string, h plumbing.Hash) {
	f.t.Helper()
	f.n++
	if _, err := f.repo.CreateTag(name, h, &git.CreateTagOptions{Tagger: f.sig(), Message: "release " + name}); err != nil {
		f.t.Fatal(err)
	}
}

// name turns a SHA back into its commit's message ("" stays "").
func (f *fixture) name(sha string) string {
	if sha == "" {
		return ""
	}
	if s, ok := f.subjects[sha]; ok {
		return s
	}
	return sha
}

// pack repacks every object of the fixture into one pack without deltas (so that breaking
// one object breaks no other: go-git picks its delta bases in no fixed order), removes the
// loose objects, and returns the pack file's path.
func (f *fixture) pack() string {
	f.t.Helper()
	cfg, err := f.repo.Config()
	if err != nil {
		f.t.Fatal(err)
	}
	cfg.Pack.Window = 0
	if err := f.repo.SetConfig(cfg); err != nil {
		f.t.Fatal(err)
	}
	if err := f.repo.RepackObjects(&git.RepackConfig{}); err != nil {
		f.t.Fatal(err)
	}
	objs := filepath.Join(f.dir, ".git", "objects")
	dirs, err := os.ReadDir(objs)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, d := range dirs {
		if len(d.Name()) == 2 {
			if err := os.RemoveAll(filepath.Join(objs, d.Name())); err != nil {
				f.t.Fatal(err)
			}
		}
	}
	packs, err := filepath.Glob(filepath.Join(objs, "pack", "pack-*.pack"))
	if err != nil || len(packs) != 1 {
		f.t.Fatalf("packs after repack = %v, %v; want one", packs, err)
	}
	return packs[0]
}

// extent says where object h lies in the fixture's one pack: its offset and the offset at
// which the next object (or the trailing checksum) begins.
func (f *fixture) extent(h plumbing.Hash) (off, end int64) {
	f.t.Helper()
	st := filesystem.NewStorage(osfs.New(filepath.Join(f.dir, ".git")), cache.NewObjectLRUDefault())
	o, err := newObjects(st)
	if err != nil {
		f.t.Fatal(err)
	}
	defer o.close()
	i, off := o.find(h)
	if i < 0 {
		f.t.Fatalf("object %s is not packed", h)
	}
	p := o.packs[i]
	j, _ := slices.BinarySearch(p.offs, off)
	end = p.end
	if j+1 < len(p.offs) {
		end = p.offs[j+1]
	}
	return off, end
}

// edit rewrites bytes of file path with fn.
func (f *fixture) edit(path string, fn func([]byte) []byte) {
	f.t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		f.t.Fatal(err)
	}
	if err := os.WriteFile(path, fn(data), 0o644); err != nil {
		f.t.Fatal(err)
	}
}

// treeOf returns the hash of the tree at dir ("" for the root) in commit c.
func (f *fixture) treeOf(c plumbing.Hash, dir string) plumbing.Hash {
	f.t.Helper()
	co, err := f.repo.CommitObject(c)
	if err != nil {
		f.t.Fatal(err)
	}
	tree, err := co.Tree()
	if err != nil {
		f.t.Fatal(err)
	}
	if dir != "" {
		if tree, err = tree.Tree(dir); err != nil {
			f.t.Fatal(err)
		}
	}
	return tree.Hash
}

// blobOf returns the hash of the blob at path in commit c.
func (f *fixture) blobOf(c plumbing.Hash, path string) plumbing.Hash {
	f.t.Helper()
	co, err := f.repo.CommitObject(c)
	if err != nil {
		f.t.Fatal(err)
	}
	file, err := co.File(path)
	if err != nil {
		f.t.Fatal(err)
	}
	return file.Hash
}
