package inventory

import (
	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
)

// ReportOptions say what an inventory was compared with, for its report.
type ReportOptions struct {
	// Against is the comparison with Page Shield (nil: none), and Source names its data.
	Against *Comparison
	Source  string
	// Baseline is set when a baseline was read (from BaselineFile); New are the hosts it lacks.
	Baseline     bool
	BaselineFile string
	New          []*Host
	// Written is the baseline file written, if any; SiteHosts and Since as given.
	Written   string
	SiteHosts []string
	Since     string
}

// Report turns an inventory into the report every command writes. With Page Shield data:
// unknown-resource for each observed resource the code never declares and stale-declared at each
// location of a host Page Shield has not seen; with a baseline, new-third-party at each location
// of a new host; otherwise third-party-host at every location.
func Report(inv *Result, opts ReportOptions) *report.Report {
	b := report.NewBuilder(report.ModeInventory, nil)
	for _, s := range inv.Skipped {
		b.Skip(s)
	}
	at := func(rule rules.RuleID, level rules.Level, hosts []*Host) {
		for _, h := range hosts {
			for _, l := range h.Locations {
				r := report.Ref{
					Rule: rule, Level: level, Resource: h.Resource, Class: rules.Declared,
					Path: l.Path, Line: l.Line, Column: l.Column, EndColumn: l.EndCol,
					Match: l.Match, Snippet: l.Snippet, Context: l.Context, Encoding: "plain",
				}
				if l.Commit != "" {
					r.History = &report.History{Path: l.Path, Commit: l.Commit, AtHEAD: true}
				}
				b.Add(r)
			}
		}
	}
	cmp := opts.Against
	switch {
	case cmp != nil || opts.Baseline:
		if cmp != nil {
			for _, r := range cmp.Undeclared {
				f := report.Ref{
					Rule: rules.UnknownResource, Level: rules.LevelFor(rules.UnknownResource, r, false), Resource: r,
					Class: rules.Unknown, Path: report.Placeholder, Line: 1, Column: 1, EndColumn: 2,
				}
				if r.Origin.Anchor != "" {
					f.Path, f.Line = r.Origin.Anchor, r.Origin.Line
				}
				b.Add(f)
			}
			at(rules.StaleDeclared, rules.Warning, cmp.Stale)
		}
		at(rules.NewThirdParty, rules.Error, opts.New)
	default:
		at(rules.ThirdPartyHost, rules.Note, inv.Hosts(false))
	}
	rep := b.Finish()
	rep.Stats.Files = inv.Files
	sec := &report.Inventory{
		ThirdParty: domains(inv.ThirdParty), FirstParty: domains(inv.FirstParty),
		SiteHosts: report.SafeAll(opts.SiteHosts), Since: report.Safe(opts.Since),
	}
	if cmp != nil {
		c := &report.Comparison{Source: report.Safe(opts.Source), Observed: cmp.Observed, Undeclared: []report.Undeclared{}, Stale: []report.HostAt{}}
		for _, r := range cmp.Undeclared {
			c.Undeclared = append(c.Undeclared, report.Undeclared{
				Canonical: report.Safe(r.Canonical), Host: report.Safe(r.Host), Origin: report.Safe(r.Origin.String()),
			})
		}
		for _, h := range cmp.Stale {
			c.Stale = append(c.Stale, report.HostAt{Host: report.Safe(h.Host), At: declaring(h)})
		}
		sec.Against = c
	}
	if opts.Baseline || opts.Written != "" {
		bl := &report.Baseline{File: report.Safe(opts.BaselineFile), New: []report.HostAt{}, Written: report.Safe(opts.Written)}
		for _, h := range opts.New {
			bl.New = append(bl.New, report.HostAt{Host: report.Safe(h.Host), At: h.Locations[0]})
		}
		sec.Baseline = bl
	}
	rep.Inventory = sec
	return rep
}

func domains(ds []Domain) []report.Domain {
	out := []report.Domain{}
	for _, d := range ds {
		rd := report.Domain{Domain: report.Safe(d.Domain), Hosts: []report.Host{}}
		for _, h := range d.Hosts {
			rd.Hosts = append(rd.Hosts, report.Host{
				Host: report.Safe(h.Host), Kind: h.Kind, Domain: report.Safe(h.Domain), URLs: report.SafeAll(h.URLs),
				Contexts: h.Contexts, Locations: h.Locations,
			})
		}
		out = append(out, rd)
	}
	return out
}

// declaring is the host's first location in code or configuration, or its first at all.
func declaring(h *Host) report.Location {
	for _, l := range h.Locations {
		if l.Context != rules.CtxDocs && l.Context != rules.CtxComment {
			return l
		}
	}
	return h.Locations[0]
}
