package report_test

import (
	"strings"
	"testing"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
)

// TestSetCompromise: a finding added to a finished report is made like the Builder's: safe,
// ordered, fingerprinted, and it raises its resource's level; the other findings keep their
// fingerprints.
func TestSetCompromise(t *testing.T) {
	t.Parallel()
	a, _ := rules.Parse("https://cdn.a.example/x.js", rules.Origin{})
	z, _ := rules.Parse("z.example", rules.Origin{})
	b := report.NewBuilder(report.ModeTree, []*rules.Resource{a, z})
	b.Add(report.Ref{Rule: rules.DeclaredReference, Level: rules.Note, Class: rules.Declared, Resource: a, Path: "b.html", Line: 2, Column: 1, EndColumn: 5, Match: "x", Encoding: "plain", Strength: rules.URLMatch})
	b.Add(report.Ref{Rule: rules.DeclaredReference, Level: rules.Note, Class: rules.Declared, Resource: z, Path: "a.html", Line: 1, Column: 1, EndColumn: 5, Match: "z", Encoding: "plain", Strength: rules.HostMatch})
	rep := b.Finish()
	before := map[string]bool{}
	for _, f := range rep.Findings {
		before[f.Fingerprint] = true
	}
	c := &report.Compromise{Active: true, Next: "contain \x1b[2J now", Indicators: []report.Sign{{Number: 1, Name: rules.IndicatorPresent, Holds: true, Assessed: true,
		Evidence: []report.Evidence{{Where: "b.html:2", Detail: "html-script-src"}}}}}
	ref := &report.Ref{Rule: rules.ActiveCompromise, Level: rules.Error, Class: rules.Declared, Path: "b.html", Line: 2, Column: 1, EndColumn: 5, Match: "x", Encoding: "plain", Strength: rules.URLMatch}
	rep.SetCompromise(0, c, ref, "ongoing active compromise \x1b[31m")
	if len(rep.Findings) != 3 {
		t.Fatalf("findings = %d, want 3", len(rep.Findings))
	}
	var got *report.Finding
	for i := range rep.Findings {
		f := &rep.Findings[i]
		if f.Rule == rules.ActiveCompromise {
			got = f
		} else if !before[f.Fingerprint] {
			t.Errorf("finding %s changed its fingerprint", f)
		}
	}
	if got == nil || got.ResourceIndex() != 0 || got.Canonical != a.Canonical || got.Fingerprint == "" || before[got.Fingerprint] || got.LineHash() == "" {
		t.Fatalf("active-compromise finding = %+v", got)
	}
	if strings.Contains(got.Message, "\x1b") || strings.Contains(rep.Resources[0].Compromise.Next, "\x1b") {
		t.Errorf("control characters kept: %q, %q", got.Message, rep.Resources[0].Compromise.Next)
	}
	if rep.Findings[0].Path != "a.html" || rep.Findings[1].Rule != rules.ActiveCompromise {
		t.Errorf("findings out of order: %s, %s, %s", &rep.Findings[0], &rep.Findings[1], &rep.Findings[2])
	}
	if rep.Resources[0].Level != rules.Error || rep.Resources[0].References != 1 {
		t.Errorf("resource level %s, references %d: want error, 1", rep.Resources[0].Level, rep.Resources[0].References)
	}
}

func TestSafeIntel(t *testing.T) {
	t.Parallel()
	report.AddSecret("intel-secret-0123456789")
	score := 0.5
	in := &report.Intel{Host: "a.example", Verdict: report.VerdictNoThreat, Source: "feed\x1b]0;x\x07.txt", RiskScore: &score,
		Reasons: []string{"see https://x.example/?token=intel-secret-0123456789"}, ASN: "64500", ASName: "EX", Country: "NL"}
	got := report.SafeIntel(in)
	score = 0.9
	s := got.String()
	if strings.ContainsAny(s, "\x1b\x07") || strings.Contains(strings.Join(got.Reasons, " "), "intel-secret") || *got.RiskScore != 0.5 {
		t.Errorf("SafeIntel = %+v (%q): want controls escaped, the secret redacted, the score copied", got, s)
	}
	if want := "no threat reported (risk score 0.5; AS64500 EX NL) from feed"; !strings.HasPrefix(s, want) {
		t.Errorf("String() = %q, want %q…", s, want)
	}
	if report.SafeIntel(nil) != nil {
		t.Error("SafeIntel(nil) != nil")
	}
}
