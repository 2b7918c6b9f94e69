package history

import (
	"os"
	"strings"
	"testing"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner"
)

// BenchmarkScanHistory scans the repository named by $SHIELDSCAN_BENCH_REPO with the needles in
// $SHIELDSCAN_BENCH_NEEDLES (one resource a line; bench/history.sh sets both).
func BenchmarkScanHistory(b *testing.B) {
	repo, needles := os.Getenv("SHIELDSCAN_BENCH_REPO"), os.Getenv("SHIELDSCAN_BENCH_NEEDLES")
	if repo == "" || needles == "" {
		b.Skip("set SHIELDSCAN_BENCH_REPO and SHIELDSCAN_BENCH_NEEDLES (bench/history.sh does)")
	}
	list, err := os.ReadFile(needles)
	if err != nil {
		b.Fatal(err)
	}
	res, err := rules.ReadList(strings.NewReader(string(list)), needles)
	if err != nil {
		b.Fatal(err)
	}
	set := rules.NewSet()
	for _, r := range res {
		set.Add(r)
	}
	for b.Loop() {
		src, err := Open(b.Context(), repo, Options{AllowShallow: true, MaxFileSize: scanner.DefaultMaxFileSize})
		if err != nil {
			b.Fatal(err)
		}
		rep, err := scanner.Scan(b.Context(), src, set, scanner.Options{Mode: report.ModeHistory})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(rep.Stats.Files), "blobs/op")
		b.ReportMetric(float64(len(rep.Findings)), "findings/op")
		b.ReportMetric(float64(rep.Stats.Bytes)/1e6, "MB/op")
		src.Close()
	}
}

// BenchmarkWalk reads every blob of $SHIELDSCAN_BENCH_REPO without matching.
func BenchmarkWalk(b *testing.B) {
	repo := os.Getenv("SHIELDSCAN_BENCH_REPO")
	if repo == "" {
		b.Skip("set SHIELDSCAN_BENCH_REPO (bench/history.sh does)")
	}
	for b.Loop() {
		src, err := Open(b.Context(), repo, Options{AllowShallow: true})
		if err != nil {
			b.Fatal(err)
		}
		var n int64
		err = src.Walk(b.Context(), func(bl scanner.Blob) error {
			n += bl.Size
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n)/1e6, "MB/op")
		src.Close()
	}
}
