package scanner

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/shieldscan/shieldscan/rules"
)

// attribute turns the references found in blobs into findings at places: for a working tree a
// blob is its path; for a history, the source says which paths and commits held each blob, and
// the versions of one line are folded into one finding credited to the commit that brought it.
func attribute(ctx context.Context, src Source, matched []blobResult, resources []*rules.Resource, opts Options) ([]Finding, error) {
	change := opts.Mode == ModeChange
	at, isHistory := src.(Attributor)
	if !isHistory || len(matched) == 0 {
		var out []Finding
		for _, b := range matched {
			for _, r := range b.refs {
				out = append(out, newFinding(resources[r.res], r, opts.Prefix+b.blob.Path, nil, change))
			}
		}
		return out, nil
	}
	// Workers finish in any order: attribute in blob order so that ties break the same way.
	slices.SortFunc(matched, func(a, b blobResult) int { return strings.Compare(a.blob.ID, b.blob.ID) })
	ids := make([]string, 0, len(matched))
	for _, b := range matched {
		ids = append(ids, b.blob.ID)
	}
	places, err := at.Attribute(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("attributing matches to commits: %w", err)
	}
	type key struct {
		res                   int
		path, match, encoding string
		line                  uint64
	}
	type group struct {
		first, last, head *version
	}
	groups := map[key]*group{}
	var order []key
	for _, b := range matched {
		for _, p := range places[b.blob.ID] {
			for _, r := range b.refs {
				if p.Added != nil {
					if _, ok := slices.BinarySearch(p.Added, r.line); !ok {
						continue
					}
				}
				k := key{r.res, p.Path, r.match, r.encoding, r.lineKey}
				v := &version{ref: r, place: p}
				g := groups[k]
				if g == nil {
					g = &group{first: v, last: v}
					groups[k] = g
					order = append(order, k)
				}
				if v.before(g.first) {
					g.first = v
				}
				if g.last.before(v) {
					g.last = v
				}
				if p.AtHEAD && (g.head == nil || v.before(g.head)) {
					g.head = v
				}
			}
		}
	}
	var out []Finding
	for _, k := range order {
		g := groups[k]
		place := g.first.place
		shown := g.last
		if g.head != nil {
			shown = g.head
			place.AtHEAD, place.RemovedIn = true, ""
		} else {
			place.AtHEAD, place.RemovedIn = false, g.last.place.RemovedIn
		}
		place.Path = k.path
		out = append(out, newFinding(resources[k.res], shown.ref, k.path, &place, change))
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

func newFinding(res *rules.Resource, r ref, path string, h *Place, change bool) Finding {
	encoded := r.encoding != "plain"
	historical := h != nil && !h.AtHEAD
	id := rules.RuleFor(res, encoded, historical, change)
	class := rules.Declared
	if historical {
		class = rules.Historical
	}
	f := Finding{
		Rule: id, Level: rules.LevelFor(id, res, change), Resource: res, Class: class,
		Path: path, Line: r.line, Column: r.col, EndColumn: r.endCol,
		Match: r.match, Snippet: r.snippet, Strength: r.strength, Context: r.context,
		Encoding: r.encoding, Decoded: r.decoded, History: h, Served: r.served,
	}
	if r.suppressed {
		f.Suppressed = &Suppression{Kind: "inline", Where: fmt.Sprintf("%s:%d", path, r.line)}
	}
	return f
}

// classify gives each resource its class, adds a finding for each unknown one, and puts the
// findings in their final order with their fingerprints.
func classify(rep *Report, resources []*rules.Resource, findings []Finding, opts Options) {
	byRes := map[*rules.Resource]*ResourceResult{}
	rep.Resources = make([]ResourceResult, len(resources))
	for i, r := range resources {
		rep.Resources[i] = ResourceResult{Resource: r, Class: rules.Unknown}
		byRes[r] = &rep.Resources[i]
	}
	for _, f := range findings {
		rr := byRes[f.Resource]
		rr.References++
		if f.Encoding != "plain" {
			rr.Encoded++
		}
		if f.Class == rules.Declared || rr.Class == rules.Unknown {
			rr.Class = f.Class
		}
	}
	rep.Stats.Resources = len(resources)
	if opts.Mode == ModeChange {
		// Absence from a change says nothing about a resource: report only those it mentions.
		rep.Resources = slices.DeleteFunc(rep.Resources, func(rr ResourceResult) bool { return rr.Class == rules.Unknown })
	}
	for i := range rep.Resources {
		rr := &rep.Resources[i]
		if rr.Class != rules.Unknown {
			continue
		}
		f := Finding{
			Rule: rules.UnknownResource, Resource: rr.Resource, Class: rules.Unknown,
			Path: Placeholder, Line: 1, Column: 1, EndColumn: 2,
		}
		f.Level = rules.LevelFor(f.Rule, rr.Resource, false)
		if o := rr.Origin; o.Anchor != "" && o.Line > 0 {
			f.Path, f.Line = o.Anchor, o.Line
		}
		findings = append(findings, f)
	}
	slices.SortFunc(findings, func(a, b Finding) int {
		if c := cmpStrings(a.Path, b.Path); c != 0 {
			return c
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		if a.Column != b.Column {
			return a.Column - b.Column
		}
		if c := cmpStrings(string(a.Rule), string(b.Rule), a.Resource.Canonical, b.Resource.Canonical, a.Encoding, b.Encoding,
			a.Match, b.Match, a.Snippet, b.Snippet); c != 0 {
			return c
		}
		// Versions of one line in history: the workers' order must not leak into the report.
		var ac, bc string
		if a.History != nil {
			ac = a.History.Commit
		}
		if b.History != nil {
			bc = b.History.Commit
		}
		return strings.Compare(ac, bc)
	})
	seen := map[string]int{}
	for i := range findings {
		f := &findings[i]
		k := string(f.Rule) + "\x00" + f.Resource.Canonical + "\x00" + f.Path + "\x00" + f.Match + "\x00" + f.Encoding
		f.Fingerprint = fingerprint(f, seen[k])
		seen[k]++
	}
	rep.Findings = findings
	rep.relevel()
}
