package investigate

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner/analyze"
)

// maxEvidence caps the evidence listed per indicator; the summary says how many more there are.
const maxEvidence = 10

// Scan looks up the host of every resource of rep and every external host that the alerted
// scripts' sources name (scripts: the analyses of scan --expand, by the script's canonical
// URL), records each verdict with its resource, and judges each alerted resource (Judge).
func (iv *Investigation) Scan(ctx context.Context, rep *report.Report, scripts map[string]*analyze.Result) error {
	var hosts []string
	for _, r := range rep.Resources {
		if r.Host != "" {
			hosts = append(hosts, r.Host)
		}
	}
	for _, res := range scripts {
		for _, m := range res.Mentions {
			if m.External() {
				hosts = append(hosts, m.Host)
			}
		}
	}
	verdicts, err := iv.Lookup(ctx, rep, hosts)
	if err != nil {
		return err
	}
	for i, r := range rep.Resources {
		if v := verdicts[r.Host]; v != nil {
			rep.SetIntel(i, v)
		}
	}
	rep.RaiseMalicious(verdicts)
	Judge(rep, verdicts, scripts)
	iv.note(rep)
	return nil
}

func (iv *Investigation) note(rep *report.Report) {
	for _, n := range iv.notes {
		rep.AddNote(n)
	}
}

// Judge weighs each alerted resource of rep (one that no script was expanded into) against the
// playbook's three indicators of an ongoing active compromise:
//
//  1. present: the code references it at HEAD (a comment or docs aside);
//  2. malicious resource: Page Shield calls it malicious, or threat intelligence its host;
//  3. malicious source: its source (scripts, by canonical URL) names a host that threat
//     intelligence (verdicts, by host) calls malicious; one only decoding reveals counts double.
//
// Every alerted resource gets its Compromise; one where 1 holds with 2 or 3 also gets an
// active-compromise finding at its first reference.
func Judge(rep *report.Report, verdicts map[string]*report.Intel, scripts map[string]*analyze.Result) {
	bySafe := make(map[string]*analyze.Result, len(scripts))
	for k, v := range scripts {
		bySafe[report.Safe(k)] = v
	}
	refs := map[int][]report.Finding{}
	for _, f := range rep.Findings {
		refs[f.ResourceIndex()] = append(refs[f.ResourceIndex()], f)
	}
	for i := range rep.Resources {
		r := &rep.Resources[i]
		if r.Parent != "" {
			continue
		}
		present, at, historical := presence(rep.Mode, refs[i])
		bad := maliciousResource(r)
		src := maliciousSource(r, bySafe[r.Canonical], verdicts)
		c := &report.Compromise{Indicators: []report.Sign{present, bad, src}}
		c.Active = present.Holds && (bad.Holds || src.Holds)
		c.Next = next(r, c, at, historical, rep.Mode)
		if !c.Active {
			rep.SetCompromise(i, c, nil, "")
			continue
		}
		ref := &report.Ref{
			Rule: rules.ActiveCompromise, Level: rules.Error, Class: rules.Declared,
			Path: at.Path, Line: at.Line, Column: at.Column, EndColumn: at.EndColumn,
			Match: at.Match, Snippet: at.Snippet, Strength: at.Strength, Context: at.Context, Encoding: at.Encoding, History: at.History,
		}
		msg := fmt.Sprintf("ongoing active compromise (indicators %s of 3 hold): %s", c.Holding(), present.Summary)
		for _, s := range []report.Sign{bad, src} {
			if s.Holds {
				msg += "; " + s.Summary
			}
		}
		rep.SetCompromise(i, c, ref, msg)
	}
}

