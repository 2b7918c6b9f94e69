package history

import (
	"bytes"
	"context"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/utils/diff"
	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/shieldscan/shieldscan/scanner"
)

// placeKey is one blob at one path.
type placeKey struct {
	path string
	blob int32
}

// Attribute says, for each matched blob, every path at which a commit introduced it: the
// earliest such commit (by committer date, then SHA), whether HEAD still holds it there, and
// the commit that took it away. Each unique tree is decoded at most once (Walk already did),
// the trees that hold no matched blob are pruned, and each commit is compared with its first
// parent only where their trees differ; a merge introduces only what none of its parents held
// at that path (so merging the base into a pull request's branch adds nothing to --since).
func (s *Source) Attribute(ctx context.Context, ids []string) (map[string][]scanner.Place, error) {
	s.readMu.Lock()
	defer s.readMu.Unlock()
	out := map[string][]scanner.Place{}
	if s.mode == modeStaged {
		return s.attributeStaged(ids)
	}
	if err := s.load(ctx); err != nil {
		return nil, err
	}
	g := s.g
	matched := map[int32]bool{}
	for _, id := range ids {
		if !plumbing.IsHash(id) {
			continue
		}
		if b, ok := g.blobIdx[plumbing.NewHash(id)]; ok {
			matched[b] = true
		}
	}
	if len(matched) == 0 {
		return out, nil
	}
	// the blobs that could not be read: a place replaced by one is not known to be gone
	badBlob := map[int32]bool{}
	for _, e := range s.Unreadable() {
		if b, ok := g.blobIdx[plumbing.NewHash(e.ID)]; ok && plumbing.IsHash(e.ID) {
			badBlob[b] = true
		}
	}
	// per tree: 0 unknown, 1 holds a matched or unreadable blob (or may), -1 does not
	var memo []int8
	var holds func(t int32) bool
	holds = func(t int32) bool {
		for int(t) >= len(memo) {
			memo = append(memo, 0)
		}
		if memo[t] != 0 {
			return memo[t] > 0
		}
		memo[t] = -1
		// decoded once here; only the trees that hold a matched blob keep their entries
		es := slices.Clone(g.readTree(t, ""))
		if g.trees[t].broken {
			memo[t] = 1 // what it holds is not known
			return true
		}
		for _, e := range es {
			if e.isTree() && holds(e.index()) || !e.isTree() && (matched[e.index()] || badBlob[e.index()]) {
				memo[t] = 1
				g.keep(t, es)
				break
			}
		}
		return memo[t] > 0
	}
	skip := func(t int32) bool { return !holds(t) }
	want := func(b int32) bool { return matched[b] }

	// one string per path, however many versions and commits name it
	paths := map[string]string{}
	intern := func(p string) string {
		if q, ok := paths[p]; ok {
			return q
		}
		paths[p] = p
		return p
	}
	intro := map[placeKey]int32{}
	removals := map[placeKey][]int32{}
	// incomplete marks the places whose history went through an object that could not be
	// read: their introduction may be earlier, and their removal is not known.
	incomplete := map[placeKey]bool{}
	for n, c := range s.rangeCommits {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		ct := g.commits[c].tree
		if ct < 0 {
			continue
		}
		pt := s.parentTree(c)
		g.added(ct, pt, "", skip, want, func(p string, b, _ int32, sure bool) {
			if b < 0 {
				return // an unreadable tree of c: its blobs are credited where they show up
			}
			k := placeKey{intern(p), b}
			from, fromSure := s.fromOtherParent(c, p, b)
			if from {
				return
			}
			if !sure || !fromSure {
				incomplete[k] = true
			}
			if cur, ok := intro[k]; !ok || g.before(c, cur) {
				intro[k] = c
			}
		})
		if pt >= 0 {
			g.added(pt, ct, "", skip, want, func(p string, b, now int32, sure bool) {
				if b < 0 {
					return // the parent's tree was unreadable: its own commit says so
				}
				k := placeKey{intern(p), b}
				if !sure || now >= 0 && badBlob[now] {
					// c's tree there, or the blob that c put there, could not be read: c
					// may or may not have removed what the place held
					incomplete[k] = true
					return
				}
				removals[k] = append(removals[k], c)
			})
		}
	}

	atHead := map[placeKey]bool{}
	var headUnknown []string // paths under which HEAD's tree could not be read
	var headReach map[int32]bool
	if !s.head.IsZero() {
		hc := g.commitID(s.head)
		g.loadCommit(hc)
		g.added(g.commits[hc].tree, -1, "", skip, want, func(p string, b, _ int32, _ bool) {
			if b < 0 {
				headUnknown = append(headUnknown, p)
				return
			}
			atHead[placeKey{p, b}] = true
		})
		if s.mode == modeAll {
			headReach = map[int32]bool{}
			for _, c := range g.reach([]plumbing.Hash{s.head}, nil) {
				headReach[c] = true
			}
		}
	}
	for k := range intro {
		if !atHead[k] && under(k.path, headUnknown) {
			incomplete[k] = true
		}
	}

	infos := map[int32]*object.Commit{}
	info := func(c int32) *object.Commit {
		if ci, ok := infos[c]; ok {
			return ci
		}
		ci := &object.Commit{}
		h := g.commits[c].hash
		typ, data, err := s.objs.read(h)
		if err == nil {
			obj := &plumbing.MemoryObject{}
			obj.SetType(typ)
			_, _ = obj.Write(data)
			err = ci.Decode(obj)
		}
		if err != nil {
			// the walk read it a moment ago; the place keeps its commit, without the details
			s.failed(objectError(h, plumbing.CommitObject, "", err))
			ci = &object.Commit{Hash: h}
		}
		infos[c] = ci
		return ci
	}
	keys := make([]placeKey, 0, len(intro))
	for k := range intro {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b placeKey) int {
		return strings.Compare(a.path, b.path)*4 + cmpInt(intro[a], intro[b])
	})
	for _, k := range keys {
		c := intro[k]
		ci := info(c)
		p := scanner.Place{
			Path:       k.path,
			Commit:     g.commits[c].hash.String(),
			Author:     signature(ci.Author),
			Date:       ci.Committer.When,
			Subject:    subject(ci.Message),
			AtHEAD:     atHead[k],
			Incomplete: incomplete[k],
		}
		if !p.AtHEAD && !p.Incomplete {
			if r := g.removal(c, removals[k], headReach); r >= 0 {
				p.RemovedIn, p.RemovedDate = g.commits[r].hash.String(), info(r).Committer.When
			}
		}
		if s.mode == modeSince {
			var sure bool
			p.Added, sure = s.addedByCommit(c, k)
			p.Incomplete = p.Incomplete || !sure
		}
		id := g.blobs[k.blob].String()
		out[id] = append(out[id], p)
	}
	// A blob that only a tag of a tree or of a blob reaches has no commit to credit.
	if s.mode == modeAll {
		for _, o := range s.offers {
			id := g.blobs[o.blob].String()
			if _, ok := out[id]; !ok && matched[o.blob] {
				out[id] = []scanner.Place{{Path: s.pathOf(o), Subject: "reachable only from a tag of a tree or blob"}}
			}
		}
	}
	return out, nil
}

