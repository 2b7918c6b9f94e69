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
// time per run (child start included), the child's CPU time and its peak
// resident set.
//
//	go test ./scanner/emulate -run '^$' -bench Samples -benchtime 5x
func BenchmarkSamples(b *testing.B) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "emulate", "*.js"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no samples: %v", err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(strings.TrimSuffix(filepath.Base(f), ".js"), func(b *testing.B) {
			var peak int64
			var cpu time.Duration
			for b.Loop() {
				res, err := Run(context.Background(), src, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if res.Budget != nil {
					b.Fatalf("Run(%s).Budget = %+v", f, res.Budget)
				}
				peak = max(peak, res.PeakRSS)
				cpu += res.CPU
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "child-cpu-ms/op")
		})
	}
}
