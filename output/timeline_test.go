package output_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shieldscan/shieldscan/output"
	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
)

// timelineReport is a history scan with references that came and went: a skimmer added in two
// files on one day and removed from one later, a CDN script still at HEAD, a path that would
// break Mermaid's syntax, a removal whose date is not known, and an unknown resource (no event).
func timelineReport(t *testing.T) *report.Report {
	skim := resource(t, "https://skimmer.example/c.js", rules.Origin{})
	cdn := resource(t, "cdn.example-analytics.com", rules.Origin{})
	old := resource(t, "old.example", rules.Origin{})
	never := resource(t, "never.example", rules.Origin{})
	b := report.NewBuilder(report.ModeHistory, []*rules.Resource{skim, cdn, old, never})
	day := func(d, h int) time.Time { return time.Date(2024, 3, d, h, 0, 0, 0, time.FixedZone("CET", 3600)) }
	sha := func(c byte) string { return strings.Repeat(string(c), 40) }
	ref := func(res *rules.Resource, path string, line int, h *report.History) {
		h.Path = path
		rule, level, class := rules.DeclaredReference, rules.Note, rules.Declared
		if !h.AtHEAD {
			rule, level, class = rules.HistoricalReference, rules.Warning, rules.Historical
		}
		b.Add(report.Ref{Rule: rule, Level: level, Class: class, Resource: res, Path: path, Line: line, Column: 1, EndColumn: 10,
			Match: res.Canonical, Snippet: res.Canonical, Strength: rules.HostMatch, Context: rules.CtxOther, Encoding: "plain", History: h})
	}
	ref(skim, "checkout/pay.js", 40, &report.History{Commit: sha('a'), Date: day(9, 10), RemovedIn: sha('c'), RemovedDate: day(20, 9)})
	ref(skim, "checkout/pay.js", 41, &report.History{Commit: sha('a'), Date: day(9, 10), RemovedIn: sha('c'), RemovedDate: day(20, 9)})
	ref(skim, "footer.html", 3, &report.History{Commit: sha('b'), Date: day(9, 23), RemovedIn: sha('d'), RemovedDate: day(25, 0)})
	ref(cdn, "web/a: b#1;`x`.html", 1, &report.History{Commit: sha('e'), Date: day(2, 8), AtHEAD: true})
	ref(old, "legacy.js", 7, &report.History{Commit: sha('f'), Date: day(1, 8), RemovedIn: sha('0')})
	b.Add(report.Ref{Rule: rules.UnknownResource, Level: rules.Error, Class: rules.Unknown, Resource: never, Path: report.Placeholder, Line: 1, Column: 1, EndColumn: 2})
	return b.Finish()
}

// TestTimeline compares the Markdown summary of a history scan, with its Mermaid timeline, with
// testdata/golden/timeline.md; and checks that only history scans get one.
func TestTimeline(t *testing.T) {
	rep := timelineReport(t)
	got := output.Markdown(rep, output.Options{})
	golden := filepath.Join(goldenDir, "timeline.md")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("Markdown(timeline) mismatch (-want +got):\n%s", diff)
	}
	if again := output.Markdown(timelineReport(t), output.Options{}); again != got {
		t.Error("Markdown(timeline) differs between two runs")
	}
	rep.Mode = report.ModeChange
	if md := output.Markdown(rep, output.Options{}); strings.Contains(md, "mermaid") {
		t.Errorf("Markdown of a change scan has a timeline:\n%s", md)
	}
}

// TestTimelineCap: past 12 resources the timeline says how many events it leaves out.
func TestTimelineCap(t *testing.T) {
	var resources []*rules.Resource
	for i := range 15 {
		resources = append(resources, resource(t, fmt.Sprintf("r%02d.example", i), rules.Origin{}))
	}
	b := report.NewBuilder(report.ModeHistory, resources)
	for i, r := range resources {
		b.Add(report.Ref{Rule: rules.DeclaredReference, Level: rules.Note, Class: rules.Declared, Resource: r, Path: "a.js", Line: i + 1, Column: 1, EndColumn: 5,
			Match: r.Canonical, Strength: rules.HostMatch, Context: rules.CtxOther, Encoding: "plain",
			History: &report.History{Path: "a.js", Commit: strings.Repeat("1", 40), Date: time.Date(2024, 1, 1+i, 0, 0, 0, 0, time.UTC), AtHEAD: true}})
	}
	md := output.Markdown(b.Finish(), output.Options{})
	if n := strings.Count(md, "    section "); n != 12 {
		t.Errorf("timeline has %d sections, want 12", n)
	}
	if !strings.Contains(md, "The timeline leaves out 3 more events") {
		t.Errorf("timeline does not say what it leaves out:\n%s", md)
	}
}
