package output

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
)

var levelColor = map[rules.Level]string{rules.Error: "\x1b[1;31m", rules.Warning: "\x1b[33m", rules.Note: "\x1b[36m"}

// Text writes the report for people: for a scan, each resource with its class and its
// references in compiler style; for analyze and inventory, their hosts; then the files that were
// skipped for a reason other than being binary, and a summary line.
func Text(w io.Writer, rep *report.Report, opts Options) error {
	if rep.Incomplete != "" {
		fmt.Fprintf(w, "error: incomplete scan: %s\n", rep.Incomplete)
	}
	compromiseText(w, rep, opts) // the playbook's verdict (--investigate) leads
	switch {
	case rep.Analysis != nil:
		analysisText(w, rep, opts)
	case rep.Inventory != nil:
		inventoryText(w, rep, opts)
	default:
		if err := scanText(w, rep, opts); err != nil {
			return err
		}
	}
	if cut := sarifCut(rep, opts); cut != "" {
		fmt.Fprintf(w, "warning: %s\n", cut)
	}
	return nil
}

func scanText(w io.Writer, rep *report.Report, opts Options) error {
	paint := func(l rules.Level, s string) string {
		if !opts.Color || levelColor[l] == "" {
			return s
		}
		return levelColor[l] + s + "\x1b[0m"
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	// Unknown resources first: they are what the reader has to act on.
	order := make([]int, len(rep.Resources))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return int(rep.Resources[b].Class) - int(rep.Resources[a].Class) })
	// Each resource's line, then its findings: the findings come grouped in the same order.
	next := 0 // order[:next] have had their line
	upTo := func(res int) {
		if res >= 0 && next > 0 && order[next-1] == res {
			return
		}
		for next < len(order) {
			i := order[next]
			next++
			resourceText(w, &rep.Resources[i], paint)
			if i == res {
				return
			}
		}
	}
	err := rep.EachFindingOf(order, func(f *report.Finding) error {
		upTo(f.ResourceIndex())
		if f.Path == report.Placeholder {
			return nil
		}
		level := paint(f.Level, f.Level.String())
		if f.Suppressed != nil {
			level = "suppressed " + f.Level.String()
		}
		fmt.Fprintf(w, "%s:%d:%d: %s: %s: %s\n", f.DisplayPath(), f.Line, f.Column, level, f.Rule, f.Message)
		if f.Snippet != "" {
			fmt.Fprintf(w, "    %s\n", f.Snippet)
		}
		return nil
	})
	if err != nil {
		return err
	}
	upTo(-1)
	skipped(w, rep)
	if opts.Quiet {
		return nil
	}
	unit := "file"
	if rep.Mode != report.ModeTree {
		unit = "blob"
	}
	if rep.Mode == report.ModeChange {
		// Absence from a change says nothing: no resource is called unknown here.
		fmt.Fprintf(w, "%d resource%s searched: %d referenced by the change", rep.Stats.Resources, plural(rep.Stats.Resources), len(rep.Resources))
	} else {
		fmt.Fprintf(w, "%d resource%s: %d declared, %d historical, %d unknown", len(rep.Resources), plural(len(rep.Resources)),
			rep.Count(rules.Declared), rep.Count(rules.Historical), rep.Count(rules.Unknown))
	}
	fmt.Fprintf(w, "; %d %s%s scanned, %d skipped", rep.Stats.Files, unit, plural(rep.Stats.Files), rep.Stats.Skipped)
	if reasons := skipReasons(rep); reasons != "" {
		fmt.Fprintf(w, " (%s)", reasons)
	}
	fmt.Fprintf(w, "; %s\n", rep.Stats.Duration.Round(1e6))
	return nil
}

// resourceText is a resource's line, and Page Shield's view of it.
func resourceText(w io.Writer, rr *report.Resource, paint func(rules.Level, string) string) {
	fmt.Fprintf(w, "%s %s", paint(rr.Level, fmt.Sprintf("%-10s", rr.Class.String())), rr.Canonical)
	if rr.Canonical != rr.Raw {
		fmt.Fprintf(w, " (given as %s)", rr.Raw)
	}
	if rr.Class == rules.Unknown {
		fmt.Fprintf(w, ": %s, referenced nowhere in the scanned code\n", paint(rr.Level, rr.Level.String()))
	} else {
		fmt.Fprintf(w, ": %d reference%s\n", rr.References, plural(rr.References))
	}
	if ps := rr.PageShield; ps != nil {
		verdict := "not flagged malicious"
		switch {
		case ps.Malicious:
			verdict = "MALICIOUS (" + strings.Join(ps.Reasons, "; ") + ")"
		case ps.Unverified:
			verdict = "verdict unverified (" + strings.Join(ps.Reasons, "; ") + ")"
		case len(ps.Reasons) > 0: // what the data could not say, such as a script not scored
			verdict += " (" + strings.Join(ps.Reasons, "; ") + ")"
		}
		kind := ps.Kind
		if kind == "" {
			kind = "alerted" // a host, or a URL of an alert that does not say which
		}
		fmt.Fprintf(w, "    page shield: %s, %s", kind, verdict)
		if ps.LastSeen != "" {
			fmt.Fprintf(w, ", last seen %s", ps.LastSeen)
		}
		if len(ps.PageURLs) > 0 {
			fmt.Fprintf(w, ", on %s", strings.Join(ps.PageURLs, " "))
		}
		fmt.Fprintln(w)
	}
	intelText(w, rr.Intel, "    ")
}