// presence is indicator 1: the references that load the resource at HEAD. at is the first of
// them; historical is set when only git history references it.
func presence(mode report.Mode, fs []report.Finding) (s report.Sign, at *report.Finding, historical bool) {
	s = report.Sign{Number: 1, Name: rules.IndicatorPresent, Assessed: true}
	if mode == report.ModeChange {
		s.Assessed = false
		s.Summary = "not assessed: a change scan (--since, --staged) sees what the change adds, not what HEAD holds"
		return s, nil, false
	}
	var quiet []string
	n := 0
	for i := range fs {
		f := &fs[i]
		if f.Rule == rules.UnknownResource || f.Rule == rules.ActiveCompromise || f.Path == report.Placeholder {
			continue
		}
		if f.Class == rules.Historical || f.History != nil && !f.History.AtHEAD {
			historical = true
			continue
		}
		if f.Context == rules.CtxComment || f.Context == rules.CtxDocs {
			quiet = append(quiet, fmt.Sprintf("%s:%d", f.DisplayPath(), f.Line))
			continue
		}
		n++
		if at == nil {
			at = f
		}
		if len(s.Evidence) < maxEvidence {
			s.Evidence = append(s.Evidence, report.Evidence{Where: fmt.Sprintf("%s:%d", f.DisplayPath(), f.Line), Detail: detail(f)})
		}
	}
	switch {
	case n > 0:
		s.Holds = true
		s.Summary = fmt.Sprintf("the code loads it at HEAD: %s", s.Evidence[0].Where)
		if n > 1 {
			s.Summary += fmt.Sprintf(" and %d more place%s", n-1, plural(n-1))
		}
	case historical:
		s.Summary = "only git history references it"
	case len(quiet) > 0:
		s.Summary = "only comments or docs name it (" + strings.Join(quiet, ", ") + "): nothing loads it"
	default:
		s.Summary = "the scanned code does not reference it"
	}
	return s, at, historical
}

// detail is what a reference of indicator 1 does: its context, its encoding, its state.
func detail(f *report.Finding) string {
	d := string(f.Context)
	if f.Served {
		d = "the file served as the script"
	}
	if f.Encoding != "" && f.Encoding != "plain" {
		d += ", " + f.Encoding + "-encoded"
	}
	if f.Suppressed != nil {
		d += ", suppressed (" + f.Suppressed.Where + ")"
	}
	return d
}

// maliciousResource is indicator 2: Page Shield's verdict, and threat intelligence's on the host.
func maliciousResource(r *report.Resource) report.Sign {
	// "no data" assesses nothing: only a verdict can say that the indicator does not hold.
	s := report.Sign{Number: 2, Name: rules.IndicatorMaliciousResource,
		Assessed: r.PageShield != nil || r.Intel != nil && r.Intel.Verdict != report.VerdictNoData}
	var yes, no []string
	if ps := r.PageShield; ps != nil && ps.Malicious {
		s.Evidence = append(s.Evidence, report.Evidence{Source: "page-shield", Categories: ps.Categories, Detail: strings.Join(ps.Reasons, "; ")})
		yes = append(yes, "Page Shield flags it malicious"+paren(ps.Reasons))
	} else if ps != nil {
		no = append(no, "Page Shield does not flag it")
	}
	if v := r.Intel; v != nil && v.Malicious {
		s.Evidence = append(s.Evidence, report.Evidence{Host: v.Host, Source: v.Source, Categories: v.Categories, Detail: strings.Join(v.Reasons, "; ")})
		yes = append(yes, fmt.Sprintf("%s calls its host %s malicious%s", v.Source, v.Host, paren(v.Reasons)))
	} else if v != nil && v.Verdict == report.VerdictNoData {
		no = append(no, fmt.Sprintf("threat intelligence has no data on %s (which is not clean)", v.Host))
	} else if v != nil {
		no = append(no, fmt.Sprintf("threat intelligence on %s: %s", v.Host, v.Verdict))
	}
	switch {
	case len(yes) > 0:
		s.Holds = true
		s.Summary = strings.Join(yes, "; ")
	case !s.Assessed:
		s.Summary = "not assessed: no Page Shield verdict, and " + strings.Join(no, "; ")
	case len(no) > 0:
		s.Summary = strings.Join(no, "; ")
	default:
		s.Summary = "not assessed: no Page Shield verdict and no threat intelligence on its host"
	}
	return s
}

