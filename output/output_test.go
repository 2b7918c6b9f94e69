package output_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shieldscan/shieldscan/output"
	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
)

var update = flag.Bool("update", false, "rewrite golden files")

var goldenDir = filepath.Join("..", "testdata", "golden")

func resource(t *testing.T, s string, origin rules.Origin) *rules.Resource {
	t.Helper()
	r, err := rules.Parse(s, origin)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// reports are the golden cases: a tree scan with every kind of finding, a history scan, an
// analysis and an inventory.
func reports(t *testing.T) map[string]*report.Report { return reportsOf(t, nil) }

// reportsOf are the golden cases; with sopts, the tree and history scans are built by a
// report.Stream (stream_test.go).
func reportsOf(t *testing.T, sopts *report.StreamOptions) map[string]*report.Report {
	cdn := resource(t, "https://cdn.example-analytics.com/a.js?token=s3cret", rules.Origin{})
	evil := resource(t, "evil.example", rules.Origin{File: "alerts.txt", Line: 2, Anchor: "alerts.txt"})
	flagged := resource(t, "hxxps://skim[.]example/x.js", rules.Origin{})
	flagged.PageShield = &rules.Observation{Kind: "script", Malicious: true, Reasons: []string{"domain reported malicious"}, LastSeen: "2025-02-03", PageURLs: []string{"shop.example/checkout?session=abc"}}
	b := newBuilder(t, sopts, report.ModeTree, []*rules.Resource{cdn, evil, flagged})
	b.Add(report.Ref{Rule: rules.DeclaredReference, Level: rules.Note, Class: rules.Declared, Resource: cdn,
		Path: "web/index.html", Line: 4, Column: 15, EndColumn: 66, Match: "https://cdn.example-analytics.com/a.js?token=s3cret",
		Snippet: `<script src="https://cdn.example-analytics.com/a.js?token=s3cret"></script>`, Strength: rules.URLMatch, Context: rules.CtxScriptSrc, Encoding: "plain"})
	b.Add(report.Ref{Rule: rules.EncodedReference, Level: rules.Error, Class: rules.Declared, Resource: flagged,
		Path: "web/\x1b[31mred.js", Line: 1, Column: 9, EndColumn: 49, Match: `"aHR0cHM6Ly9za2ltLmV4YW1wbGUveC5qcw=="`,
		Snippet: "var u=atob(\"aHR0cHM6Ly9za2ltLmV4YW1wbGUveC5qcw==\"); // \u202eevil", Strength: rules.URLMatch, Context: rules.CtxOther,
		Encoding: "base64", Decoded: "https://skim.example/x.js"})
	suppressed := report.Ref{Rule: rules.DeclaredReference, Level: rules.Note, Class: rules.Declared, Resource: cdn,
		Path: "web/b.js", Line: 2, Column: 1, EndColumn: 10, Match: "cdn.example-analytics.com", Snippet: "// cdn.example-analytics.com shieldscan:ignore",
		Strength: rules.HostMatch, Context: rules.CtxComment, Encoding: "plain", Suppressed: &report.Suppression{Kind: "inline", Where: "web/b.js:2"}}
	b.Add(suppressed)
	b.Add(report.Ref{Rule: rules.UnknownResource, Level: rules.Error, Class: rules.Unknown, Resource: evil, Path: "alerts.txt", Line: 2, Column: 1, EndColumn: 2})
	b.Skip(report.Skip{Path: "img/logo.png", Reason: "binary", Detail: "NUL byte in the first 8 KiB"})
	b.Skip(report.Skip{Path: "big.js", Reason: "too-large", Detail: "60 MiB over --max-file-size"})
	tree := b.finish()
	tree.Stats.Files, tree.Stats.Bytes = 12, 34567
	tree.AddNote("1 Cloudflare-injected /cdn-cgi/ script skipped")

	gone := resource(t, "https://skimmer.example/c.js", rules.Origin{})
	h := newBuilder(t, sopts, report.ModeHistory, []*rules.Resource{gone})
	h.Add(report.Ref{Rule: rules.HistoricalReference, Level: rules.Warning, Class: rules.Historical, Resource: gone,
		Path: "checkout/pay.js", Line: 40, Column: 9, EndColumn: 37, Match: "https://skimmer.example/c.js", Snippet: `s.src = "https://skimmer.example/c.js";`,
		Strength: rules.URLMatch, Context: rules.CtxJSNetwork, Encoding: "plain",
		History: &report.History{Path: "checkout/pay.js", Commit: "4b825dc642cb6eb9a060e54bf8d69288fbee4904", Author: "Mallory <m@example.org>",
			Date: time.Date(2024, 3, 9, 13, 30, 0, 0, time.UTC), Subject: "perf \x1b]0;pwned\x07tweaks", RemovedIn: "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"}})
	h.Skip(report.Skip{Path: "lib/x.js", ID: "0123456789abcdef0123456789abcdef01234567", Reason: "corrupt-object", Detail: "zlib: invalid checksum"})
	history := h.finish()
	history.Stats.Files = 3
	history.MarkIncomplete("1 object could not be read (corrupt-object): classification may be wrong")

	host := resource(t, "collect.exfil.example", rules.Origin{})
	a := report.NewBuilder(report.ModeAnalyze, nil)
	a.Add(report.Ref{Rule: rules.ScriptHost, Level: rules.Error, Class: rules.Declared, Resource: host, Path: "skimmer.js", Line: 3, Column: 5, EndColumn: 40,
		Match: `"Y29sbGVjdC5leGZpbC5leGFtcGxl"`, Snippet: `x = atob("Y29sbGVjdC5leGZpbC5leGFtcGxl")`, Encoding: "base64", Decoded: "collect.exfil.example", Context: rules.CtxOther})
	analysis := a.Finish()
	analysis.Analysis = &report.Analysis{Name: "skimmer.js", Size: 120, Score: 35, Verdict: "suspicious",
		Hosts:      []report.ScriptHost{{Host: "collect.exfil.example", Registrable: "exfil.example", Kind: rules.Host, Encodings: []string{"base64"}, Mentions: 1, Line: 3, Hidden: true}},
		Indicators: []report.Indicator{{Kind: "hidden-host", Weight: 25, Line: 3, Column: 5, Count: 1, Evidence: "collect.exfil.example (base64)"}}}

	tp := resource(t, "js.stripe.com", rules.Origin{})
	loc := report.Location{Path: "web/checkout.html", Line: 8, Column: 16, EndCol: 44, Context: rules.CtxScriptSrc, Match: "https://js.stripe.com/v3/", Snippet: `<script src="https://js.stripe.com/v3/"></script>`}
	i := report.NewBuilder(report.ModeInventory, nil)
	i.Add(report.Ref{Rule: rules.ThirdPartyHost, Level: rules.Note, Class: rules.Declared, Resource: tp, Path: loc.Path, Line: loc.Line, Column: loc.Column, EndColumn: loc.EndCol,
		Match: loc.Match, Snippet: loc.Snippet, Context: loc.Context, Encoding: "plain"})
	inventory := i.Finish()
	inventory.Stats.Files = 9
	inventory.Inventory = &report.Inventory{
		ThirdParty: []report.Domain{{Domain: "stripe.com", Hosts: []report.Host{{Host: "js.stripe.com", Kind: rules.Host, Domain: "stripe.com",
			URLs: []string{"https://js.stripe.com/v3/"}, Contexts: []rules.Context{rules.CtxScriptSrc}, Locations: []report.Location{loc}}}}},
		FirstParty: []report.Domain{},
	}
	return map[string]*report.Report{"tree": tree, "history": history, "analysis": analysis, "inventory": inventory}
}

// TestGolden compares text, JSON and the Markdown summary of each case with testdata/golden.
func TestGolden(t *testing.T) {
	opts := output.Options{ToolVersion: "test", Category: "shieldscan/",
		Link: func(path string, line int) string { return "https://github.example/o/r/blob/abc/" + path }}
	for name, rep := range reports(t) {
		for _, format := range []string{"text", "json", "markdown"} {
			t.Run(name+"."+format, func(t *testing.T) {
				got, err := output.Render(rep, format, opts)
				if err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join(goldenDir, name+"."+map[string]string{"text": "txt", "json": "json", "markdown": "md"}[format])
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
					t.Errorf("Render(%s, %s) mismatch (-want +got):\n%s", name, format, diff)
				}
			})
		}
	}
}

