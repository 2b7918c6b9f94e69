package investigate

import (
	"strings"
	"testing"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner/analyze"
)

const scriptURL = "https://cdn.widgets.example/w.js"

// hidden names collect.evil.example in base64, and plain.evil.example plainly.
const hidden = `var u=atob("aHR0cHM6Ly9jb2xsZWN0LmV2aWwuZXhhbXBsZS9j");` + "\n" + `var v="https://plain.evil.example/p";` + "\n"

func malware(host, source string) *report.Intel {
	return &report.Intel{Host: host, Verdict: report.VerdictMalicious, Malicious: true, Source: source, Categories: []string{"Malware"}, Reasons: []string{"Malware"}}
}

func noData(host string) *report.Intel {
	return &report.Intel{Host: host, Verdict: report.VerdictNoData, Reasons: []string{"no data: Cloudflare Intel knows nothing about this domain"}}
}

// ref is one reference to the resource at line, in context ctx; history, when set, says whether
// HEAD still holds it.
type ref struct {
	line    int
	ctx     rules.Context
	atHEAD  *bool
	encoded bool
}

func TestJudge(t *testing.T) {
	t.Parallel()
	yes, no := true, false
	tests := []struct {
		name     string
		resource string
		ps       *rules.Observation
		mode     report.Mode
		refs     []ref
		verdicts map[string]*report.Intel
		script   string // the alerted script's source; "" when not analysed
		parent   string

		active   bool
		holds    [3]bool
		assessed [3]bool
		weight   int
		summary  [3]string // parts of each indicator's summary
		next     string    // a part of Next
	}{
		{
			name: "loaded, Page Shield malicious", resource: scriptURL, ps: &rules.Observation{Kind: "script", Malicious: true, Reasons: []string{"malicious script"}},
			refs: []ref{{line: 3, ctx: rules.CtxScriptSrc}}, verdicts: map[string]*report.Intel{"cdn.widgets.example": noData("cdn.widgets.example")},
			active: true, holds: [3]bool{true, true, false}, assessed: [3]bool{true, true, false},
			summary: [3]string{"the code loads it at HEAD: web/index.html:3", "Page Shield flags it malicious (malicious script)", "not assessed: the script's source was not analysed"},
			next:    "contain now: remove the reference at web/index.html:3",
		},
		{
			name: "loaded, Intel calls its host malicious", resource: "evil.example", refs: []ref{{line: 1, ctx: rules.CtxCSP}},
			verdicts: map[string]*report.Intel{"evil.example": malware("evil.example", "cloudflare-intel")},
			active:   true, holds: [3]bool{true, true, false}, assessed: [3]bool{true, true, false},
			summary: [3]string{"", "cloudflare-intel calls its host evil.example malicious (Malware)", "not applicable: only a script has source code"},
			next:    "block evil.example in the Content Security Policy",
		},
		{
			name: "loaded, its source hides a malicious host: counted double", resource: scriptURL, refs: []ref{{line: 3, ctx: rules.CtxScriptSrc}},
			verdicts: map[string]*report.Intel{"collect.evil.example": malware("collect.evil.example", "cloudflare-intel"), "plain.evil.example": noData("plain.evil.example"), "cdn.widgets.example": noData("cdn.widgets.example")},
			script:   hidden,
			active:   true, holds: [3]bool{true, false, true}, assessed: [3]bool{true, false, true}, weight: 2,
			summary: [3]string{"", "not assessed: no Page Shield verdict, and threat intelligence has no data on cdn.widgets.example (which is not clean)", "names 1 host that threat intelligence calls malicious, 1 obfuscated (counted double: weight 2): collect.evil.example (cloudflare-intel: Malware; obfuscated: base64)"},
			next:    "block cdn.widgets.example, collect.evil.example in",
		},
		{
			name: "a plain and a hidden malicious host weigh 3", resource: scriptURL, refs: []ref{{line: 3, ctx: rules.CtxScriptSrc}},
			verdicts: map[string]*report.Intel{"collect.evil.example": malware("collect.evil.example", "feed.txt"), "plain.evil.example": malware("plain.evil.example", "feed.txt")},
			script:   hidden,
			active:   true, holds: [3]bool{true, false, true}, assessed: [3]bool{true, false, true}, weight: 3,
			summary: [3]string{"", "not assessed", "names 2 hosts that threat intelligence calls malicious, 1 obfuscated (counted double: weight 3)"},
		},
		{
			name: "loaded, its source names only hosts with no data", resource: scriptURL, refs: []ref{{line: 3, ctx: rules.CtxScriptSrc}},
			verdicts: map[string]*report.Intel{"collect.evil.example": noData("collect.evil.example"), "plain.evil.example": noData("plain.evil.example")},
			script:   hidden,
			holds:    [3]bool{true, false, false}, assessed: [3]bool{true, false, true},
			summary: [3]string{"", "", "its source names 2 external hosts, none called malicious (2 with no data, which is not clean)"},
			next:    "present in the code, with no malicious verdict: confirm its owner and purpose",
		},
		{
			name: "Page Shield does not flag it, Intel has no data: assessed by Page Shield alone", resource: scriptURL, ps: &rules.Observation{Kind: "script"},
			refs: []ref{{line: 3, ctx: rules.CtxScriptSrc}}, verdicts: map[string]*report.Intel{"cdn.widgets.example": noData("cdn.widgets.example")},
			holds: [3]bool{true, false, false}, assessed: [3]bool{true, true, false},
			summary: [3]string{"", "Page Shield does not flag it; threat intelligence has no data on cdn.widgets.example (which is not clean)", ""},
		},
		{
			name: "loaded, no verdict, not expanded", resource: scriptURL, refs: []ref{{line: 3, ctx: rules.CtxScriptSrc}},
			verdicts: map[string]*report.Intel{"cdn.widgets.example": noData("cdn.widgets.example")},
			holds:    [3]bool{true, false, false}, assessed: [3]bool{true, false, false},
			next: "add --expand to weigh the hosts in its source (indicator 3)",
		},
		{
			name: "malicious but not found: the not-found branch", resource: scriptURL, ps: &rules.Observation{Kind: "script", Malicious: true},
			holds: [3]bool{false, true, false}, assessed: [3]bool{true, true, false},
			summary: [3]string{"the scanned code does not reference it", "", ""},
			next:    "a browser extension on visitors' machines, a third-party script, the CDN, edge or CMS, or a conditional loader that serves it only in some states or countries (geography) or to a percentage of visitors",
		},
		{
			name: "named in a comment only: not present", resource: "evil.example", refs: []ref{{line: 2, ctx: rules.CtxComment}},
			verdicts: map[string]*report.Intel{"evil.example": malware("evil.example", "cloudflare-intel")},
			holds:    [3]bool{false, true, false}, assessed: [3]bool{true, true, false},
			summary: [3]string{"only comments or docs name it (web/index.html:2): nothing loads it", "", ""},
			next:    "not found in the code",
		},
		{
			name: "gone from HEAD: only history", resource: "evil.example", mode: report.ModeHistory, refs: []ref{{line: 1, ctx: rules.CtxScriptSrc, atHEAD: &no}},
			verdicts: map[string]*report.Intel{"evil.example": malware("evil.example", "cloudflare-intel")},
			holds:    [3]bool{false, true, false}, assessed: [3]bool{true, true, false},
			summary: [3]string{"only git history references it", "", ""},
			next:    "only in git history: check that the deployed site is built from a commit after its removal",
		},
		{
			name: "history scan, still at HEAD", resource: "evil.example", mode: report.ModeHistory, refs: []ref{{line: 1, ctx: rules.CtxScriptSrc, atHEAD: &yes}},
			verdicts: map[string]*report.Intel{"evil.example": malware("evil.example", "cloudflare-intel")},
			active:   true, holds: [3]bool{true, true, false}, assessed: [3]bool{true, true, false},
		},
		{
			name: "an encoded reference is present too", resource: "evil.example", refs: []ref{{line: 4, ctx: rules.CtxJSNetwork, encoded: true}},
			verdicts: map[string]*report.Intel{"evil.example": malware("evil.example", "feed.txt")},
			active:   true, holds: [3]bool{true, true, false}, assessed: [3]bool{true, true, false},
			summary: [3]string{"the code loads it at HEAD: web/index.html:4", "feed.txt calls its host evil.example malicious", ""},
		},
		{
			name: "change scan: indicator 1 not assessed", resource: "evil.example", mode: report.ModeChange, refs: []ref{{line: 1, ctx: rules.CtxScriptSrc}},
			verdicts: map[string]*report.Intel{"evil.example": malware("evil.example", "cloudflare-intel")},
			holds:    [3]bool{false, true, false}, assessed: [3]bool{false, true, false},
			next: "a change scan cannot tell whether HEAD loads it",
		},
		{
			name: "a connection has no source", resource: "https://collect.evil.example/c", ps: &rules.Observation{Kind: "connection", Malicious: true},
			refs:  []ref{{line: 1, ctx: rules.CtxCSP}},
			holds: [3]bool{true, true, false}, assessed: [3]bool{true, true, false}, active: true,
			summary: [3]string{"", "", "not applicable"},
		},
		{
			name: "a host expanded from a script is not judged", resource: "collect.evil.example", parent: scriptURL,
			refs:     []ref{{line: 1, ctx: rules.CtxJSNetwork}},
			verdicts: map[string]*report.Intel{"collect.evil.example": malware("collect.evil.example", "cloudflare-intel")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, err := rules.Parse(tt.resource, rules.Origin{})
			if err != nil {
				t.Fatal(err)
			}
			res.PageShield, res.Parent = tt.ps, tt.parent
			mode := tt.mode
			if mode == "" {
				mode = report.ModeTree
			}
			b := report.NewBuilder(mode, []*rules.Resource{res})
			if len(tt.refs) == 0 {
				b.Add(report.Ref{Rule: rules.UnknownResource, Level: rules.Error, Class: rules.Unknown, Resource: res, Path: report.Placeholder, Line: 1})
			}
			for _, r := range tt.refs {
				ref := report.Ref{
					Rule: rules.DeclaredReference, Level: rules.Note, Class: rules.Declared, Resource: res, Path: "web/index.html",
					Line: r.line, Column: 5, EndColumn: 20, Match: tt.resource, Context: r.ctx, Encoding: "plain",
				}
				if r.encoded {
					ref.Rule, ref.Level, ref.Encoding = rules.EncodedReference, rules.Error, "base64"
				}
				if r.atHEAD != nil {
					ref.History = &report.History{Path: "web/index.html", Commit: strings.Repeat("a", 40), AtHEAD: *r.atHEAD}
					if !*r.atHEAD {
						ref.Class, ref.Rule = rules.Historical, rules.HistoricalReference
					}
				}
				b.Add(ref)
			}
			rep := b.Finish()
			if v := tt.verdicts[res.Host]; v != nil {
				rep.SetIntel(0, v)
			}
			scripts := map[string]*analyze.Result{}
			if tt.script != "" {
				scripts[res.Canonical] = analyze.Analyze(res.Canonical, []byte(tt.script), analyze.Options{})
			}
			before := len(rep.Findings)
			Judge(rep, tt.verdicts, scripts)

			c := rep.Resources[0].Compromise
			if tt.parent != "" {
				if c != nil || len(rep.Findings) != before {
					t.Fatalf("Judge judged a derived resource: %+v", c)
				}
				return
			}
			if c == nil {
				t.Fatal("Judge left the alerted resource without a Compromise")
			}
			if c.Active != tt.active {
				t.Errorf("Active = %v, want %v (%+v)", c.Active, tt.active, c.Indicators)
			}
			for i, s := range c.Indicators {
				if s.Number != i+1 || s.Holds != tt.holds[i] || s.Assessed != tt.assessed[i] {
					t.Errorf("indicator %d %s: holds %v assessed %v, want %v %v (%s)", s.Number, s.Name, s.Holds, s.Assessed, tt.holds[i], tt.assessed[i], s.Summary)
				}
				if !strings.Contains(s.Summary, tt.summary[i]) {
					t.Errorf("indicator %d summary = %q, want it to hold %q", s.Number, s.Summary, tt.summary[i])
				}
				if s.Holds && len(s.Evidence) == 0 {
					t.Errorf("indicator %d holds without evidence", s.Number)
				}
			}
			if got := c.Indicators[2].Weight; got != tt.weight {
				t.Errorf("indicator 3 weight = %d, want %d", got, tt.weight)
			}
			if !strings.Contains(c.Next, tt.next) {
				t.Errorf("Next = %q, want it to hold %q", c.Next, tt.next)
			}
			var found []report.Finding
			for _, f := range rep.Findings {
				if f.Rule == rules.ActiveCompromise {
					found = append(found, f)
				}
			}
			if !tt.active {
				if len(found) != 0 {
					t.Errorf("not active, yet %d active-compromise findings", len(found))
				}
				return
			}
			if len(found) != 1 {
				t.Fatalf("active, with %d active-compromise findings, want 1", len(found))
			}
			f := found[0]
			if f.Level != rules.Error || f.Path != "web/index.html" || f.Line != tt.refs[0].line || f.ResourceIndex() != 0 ||
				f.Fingerprint == "" || !strings.HasPrefix(f.Message, "ongoing active compromise (indicators ") {
				t.Errorf("active-compromise finding = %+v", f)
			}
			if rep.Resources[0].Level != rules.Error {
				t.Errorf("resource level = %s, want error", rep.Resources[0].Level)
			}
		})
	}
}
