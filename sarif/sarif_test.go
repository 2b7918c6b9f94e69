package sarif_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	gosarif "github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/shieldscan/shieldscan/internal/sarifcheck"
	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/sarif"
)

var update = flag.Bool("update", false, "rewrite golden files")

// goldenDir is the repository's shared golden directory.
var goldenDir = filepath.Join("..", "testdata", "golden")

func resource(t testing.TB, s string, origin rules.Origin) *rules.Resource {
	t.Helper()
	r, err := rules.Parse(s, origin)
	if err != nil {
		t.Fatalf("rules.Parse(%q) = %v", s, err)
	}
	return r
}

// ref builds a reference the way the scanner does.
func ref(res *rules.Resource, path string, line, col int, match, snippet string, strength rules.Strength, ctx rules.Context, encoding, decoded string, h *report.History, mode report.Mode) report.Ref {
	historical := h != nil && !h.AtHEAD
	id := rules.RuleFor(res, encoding != "plain", historical, mode == report.ModeChange)
	class := rules.Declared
	if historical {
		class = rules.Historical
	}
	return report.Ref{
		Rule: id, Level: rules.LevelFor(id, res, mode == report.ModeChange), Resource: res, Class: class,
		Path: path, Line: line, Column: col, EndColumn: col + len([]rune(match)),
		Match: match, Snippet: snippet, Strength: strength, Context: ctx,
		Encoding: encoding, Decoded: decoded, History: h,
	}
}

// unknown builds an unknown-resource finding, at the resource's anchor or the placeholder.
func unknown(res *rules.Resource) report.Ref {
	f := report.Ref{
		Rule: rules.UnknownResource, Level: rules.LevelFor(rules.UnknownResource, res, false), Resource: res,
		Class: rules.Unknown, Path: report.Placeholder, Line: 1, Column: 1, EndColumn: 2,
	}
	if o := res.Origin; o.Anchor != "" && o.Line > 0 {
		f.Path, f.Line = o.Anchor, o.Line
	}
	return f
}

// build finishes refs into a report, as every command does.
func build(mode report.Mode, refs ...report.Ref) *report.Report {
	b := report.NewBuilder(mode, nil)
	for _, r := range refs {
		b.Add(r)
	}
	return b.Finish()
}

