package scanner

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
)

// located turns the references found in the blobs of a working tree into findings: a blob is
// its path.
func located(matched []blobResult, resources []*rules.Resource, opts Options) []report.Ref {
	change := opts.Mode == report.ModeChange
	var out []report.Ref
	for _, b := range matched {
		for _, r := range b.refs {
			out = append(out, newRef(resources[r.res], r, opts.Prefix+b.blob.Path, nil, change))
		}
	}
	return out
}

// attribute turns the references found in the blobs of a history (kept in sp) into findings
// at places: the source says which paths and commits held each blob, and the versions of one
// line are folded into one finding credited to the commit that brought it. It reads each
// blob's references back from sp in turn: only the versions that a finding may show stay.
// ids are the blobs to attribute, sorted: those of sp, and those whose references sp is given
// while the source walks the commits, before ready returns (ready is called before the first
// references are read; the source's walk, before its first places, is most of the work).
func attribute(ctx context.Context, at Attributor, sp *spill, ids []string, ready func() error, resources []*rules.Resource, opts Options) ([]report.Ref, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	change := opts.Mode == report.ModeChange
	waited := false
	type key struct {
		res                   int
		path, match, encoding string
		line                  uint64
	}
	// A group is the versions of one line at one path. first is the earliest version that a
	// change added (every version, outside change mode); last and head look at every version:
	// a line that a later commit carried over unchanged (it edited another line of the file)
	// is still there, even though that commit did not add it.
	type group struct {
		first, last, head, headAdded *version
	}
	groups := map[key]*group{}
	var order []key
	seen := map[string]string{}
	n := 0
	visit := func(id string, ps []Place) error {
		if len(ps) == 0 {
			return nil
		}
		if !waited {
			waited = true
			if err := ready(); err != nil {
				return err
			}
			sp.sortByID()
		}
		if n++; n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		i, ok := slices.BinarySearchFunc(sp.blobs, id, func(b spilledBlob, id string) int { return strings.Compare(b.id, id) })
		if !ok {
			return nil
		}
		refs, err := sp.refs(i, seen)
		if err != nil {
			return err
		}
		for _, p := range ps {
			for _, r := range refs {
				added := true
				if p.Added != nil {
					// A reference is added with its line; an emulated one, located at its
					// script's first line, with any line of the script.
					i, found := slices.BinarySearch(p.Added, r.line)
					added = found || i < len(p.Added) && p.Added[i] <= r.lastLine
				}
				k := key{r.res, p.Path, r.match, r.encoding, r.lineKey}
				g := groups[k]
				if g == nil {
					g = &group{}
					groups[k] = g
					order = append(order, k)
				}
				// most versions are no group's first, last or head: only those are kept
				v := version{ref: r, place: p}
				first := added && (g.first == nil || v.before(g.first))
				last := g.last == nil || g.last.before(&v)
				head := p.AtHEAD && (g.head == nil || v.before(g.head))
				headAdded := p.AtHEAD && added && (g.headAdded == nil || v.before(g.headAdded))
				if !first && !last && !head && !headAdded {
					continue
				}
				kept := new(version)
				*kept = v
				if first {
					g.first = kept
				}
				if last {
					g.last = kept
				}
				if head {
					g.head = kept
				}
				if headAdded {
					g.headAdded = kept
				}
			}
		}
		return nil
	}
	// A source that attributes one blob at a time need not hold every place at once.
	if each, ok := at.(interface {
		AttributeEach(ctx context.Context, ids []string, fn func(id string, places []Place) error) error
	}); ok {
		err := each.AttributeEach(ctx, ids, visit)
		if err != nil && ctx.Err() == nil {
			err = fmt.Errorf("attributing matches to commits: %w", err)
		}
		if err != nil {
			return nil, err
		}
	} else {
		places, err := at.Attribute(ctx, ids)
		if err != nil {
			return nil, fmt.Errorf("attributing matches to commits: %w", err)
		}
		for _, id := range ids {
			if err := visit(id, places[id]); err != nil {
				return nil, err
			}
		}
	}
	var out []report.Ref
	for _, k := range order {
		g := groups[k]
		if g.first == nil {
			continue // only carried over, never added by the change
		}
		place := g.first.place
		shown := g.last
		if g.head != nil {
			// Show the copy the change added when HEAD has it; else the one carried over.
			shown = g.head
			if g.headAdded != nil {
				shown = g.headAdded
			}
			place.AtHEAD, place.RemovedIn = true, ""
		} else {
			place.AtHEAD, place.RemovedIn = false, g.last.place.RemovedIn
			place.RemovedDate = g.last.place.RemovedDate
		}
		if g.head == nil && g.last.place.Incomplete {
			// An object on the way could not be read: whether the line is still at HEAD is not
			// known, so nothing is concluded (not historical, no removal); the report says it is
			// incomplete.
			place.AtHEAD, place.RemovedIn = true, ""
		}
		if place.RemovedIn == "" {
			place.RemovedDate = time.Time{}
		}
		place.Path = k.path
		out = append(out, newRef(resources[k.res], shown.ref, k.path, &place, change))
	}
	return out, nil
}

// version is one blob's copy of a reference, at one place in history.
type version struct {
	ref   ref
	place Place
}

func (v *version) before(w *version) bool {
	if !v.place.Date.Equal(w.place.Date) {
		return v.place.Date.Before(w.place.Date)
	}
	return v.place.Commit < w.place.Commit
}

// newRef is a located reference as the report builder takes it.
func newRef(res *rules.Resource, r ref, path string, p *Place, change bool) report.Ref {
	encoded := r.encoding != "plain"
	historical := p != nil && !p.AtHEAD
	id := rules.RuleFor(res, encoded, historical, change)
	class := rules.Declared
	if historical {
		class = rules.Historical
	}
	out := report.Ref{
		Rule: id, Level: rules.LevelFor(id, res, change), Resource: res, Class: class,
		Path: path, Line: r.line, Column: r.col, EndColumn: r.endCol,
		Match: r.match, Snippet: r.snippet, Strength: r.strength, Context: r.context,
		Encoding: r.encoding, Decoded: r.decoded, Sink: r.sink, Served: r.served,
	}
	if p != nil {
		out.History = &report.History{
			Path: p.Path, Commit: p.Commit, Author: p.Author, Date: p.Date, Subject: p.Subject,
			AtHEAD: p.AtHEAD, RemovedIn: p.RemovedIn, RemovedDate: p.RemovedDate,
		}
	}
	if r.suppressed {
		out.Suppressed = &report.Suppression{Kind: "inline", Where: fmt.Sprintf("%s:%d", path, r.line)}
	}
	return out
}

// unknown is the finding of a resource that nothing scanned references: at the line of the
// in-tree file that named it, or at the placeholder.
func unknown(r *rules.Resource) report.Ref {
	f := report.Ref{
		Rule: rules.UnknownResource, Level: rules.LevelFor(rules.UnknownResource, r, false), Resource: r,
		Class: rules.Unknown, Path: report.Placeholder, Line: 1, Column: 1, EndColumn: 2,
	}
	if o := r.Origin; o.Anchor != "" && o.Line > 0 {
		f.Path, f.Line = o.Anchor, o.Line
	}
	return f
}
