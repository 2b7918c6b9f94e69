// Package history is the git history source: every unique blob reachable from the refs read
// once, in pack order, and each matched blob traced to the commits that brought and removed it.
// It is the only package of shieldscan that talks to git, through go-git.
package history

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/shieldscan/shieldscan/scanner"
)

// Options choose what part of a history a Source offers.
type Options struct {
	// Refs are the revisions to scan (--ref); empty means every ref: branches, tags (annotated
	// ones peeled), remote-tracking refs, the stash, and HEAD.
	Refs []string
	// Since (--since REF) restricts the scan to what the commits reachable from HEAD (or Refs)
	// and not from Since introduce, each compared with its first parent.
	Since string
	// Staged (--staged) scans the index against HEAD instead of the history.
	Staged bool
	// AllowShallow scans a shallow clone anyway; Source.Shallow then reports it.
	AllowShallow bool
	// MaxFileSize makes larger blobs come out as skipped (scanner.SkipTooLarge) without being
	// read; 0 means no limit here (the scanner applies its own).
	MaxFileSize int64
	// Progress, when set, is called from Walk's goroutine after each blob with the number of
	// blobs done, their total and the bytes read so far.
	Progress func(done, total int, bytes int64)
}

// The errors of Open. They are wrapped with the path or ref and what to do.
var (
	ErrNotRepo    = errors.New("not a git repository")
	ErrShallow    = errors.New("shallow clone: history is incomplete")
	ErrUnknownRef = errors.New("unknown revision")
	// ErrNoCommits is a repository without a commit (git init, nothing committed yet): it has
	// no history to scan, only a working tree (and, for Staged, an index).
	ErrNoCommits = errors.New("the repository has no commits yet")
)

// Source is a git history as a scanner.Source and scanner.Attributor.
type Source struct {
	path    string
	opts    Options
	repo    *git.Repository
	st      *filesystem.Storage
	objs    *objects
	shallow map[plumbing.Hash]bool

	mode   mode
	tips   []plumbing.Hash // commits whose history is scanned
	since  []plumbing.Hash // --since: commits whose history is left out
	extra  []tip           // tags of trees and blobs
	head   plumbing.Hash   // zero when HEAD is unborn
	loaded sync.Once
	g      *graph
	gErr   error
	// rangeCommits are the commits whose trees are scanned: all reachable from tips, or those
	// of the --since range.
	rangeCommits []int32

	// offers are the blobs that Walk offered, each with its path; dirs (and dirIdx) are the
	// directories of those paths, interned.
	offers []offer
	dirs   []string
	dirIdx map[string]int32
	// staged lists, for --staged, the index paths of each blob that differs from HEAD.
	staged map[plumbing.Hash][]stagedPlace

	// readers is how many goroutines read blobs (0: one a core, up to maxReaders); tests set it.
	readers int
	// noTreeFile reads trees from the pack each time (see treeFile); tests set it.
	noTreeFile bool
	// treeBytes bounds the tree entries the graph keeps (0: keptTreeBytes); tests lower it.
	treeBytes int64

	// readMu keeps the pack reader to one goroutine: Walk's, and the Load of a large blob.
	readMu sync.Mutex

	mu sync.Mutex
	// graphErrs are the commits and trees that a released graph could not read.
	graphErrs []*ObjectError
	// blobErrs are the blobs that Walk and Attribute could not read (the graph keeps the
	// commits and trees).
	blobErrs []*ObjectError
}

// tip is a ref that points, maybe through tags, at a tree or a blob.
type tip struct {
	name string
	hash plumbing.Hash
	typ  plumbing.ObjectType
}

type mode uint8

const (
	modeAll mode = iota
	modeSince
	modeStaged
)

var (
	_ scanner.Source     = (*Source)(nil)
	_ scanner.Attributor = (*Source)(nil)
)

