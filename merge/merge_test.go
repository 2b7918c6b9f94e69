package merge_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shieldscan/shieldscan/internal/sarifcheck"
	"github.com/shieldscan/shieldscan/merge"
	"github.com/shieldscan/shieldscan/output"
	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
)

var update = flag.Bool("update", false, "rewrite golden files")

var goldenDir = filepath.Join("..", "testdata", "merge")

func resource(t testing.TB, s string) *rules.Resource {
	t.Helper()
	r, err := rules.Parse(s, rules.Origin{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// fixture is one generated report: the file it is written to and its bytes.
type fixture struct {
	file string
	data []byte
}

// render writes rep as output.JSON does, with a "repository" field when repo is set (the field
// the lead adds to the JSON report).
func render(t testing.TB, rep *report.Report, repo string) []byte {
	t.Helper()
	data, err := output.Render(rep, "json", output.Options{ToolVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if repo != "" {
		data = bytes.Replace(data, []byte("\"schema\": 1,\n"), []byte(fmt.Sprintf("\"schema\": 1,\n  \"repository\": %q,\n", repo)), 1)
	}
	return data
}

// fixtures are the reports of three generated repositories: acme/shop declares the skimmer
// (plainly and encoded) and a CDN script (12 times: more than merge.MaxLocations), acme/blog
// holds the skimmer only in its history, and acme-docs (a report without a "repository" field)
// does not reference it; evil.example is unknown everywhere.
func fixtures(t testing.TB) []fixture {
	skim := resource(t, "hxxps://skim[.]example/x.js")
	skim.PageShield = &rules.Observation{Kind: "script", Malicious: true, Reasons: []string{"domain reported malicious"}, LastSeen: "2026-12-01"}
	cdn := resource(t, "https://cdn.example-analytics.com/a.js?token=s3cret")
	evil := resource(t, "evil.example")
	evil.Origin = rules.Origin{File: "alerts.txt", Line: 2}

	shop := report.NewBuilder(report.ModeTree, []*rules.Resource{skim, cdn, evil})
	shop.Add(report.Ref{Rule: rules.MaliciousReference, Level: rules.Error, Class: rules.Declared, Resource: skim,
		Path: "web/index.html", Line: 4, Column: 15, EndColumn: 40, Match: "https://skim.example/x.js",
		Snippet: `<script src="https://skim.example/x.js"></script>`, Strength: rules.URLMatch, Context: rules.CtxScriptSrc, Encoding: "plain"})
	shop.Add(report.Ref{Rule: rules.EncodedReference, Level: rules.Error, Class: rules.Declared, Resource: skim,
		Path: "web/pay.js", Line: 1, Column: 9, EndColumn: 49, Match: `"aHR0cHM6Ly9za2ltLmV4YW1wbGUveC5qcw=="`,
		Snippet: `var u=atob("aHR0cHM6Ly9za2ltLmV4YW1wbGUveC5qcw==");`, Strength: rules.URLMatch, Context: rules.CtxOther,
		Encoding: "base64", Decoded: "https://skim.example/x.js"})
	for i := range 12 {
		shop.Add(report.Ref{Rule: rules.DeclaredReference, Level: rules.Note, Class: rules.Declared, Resource: cdn,
			Path: fmt.Sprintf("web/page%02d.html", i+1), Line: 3, Column: 14, EndColumn: 65, Match: "https://cdn.example-analytics.com/a.js?token=s3cret",
			Snippet: `<script src="https://cdn.example-analytics.com/a.js?token=s3cret"></script>`, Strength: rules.URLMatch, Context: rules.CtxScriptSrc, Encoding: "plain"})
	}
	shop.Add(report.Ref{Rule: rules.UnknownResource, Level: rules.Error, Class: rules.Unknown, Resource: evil, Path: report.Placeholder, Line: 1, Column: 1, EndColumn: 2})
	shopRep := shop.Finish()
	shopRep.Stats.Files = 20

	blog := report.NewBuilder(report.ModeHistory, []*rules.Resource{skim, cdn, evil})
	blog.Add(report.Ref{Rule: rules.HistoricalReference, Level: rules.Warning, Class: rules.Historical, Resource: skim,
		Path: "themes/footer.html", Line: 12, Column: 9, EndColumn: 34, Match: "https://skim.example/x.js",
		Snippet: `<script src="https://skim.example/x.js"></script>`, Strength: rules.URLMatch, Context: rules.CtxScriptSrc, Encoding: "plain",
		History: &report.History{Path: "themes/footer.html", Commit: "4b825dc642cb6eb9a060e54bf8d69288fbee4904", Author: "Mallory <m@example.org>",
			Date: time.Date(2026, 11, 9, 13, 30, 0, 0, time.UTC), Subject: "footer tweaks", RemovedIn: "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"}})
	for _, r := range []*rules.Resource{cdn, evil} {
		blog.Add(report.Ref{Rule: rules.UnknownResource, Level: rules.Error, Class: rules.Unknown, Resource: r, Path: report.Placeholder, Line: 1, Column: 1, EndColumn: 2})
	}
	blogRep := blog.Finish()
	blogRep.Stats.Files = 7
	blogRep.AddNote("shallow history: scanned what is there (--allow-shallow)")

	docs := report.NewBuilder(report.ModeTree, []*rules.Resource{skim, evil})
	for _, r := range []*rules.Resource{skim, evil} {
		docs.Add(report.Ref{Rule: rules.UnknownResource, Level: rules.Error, Class: rules.Unknown, Resource: r, Path: report.Placeholder, Line: 1, Column: 1, EndColumn: 2})
	}
	docs.Skip(report.Skip{Path: "site/big.js", Reason: "too-large", Detail: "60 MiB over --max-file-size"})
	docsRep := docs.Finish()
	docsRep.Stats.Files = 3

	return []fixture{
		{"shop.json", render(t, shopRep, "acme/shop")},
		{"blog.json", render(t, blogRep, "acme/blog")},
		{"acme-docs.json", render(t, docsRep, "")},
	}
}

func view(t testing.TB) *merge.View {
	t.Helper()
	var inputs []*merge.Input
	for _, fx := range fixtures(t) {
		in, err := merge.Read(bytes.NewReader(fx.data), filepath.Join("reports", fx.file))
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, in)
	}
	return merge.Merge(inputs)
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join(goldenDir, name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./merge -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}

// TestFixtures keeps the generated input reports in testdata/merge/reports, for the CLI's
// end-to-end tests (shieldscan merge testdata/merge/reports/*.json).
func TestFixtures(t *testing.T) {
	for _, fx := range fixtures(t) {
		t.Run(fx.file, func(t *testing.T) { golden(t, filepath.Join("reports", fx.file), fx.data) })
	}
}

// link links history locations only (at their commit), to show both forms in the golden Markdown.
func link(repo string, l merge.Location) string {
	if l.Commit == "" {
		return ""
	}
	return fmt.Sprintf("https://github.example/%s/blob/%s/%s#L%d", repo, l.Commit, l.Path, l.Line)
}

// TestGolden compares text, JSON and Markdown of the merge of the three reports with
// testdata/merge.
func TestGolden(t *testing.T) {
	v := view(t)
	for _, format := range merge.Formats {
		t.Run(format, func(t *testing.T) {
			got, err := merge.Render(v, format, merge.Options{ToolVersion: "test", Link: link})
			if err != nil {
				t.Fatal(err)
			}
			golden(t, "merge."+map[string]string{"text": "txt", "json": "json", "markdown": "md"}[format], got)
		})
	}
}

// TestReportGolden: the view as a report, in the formats of package output (SARIF included),
// one finding per repository and reference, its path prefixed with the repository.
func TestReportGolden(t *testing.T) {
	rep := view(t).Report()
	for _, format := range []string{"text", "sarif"} {
		t.Run(format, func(t *testing.T) {
			got, err := output.Render(rep, format, output.Options{ToolVersion: "test"})
			if err != nil {
				t.Fatal(err)
			}
			if format == "sarif" {
				if err := sarifcheck.Validate(got); err != nil {
					t.Errorf("View.Report() as SARIF: %v", err)
				}
			}
			golden(t, "report."+map[string]string{"text": "txt", "sarif": "sarif"}[format], got)
		})
	}
}

// TestView checks the view's classes, levels and presence, independently of the goldens.
func TestView(t *testing.T) {
	v := view(t)
	type row struct {
		Canonical string
		Class     rules.Class
		Level     rules.Level
		Malicious bool
		Presence  map[string]rules.Class
	}
	var got []row
	for _, r := range v.Resources {
		got = append(got, row{r.Canonical, r.Class, r.Level, r.Malicious, r.Presence})
	}
	want := []row{
		{"https://skim.example/x.js", rules.Declared, rules.Error, true,
			map[string]rules.Class{"acme/shop": rules.Declared, "acme/blog": rules.Historical, "acme-docs": rules.Unknown}},
		{"evil.example", rules.Unknown, rules.Error, false,
			map[string]rules.Class{"acme/shop": rules.Unknown, "acme/blog": rules.Unknown, "acme-docs": rules.Unknown}},
		{"https://cdn.example-analytics.com/a.js?token=REDACTED", rules.Declared, rules.Note, false,
			map[string]rules.Class{"acme/shop": rules.Declared, "acme/blog": rules.Unknown}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Merge() resources mismatch (-want +got):\n%s", diff)
	}
	if h := v.Resources[2].Declared[0]; h.References != 12 || len(h.Locations) != merge.MaxLocations || h.More != 2 {
		t.Errorf("cdn in acme/shop: %d references, %d locations, %d more; want 12, %d, 2", h.References, len(h.Locations), h.More, merge.MaxLocations)
	}
	if !v.Fails(rules.Error) || v.MaxLevel() != rules.Error {
		t.Errorf("MaxLevel() = %v, want error", v.MaxLevel())
	}
	rep := v.Report()
	if rep.MaxLevel() != v.MaxLevel() {
		t.Errorf("Report().MaxLevel() = %v, View.MaxLevel() = %v: the gate must agree", rep.MaxLevel(), v.MaxLevel())
	}
	// 2 + 12 references in acme/shop, 1 in acme/blog's history, evil.example unknown everywhere.
	if len(rep.Findings) != 16 {
		t.Errorf("Report() has %d findings, want 16", len(rep.Findings))
	}
	for _, f := range rep.Findings {
		if f.Path != report.Placeholder && !strings.HasPrefix(f.Path, "acme/") {
			t.Errorf("finding at %q: path not prefixed with its repository", f.Path)
		}
	}
}

// TestOrderIndependent: the inputs' order does not change a byte of any format.
func TestOrderIndependent(t *testing.T) {
	fx := fixtures(t)
	read := func(order ...int) []byte {
		var inputs []*merge.Input
		for _, i := range order {
			in, err := merge.Read(bytes.NewReader(fx[i].data), fx[i].file)
			if err != nil {
				t.Fatal(err)
			}
			inputs = append(inputs, in)
		}
		var out []byte
		for _, format := range merge.Formats {
			b, err := merge.Render(merge.Merge(inputs), format, merge.Options{})
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, b...)
		}
		return out
	}
	if diff := cmp.Diff(string(read(0, 1, 2)), string(read(2, 0, 1))); diff != "" {
		t.Errorf("Merge() depends on the order of its inputs (-want +got):\n%s", diff)
	}
}

// TestSameRepository: a tree and a history report of one repository merge into one column, and
// the resource takes its strongest class.
func TestSameRepository(t *testing.T) {
	fx := fixtures(t)
	var inputs []*merge.Input
	for _, f := range []fixture{fx[0], {"shop-history.json", bytes.Replace(fx[1].data, []byte(`"acme/blog"`), []byte(`"acme/shop"`), 1)}} {
		in, err := merge.Read(bytes.NewReader(f.data), f.file)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, in)
	}
	v := merge.Merge(inputs)
	if len(v.Repositories) != 1 || len(v.Repositories[0].Reports) != 2 {
		t.Fatalf("Merge() repositories = %+v, want acme/shop from two reports", v.Repositories)
	}
	for _, r := range v.Resources {
		if r.Canonical == "https://skim.example/x.js" {
			if r.Presence["acme/shop"] != rules.Declared || len(r.Declared) != 1 || r.Declared[0].References != 3 {
				t.Errorf("skim.example in acme/shop: %v with %+v, want declared with 3 references (tree and history)", r.Presence["acme/shop"], r.Declared)
			}
		}
	}
}

// TestNothingRaw: no format prints a credential or a terminal control that a report carries,
// even a hostile one that was not made safe.
func TestNothingRaw(t *testing.T) {
	hostile := `{"schema": 1, "tool": {"name": "shieldscan", "version": "x"}, "repository": "evil\u001b[2J/repo", "mode": "tree",
	"notes": ["\u001b]0;pwned\u0007"], "resources": [{"resource": "https://u:pw@x.example/?token=s3cret", "canonical": "https://x.example/?token=s3cret",
	"kind": "url", "class": "declared", "level": "note"}], "findings": [{"rule": "declared-reference", "level": "note", "classification": "declared",
	"path": "a\u202e.js", "line": 1, "column": 1, "match": "?token=s3cret", "snippet": "\u001b[31m", "resource": "https://u:pw@x.example/?token=s3cret",
	"canonical": "https://x.example/?token=s3cret", "history": {"path": "a.js", "commit": "\u001b", "author": "\u0007"}}],
	"skipped": [{"path": "b\u001b.js", "reason": "too-large", "detail": "\u001b"}]}`
	in, err := merge.Read(strings.NewReader(hostile), "hostile.json")
	if err != nil {
		t.Fatal(err)
	}
	v := merge.Merge([]*merge.Input{in})
	for _, format := range merge.Formats {
		got, err := merge.Render(v, format, merge.Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkSafe(t, format, got)
	}
	for _, format := range append(output.Formats, "markdown") {
		got, err := output.Render(v.Report(), format, output.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if format != "json" { // JSON carries the exact path, escaped by encoding/json
			checkSafe(t, "report as "+format, got)
		}
	}
}

func checkSafe(t testing.TB, what string, got []byte) {
	t.Helper()
	for _, bad := range [][]byte{[]byte("s3cret"), []byte(":pw@"), {0x1b}, {0x07}, []byte("\u202e")} {
		if bytes.Contains(got, bad) {
			t.Errorf("%s holds %q:\n%s", what, bad, got)
		}
	}
}

// TestMarkdownColumns: past Options.MaxColumns, only the repositories that reference a resource
// get a column; the others are named below the table.
func TestMarkdownColumns(t *testing.T) {
	got := merge.Markdown(view(t), merge.Options{MaxColumns: 2})
	for _, want := range []string{
		"| resource | level | acme/blog | acme/shop |\n",
		"| `https://skim.example/x.js` ⚠ malicious | error | h | ✓ |\n",
		"1 other repository references none of the resources: acme-docs.\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Markdown(MaxColumns: 2) lacks %q:\n%s", want, got)
		}
	}
}

// BenchmarkMerge: 30 repositories of 1,000 references each (GitHub's SARIF limit is 25,000
// results), read, merged and rendered in every format.
func BenchmarkMerge(b *testing.B) {
	r := resource(b, "https://cdn.example-analytics.com/a.js")
	var data [][]byte
	for i := range 30 {
		bl := report.NewBuilder(report.ModeTree, []*rules.Resource{r})
		for j := range 1000 {
			bl.Add(report.Ref{Rule: rules.DeclaredReference, Level: rules.Note, Class: rules.Declared, Resource: r,
				Path: fmt.Sprintf("web/p%04d.html", j), Line: 3, Column: 14, EndColumn: 50, Match: r.Canonical, Encoding: "plain"})
		}
		data = append(data, render(b, bl.Finish(), fmt.Sprintf("acme/r%02d", i)))
	}
	for b.Loop() {
		var inputs []*merge.Input
		for i, d := range data {
			in, err := merge.Read(bytes.NewReader(d), fmt.Sprint(i))
			if err != nil {
				b.Fatal(err)
			}
			inputs = append(inputs, in)
		}
		v := merge.Merge(inputs)
		for _, format := range merge.Formats {
			if _, err := merge.Render(v, format, merge.Options{}); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := output.Render(v.Report(), "sarif", output.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestGitHubLink: a reference at HEAD links to the default branch, one of history to its commit;
// a repository that is not owner/name (named after its report file), and the placeholder, to
// nothing.
func TestGitHubLink(t *testing.T) {
	link := merge.GitHubLink("https://github.com")
	tests := []struct {
		repo string
		loc  merge.Location
		want string
	}{
		{"acme/shop", merge.Location{Path: "web/a b.html", Line: 4}, "https://github.com/acme/shop/blob/HEAD/web/a%20b.html#L4"},
		{"acme/blog", merge.Location{Path: "f.html", Line: 2, Commit: "781d55a1c61ee265815257f0a4f34b51f0958b92"}, "https://github.com/acme/blog/blob/781d55a1c61ee265815257f0a4f34b51f0958b92/f.html#L2"},
		{"docs", merge.Location{Path: "a.html", Line: 1}, ""},
		// a file name with the parentheses and brackets of Markdown's link syntax cannot end the link
		{"acme/shop", merge.Location{Path: "web/a)[x](y.html", Line: 3}, "https://github.com/acme/shop/blob/HEAD/web/a%29%5Bx%5D%28y.html#L3"},
		{"acme/s)p", merge.Location{Path: "a.html", Line: 1, Commit: "a)b"}, "https://github.com/acme/s%29p/blob/a%29b/a.html#L1"},
		{"acme/shop", merge.Location{Path: report.Placeholder, Line: 1}, ""},
	}
	for _, tt := range tests {
		if got := link(tt.repo, tt.loc); got != tt.want {
			t.Errorf("GitHubLink(%q, %+v) = %q, want %q", tt.repo, tt.loc, got, tt.want)
		}
	}
	if merge.GitHubLink("") != nil {
		t.Error("GitHubLink(\"\") is not nil")
	}
}
