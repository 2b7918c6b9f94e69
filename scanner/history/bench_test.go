package history

import (
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner"
)

// BenchmarkScanHistory scans the repository named by $SHIELDSCAN_BENCH_REPO with the needles in
// $SHIELDSCAN_BENCH_NEEDLES (one resource a line; bench/history.sh sets both). With
// $SHIELDSCAN_BENCH_PEAKPROF set, it writes there the heap profile taken when the live heap
// was at its highest (a -memprofile shows the end of the run, when the scan has let go). It
// decodes, as the CLI does by default, unless $SHIELDSCAN_BENCH_NODECODE is set.
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
	if out := os.Getenv("SHIELDSCAN_BENCH_PEAKPROF"); out != "" {
		stop := peakProfile(b, out)
		defer stop()
	}
	decode := os.Getenv("SHIELDSCAN_BENCH_NODECODE") == ""
	for b.Loop() {
		src, err := Open(b.Context(), repo, Options{AllowShallow: true, MaxFileSize: scanner.DefaultMaxFileSize})
		if err != nil {
			b.Fatal(err)
		}
		rep, err := scanner.Scan(b.Context(), src, set, scanner.Options{Mode: report.ModeHistory, Decode: decode})
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

// peakProfile samples the live heap every 200 ms and writes a heap profile to out each time it
// reaches a new high; stop ends the sampling and reports the high.
func peakProfile(b *testing.B, out string) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	var peak uint64
	wg.Go(func() {
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc < peak+peak/20 {
				continue
			}
			peak = ms.HeapAlloc
			f, err := os.Create(out)
			if err != nil {
				b.Error(err)
				return
			}
			if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
				b.Error(err)
			}
			f.Close()
		}
	})
	return func() {
		close(done)
		wg.Wait()
		b.ReportMetric(float64(peak)/1e6, "peak-heap-MB")
	}
}
