package sarif_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	gosarif "github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/shieldscan/shieldscan/internal/sarifcheck"
	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/sarif"
)

// many builds a history report of files × perFile references: every tenth an encoded reference
// (error), the next three history-only (warning), the rest plain at HEAD (note).
func many(t testing.TB, files, perFile int) *report.Report {
	t.Helper()
	cdn := resource(t, "cdn.example-analytics.com", rules.Origin{})
	var refs []report.Ref
	for f := range files {
		path := fmt.Sprintf("web/page%02d.html", f)
		for l := 1; l <= perFile; l++ {
			snippet := fmt.Sprintf(`<script src="https://cdn.example-analytics.com/%d/%d.js"></script>`, f, l)
			h := &report.History{Path: path, Commit: "8f94139338f9404f26296befa88755fc2598c289", Author: "Alice <a@example.org>", AtHEAD: true}
			encoding := "plain"
			switch (f*perFile + l) % 10 {
			case 0:
				encoding = "base64"
			case 1, 2, 3:
				h = &report.History{Path: path, Commit: "4b825dc642cb6eb9a060e54bf8d69288fbee4904", Author: "Mallory <m@example.org>",
					RemovedIn: "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"}
			}
			refs = append(refs, ref(cdn, path, l, 14, "cdn.example-analytics.com", snippet, rules.HostMatch, rules.CtxScriptSrc,
				encoding, "", h, report.ModeHistory))
		}
	}
	return build(report.ModeHistory, refs...)
}

// checkKept checks that data holds the n results a cut to n must keep: the most severe, the
// report's order within a level, written in the report's order. It returns the number of
// results left out by level.
func checkKept(t *testing.T, rep *report.Report, data []byte, n int) (dropped map[string]int) {
	t.Helper()
	keep := map[int]bool{}
	for _, level := range []rules.Level{rules.Error, rules.Warning, rules.Note, rules.None} {
		for i, f := range rep.Findings {
			if f.Level == level && len(keep) < n {
				keep[i] = true
			}
		}
	}
	var want []string
	dropped = map[string]int{}
	for i, f := range rep.Findings {
		if keep[i] {
			want = append(want, f.Fingerprint)
		} else {
			dropped[f.Level.String()]++
		}
	}
	var got []string
	for _, r := range decode(t, data).Runs[0].Results {
		got = append(got, r.PartialFingerprints[sarif.FingerprintKey])
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("results kept (-want +got):\n%s", diff)
	}
	return dropped
}

// notifications are the run's tool execution notifications, as level: text.
func notifications(t *testing.T, data []byte) []string {
	t.Helper()
	log, err := gosarif.FromBytes(data)
	if err != nil {
		t.Fatalf("gosarif.FromBytes() = %v", err)
	}
	var out []string
	for _, n := range log.Runs[0].Invocations[0].ToolExecutionNotifications {
		out = append(out, n.Level+": "+*n.Message.Text)
	}
	return out
}

func gzipSize(t *testing.T, data []byte) int {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Len()
}

// TestMaxResults: 30 files × 1,000 references give a valid SARIF of exactly 25,000 results, the
// most severe, and a warning that says the cut; the report keeps all 30,000.
func TestMaxResults(t *testing.T) {
	if testing.Short() {
		t.Skip("30,000 results")
	}
	rep := many(t, 30, 1000)
	if len(rep.Findings) != 30000 {
		t.Fatalf("report has %d findings, want 30000", len(rep.Findings))
	}
	var cut sarif.Cut
	var buf bytes.Buffer
	if err := sarif.Write(&buf, rep, sarif.Options{ToolVersion: "test", Cut: &cut}); err != nil {
		t.Fatalf("Write() = %v", err)
	}
	data := buf.Bytes()
	if err := sarifcheck.Validate(data); err != nil {
		t.Fatalf("sarifcheck.Validate() = %v", err)
	}
	if n := len(decode(t, data).Runs[0].Results); n != sarif.MaxResults {
		t.Errorf("%d results, want %d", n, sarif.MaxResults)
	}
	dropped := checkKept(t, rep, data, sarif.MaxResults)
	if dropped["note"] != 5000 || len(dropped) != 1 {
		t.Fatalf("test report: dropped %v, want 5000 notes only", dropped)
	}
	wantCut := sarif.Cut{Results: 30000, Kept: 25000, Notes: 5000, Limits: []string{"GitHub takes at most 25000 results per run"}}
	if diff := cmp.Diff(wantCut, cut); diff != "" {
		t.Errorf("Cut (-want +got):\n%s", diff)
	}
	sentence := "SARIF output holds 25000 of 30000 results (GitHub takes at most 25000 results per run): " +
		"5000 notes were left out, the least severe; the JSON report holds them all."
	if got := cut.String(); got != sentence {
		t.Errorf("Cut.String() = %q, want %q", got, sentence)
	}
	if diff := cmp.Diff([]string{"warning: " + sentence}, notifications(t, data)); diff != "" {
		t.Errorf("notifications (-want +got):\n%s", diff)
	}
	if len(rep.Findings) != 30000 {
		t.Errorf("Write() changed the report: %d findings", len(rep.Findings))
	}
}

