package output_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shieldscan/shieldscan/output"
	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
)

// builder is a report.Builder or a report.Stream, for the golden cases.
type builder struct {
	add    func(report.Ref)
	skip   func(report.Skip)
	finish func() *report.Report
}

func (b *builder) Add(r report.Ref)   { b.add(r) }
func (b *builder) Skip(s report.Skip) { b.skip(s) }

// newBuilder is a report.Builder, or with sopts a report.Stream whose report is closed when
// the test ends.
func newBuilder(t *testing.T, sopts *report.StreamOptions, mode report.Mode, res []*rules.Resource) *builder {
	if sopts == nil {
		b := report.NewBuilder(mode, res)
		return &builder{add: b.Add, skip: b.Skip, finish: b.Finish}
	}
	s := report.NewStream(mode, res, *sopts)
	return &builder{add: s.Add, skip: s.Skip, finish: func() *report.Report {
		rep, err := s.Finish()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { rep.Close() })
		return rep
	}}
}

// TestGoldenStreamed: a scan report built by a report.Stream is written byte for byte as the
// golden files that a report.Builder's gives, in every format, whether its findings spilled to
// disk (a run of one finding each: every finding is merged from disk) or stayed in memory.
func TestGoldenStreamed(t *testing.T) {
	opts := output.Options{ToolVersion: "test", Category: "shieldscan/",
		Link: func(path string, line int) string { return "https://github.example/o/r/blob/abc/" + path }}
	for _, tt := range []struct {
		name    string
		sopts   report.StreamOptions
		spilled bool
	}{
		{"spilled", report.StreamOptions{Dir: t.TempDir(), RunBytes: 1}, true},
		{"in memory", report.StreamOptions{}, false},
	} {
		reps := reportsOf(t, &tt.sopts)
		for _, name := range []string{"tree", "history"} {
			rep := reps[name]
			if rep.Streamed() != tt.spilled {
				t.Fatalf("%s, %s: Streamed() = %v, want %v", tt.name, name, rep.Streamed(), tt.spilled)
			}
			for _, format := range []string{"text", "json", "markdown"} {
				got, err := output.Render(rep, format, opts)
				if err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join(goldenDir, name+"."+map[string]string{"text": "txt", "json": "json", "markdown": "md"}[format])
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(string(want), string(got)); diff != "" {
					t.Errorf("%s: Render(%s, %s) mismatch (-want +got):\n%s", tt.name, name, format, diff)
				}
			}
			builder := reports(t)[name]
			for _, format := range []string{"sarif", "github"} {
				want, err := output.Render(builder, format, opts)
				if err != nil {
					t.Fatal(err)
				}
				got, err := output.Render(rep, format, opts)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(string(want), string(got)); diff != "" {
					t.Errorf("%s: Render(%s, %s) differs from the Builder's (-want +got):\n%s", tt.name, name, format, diff)
				}
			}
		}
	}
}

// TestStreamIgnore: the ignore list given to a Stream suppresses what Report.Suppress would,
// levels included.
func TestStreamIgnore(t *testing.T) {
	fp := reports(t)["tree"]
	var target string
	for _, f := range fp.Findings {
		if f.Level == rules.Error && f.Suppressed == nil {
			target = f.Fingerprint
			break
		}
	}
	if target == "" {
		t.Fatal("the tree case has no error to suppress")
	}
	sup := report.Suppression{Kind: "config", Reason: "reviewed", Where: ".shieldscan.yml:4"}
	want := reports(t)["tree"]
	if !want.Suppress(target, sup) {
		t.Fatalf("Suppress(%s) found nothing", target)
	}
	got := reportsOf(t, &report.StreamOptions{Dir: t.TempDir(), RunBytes: 1, Ignore: map[string]report.Suppression{target: sup}})["tree"]
	for _, format := range []string{"text", "json", "sarif"} {
		w, err := output.Render(want, format, output.Options{ToolVersion: "test"})
		if err != nil {
			t.Fatal(err)
		}
		g, err := output.Render(got, format, output.Options{ToolVersion: "test"})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(w), string(g)); diff != "" {
			t.Errorf("%s with the ignore list mismatch (-Suppress +Stream):\n%s", format, diff)
		}
	}
	if got.MaxLevel() != want.MaxLevel() {
		t.Errorf("MaxLevel() = %v, want %v", got.MaxLevel(), want.MaxLevel())
	}
}

// TestStreamChange: in change mode a Stream, like a Builder, keeps only the resources that the
// findings reference, and its spilled findings point at them; commit dates keep their offset.
func TestStreamChange(t *testing.T) {
	var res []*rules.Resource
	for _, s := range []string{"a.example", "b.example", "c.example", "d.example"} {
		res = append(res, resource(t, s, rules.Origin{}))
	}
	add := func(b interface{ Add(report.Ref) }) {
		for i := range 30 {
			r := res[1+2*(i%2)] // b and d only
			b.Add(report.Ref{Rule: rules.ChangedReference, Level: rules.Error, Class: rules.Declared, Resource: r,
				Path: fmt.Sprintf("src/%d.js", i%4), Line: 30 - i, Column: 1, EndColumn: 10, Match: r.Canonical, Encoding: "plain",
				History: &report.History{Path: fmt.Sprintf("src/%d.js", i%4), Commit: "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
					Author: "Eve <e@example.org>", Date: time.Date(2024, 1, 2, 3, 4, i, 0, time.FixedZone("", 2*3600)), Subject: "tweak", AtHEAD: i%3 == 0}})
		}
	}
	want := newBuilder(t, nil, report.ModeChange, res)
	add(want)
	got := newBuilder(t, &report.StreamOptions{Dir: t.TempDir(), RunBytes: 1}, report.ModeChange, res)
	add(got)
	w, g := want.finish(), got.finish()
	if !g.Streamed() || len(g.Resources) != 2 {
		t.Fatalf("Streamed() = %v with %d resources, want true with 2", g.Streamed(), len(g.Resources))
	}
	for _, format := range []string{"text", "json", "sarif"} {
		wb, err := output.Render(w, format, output.Options{ToolVersion: "test"})
		if err != nil {
			t.Fatal(err)
		}
		gb, err := output.Render(g, format, output.Options{ToolVersion: "test"})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(wb), string(gb)); diff != "" {
			t.Errorf("%s mismatch (-Builder +Stream):\n%s", format, diff)
		}
	}
}