// fromOtherParent says whether a merge commit c has blob b at path p because a parent other
// than the first had it there: then the merge only brought it over and did not introduce it.
// sure is false when a parent's tree on p could not be read.
func (s *Source) fromOtherParent(c int32, p string, b int32) (from, sure bool) {
	g := s.g
	ps := g.commits[c].parents
	sure = true
	for _, q := range ps[min(1, len(ps)):] {
		g.loadCommit(q)
		if t := g.commits[q].tree; t >= 0 {
			switch g.lookup(t, p) {
			case b:
				return true, true
			case unknownBlob:
				sure = false
			}
		}
	}
	return false, sure
}

// addedByCommit lists the lines of blob k.blob that commit c added at k.path: the lines that
// no parent had (for a merge, the lines that are new against every parent that has the path);
// nil when no parent had the path. sure is false when a parent's version could not be read
// (then every line counts as added).
func (s *Source) addedByCommit(c int32, k placeKey) (added []int, sure bool) {
	g := s.g
	for _, q := range g.commits[c].parents {
		g.loadCommit(q)
		t := g.commits[q].tree
		if t < 0 {
			continue
		}
		old := g.lookup(t, k.path)
		if old == unknownBlob {
			return nil, false
		}
		if old < 0 {
			continue
		}
		lines, ok := s.addedLines(g.blobs[old], g.blobs[k.blob], k.path)
		if !ok {
			return nil, false
		}
		if added == nil {
			added = lines
		} else {
			added = slices.DeleteFunc(added, func(n int) bool {
				_, ok := slices.BinarySearch(lines, n)
				return !ok
			})
		}
	}
	return added, true
}