// TestMaxGzip: over the gzip-compressed size limit, the least severe results go until the file
// fits, and the cut is said.
func TestMaxGzip(t *testing.T) {
	rep := many(t, 4, 100)
	var full bytes.Buffer
	if err := sarif.Write(&full, rep, sarif.Options{ToolVersion: "test"}); err != nil {
		t.Fatal(err)
	}
	limit := gzipSize(t, full.Bytes()) * 2 / 3
	var cut sarif.Cut
	var buf bytes.Buffer
	if err := sarif.Write(&buf, rep, sarif.WithMaxGzip(sarif.Options{ToolVersion: "test", Cut: &cut}, limit)); err != nil {
		t.Fatalf("Write() = %v", err)
	}
	data := buf.Bytes()
	if size := gzipSize(t, data); size > limit {
		t.Errorf("gzip size %d, want at most %d", size, limit)
	}
	if err := sarifcheck.Validate(data); err != nil {
		t.Fatalf("sarifcheck.Validate() = %v", err)
	}
	if cut.Kept >= cut.Results || cut.Results != 400 || cut.Kept == 0 {
		t.Errorf("Cut = %+v, want 1 to 399 of 400 kept", cut)
	}
	sizeLimit := fmt.Sprintf("GitHub takes at most %d bytes of gzip-compressed SARIF", limit)
	if diff := cmp.Diff([]string{sizeLimit}, cut.Limits); diff != "" {
		t.Errorf("Cut.Limits (-want +got):\n%s", diff)
	}
	dropped := checkKept(t, rep, data, cut.Kept)
	if dropped["note"] != cut.Notes || dropped["warning"] != cut.Warnings || dropped["error"] != cut.Errors {
		t.Errorf("Cut = %+v, dropped %v", cut, dropped)
	}
	if n := notifications(t, data); len(n) != 1 || n[0] != "warning: "+cut.String() || !strings.Contains(n[0], sizeLimit) {
		t.Errorf("notifications = %q, want the cut", n)
	}
	// Kept results keep the fingerprints they have in the full file.
	lineHashes := map[string]string{}
	for _, r := range decode(t, full.Bytes()).Runs[0].Results {
		lineHashes[r.PartialFingerprints[sarif.FingerprintKey]] = r.PartialFingerprints["primaryLocationLineHash"]
	}
	for _, r := range decode(t, data).Runs[0].Results {
		if h := r.PartialFingerprints["primaryLocationLineHash"]; h != lineHashes[r.PartialFingerprints[sarif.FingerprintKey]] {
			t.Errorf("primaryLocationLineHash %q after the cut, %q before", h, lineHashes[r.PartialFingerprints[sarif.FingerprintKey]])
		}
	}
	if got, err := sarif.Limit(rep, sarif.WithMaxGzip(sarif.Options{ToolVersion: "test"}, limit)); err != nil || !cmp.Equal(got, cut) {
		t.Errorf("Limit() = %+v, %v; want %+v (Write's cut)", got, err, cut)
	}
	// The same report and limit give the same bytes.
	var again bytes.Buffer
	if err := sarif.Write(&again, rep, sarif.WithMaxGzip(sarif.Options{ToolVersion: "test"}, limit)); err != nil || !bytes.Equal(again.Bytes(), data) {
		t.Errorf("a second Write() differs (%v)", err)
	}
}

// TestTooLarge: a file over the limit without any result is an error, and nothing is written.
func TestTooLarge(t *testing.T) {
	var buf bytes.Buffer
	err := sarif.Write(&buf, many(t, 1, 10), sarif.WithMaxGzip(sarif.Options{}, 100))
	if !errors.Is(err, sarif.ErrTooLarge) || buf.Len() != 0 {
		t.Errorf("Write() = %v, %d bytes; want ErrTooLarge and nothing written", err, buf.Len())
	}
}

// TestNoCut: within the limits, nothing is cut or said.
func TestNoCut(t *testing.T) {
	cut := sarif.Cut{Results: -1}
	var buf bytes.Buffer
	if err := sarif.Write(&buf, reports(t)["tree"], sarif.Options{Cut: &cut}); err != nil {
		t.Fatal(err)
	}
	if cut.Dropped() != 0 || cut.Results != 4 || cut.String() != "" || cut.Limits != nil {
		t.Errorf("Cut = %+v (%q), want 4 of 4 kept and no sentence", cut, cut.String())
	}
}

