package output_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shieldscan/shieldscan/output"
	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
)

// TestTimelineEscapesRuns: a file name from a hostile commit with runs of the characters that
// Mermaid's timeline reads as syntax ("%%%" starts a comment once "%%" is halved, ":  " keeps an
// event separator once ": " is shortened) cannot end the event early or comment it out.
func TestTimelineEscapesRuns(t *testing.T) {
	res := resource(t, "cdn.example-analytics.com", rules.Origin{})
	b := report.NewBuilder(report.ModeHistory, []*rules.Resource{res})
	for i, path := range []string{"web/a%%%b.html", "web/c:  d.html", "web/e%%%%f:   g.html"} {
		h := &report.History{Path: path, Commit: strings.Repeat("a", 40), Date: time.Date(2024, 3, 2+i, 8, 0, 0, 0, time.UTC), AtHEAD: true}
		b.Add(report.Ref{Rule: rules.DeclaredReference, Level: rules.Note, Class: rules.Declared, Resource: res, Path: path, Line: 1, Column: 1, EndColumn: 10,
			Match: res.Canonical, Snippet: res.Canonical, Strength: rules.HostMatch, Context: rules.CtxOther, Encoding: "plain", History: h})
	}
	md := output.Markdown(b.Finish(), output.Options{})
	start := strings.Index(md, "```mermaid\n")
	if start < 0 {
		t.Fatalf("no timeline:\n%s", md)
	}
	block := md[start:]
	block = block[:strings.Index(block[3:], "```")+3]
	events := 0
	for _, line := range strings.Split(block, "\n") {
		if strings.Contains(line, "%%") {
			t.Errorf("timeline line holds a Mermaid comment: %q", line)
		}
		if n := strings.Count(line, ": "); strings.Contains(line, "added") && n != 1 {
			t.Errorf("timeline event line has %d separators, want 1: %q", n, line)
		}
		if strings.Contains(line, "added") {
			events++
		}
	}
	if events != 3 {
		t.Errorf("timeline has %d events, want 3:\n%s", events, block)
	}
}