// Open opens the repository at path (its work tree, any directory below it, its .git directory
// or a bare repository) and resolves the refs of opts.
func Open(ctx context.Context, path string, opts Options) (*Source, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	found, err := git.PlainOpenWithOptions(path, &git.PlainOpenOptions{EnableDotGitCommonDir: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		found, err = git.PlainOpenWithOptions(path, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	}
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, fmt.Errorf("opening %q: %w", path, ErrNotRepo)
	}
	if err != nil {
		return nil, fmt.Errorf("opening git repository %q: %w", path, err)
	}
	fst, ok := found.Storer.(*filesystem.Storage)
	if !ok {
		return nil, fmt.Errorf("opening git repository %q: unexpected storage %T", path, found.Storer)
	}
	// KeepDescriptors keeps each pack open across reads, which walks that open many objects
	// need (bench/README.md, "Figures the code relies on").
	st := filesystem.NewStorageWithOptions(fst.Filesystem(), cache.NewObjectLRU(4*cache.MiByte),
		filesystem.Options{KeepDescriptors: true})
	wt, _ := found.Worktree()
	var repo *git.Repository
	if wt != nil {
		repo, err = git.Open(st, wt.Filesystem)
	} else {
		repo, err = git.Open(st, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("opening git repository %q: %w", path, err)
	}
	s := &Source{path: path, opts: opts, repo: repo, st: st, shallow: map[plumbing.Hash]bool{}, dirIdx: map[string]int32{}}
	s.objs, err = newObjects(st)
	if err != nil {
		_ = st.Close()
		return nil, fmt.Errorf("opening git objects of %q: %w", path, err)
	}
	if err := s.resolve(); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

// resolve checks for a shallow clone and turns refs into commits.
func (s *Source) resolve() error {
	shallow, err := s.st.Shallow()
	if err != nil {
		return fmt.Errorf("reading shallow list of %q: %w", s.path, err)
	}
	for _, h := range shallow {
		s.shallow[h] = true
	}
	if len(shallow) > 0 && !s.opts.AllowShallow && !s.opts.Staged {
		return fmt.Errorf("%q: %w; fetch the whole history (actions/checkout with fetch-depth: 0, or git fetch --unshallow), or pass --allow-shallow to scan what is there", s.path, ErrShallow)
	}
	if ref, err := s.repo.Head(); err == nil {
		s.head = ref.Hash()
	} else if !errors.Is(err, plumbing.ErrReferenceNotFound) {
		return fmt.Errorf("reading HEAD of %q: %w", s.path, err)
	}
	switch {
	case s.opts.Staged:
		s.mode = modeStaged
		return nil
	case s.opts.Since != "":
		s.mode = modeSince
		h, err := s.revision(s.opts.Since, "--since")
		if err != nil {
			return err
		}
		s.since = []plumbing.Hash{h}
	}
	if len(s.opts.Refs) > 0 {
		for _, r := range s.opts.Refs {
			h, err := s.revision(r, "--ref")
			if err != nil {
				return err
			}
			s.tips = append(s.tips, h)
		}
		return nil
	}
	if s.mode == modeSince {
		if s.head.IsZero() {
			return fmt.Errorf("--since %q in %q: %w; scan the working tree instead (drop --since)", s.opts.Since, s.path, ErrNoCommits)
		}
		s.tips = []plumbing.Hash{s.head}
		return nil
	}
	if err := s.allRefs(); err != nil {
		return err
	}
	if len(s.tips) == 0 && len(s.extra) == 0 {
		return fmt.Errorf("%q: %w, so it has no history; scan the working tree instead (drop --history)", s.path, ErrNoCommits)
	}
	return nil
}

// revision resolves one revision (a ref name, a SHA, HEAD~2…) to a commit.
func (s *Source) revision(rev, flag string) (plumbing.Hash, error) {
	h, err := s.repo.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("%s %q in %q: %w (%v); check the name, and that it was fetched (actions/checkout with fetch-depth: 0)", flag, rev, s.path, ErrUnknownRef, err)
	}
	return *h, nil
}

// allRefs collects every ref's commit, peeling annotated tags; HEAD first, so that the paths
// that blobs are offered under are HEAD's where they can be.
func (s *Source) allRefs() error {
	seen := map[plumbing.Hash]bool{}
	add := func(name string, h plumbing.Hash) error {
		for range 16 { // peel tags of tags
			if seen[h] {
				return nil
			}
			seen[h] = true
			typ, data, err := s.objs.read(h)
			if err != nil {
				// A ref to a missing object: a broken or partial clone. Walk reports it.
				s.tips = append(s.tips, h)
				return nil //nolint:nilerr // reported by Walk as a missing object
			}
			switch typ {
			case plumbing.CommitObject:
				s.tips = append(s.tips, h)
				return nil
			case plumbing.TreeObject, plumbing.BlobObject:
				s.extra = append(s.extra, tip{name: name, hash: h, typ: typ})
				return nil
			case plumbing.TagObject:
				target, err := tagTarget(data)
				if err != nil {
					return fmt.Errorf("reading tag %s in %q: %w", name, s.path, err)
				}
				h = target
			default:
				return nil
			}
		}
		return nil
	}
	if !s.head.IsZero() {
		if err := add("HEAD", s.head); err != nil {
			return err
		}
	}
	iter, err := s.st.IterReferences()
	if err != nil {
		return fmt.Errorf("listing refs of %q: %w", s.path, err)
	}
	type ref struct {
		name string
		hash plumbing.Hash
	}
	var refs []ref
	err = iter.ForEach(func(r *plumbing.Reference) error {
		if r.Type() == plumbing.HashReference {
			refs = append(refs, ref{r.Name().String(), r.Hash()})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("listing refs of %q: %w", s.path, err)
	}
	sort.Slice(refs, func(i, j int) bool { return refs[i].name < refs[j].name })
	for _, r := range refs {
		if err := add(r.name, r.hash); err != nil {
			return err
		}
	}
	return nil
}

// tagTarget reads the object line of a raw tag.
func tagTarget(data []byte) (plumbing.Hash, error) {
	line, _, _ := strings.Cut(string(data[:min(len(data), 200)]), "\n")
	hex, ok := strings.CutPrefix(line, "object ")
	if !ok || !plumbing.IsHash(hex) {
		return plumbing.ZeroHash, errors.New("malformed tag")
	}
	return plumbing.NewHash(hex), nil
}

// failed records a blob that could not be read.
func (s *Source) failed(e *ObjectError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blobErrs = append(s.blobErrs, e)
}

// Unreadable lists every object that the scan so far needed and could not read (commits and
// trees from the walk of the history, blobs from Walk and Attribute), once each, sorted by ID.
func (s *Source) Unreadable() []*ObjectError {
	s.mu.Lock()
	all := slices.Clone(s.blobErrs)
	all = append(all, s.graphErrs...)
	s.mu.Unlock()
	if s.g != nil {
		all = append(all, s.g.unreadable...)
	}
	slices.SortStableFunc(all, func(a, b *ObjectError) int { return strings.Compare(a.ID, b.ID) })
	return slices.CompactFunc(all, func(a, b *ObjectError) bool { return a.ID == b.ID })
}

// Incomplete says whether the scan so far could read every object it needed; call it after
// Walk and Attribute (after scanner.Scan). It returns nil, or an error for which
// errors.Is(err, ErrIncomplete) holds, and errors.Is(err, ErrCorruptObject) when an object is
// corrupt (present but unreadable), errors.Is(err, ErrMissingObject) when they are all only
// missing (a partial clone). Unreadable lists them. The places that attribution could not
// trace are marked scanner.Place.Incomplete.
func (s *Source) Incomplete() error {
	bad := s.Unreadable()
	if len(bad) == 0 {
		return nil
	}
	e := &incompleteError{objs: bad}
	for _, o := range bad {
		if !o.Missing {
			e.corrupt++
		}
	}
	return e
}

// release lets the graph go once attribution is done: it is most of what a history scan holds
// by then, while the report is built and written. A later Walk or Attribute walks the commits
// again.
func (s *Source) release() {
	if s.g == nil || s.mode == modeStaged {
		return
	}
	s.mu.Lock()
	s.graphErrs = append(s.graphErrs, s.g.unreadable...)
	s.mu.Unlock()
	s.g.closeTrees()
	s.g, s.gErr, s.loaded = nil, nil, sync.Once{}
	s.offers, s.rangeCommits, s.dirs, s.dirIdx = nil, nil, nil, map[string]int32{}
}

// Shallow reports whether the repository is a shallow clone (scanned because of AllowShallow).
func (s *Source) Shallow() bool { return len(s.shallow) > 0 }

// Close releases the pack files that the source keeps open.
func (s *Source) Close() error {
	if s.g != nil {
		s.g.closeTrees()
	}
	s.objs.close()
	return s.st.Close()
}
