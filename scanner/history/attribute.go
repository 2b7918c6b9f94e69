package history

import (
	"bytes"
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/utils/diff"
	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/shieldscan/shieldscan/scanner"
)

// placeKey is one blob at one path (an index into the paths of attribution).
type placeKey struct {
	path int32
	blob int32
}

// Attribute says, for each matched blob, every path at which a commit introduced it: the
// earliest such commit (by committer date, then SHA), whether HEAD still holds it there, and
// the commit that took it away. Each unique tree is decoded at most once (Walk already did),
// the trees that hold no matched blob are pruned, and each commit is compared with its first
// parent only where their trees differ; a merge introduces only what none of its parents held
// at that path (so merging the base into a pull request's branch adds nothing to --since).
func (s *Source) Attribute(ctx context.Context, ids []string) (map[string][]scanner.Place, error) {
	out := map[string][]scanner.Place{}
	err := s.AttributeEach(ctx, ids, func(id string, places []scanner.Place) error {
		out[id] = places
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AttributeEach is Attribute one blob at a time: fn receives the places of each matched blob
// that has any, in the order of ids, so that the places of every matched blob are never all
// in memory at once (a history's matched blob versions are many).
func (s *Source) AttributeEach(ctx context.Context, ids []string, fn func(id string, places []scanner.Place) error) error {
	s.readMu.Lock()
	defer s.readMu.Unlock()
	if s.mode == modeStaged {
		return s.attributeStaged(ids, fn)
	}
	if err := s.load(ctx); err != nil {
		return err
	}
	defer s.release()
	g := s.g
	matched := map[int32]bool{}
	// rank orders the matched blobs as ids does
	rank := map[int32]int{}
	for i, id := range ids {
		if !plumbing.IsHash(id) {
			continue
		}
		// blobID, not blobIndex: after release the graph is walked again, and only the trees
		// that attribution reads name the blobs
		if b := g.blobID(plumbing.NewHash(id)); !matched[b] {
			matched[b] = true
			rank[b] = i
		}
	}
	if len(matched) == 0 {
		return nil
	}
	// the blobs that could not be read: a place replaced by one is not known to be gone
	badBlob := map[int32]bool{}
	for _, e := range s.Unreadable() {
		if !plumbing.IsHash(e.ID) {
			continue
		}
		h := plumbing.NewHash(e.ID)
		if e.Type == plumbing.BlobObject.String() {
			badBlob[g.blobID(h)] = true
		} else if b, ok := g.blobIndex(h); ok {
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

	// one index per path, however many versions and commits name it
	pathIdx := map[string]int32{}
	var paths []string
	intern := func(p string) int32 {
		if i, ok := pathIdx[p]; ok {
			return i
		}
		i := int32(len(paths))
		paths = append(paths, p)
		pathIdx[p] = i
		return i
	}
	intro := map[placeKey]int32{}
	// removals are the commits that took a blob away from a place, one record each (sorted by
	// place below): a flat list takes a third of a map of slices
	var removals []removal
	// incomplete marks the places whose history went through an object that could not be
	// read: their introduction may be earlier, and their removal is not known.
	incomplete := map[placeKey]bool{}
	for n, c := range s.rangeCommits {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
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
				removals = append(removals, removal{k, c})
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
			if i, ok := pathIdx[p]; ok {
				atHead[placeKey{i, b}] = true
			}
		})
		if s.mode == modeAll {
			headReach = map[int32]bool{}
			for _, c := range g.reach([]plumbing.Hash{s.head}, nil) {
				headReach[c] = true
			}
		}
	}
	for k := range intro {
		if !atHead[k] && under(paths[k.path], headUnknown) {
			incomplete[k] = true
		}
	}

	// what a place shows of a commit, once per commit
	hexes := map[int32]string{}
	hexOf := func(c int32) string {
		if h, ok := hexes[c]; ok {
			return h
		}
		h := g.commits[c].hash.String()
		hexes[c] = h
		return h
	}
	infos := map[int32]*commitInfo{}
	info := func(c int32) *commitInfo {
		if ci, ok := infos[c]; ok {
			return ci
		}
		h := g.commits[c].hash
		ci := &commitInfo{hash: hexOf(c)}
		var co object.Commit
		typ, data, err := s.objs.read(h)
		if err == nil {
			obj := &plumbing.MemoryObject{}
			obj.SetType(typ)
			_, _ = obj.Write(data)
			err = co.Decode(obj)
		}
		if err != nil {
			// the walk read it a moment ago; the place keeps its commit, without the details
			s.failed(objectError(h, plumbing.CommitObject, "", err))
		} else {
			ci.author, ci.date = signature(co.Author), co.Committer.When
			ci.subject = strings.Clone(subject(co.Message))
		}
		infos[c] = ci
		return ci
	}
	keys := make([]placeKey, 0, len(intro))
	for k := range intro {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b placeKey) int {
		if a.blob != b.blob {
			return rank[a.blob] - rank[b.blob]
		}
		return strings.Compare(paths[a.path], paths[b.path])*4 + cmpInt(intro[a], intro[b])
	})
	// A blob that only a tag of a tree or of a blob reaches has no commit to credit.
	tagged := map[int32]offer{}
	if s.mode == modeAll {
		placed := map[int32]bool{}
		for _, k := range keys {
			placed[k.blob] = true
		}
		for _, o := range s.offers {
			if matched[o.blob] && !placed[o.blob] {
				if _, ok := tagged[o.blob]; !ok {
					tagged[o.blob] = o
				}
			}
		}
	}
	byRank := make([]int32, 0, len(matched))
	for b := range matched {
		byRank = append(byRank, b)
	}
	slices.SortFunc(byRank, func(a, b int32) int { return rank[a] - rank[b] })
	slices.SortFunc(removals, func(a, b removal) int { return cmp.Or(cmpKey(a.k, b.k), cmpInt(a.c, b.c)) })
	var places []scanner.Place
	var cands []int32
	for _, b := range byRank {
		id := ids[rank[b]]
		if o, ok := tagged[b]; ok {
			if err := fn(id, []scanner.Place{{Path: s.pathOf(o), Subject: "reachable only from a tag of a tree or blob"}}); err != nil {
				return err
			}
			continue
		}
		places = places[:0]
		for len(keys) > 0 && keys[0].blob == b {
			k := keys[0]
			keys = keys[1:]
			c := intro[k]
			ci := info(c)
			p := scanner.Place{
				Path:       paths[k.path],
				Commit:     ci.hash,
				Author:     ci.author,
				Date:       ci.date,
				Subject:    ci.subject,
				AtHEAD:     atHead[k],
				Incomplete: incomplete[k],
			}
			if !p.AtHEAD && !p.Incomplete {
				cands = cands[:0]
				i, _ := slices.BinarySearchFunc(removals, k, func(r removal, k placeKey) int { return cmpKey(r.k, k) })
				for ; i < len(removals) && removals[i].k == k; i++ {
					cands = append(cands, removals[i].c)
				}
				if r := g.removal(c, cands, headReach); r >= 0 {
					p.RemovedIn, p.RemovedDate = hexOf(r), info(r).date
				}
			}
			if s.mode == modeSince {
				var sure bool
				p.Added, sure = s.addedByCommit(c, p.Path, b)
				p.Incomplete = p.Incomplete || !sure
			}
			places = append(places, p)
		}
		if len(places) == 0 {
			continue
		}
		// fn may keep the slice
		if err := fn(id, slices.Clone(places)); err != nil {
			return err
		}
	}
	return nil
}

// removal is a commit that took a blob away from a place.
type removal struct {
	k placeKey
	c int32
}

func cmpKey(a, b placeKey) int { return cmp.Or(cmpInt(a.blob, b.blob), cmpInt(a.path, b.path)) }

// commitInfo is what a place shows of a commit.
type commitInfo struct {
	hash, author, subject string
	date                  time.Time
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
func (s *Source) addedByCommit(c int32, path string, blob int32) (added []int, sure bool) {
	g := s.g
	for _, q := range g.commits[c].parents {
		g.loadCommit(q)
		t := g.commits[q].tree
		if t < 0 {
			continue
		}
		old := g.lookup(t, path)
		if old == unknownBlob {
			return nil, false
		}
		if old < 0 {
			continue
		}
		lines, ok := s.addedLines(g.blobs[old], g.blobs[blob], path)
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
func (s *Source) attributeStaged(ids []string, fn func(id string, places []scanner.Place) error) error {
	for _, id := range ids {
		if !plumbing.IsHash(id) {
			continue
		}
		h := plumbing.NewHash(id)
		var places []scanner.Place
		for _, sp := range s.staged[h] {
			// AtHEAD: the staged content is what the next commit's tree holds; it is no
			// historical leftover.
			p := scanner.Place{Path: sp.path, Subject: "staged", AtHEAD: true}
			if !sp.old.IsZero() {
				var ok bool
				p.Added, ok = s.addedLines(sp.old, h, sp.path)
				p.Incomplete = !ok
			}
			places = append(places, p)
		}
		if len(places) > 0 {
			if err := fn(id, places); err != nil {
				return err
			}
		}
	}
	return nil
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