// before orders commits by committer date, then SHA.
func (g *graph) before(a, b int32) bool {
	ca, cb := &g.commits[a], &g.commits[b]
	if ca.when != cb.when {
		return ca.when < cb.when
	}
	return bytes.Compare(ca.hash[:], cb.hash[:]) < 0
}

// removal picks the commit that removed a blob introduced by intro: among the candidates, those
// on HEAD's history first, then the earliest not before intro.
func (g *graph) removal(intro int32, cands []int32, headReach map[int32]bool) int32 {
	best := int32(-1)
	rank := func(c int32) int {
		r := 0
		if headReach != nil && !headReach[c] {
			r += 2
		}
		if g.before(c, intro) {
			r++
		}
		return r
	}
	for _, c := range cands {
		if best < 0 || rank(c) < rank(best) || rank(c) == rank(best) && g.before(c, best) {
			best = c
		}
	}
	return best
}

// attributeStaged places matched staged blobs at their index paths.
func (s *Source) attributeStaged(ids []string) (map[string][]scanner.Place, error) {
	out := map[string][]scanner.Place{}
	for _, id := range ids {
		if !plumbing.IsHash(id) {
			continue
		}
		h := plumbing.NewHash(id)
		for _, sp := range s.staged[h] {
			// AtHEAD: the staged content is what the next commit's tree holds; it is no
			// historical leftover.
			p := scanner.Place{Path: sp.path, Subject: "staged", AtHEAD: true}
			if !sp.old.IsZero() {
				var ok bool
				p.Added, ok = s.addedLines(sp.old, h, sp.path)
				p.Incomplete = !ok
			}
			out[id] = append(out[id], p)
		}
	}
	return out, nil
}

// addedLines diffs two blobs by lines and returns the 1-based numbers of the lines of new that
// old lacks (never nil). When either cannot be read it is recorded, and ok is false: then
// every line counts as added (nil).
func (s *Source) addedLines(old, new plumbing.Hash, path string) (lines []int, ok bool) {
	oldData, _, err := s.objs.blob(old, 0)
	if err != nil {
		s.failed(objectError(old, plumbing.BlobObject, path, err))
		return nil, false
	}
	newData, _, err := s.objs.blob(new, 0)
	if err != nil {
		s.failed(objectError(new, plumbing.BlobObject, path, err))
		return nil, false
	}
	return addedLines(string(oldData), string(newData)), true
}

// under says whether slash path p is at or below one of dirs ("" is the root).
func under(p string, dirs []string) bool {
	for _, d := range dirs {
		if d == "" || p == d || strings.HasPrefix(p, d+"/") {
			return true
		}
	}
	return false
}

func addedLines(old, new string) []int {
	added := []int{}
	line := 1
	for _, d := range diff.Do(old, new) {
		n := strings.Count(d.Text, "\n")
		if d.Text != "" && !strings.HasSuffix(d.Text, "\n") {
			n++
		}
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			for i := range n {
				added = append(added, line+i)
			}
			line += n
		case diffmatchpatch.DiffEqual:
			line += n
		}
	}
	return added
}

func signature(sig object.Signature) string {
	if sig.Email == "" {
		return sig.Name
	}
	return sig.Name + " <" + sig.Email + ">"
}

func subject(msg string) string {
	line, _, _ := strings.Cut(strings.TrimLeft(msg, "\n"), "\n")
	return strings.TrimSpace(line)
}

func cmpInt(a, b int32) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
