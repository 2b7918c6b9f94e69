//go:build !linux

package emulate

import (
	"os"
	"time"
)

// On systems other than Linux the child gets no hard limits from the
// parent: its memory is bounded by the Go runtime's soft limit and the
// child's heap watchdog (which interrupts the script at half of
// Options.MemoryLimit), and its time by the child's own interrupt and the
// parent's kill after Options.Timeout and a second's grace. A single huge
// allocation can therefore take more memory there than on Linux.
func limitChild(pid int, mem int64, timeout time.Duration) error { return nil }

func limitSelf(mem int64, timeout time.Duration) {}

func peakRSS(ps *os.ProcessState) int64 { return 0 }

// childCPU: the child's CPU time is read from outside on Linux only; the
// parent's kill follows wall time elsewhere.
func childCPU(pid int) (time.Duration, bool) { return 0, false }

func exceededCPU(ps *os.ProcessState) bool { return false }

// maxrssBytes: the peak resident set is reported on Linux only.
func maxrssBytes(int64) int64 { return 0 }
