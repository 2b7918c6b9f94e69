package scanner_test

import (
	"encoding/base64"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/shieldscan/shieldscan/output"
	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner"
	"github.com/shieldscan/shieldscan/scanner/tree"
)

// manyMatches is a tree where every file matches many times: plain and base64 references,
// two identical ones on a line (their fingerprints differ only by rank), and a binary file.
func manyMatches(t *testing.T) (fstest.MapFS, *rules.Set) {
	t.Helper()
	hosts := []string{"cdn.evil.example", "skim.example", "pay-check.example", "198.51.100.7", "never.example"}
	set := rules.NewSet()
	for i, h := range hosts {
		r, err := rules.Parse(h, rules.Origin{File: "alerts.txt", Line: i + 1})
		if err != nil {
			t.Fatal(err)
		}
		set.Add(r)
	}
	fsys := fstest.MapFS{"img/logo.png": {Data: []byte("\x89PNG\x00\x00")}}
	for f := range 40 {
		var b strings.Builder
		for l := range 60 + f {
			h := hosts[(f+l)%4]
			switch l % 5 {
			case 0:
				fmt.Fprintf(&b, "load('https://%s/a.js'); load('https://%s/a.js');\n", h, h)
			case 1:
				fmt.Fprintf(&b, "var u = atob(%q);\n", base64.StdEncoding.EncodeToString([]byte("https://"+h+"/x.js")))
			case 2:
				fmt.Fprintf(&b, "<script src=\"//%s/%d.js\"></script>\n", h, l)
			default:
				fmt.Fprintf(&b, "x = %d; // %s\n", l, h)
			}
		}
		fsys[fmt.Sprintf("web/%c/f%02d.js", 'a'+f%3, f)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	return fsys, set
}

// TestStreamDeterministic: a streamed scan writes the same bytes as an in-memory one (Scan,
// one worker) in every format, whatever the number of workers, the GOMAXPROCS and how often
// the findings spill to disk.
func TestStreamDeterministic(t *testing.T) {
	fsys, set := manyMatches(t)
	src := tree.New(fsys, tree.Options{NoIgnore: true})
	render := func(rep *report.Report) map[string]string {
		rep.Stats.Duration = 0
		out := map[string]string{}
		for _, format := range append(output.Formats, "markdown") {
			data, err := output.Render(rep, format, output.Options{ToolVersion: "test", SARIF: true})
			if err != nil {
				t.Fatal(err)
			}
			out[format] = string(data)
		}
		return out
	}
	opts := scanner.Options{Decode: true, Workers: 1}
	ref, err := scanner.Scan(t.Context(), src, set, opts)
	if err != nil {
		t.Fatal(err)
	}
	if n := ref.NumFindings(); n < 2000 {
		t.Fatalf("the tree gives %d findings, want a few thousand", n)
	}
	want := render(ref)
	procs := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(procs)
	for _, tt := range []struct {
		workers, procs, runBytes int
		spilled                  bool
	}{
		{1, 1, 0, false},
		{2, 2, 1, true},
		{4, 2, 64 << 10, true},
		{8, 3, 16 << 10, true},
		{3, 1, 0, false},
	} {
		t.Run(fmt.Sprintf("workers=%d,procs=%d,run=%d", tt.workers, tt.procs, tt.runBytes), func(t *testing.T) {
			runtime.GOMAXPROCS(tt.procs)
			opts.Workers = tt.workers
			rep, err := scanner.ScanStream(t.Context(), src, set, opts, report.StreamOptions{Dir: t.TempDir(), RunBytes: tt.runBytes})
			if err != nil {
				t.Fatal(err)
			}
			defer rep.Close()
			if rep.Streamed() != tt.spilled {
				t.Errorf("Streamed() = %v, want %v", rep.Streamed(), tt.spilled)
			}
			got := render(rep)
			for format, w := range want {
				if diff := cmp.Diff(w, got[format]); diff != "" {
					t.Errorf("%s differs from Scan's (-Scan +ScanStream):\n%.3000s", format, diff)
				}
			}
		})
	}
}
