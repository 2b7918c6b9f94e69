package report_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
)

func TestEscape(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "https://a.example/x.js", "https://a.example/x.js"},
		{"tab stays", "a\tb", "a\tb"},
		{"escape sequence", "\x1b[2J\x1b[31mred", `\x1b[2J\x1b[31mred`},
		{"newline and carriage return", "a\nb\rc", `a\x0ab\x0dc`},
		{"nul and del", "a\x00b\x7f", `a\x00b\x7f`},
		{"C1 control", "a\u009bb", `a\x9bb`},
		{"bidi override", "evil\u202egnp.js", `evil\u202egnp.js`},
		{"bidi isolate", "a\u2066b\u2069", `a\u2066b\u2069`},
		{"invalid UTF-8", "caf\xe9", "caf\uFFFD"},
		{"non-ASCII kept", "Bücher ☕", "Bücher ☕"},
		{"backslash kept", `a\x1b`, `a\x1b`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := report.Escape(tt.in); got != tt.want {
				t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRedactSecret(t *testing.T) {
	const token = "cf-token-4f9a8b7c6d5e"
	report.AddSecret(token)
	report.AddSecret("short") // too short to hide: it would hide ordinary words
	tests := []struct{ in, want string }{
		{"https://x.example/a.js?k=" + token, "https://x.example/a.js?k=REDACTED"},
		{"https://u:pw@x.example/?token=abc", "https://u:REDACTED@x.example/?token=REDACTED"},
		{"a short story", "a short story"},
	}
	for _, tt := range tests {
		if got := report.Safe(tt.in); got != tt.want {
			t.Errorf("Safe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func resource(t *testing.T, s string) *rules.Resource {
	t.Helper()
	r, err := rules.Parse(s, rules.Origin{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func ref(r *rules.Resource, path string, line int, class rules.Class, level rules.Level) report.Ref {
	rule := rules.DeclaredReference
	if class == rules.Historical {
		rule = rules.HistoricalReference
	}
	return report.Ref{Rule: rule, Level: level, Class: class, Resource: r, Path: path, Line: line, Column: 1, EndColumn: 5, Match: r.Host, Encoding: "plain"}
}

// TestBuilder: findings are made safe, ordered and fingerprinted by the builder; resources are
// classified by their findings.
func TestBuilder(t *testing.T) {
	secret := resource(t, "https://cdn.example/x.js?token=SECRET123")
	old := resource(t, "old.example")
	never := resource(t, "never.example")
	b := report.NewBuilder(report.ModeHistory, []*rules.Resource{secret, old, never})
	b.Add(ref(secret, "web/b.js", 3, rules.Declared, rules.Note))
	b.Add(ref(secret, "web/a.js", 9, rules.Historical, rules.Warning))
	b.Add(ref(secret, "web/a\x1b[2J.js", 1, rules.Declared, rules.Note))
	b.Add(ref(old, "lib/o.js", 2, rules.Historical, rules.Warning))
	b.Add(report.Ref{Rule: rules.UnknownResource, Level: rules.Error, Class: rules.Unknown, Resource: never, Path: report.Placeholder, Line: 1, Column: 1, EndColumn: 2})
	rep := b.Finish()

	var paths []string
	for _, f := range rep.Findings {
		paths = append(paths, f.Path)
		for _, s := range []string{f.Message, f.Resource, f.Canonical, f.Match, f.Snippet} {
			if strings.Contains(s, "SECRET123") {
				t.Errorf("finding at %s holds the credential: %q", f.Path, s)
			}
		}
	}
	want := []string{"lib/o.js", report.Placeholder, "web/a\x1b[2J.js", "web/a.js", "web/b.js"}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("finding order (-want +got):\n%s", diff)
	}
	if got := rep.Findings[2].DisplayPath(); got != `web/a\x1b[2J.js` {
		t.Errorf("DisplayPath() = %q, want the escape visible", got)
	}
	classes := map[string]rules.Class{}
	for _, r := range rep.Resources {
		classes[r.Canonical] = r.Class
		if strings.Contains(r.Raw+r.Canonical, "SECRET123") {
			t.Errorf("resource %q holds the credential", r.Raw)
		}
	}
	wantClasses := map[string]rules.Class{
		"https://cdn.example/x.js?token=REDACTED": rules.Declared, "old.example": rules.Historical, "never.example": rules.Unknown,
	}
	if diff := cmp.Diff(wantClasses, classes); diff != "" {
		t.Errorf("classes (-want +got):\n%s", diff)
	}
	if got := rep.Resources[0].References; got != 3 {
		t.Errorf("References = %d, want 3", got)
	}
	if got := rep.Resources[2].References; got != 0 {
		t.Errorf("unknown resource References = %d, want 0", got)
	}
	if rep.MaxLevel() != rules.Error || !rep.Fails(rules.Error) || rep.Fails(rules.None) {
		t.Errorf("MaxLevel() = %v; Fails(error) = %v, Fails(none) = %v", rep.MaxLevel(), rep.Fails(rules.Error), rep.Fails(rules.None))
	}
	if !rep.Suppress(rep.Findings[1].Fingerprint, report.Suppression{Kind: "config", Where: ".shieldscan.yml:3"}) {
		t.Fatal("Suppress() = false for a fingerprint in the report")
	}
	if rep.MaxLevel() != rules.Warning || rep.Resources[2].Level != rules.None {
		t.Errorf("after Suppress: MaxLevel() = %v, unknown resource level %v; want warning, none", rep.MaxLevel(), rep.Resources[2].Level)
	}
}

// TestFingerprintStable: the fingerprint does not depend on the line or on the order in which
// findings arrive, and ranks identical findings.
func TestFingerprintStable(t *testing.T) {
	r := resource(t, "evil.example")
	fps := func(lines ...int) []string {
		b := report.NewBuilder(report.ModeTree, nil)
		for _, l := range lines {
			b.Add(ref(r, "a.js", l, rules.Declared, rules.Note))
		}
		var out []string
		for _, f := range b.Finish().Findings {
			out = append(out, f.Fingerprint)
		}
		return out
	}
	a, b := fps(1, 5), fps(15, 2)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("fingerprints moved with the lines (-before +after):\n%s", diff)
	}
	if a[0] == a[1] {
		t.Errorf("two identical findings share fingerprint %s; want ranks", a[0])
	}
	if got := report.Fingerprint(rules.DeclaredReference, "evil.example", "a.js", "evil.example", "plain", 0); got != a[0] {
		t.Errorf("Fingerprint() = %s, want the builder's %s", got, a[0])
	}
}

// TestChangeModeKeepsReferenced: in change mode a resource the change does not mention is not
// reported (absence says nothing), though it counts as searched.
func TestChangeModeKeepsReferenced(t *testing.T) {
	hit, miss := resource(t, "hit.example"), resource(t, "miss.example")
	b := report.NewBuilder(report.ModeChange, []*rules.Resource{miss, hit})
	b.Add(ref(hit, "a.js", 1, rules.Declared, rules.Error))
	rep := b.Finish()
	if len(rep.Resources) != 1 || rep.Resources[0].Canonical != "hit.example" || rep.Stats.Resources != 2 {
		t.Fatalf("Resources = %+v, Stats.Resources = %d; want only hit.example of 2", rep.Resources, rep.Stats.Resources)
	}
	if got := rep.ResourceOf(&rep.Findings[0]).Canonical; got != "hit.example" {
		t.Errorf("ResourceOf(finding) = %q, want hit.example", got)
	}
}
