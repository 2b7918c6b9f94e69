// Package benchcpu reports a benchmark's CPU time per op beside its wall time: on a machine that
// other jobs share, wall time moves with their load and CPU time far less. It is imported by
// benchmarks only.
package benchcpu

import (
	"testing"
	"time"
)

// Loop runs f b.N times with b.Loop and reports the process's CPU time per op (user and system,
// every goroutine and the GC's) as cpu-ns/op, where the system tells it.
func Loop(b *testing.B, f func()) {
	b.Helper()
	c0 := Now()
	for b.Loop() {
		f()
	}
	if c0 != 0 {
		b.ReportMetric(float64(Now()-c0)/float64(b.N), "cpu-ns/op")
	}
}

// Now is the process's user and system CPU time so far, or 0 where it is not measured.
func Now() time.Duration { return now() }