// reports are the golden cases, by file name.
func reports(t testing.TB) map[string]*report.Report {
	cdn := resource(t, "https://cdn.example-analytics.com/a.js", rules.Origin{})
	flagged := resource(t, "evil-cdn.example", rules.Origin{})
	listed := resource(t, "https://user:hunter2@stats.example.net/p.js?token=s3cret&v=2", rules.Origin{File: "security/alerts.txt", Line: 3, Anchor: "security/alerts.txt"})
	ip := resource(t, "203.0.113.7", rules.Origin{})

	tree := build(report.ModeTree,
		ref(cdn, "web/index.html", 12, 15, "https://cdn.example-analytics.com/a.js",
			`    <script src="https://cdn.example-analytics.com/a.js" async></script>`, rules.URLMatch, rules.CtxScriptSrc, "plain", "", nil, report.ModeTree),
		ref(ip, "nginx/site.conf", 4, 17, "203.0.113.7", "    allow 203.0.113.7;", rules.IPMatch, rules.CtxServerConfig, "plain", "", nil, report.ModeTree),
		unknown(flagged),
		unknown(listed),
	)

	removed := resource(t, "https://skimmer.example/c.js", rules.Origin{})
	kept := resource(t, "cdn.jsdelivr.net", rules.Origin{})
	when := time.Date(2024, 3, 9, 14, 30, 0, 0, time.FixedZone("CET", 3600))
	history := build(report.ModeHistory,
		ref(removed, "checkout/pay.js", 40, 9, "https://skimmer.example/c.js", `  s.src = "https://skimmer.example/c.js";`,
			rules.URLMatch, rules.CtxJSNetwork, "plain", "", &report.History{
				Path: "checkout/pay.js", Commit: "4b825dc642cb6eb9a060e54bf8d69288fbee4904", Author: "Mallory <m@example.org>",
				Date: when, Subject: "perf tweaks", RemovedIn: "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391",
			}, report.ModeHistory),
		ref(kept, "web/index.html", 3, 14, "cdn.jsdelivr.net", `<link href="https://cdn.jsdelivr.net/npm/x.css">`,
			rules.HostMatch, rules.CtxLink, "plain", "", &report.History{
				Path: "web/index.html", Commit: "8f94139338f9404f26296befa88755fc2598c289", Author: "Alice <a@example.org>",
				Date: when.Add(-48 * time.Hour), Subject: "add css", AtHEAD: true,
			}, report.ModeHistory),
	)
	history.Notes = []string{"shallow clone: history before 8f94139 is not scanned"}

	hidden := resource(t, "https://evil.example/loader.js", rules.Origin{})
	encoded := build(report.ModeTree,
		ref(hidden, "static/js/vendor.min.js", 1, 2041, "\"c2oucmVkYW9sL2VscG1heGUubGl2ZS8vOnNwdHRo\"",
			`var u=atob("c2oucmVkYW9sL2VscG1heGUubGl2ZS8vOnNwdHRo").split("").reverse().join("");`,
			rules.URLMatch, rules.CtxOther, "base64>reversed", "https://evil.example/loader.js", nil, report.ModeTree),
	)

	bad := resource(t, "https://pay-checkout.example/v3/form.js", rules.Origin{})
	bad.PageShield = &rules.Observation{
		Kind: "script", ID: "c9ef84a6bf5e47138c75d95e2f933e8f", SiteHost: "shop.example.com",
		PageURLs:  []string{"shop.example.com/checkout?session=abc123", "shop.example.com/cart"},
		FirstSeen: "2025-01-02T03:04:05Z", LastSeen: "2025-02-03T04:05:06Z", Status: "active",
		Categories: []string{"Malware", "Phishing"}, Scores: map[string]int{"js_integrity": 3, "magecart": 12},
		Malicious: true, Reasons: []string{"magecart score below threshold", "domain reported malicious"},
	}
	benign := resource(t, "https://fonts.example.com/f.css", rules.Origin{})
	benign.PageShield = &rules.Observation{Kind: "connection", Status: "active", SiteHost: "shop.example.com"}
	pageshield := build(report.ModeTree,
		ref(bad, "templates/checkout.liquid", 88, 13, "https://pay-checkout.example/v3/form.js",
			`<script src="https://pay-checkout.example/v3/form.js"></script>`, rules.URLMatch, rules.CtxScriptSrc, "plain", "", nil, report.ModeTree),
		unknown(benign),
	)

	odd := resource(t, "https://odd.example/x.js", rules.Origin{})
	oddReport := build(report.ModeTree,
		ref(odd, "web/My Files/café ☕/a b#1?.js", 2, 5, "https://odd.example/x.js",
			"\xff\xfe<script src=\"https://odd.example/x.js\">\x00\x1b[31m</script> — ünïcödé", rules.URLMatch, rules.CtxScriptSrc, "plain", "", nil, report.ModeTree),
		ref(odd, "C:odd/50%/x:y.js", 1, 1, "https://odd.example/x.js", "https://odd.example/x.js", rules.URLMatch, rules.CtxOther, "plain", "", nil, report.ModeTree),
		ref(odd, "bin/\xc3\x28.js", 7, 3, "odd.example", "// odd.example", rules.HostMatch, rules.CtxComment, "plain", "", nil, report.ModeTree),
	)

	reviewed := resource(t, "stats.example.net", rules.Origin{})
	inline := ref(reviewed, "web/a.js", 3, 11, "stats.example.net", `beacon("https://stats.example.net/e"); // shieldscan:ignore`,
		rules.HostMatch, rules.CtxJSNetwork, "plain", "", nil, report.ModeTree)
	inline.Suppressed = &report.Suppression{Kind: "inline", Where: "web/a.js:3"}
	suppressed := build(report.ModeTree, inline,
		ref(reviewed, "web/b.js", 9, 11, "stats.example.net", `beacon("https://stats.example.net/e");`,
			rules.HostMatch, rules.CtxJSNetwork, "plain", "", nil, report.ModeTree),
	)
	suppressed.Suppress(suppressed.Findings[1].Fingerprint, report.Suppression{Kind: "config", Reason: "our analytics (SEC-42)", Where: ".shieldscan.yml:12"})

	return map[string]*report.Report{
		"suppressed": suppressed,
		"tree":       tree,
		"history":    history,
		"encoded":    encoded,
		"pageshield": pageshield,
		"odd-paths":  oddReport,
		"empty":      build(report.ModeTree),
	}
}

