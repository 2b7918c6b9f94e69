package merge

import (
	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
)

// ModeMerge is the mode of the report that View.Report builds.
const ModeMerge report.Mode = "merge"

// Report turns the view into findings, so that every report format (SARIF above all) can show
// it: one finding per repository and reference, at the reference's path prefixed with the
// repository ("owner/repo/web/index.html"), with its rule, level, class and commit; and one
// unknown-resource finding at report.Placeholder for each resource that no repository
// references. A resource that one repository references is not reported as unknown in the
// others: in an incident across repositories, it is accounted for.
func (v *View) Report() *report.Report {
	resources := make([]*rules.Resource, len(v.Resources))
	byCanon := make(map[string]*rules.Resource, len(v.Resources))
	for i, r := range v.Resources {
		resources[i] = &rules.Resource{Raw: r.Raw, Canonical: r.Canonical, Kind: r.Kind, PageShield: r.PageShield}
		byCanon[r.Canonical] = resources[i]
	}
	b := report.NewBuilder(ModeMerge, resources)
	for _, r := range v.refs {
		f := r.f
		ref := report.Ref{
			Rule: f.rule, Level: f.level, Class: f.class, Resource: byCanon[f.canonical],
			Path: r.repo + "/" + f.path, Line: f.line, Column: f.column, EndColumn: f.endColumn,
			Match: f.match, Snippet: f.snippet, Strength: f.strength, Context: f.context,
			Encoding: f.encoding, Decoded: f.decoded, Sink: f.sink, Served: f.served, Suppressed: f.suppressed,
		}
		if h := f.history; h != nil {
			c := *h
			c.Path = r.repo + "/" + h.Path
			ref.History = &c
		}
		b.Add(ref)
	}
	for i, r := range v.Resources {
		if r.Class == rules.Unknown {
			b.Add(report.Ref{Rule: rules.UnknownResource, Level: r.Level, Class: rules.Unknown, Resource: resources[i],
				Path: report.Placeholder, Line: 1, Column: 1, EndColumn: 2})
		}
	}
	for _, s := range v.skipped {
		b.Skip(s)
	}
	rep := b.Finish()
	rep.Stats.Files = v.files
	for _, n := range v.Notes {
		rep.AddNote(n)
	}
	if len(v.Repositories) > 0 {
		names := make([]string, len(v.Repositories))
		for i, rp := range v.Repositories {
			names[i] = rp.Name
		}
		rep.PrependNotes([]string{"merged from " + count(len(names), "repository") + ": " + list(names, 20)})
	}
	if v.Incomplete != "" {
		rep.MarkIncomplete(v.Incomplete)
	}
	return rep
}
