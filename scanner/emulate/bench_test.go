package emulate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkSamples measures what emulating each corpus sample costs: wall
// time per run, the child's CPU time and its peak resident set; "run" starts
// a child per script (Run), "worker" runs them all in one child (Worker).
// EMULATE_BENCH_SCRIPTS adds the scripts its glob names (say, libraries
// taken out of a repository's history; see bench/README.md).
//
//	go test ./scanner/emulate -run '^$' -bench Samples -benchtime 5x
func BenchmarkSamples(b *testing.B) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "emulate", "*.js"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no samples: %v", err)
	}
	if g := os.Getenv("EMULATE_BENCH_SCRIPTS"); g != "" {
		more, err := filepath.Glob(g)
		if err != nil {
			b.Fatalf("EMULATE_BENCH_SCRIPTS: %v", err)
		}
		files = append(files, more...)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(f), ".js")
		for _, mode := range []string{"run", "worker"} {
			b.Run(mode+"/"+name, func(b *testing.B) {
				var w Worker
				defer w.Close()
				run := Run
				if mode == "worker" {
					if _, err := w.Run(context.Background(), src, Options{}); err != nil { // the child's start
						b.Fatal(err)
					}
					run = w.Run
				}
				benchSample(b, run, f, src)
			})
		}
	}
}

func benchSample(b *testing.B, run func(context.Context, []byte, Options) (*Result, error), f string, src []byte) {
	var peak int64
	var cpu time.Duration
	runs := 0
	for b.Loop() {
		res, err := run(context.Background(), src, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if res.Budget != nil {
			b.Fatalf("Run(%s).Budget = %+v", f, res.Budget)
		}
		peak = max(peak, res.PeakRSS)
		cpu += res.CPU
		runs = res.Runs
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "child-cpu-ms/op")
	b.ReportMetric(float64(runs), "runs/op")
}