// TestNothingRaw: no format prints a credential or a raw terminal control, whatever the report.
func TestNothingRaw(t *testing.T) {
	for name, rep := range reports(t) {
		for _, format := range append(output.Formats, "markdown") {
			got, err := output.Render(rep, format, output.Options{Color: false})
			if err != nil {
				t.Fatal(err)
			}
			for _, bad := range [][]byte{[]byte("s3cret"), []byte("session=abc"), {0x1b}, {0x07}, []byte("\u202e")} {
				if bytes.Contains(got, bad) {
					t.Errorf("%s as %s holds %q", name, format, bad)
				}
			}
		}
	}
}

// TestJSONPathBytes: a file name that is not UTF-8 round-trips through JSON as pathBytes.
func TestJSONPathBytes(t *testing.T) {
	r := resource(t, "evil.example", rules.Origin{})
	b := report.NewBuilder(report.ModeTree, nil)
	b.Add(report.Ref{Rule: rules.DeclaredReference, Level: rules.Note, Class: rules.Declared, Resource: r, Path: "caf\xe9.js", Line: 1, Column: 1, EndColumn: 2, Encoding: "plain"})
	data, err := output.Render(b.Finish(), "json", output.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Findings []struct {
			Path      string `json:"path"`
			PathBytes []byte `json:"pathBytes"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if f := got.Findings[0]; string(f.PathBytes) != "caf\xe9.js" {
		t.Errorf("pathBytes = %q (path %q), want the exact bytes caf\\xe9.js", f.PathBytes, f.Path)
	}
}

// TestSARIFCut: when a SARIF report is written too and GitHub's limits cut it, text and the
// Markdown summary say so; without a cut, or without SARIF, they say nothing.
func TestSARIFCut(t *testing.T) {
	r := resource(t, "evil.example", rules.Origin{})
	b := report.NewBuilder(report.ModeTree, nil)
	for i := range 25001 {
		b.Add(report.Ref{Rule: rules.DeclaredReference, Level: rules.Note, Class: rules.Declared, Resource: r,
			Path: "a.js", Line: i + 1, Column: 1, EndColumn: 2, Match: "evil.example", Encoding: "plain"})
	}
	rep := b.Finish()
	for _, tt := range []struct {
		format string
		sarif  bool
		want   bool
	}{{"text", true, true}, {"markdown", true, true}, {"text", false, false}} {
		got, err := output.Render(rep, tt.format, output.Options{SARIF: tt.sarif, Quiet: true})
		if err != nil {
			t.Fatal(err)
		}
		if says := bytes.Contains(got, []byte("25000 of 25001 results")); says != tt.want {
			t.Errorf("%s (SARIF %v) says the cut: %v, want %v", tt.format, tt.sarif, says, tt.want)
		}
	}
}