// maliciousSource is indicator 3: the hosts that the resource's source names and threat
// intelligence calls malicious, each once, an obfuscated one (only decoding reveals some
// mention) weighing 2.
func maliciousSource(r *report.Resource, res *analyze.Result, verdicts map[string]*report.Intel) report.Sign {
	s := report.Sign{Number: 3, Name: rules.IndicatorMaliciousSource}
	switch {
	case r.Kind != rules.URL || r.PageShield != nil && r.PageShield.Kind != "" && r.PageShield.Kind != "script":
		s.Summary = "not applicable: only a script has source code"
		return s
	case res == nil:
		s.Summary = "not assessed: the script's source was not analysed (add --expand; offline, give it with --script-source URL=FILE)"
		return s
	}
	s.Assessed = true
	type host struct {
		name       string
		obfuscated bool
		encodings  []string
		v          *report.Intel
	}
	var bad []*host
	byName := map[string]*host{}
	named, noData := map[string]bool{}, map[string]bool{}
	for _, m := range res.Mentions {
		if !m.External() || m.Host == r.Host {
			continue
		}
		named[m.Host] = true
		v := verdicts[m.Host]
		if v == nil || !v.Malicious {
			if v == nil || v.Verdict == report.VerdictNoData {
				noData[m.Host] = true
			}
			continue
		}
		h := byName[m.Host]
		if h == nil {
			h = &host{name: m.Host, v: v}
			byName[m.Host] = h
			bad = append(bad, h)
		}
		h.obfuscated = h.obfuscated || m.Hidden()
		if !slices.Contains(h.encodings, m.Encoding) {
			h.encodings = append(h.encodings, m.Encoding)
		}
		if len(s.Evidence) < maxEvidence {
			s.Evidence = append(s.Evidence, report.Evidence{
				Where: r.Canonical + ":" + strconv.Itoa(m.Line), Host: m.Host, Source: v.Source, Categories: v.Categories,
				Encoding: m.Encoding, Obfuscated: m.Hidden(),
			})
		}
	}
	if len(bad) == 0 {
		switch {
		case len(named) == 0:
			s.Summary = "its source names no external host"
		case len(noData) > 0:
			s.Summary = fmt.Sprintf("its source names %d external host%s, none called malicious (%d with no data, which is not clean)", len(named), plural(len(named)), len(noData))
		default:
			s.Summary = fmt.Sprintf("its source names %d external host%s, none called malicious", len(named), plural(len(named)))
		}
		return s
	}
	s.Holds = true
	obf := 0
	var parts []string
	for _, h := range bad {
		s.Weight++
		how := strings.Join(h.encodings, ", ")
		if h.obfuscated {
			s.Weight++
			obf++
			how = "obfuscated: " + how
		}
		what := h.v.Source
		if len(h.v.Categories) > 0 {
			what += ": " + strings.Join(h.v.Categories, ", ")
		}
		parts = append(parts, fmt.Sprintf("%s (%s; %s)", h.name, what, how))
	}
	s.Summary = fmt.Sprintf("its source names %d host%s that threat intelligence calls malicious", len(bad), plural(len(bad)))
	if obf > 0 {
		s.Summary += fmt.Sprintf(", %d obfuscated (counted double: weight %d)", obf, s.Weight)
	}
	s.Summary += ": " + strings.Join(parts, ", ")
	return s
}

// next is what the playbook says to do, given which indicators hold.
func next(r *report.Resource, c *report.Compromise, at *report.Finding, historical bool, mode report.Mode) string {
	present, bad, src := c.Indicators[0], c.Indicators[1], c.Indicators[2]
	switch {
	case c.Active:
		block := []string{r.Host}
		for _, e := range src.Evidence {
			if !slices.Contains(block, e.Host) {
				block = append(block, e.Host)
			}
		}
		return fmt.Sprintf("contain now: remove the reference at %s:%d and deploy, block %s in the Content Security Policy and with a Page Shield policy, and keep the evidence; then find how it got in (git blame on that line) and rotate the credentials that could have pushed it (the active-compromise playbook)",
			at.DisplayPath(), at.Line, strings.Join(block, ", "))
	case !present.Assessed && (bad.Holds || src.Holds):
		return "malicious, and a change scan cannot tell whether HEAD loads it: scan the working tree with --investigate to weigh indicator 1"
	case bad.Holds || src.Holds:
		where := "not found in the code"
		if historical {
			where = "only in git history: check that the deployed site is built from a commit after its removal; if Page Shield still sees it, the code no longer explains it, so"
		}
		return where + ": something else loads it: a browser extension on visitors' machines, a third-party script, the CDN, edge or CMS, or a conditional loader that serves it only in some states or countries (geography) or to a percentage of visitors. Fetch the pages that load it as visitors from several countries and browsers, compare them with the repository, and block its hosts in the Content Security Policy meanwhile"
	case present.Holds:
		s := "present in the code, with no malicious verdict: confirm its owner and purpose (\"no data\" is not \"clean\")"
		if !src.Assessed && strings.HasPrefix(src.Summary, "not assessed") {
			s += "; add --expand to weigh the hosts in its source (indicator 3)"
		}
		return s
	case historical:
		return "only in git history, with no malicious verdict: check that the deployed site is built from a commit after its removal"
	}
	return "not found in the code, with no malicious verdict: follow the unknown-resource playbook (browser extensions, third-party scripts, conditional loading by state, geography or percentage of visitors)"
}