// skipped lists every skip but the binary files, which are only counted.
func skipped(w io.Writer, rep *report.Report) {
	for _, s := range rep.Skipped {
		if s.Reason != "binary" {
			fmt.Fprintf(w, "skipped %s\n", s)
		}
	}
}

// partial reports whether a limit stopped part of the work (a decoder or emulation limit).
func partial(rep *report.Report) bool {
	for _, s := range rep.Skipped {
		if s.Reason != "binary" {
			return true
		}
	}
	return false
}

// skipReasons counts the skips by reason: "1 binary, 2 too-large".
func skipReasons(rep *report.Report) string {
	reasons := map[report.SkipReason]int{}
	for _, s := range rep.Skipped {
		reasons[s.Reason]++
	}
	var parts []string
	for r, n := range reasons {
		parts = append(parts, fmt.Sprintf("%d %s", n, r))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

func analysisText(w io.Writer, rep *report.Report, opts Options) {
	a := rep.Analysis
	fmt.Fprintf(w, "%s: %d bytes, obfuscation score %d/100 (%s)\n", a.Name, a.Size, a.Score, a.Verdict)
	if len(a.Hosts) == 0 && !partial(rep) {
		fmt.Fprintln(w, "no URL, hostname or IP address found")
	} else if len(a.Hosts) == 0 {
		fmt.Fprintln(w, "no URL, hostname or IP address found in what could be read (see the skips below)")
	}
	for _, h := range a.Hosts {
		hidden := ""
		if h.Hidden {
			hidden = " HIDDEN"
		}
		fmt.Fprintf(w, "host %s (%s, %s): %d mention%s, %s%s\n", h.Host, h.Kind, h.Registrable, h.Mentions, plural(h.Mentions),
			strings.Join(h.Encodings, ", "), hidden)
		intelText(w, h.Intel, "    ")
	}
	if !opts.Quiet {
		for _, f := range rep.Findings {
			fmt.Fprintf(w, "%s:%d:%d: %s %s", a.Name, f.Line, f.Column, f.Encoding, f.Canonical)
			if f.Encoding != "plain" {
				fmt.Fprintf(w, " (decodes to %q)", f.Decoded)
			}
			fmt.Fprintln(w)
		}
	}
	for _, in := range a.Indicators {
		fmt.Fprintf(w, "indicator %s (+%d) at %d:%d", in.Kind, in.Weight, in.Line, in.Column)
		if in.Count > 1 {
			fmt.Fprintf(w, " and %d more", in.Count-1)
		}
		fmt.Fprintf(w, ": %s\n", in.Evidence)
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	skipped(w, rep)
}

func inventoryText(w io.Writer, rep *report.Report, opts Options) {
	inv := rep.Inventory
	section := func(title string, groups []report.Domain) {
		n := 0
		for _, d := range groups {
			n += len(d.Hosts)
		}
		fmt.Fprintf(w, "%s: %d host%s in %d domain%s\n", title, n, plural(n), len(groups), plural(len(groups)))
		for _, d := range groups {
			fmt.Fprintf(w, "%s\n", d.Domain)
			for _, h := range d.Hosts {
				fmt.Fprintf(w, "  %s (%s): %s\n", h.Host, h.Kind, contexts(h.Contexts))
				intelText(w, h.Intel, "    ")
				if opts.Quiet {
					continue
				}
				for _, l := range h.Locations {
					fmt.Fprintf(w, "    %s:%d:%d: %s: %s", report.Escape(l.Path), l.Line, l.Column, l.Context, l.Match)
					if l.Commit != "" {
						fmt.Fprintf(w, " (commit %s)", l.Commit[:min(7, len(l.Commit))])
					}
					fmt.Fprintln(w)
				}
			}
		}
	}
	if inv.Since != "" {
		fmt.Fprintf(w, "note: only the lines that the commits after %s add\n", inv.Since)
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	section("third parties", inv.ThirdParty)
	if len(inv.SiteHosts) > 0 {
		section("first party (--site-host)", inv.FirstParty)
	}
	if c := inv.Against; c != nil {
		fmt.Fprintf(w, "against Page Shield (%s): %d observed, %d undeclared, %d stale\n", c.Source, c.Observed, len(c.Undeclared), len(c.Stale))
		for _, u := range c.Undeclared {
			fmt.Fprintf(w, "  undeclared %s (%s): Page Shield observed it; the code never names %s\n", u.Canonical, u.Origin, u.Host)
		}
		for _, s := range c.Stale {
			fmt.Fprintf(w, "  stale      %s: declared at %s:%d (%s), not observed by Page Shield\n", s.Host, report.Escape(s.At.Path), s.At.Line, s.At.Context)
		}
	}
	if bl := inv.Baseline; bl != nil {
		if bl.File != "" {
			fmt.Fprintf(w, "new since baseline %s: %d host%s\n", bl.File, len(bl.New), plural(len(bl.New)))
			for _, h := range bl.New {
				fmt.Fprintf(w, "  new        %s: %s:%d:%d (%s)\n", h.Host, report.Escape(h.At.Path), h.At.Line, h.At.Column, h.At.Context)
			}
		}
		if bl.Written != "" {
			fmt.Fprintf(w, "baseline written to %s\n", bl.Written)
		}
	}
	skipped(w, rep)
	if !opts.Quiet {
		fmt.Fprintf(w, "%d file%s read, %d skipped\n", rep.Stats.Files, plural(rep.Stats.Files), rep.Stats.Skipped)
	}
}

func contexts(cs []rules.Context) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	return strings.Join(s, ", ")
}