func TestCutString(t *testing.T) {
	tests := []struct {
		cut  sarif.Cut
		want string
	}{
		{sarif.Cut{Results: 3, Kept: 3}, ""},
		{sarif.Cut{Results: 3, Kept: 2, Notes: 1, Limits: []string{"L"}},
			"SARIF output holds 2 of 3 results (L): 1 note was left out, the least severe; the JSON report holds them all."},
		{sarif.Cut{Results: 10, Kept: 0, Errors: 1, Warnings: 2, Notes: 3, None: 4, Limits: []string{"A", "B"}},
			"SARIF output holds 0 of 10 results (A; B): 1 error, 2 warnings, 3 notes, 4 results without a level were left out, the least severe; the JSON report holds them all."},
	}
	for _, tt := range tests {
		if got := tt.cut.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.cut, got, tt.want)
		}
	}
}

// TestCatalogWithinLimits: the rules hold GitHub's per-rule limits as they are, so Write never
// has to drop a tag.
func TestCatalogWithinLimits(t *testing.T) {
	for _, r := range rules.Catalog() {
		if len(r.Tags) > sarif.MaxTags {
			t.Errorf("rule %s has %d tags, GitHub takes %d", r.ID, len(r.Tags), sarif.MaxTags)
		}
	}
}

func TestVersions(t *testing.T) {
	tests := []struct{ in, version, semantic string }{
		{"", "devel", ""},
		{"devel", "devel", ""},
		{"(devel)", "(devel)", ""},
		{"test", "test", ""},
		{"v0.1.0", "0.1.0", "0.1.0"},
		{"0.1.0", "0.1.0", "0.1.0"},
		{"v1.2.3-rc.1", "1.2.3-rc.1", "1.2.3-rc.1"},
		{"v1.2.3-rc.1+build.5", "1.2.3-rc.1+build.5", "1.2.3-rc.1+build.5"},
		{"v1.2.3+dirty", "1.2.3+dirty", "1.2.3+dirty"},
		{"v0.0.0-20260311135729-065cd970411c", "0.0.0-20260311135729-065cd970411c", "0.0.0-20260311135729-065cd970411c"},
		{"v2.0.0+incompatible", "2.0.0+incompatible", "2.0.0+incompatible"},
		{"v1.2.3-0a.-", "1.2.3-0a.-", "1.2.3-0a.-"},
		{"v1.2.3+001", "1.2.3+001", "1.2.3+001"},
		{"v1.2", "1.2", ""},
		{"v1", "1", ""},
		{"v1.2.3.4", "1.2.3.4", ""},
		{"v01.2.3", "01.2.3", ""},
		{"v1.02.3", "1.02.3", ""},
		{"v1.2.3-01", "1.2.3-01", ""},
		{"v1.2.3-", "1.2.3-", ""},
		{"v1.2.3-a..b", "1.2.3-a..b", ""},
		{"v1.2.3+", "1.2.3+", ""},
		{"v1.2.3+a_b", "1.2.3+a_b", ""},
		{"v1.2.3+a+b", "1.2.3+a+b", ""},
		{"v1.2.x", "1.2.x", ""},
		{"v", "v", ""},
		{"version", "version", ""},
		{"vv1.2.3", "vv1.2.3", ""},
		{"V1.2.3", "V1.2.3", ""},
		{" 1.2.3", " 1.2.3", ""},
	}
	for _, tt := range tests {
		version, semantic := sarif.Versions(tt.in)
		if version != tt.version || semantic != tt.semantic {
			t.Errorf("versions(%q) = %q, %q; want %q, %q", tt.in, version, semantic, tt.version, tt.semantic)
		}
	}
}

// TestDriverVersion: a release build's driver passes the multitool's SARIF2005 (a version that
// starts with a digit) and carries its SemVer; a development build has no semanticVersion.
func TestDriverVersion(t *testing.T) {
	tests := []struct{ in, version, semantic string }{
		{"v0.1.0", "0.1.0", "0.1.0"},
		{"devel", "devel", ""},
		{"", "devel", ""},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		if err := sarif.Write(&buf, build(report.ModeTree), sarif.Options{ToolVersion: tt.in}); err != nil {
			t.Fatal(err)
		}
		log, err := gosarif.FromBytes(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		d := log.Runs[0].Tool.Driver
		got := [2]string{*d.Version, ""}
		if d.SemanticVersion != nil {
			got[1] = *d.SemanticVersion
		}
		if want := [2]string{tt.version, tt.semantic}; got != want {
			t.Errorf("Write(ToolVersion %q): version, semanticVersion = %q, want %q", tt.in, got, want)
		}
	}
}