func write(t testing.TB, rep *report.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := sarif.Write(&buf, rep, sarif.Options{ToolVersion: "test", Category: "shieldscan/"}); err != nil {
		t.Fatalf("Write() = %v", err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	for name, rep := range reports(t) {
		t.Run(name, func(t *testing.T) {
			got := write(t, rep)
			golden := filepath.Join(goldenDir, name+".sarif")
			if *update {
				if err := os.WriteFile(golden, got, 0o666); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("reading golden file (run go test ./sarif -update): %v", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("Write(%s) mismatch (-want +got):\n%s", name, diff)
			}
		})
	}
}

// TestGoldenFilesValidate checks every golden file on disk, not only those this test writes.
func TestGoldenFilesValidate(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(goldenDir, "*.sarif"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files in %s (%v)", goldenDir, err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := gosarif.FromBytes(data); err != nil {
				t.Errorf("gosarif.FromBytes(%s) = %v", file, err)
			}
			if err := sarifcheck.Validate(data); err != nil {
				t.Errorf("sarifcheck.Validate(%s):\n%v", file, err)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	for name, rep := range reports(t) {
		a := write(t, rep)
		// A second build from scratch: fresh maps, fresh resources.
		b := write(t, reports(t)[name])
		if !bytes.Equal(a, b) {
			t.Errorf("Write(%s) differs between two runs", name)
		}
	}
}

// sarifLog is the part of the output the tests below read.
type sarifLog struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Name    string `json:"name"`
				Version string `json:"version"`
				Rules   []struct {
					ID string `json:"id"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		ColumnKind        string `json:"columnKind"`
		AutomationDetails struct {
			ID string `json:"id"`
		} `json:"automationDetails"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Level     string `json:"level"`
			Message   struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine   int `json:"startLine"`
						StartColumn int `json:"startColumn"`
						EndColumn   int `json:"endColumn"`
						Snippet     struct {
							Text string `json:"text"`
						} `json:"snippet"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Properties          map[string]any    `json:"properties"`
		} `json:"results"`
	} `json:"runs"`
}

func decode(t *testing.T, data []byte) sarifLog {
	t.Helper()
	var l sarifLog
	if err := json.Unmarshal(data, &l); err != nil {
		t.Fatal(err)
	}
	return l
}

func TestRulesAndResults(t *testing.T) {
	reps := reports(t)
	rep := reps["tree"]
	l := decode(t, write(t, rep))
	run := l.Runs[0]
	if run.Tool.Driver.Name != "shieldscan" || run.Tool.Driver.Version != "test" {
		t.Errorf("driver = %s %s, want shieldscan test", run.Tool.Driver.Name, run.Tool.Driver.Version)
	}
	if run.ColumnKind != "unicodeCodePoints" || run.AutomationDetails.ID != "shieldscan/" {
		t.Errorf("columnKind %q, category %q", run.ColumnKind, run.AutomationDetails.ID)
	}
	var ids []string
	for _, r := range run.Tool.Driver.Rules {
		ids = append(ids, r.ID)
	}
	var want []string
	for _, r := range rules.Catalog() {
		want = append(want, string(r.ID))
	}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
	if len(run.Results) != len(rep.Findings) {
		t.Fatalf("%d results, want %d", len(run.Results), len(rep.Findings))
	}
	for i, res := range run.Results {
		f := rep.Findings[i]
		loc := res.Locations[0].PhysicalLocation
		got := []any{res.RuleID, res.Level, loc.Region.StartLine, loc.Region.StartColumn, loc.Region.EndColumn, res.PartialFingerprints["shieldscan/v1"]}
		wantRes := []any{string(f.Rule), f.Level.String(), f.Line, f.Column, f.EndColumn, f.Fingerprint}
		if diff := cmp.Diff(wantRes, got); diff != "" {
			t.Errorf("result %d (-want +got):\n%s", i, diff)
		}
		if ids[res.RuleIndex] != res.RuleID {
			t.Errorf("result %d: ruleIndex %d is %s, want %s", i, res.RuleIndex, ids[res.RuleIndex], res.RuleID)
		}
	}
}

func TestPlaceholderAndFingerprints(t *testing.T) {
	reps := reports(t)
	tests := []struct {
		name     string
		rep      string
		rule     rules.RuleID
		uri      string
		lineHash bool
	}{
		{"declared at HEAD", "tree", rules.DeclaredReference, "web/index.html", false},
		{"unknown from a flag", "tree", rules.UnknownResource, "no%20file%20associated%20with%20this%20alert", true},
		{"unknown anchored in a resources file", "tree", rules.UnknownResource, "security/alerts.txt", false},
		{"history, removed", "history", rules.HistoricalReference, "checkout/pay.js", true},
		{"history, still at HEAD", "history", rules.DeclaredReference, "web/index.html", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := decode(t, write(t, reps[tt.rep]))
			for _, res := range l.Runs[0].Results {
				if res.RuleID != string(tt.rule) || res.Locations[0].PhysicalLocation.ArtifactLocation.URI != tt.uri {
					continue
				}
				h, ok := res.PartialFingerprints["primaryLocationLineHash"]
				if ok != tt.lineHash {
					t.Errorf("primaryLocationLineHash = %q (set %v), want set %v", h, ok, tt.lineHash)
				}
				return
			}
			t.Errorf("no %s result at %q", tt.rule, tt.uri)
		})
	}
}

// TestLineHashIgnoresCommitAndLine: the hash GitHub dedupes on must survive a rewritten history
// and a moved line.
func TestLineHashIgnoresCommitAndLine(t *testing.T) {
	hash := func(rep *report.Report) string {
		l := decode(t, write(t, rep))
		return l.Runs[0].Results[0].PartialFingerprints["primaryLocationLineHash"]
	}
	h := &report.History{Path: "a.js", Commit: "4b825dc642cb6eb9a060e54bf8d69288fbee4904", RemovedIn: "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"}
	res := resource(t, "evil.example", rules.Origin{})
	before := hash(build(report.ModeHistory, ref(res, "a.js", 3, 1, "evil.example", "x", rules.HostMatch, rules.CtxOther, "plain", "", h, report.ModeHistory)))
	moved := *h
	moved.Commit, moved.RemovedIn = "0000000000000000000000000000000000000001", "0000000000000000000000000000000000000002"
	after := hash(build(report.ModeHistory, ref(res, "a.js", 13, 1, "evil.example", "x", rules.HostMatch, rules.CtxOther, "plain", "", &moved, report.ModeHistory)))
	if after != before || before == "" {
		t.Errorf("primaryLocationLineHash changed with line and commit: %q -> %q", before, after)
	}
	other := hash(build(report.ModeHistory, ref(res, "b.js", 3, 1, "evil.example", "x", rules.HostMatch, rules.CtxOther, "plain", "", h, report.ModeHistory)))
	if other == before {
		t.Errorf("primaryLocationLineHash is the same for another path: %q", other)
	}
}

func TestProperties(t *testing.T) {
	reps := reports(t)
	tests := []struct {
		rep  string
		i    int
		want map[string]any
	}{
		{"tree", 1, map[string]any{ // the placeholder sorts after "nginx/…" and before "security/…"
			"resource": "evil-cdn.example", "canonical": "evil-cdn.example", "classification": "unknown",
			"encoding": "plain", "context": "other",
		}},
		{"tree", 2, map[string]any{
			"resource":       "https://user:REDACTED@stats.example.net/p.js?token=REDACTED&v=2",
			"canonical":      "https://stats.example.net/p.js?token=REDACTED&v=2",
			"classification": "unknown", "encoding": "plain", "context": "other",
		}},
		{"history", 0, map[string]any{
			"resource": "https://skimmer.example/c.js", "canonical": "https://skimmer.example/c.js",
			"classification": "historical", "encoding": "plain", "strength": "url", "context": "js-network",
			"commit": "4b825dc642cb6eb9a060e54bf8d69288fbee4904", "author": "Mallory <m@example.org>",
			"date": "2024-03-09T13:30:00Z", "removedIn": "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391",
		}},
		{"encoded", 0, map[string]any{
			"resource": "https://evil.example/loader.js", "canonical": "https://evil.example/loader.js",
			"classification": "declared", "encoding": "base64>reversed", "strength": "url", "context": "other",
			"decoded": "https://evil.example/loader.js",
		}},
	}
	for _, tt := range tests {
		l := decode(t, write(t, reps[tt.rep]))
		got := l.Runs[0].Results[tt.i].Properties
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s result %d properties (-want +got):\n%s", tt.rep, tt.i, diff)
		}
	}
}

func TestPageShieldProperties(t *testing.T) {
	l := decode(t, write(t, reports(t)["pageshield"]))
	res := l.Runs[0].Results
	// The placeholder ("no file…") sorts before "templates/…".
	mal := res[1].Properties
	if res[1].RuleID != string(rules.MaliciousReference) || res[1].Level != "error" {
		t.Errorf("malicious result: %s %s, want malicious-reference error", res[1].RuleID, res[1].Level)
	}
	for k, want := range map[string]any{"malicious": true, "pageshield.kind": "script", "pageshield.status": "active"} {
		if mal[k] != want {
			t.Errorf("properties[%q] = %v, want %v", k, mal[k], want)
		}
	}
	if got := mal["pageshield.pageURLs"].([]any)[0]; got != "shop.example.com/checkout?session=REDACTED" {
		t.Errorf("pageURLs[0] = %v, want the session redacted", got)
	}
	if got := res[0].Properties["malicious"]; got != false || res[0].Level != "warning" {
		t.Errorf("benign unknown: malicious = %v, level %s; want false, warning", got, res[0].Level)
	}
}

func TestOddPaths(t *testing.T) {
	data := write(t, reports(t)["odd-paths"])
	if err := sarifcheck.Validate(data); err != nil {
		t.Fatal(err)
	}
	l := decode(t, data)
	var uris []string
	for _, r := range l.Runs[0].Results {
		uris = append(uris, r.Locations[0].PhysicalLocation.ArtifactLocation.URI)
	}
	want := []string{
		"C%3Aodd/50%25/x%3Ay.js",
		"bin/%C3%28.js",
		"web/My%20Files/caf%C3%A9%20%E2%98%95/a%20b%231%3F.js",
	}
	if diff := cmp.Diff(want, uris); diff != "" {
		t.Errorf("URIs (-want +got):\n%s", diff)
	}
	// Invalid UTF-8 becomes U+FFFD and terminal controls visible escapes, once, in the report.
	snippet := l.Runs[0].Results[2].Locations[0].PhysicalLocation.Region.Snippet.Text
	if want := "\uFFFD\uFFFD<script src=\"https://odd.example/x.js\">\\x00\\x1b[31m</script> — ünïcödé"; snippet != want {
		t.Errorf("snippet = %q, want %q", snippet, want)
	}
}

func TestURI(t *testing.T) {
	tests := []struct{ in, want string }{
		{"web/app.js", "web/app.js"},
		{"a b/c.js", "a%20b/c.js"},
		{"x:y", "x%3Ay"},
		{"é", "%C3%A9"},
		{"50%", "50%25"},
		{"q?#", "q%3F%23"},
		{"~user/.hidden_-", "~user/.hidden_-"},
	}
	for _, tt := range tests {
		if got := sarif.URI(tt.in); got != tt.want {
			t.Errorf("URI(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWriteRejects(t *testing.T) {
	res := resource(t, "evil.example", rules.Origin{})
	tests := []struct {
		name string
		rep  *report.Report
	}{
		{"no path", build(report.ModeTree, report.Ref{Rule: rules.DeclaredReference, Resource: res, Line: 1, Column: 1, EndColumn: 2})},
		{"rule not in catalog", build(report.ModeTree, report.Ref{Rule: "made-up", Resource: res, Path: "a.js", Line: 1, Column: 1, EndColumn: 2})},
		{"no resource", &report.Report{Findings: []report.Finding{{Rule: rules.DeclaredReference, Path: "a.js", Line: 1, Column: 1, EndColumn: 2}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := sarif.Write(&buf, tt.rep, sarif.Options{}); err == nil {
				t.Errorf("Write() = nil, want an error")
			}
			if buf.Len() != 0 {
				t.Errorf("Write() wrote %d bytes on error", buf.Len())
			}
		})
	}
}

// TestColumnsClamped: a finding with zero columns (a bug upstream) still gives an uploadable file.
func TestColumnsClamped(t *testing.T) {
	res := resource(t, "evil.example", rules.Origin{})
	rep := build(report.ModeTree, report.Ref{
		Rule: rules.DeclaredReference, Level: rules.Note, Resource: res, Class: rules.Declared,
		Path: "a.js", Strength: rules.HostMatch, Context: rules.CtxOther, Encoding: "plain",
	})
	if err := sarifcheck.Validate(write(t, rep)); err != nil {
		t.Error(err)
	}
}

func TestDefaultCategory(t *testing.T) {
	var buf bytes.Buffer
	if err := sarif.Write(&buf, build(report.ModeTree), sarif.Options{}); err != nil {
		t.Fatal(err)
	}
	l := decode(t, buf.Bytes())
	if got := l.Runs[0].AutomationDetails.ID; got != "shieldscan/" {
		t.Errorf("category = %q, want shieldscan/", got)
	}
}

// TestPlaybook: the help GitHub shows is a playbook, with headings and steps, for every rule.
func TestPlaybook(t *testing.T) {
	mustSay := map[rules.RuleID][]string{
		rules.UnknownResource:     {"Injection into the served page", "CDN", "third-party script", "extension", "percentage", "What to check next"},
		rules.DeclaredReference:   {"purpose", "owner", "active compromise"},
		rules.MaliciousReference:  {"ongoing compromise"},
		rules.EncodedReference:    {"ongoing active compromise"},
		rules.HistoricalReference: {"removedIn"},
		rules.ChangedReference:    {"Do not merge"},
	}
	for _, r := range rules.Catalog() {
		if !strings.HasPrefix(r.HelpMarkdown, "## ") {
			t.Errorf("%s: help markdown does not start with a heading", r.ID)
		}
		if strings.Contains(r.HelpText, "## ") || strings.Contains(r.HelpText, "**") {
			t.Errorf("%s: help text has Markdown in it", r.ID)
		}
		for _, s := range mustSay[r.ID] {
			if !strings.Contains(r.HelpMarkdown, s) || !strings.Contains(r.HelpText, strings.ReplaceAll(s, "`", `"`)) {
				t.Errorf("%s: help does not say %q", r.ID, s)
			}
		}
	}
}
