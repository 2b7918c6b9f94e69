package scanner

import "testing"

// CPULoop runs f b.N times with b.Loop and reports the process's CPU time per op (user and
// system, every goroutine and the GC's) beside the wall time: on a machine that other jobs
// share, wall time moves with their load and CPU time far less. (Exported for the external
// benchmarks of bench_test.go; it exists only in the test binary.)
func CPULoop(b *testing.B, f func()) {
	b.Helper()
	c0 := cpuTime()
	for b.Loop() {
		f()
	}
	if c0 != 0 {
		b.ReportMetric(float64(cpuTime()-c0)/float64(b.N), "cpu-ns/op")
	}
}