func paren(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return " (" + strings.Join(ss, "; ") + ")"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Analysis looks up every host of analyze's report and records each verdict with the host. A
// script that names malicious hosts holds the playbook's indicator 3: a note says so, and how
// to weigh indicators 1 and 2 (a scan of the code).
func (iv *Investigation) Analysis(ctx context.Context, rep *report.Report) error {
	a := rep.Analysis
	var hosts []string
	for _, h := range a.Hosts {
		hosts = append(hosts, h.Host)
	}
	verdicts, err := iv.lookupWithResources(ctx, rep, hosts)
	if err != nil {
		return err
	}
	var parts []string
	obf, weight := 0, 0
	for i := range a.Hosts {
		h := &a.Hosts[i]
		v := verdicts[h.Host]
		h.Intel = report.SafeIntel(v)
		if v == nil || !v.Malicious {
			continue
		}
		weight++
		if h.Hidden {
			weight++
			obf++
		}
		parts = append(parts, h.Host)
	}
	rep.RaiseMalicious(verdicts)
	iv.note(rep)
	if len(parts) > 0 {
		n := fmt.Sprintf("indicator 3 of the compromise playbook holds: the script names %d host%s that threat intelligence calls malicious", len(parts), plural(len(parts)))
		if obf > 0 {
			n += fmt.Sprintf(", %d obfuscated (counted double: weight %d)", obf, weight)
		}
		n += " (" + strings.Join(parts, ", ") + "); whether it is an ongoing active compromise depends on whether the code loads it: shieldscan scan --expand --investigate -r SCRIPT_URL --script-source SCRIPT_URL=FILE"
		rep.AddNote(n)
	}
	return nil
}

// lookupWithResources looks up hosts and the hosts of rep's resources, and records each
// resource's verdict.
func (iv *Investigation) lookupWithResources(ctx context.Context, rep *report.Report, hosts []string) (map[string]*report.Intel, error) {
	for _, r := range rep.Resources {
		hosts = append(hosts, r.Host)
	}
	verdicts, err := iv.Lookup(ctx, rep, hosts)
	if err != nil {
		return nil, err
	}
	for i, r := range rep.Resources {
		if v := verdicts[r.Host]; v != nil {
			rep.SetIntel(i, v)
		}
	}
	return verdicts, nil
}

// Inventory looks up every host of inventory's report and records each verdict with the host;
// a note lists the hosts the code references that threat intelligence calls malicious.
func (iv *Investigation) Inventory(ctx context.Context, rep *report.Report) error {
	inv := rep.Inventory
	var hosts []string
	for _, groups := range [][]report.Domain{inv.ThirdParty, inv.FirstParty} {
		for _, d := range groups {
			for _, h := range d.Hosts {
				hosts = append(hosts, h.Host)
			}
		}
	}
	verdicts, err := iv.lookupWithResources(ctx, rep, hosts)
	if err != nil {
		return err
	}
	var bad []string
	for _, groups := range [][]report.Domain{inv.ThirdParty, inv.FirstParty} {
		for _, d := range groups {
			for j := range d.Hosts {
				h := &d.Hosts[j]
				v := verdicts[h.Host]
				h.Intel = report.SafeIntel(v)
				if v != nil && v.Malicious && len(h.Locations) > 0 {
					l := h.Locations[0]
					bad = append(bad, fmt.Sprintf("%s at %s:%d", h.Host, report.Escape(l.Path), l.Line))
				}
			}
		}
	}
	rep.RaiseMalicious(verdicts)
	iv.note(rep)
	if len(bad) > 0 {
		rep.AddNote(fmt.Sprintf("the code references %d host%s that threat intelligence calls malicious: %s; follow the malicious-reference playbook", len(bad), plural(len(bad)), strings.Join(bad, ", ")))
	}
	return nil
}
