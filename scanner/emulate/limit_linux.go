//go:build linux

package emulate

import (
	"fmt"
	"os"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// limitChild sets the hard limits of the child pid: its address space
// (RLIMIT_AS) to mem bytes, its CPU time to the budget and a little more,
// no file it may write (RLIMIT_FSIZE 0) and no core dump.
func limitChild(pid int, mem int64, timeout time.Duration) error {
	for _, l := range limits(mem, timeout) {
		if err := unix.Prlimit(pid, l.res, &l.lim, nil); err != nil {
			return fmt.Errorf("%w: prlimit %s: %w", errNoLimits, l.name, err)
		}
	}
	return nil
}

// limitSelf sets the same limits from inside the child, for a child that
// was not started by Run. Errors are ignored: the parent's limits stand.
func limitSelf(mem int64, timeout time.Duration) {
	for _, l := range limits(mem, timeout) {
		var cur unix.Rlimit
		if unix.Getrlimit(l.res, &cur) == nil && cur.Max < l.lim.Max {
			l.lim.Max = cur.Max
			l.lim.Cur = min(l.lim.Cur, cur.Max)
		}
		_ = unix.Setrlimit(l.res, &l.lim)
	}
}

type limit struct {
	name string
	res  int
	lim  unix.Rlimit
}

func limits(mem int64, timeout time.Duration) []limit {
	cpu := uint64(timeout/time.Second) + 2
	return []limit{
		{"RLIMIT_AS", unix.RLIMIT_AS, unix.Rlimit{Cur: uint64(mem), Max: uint64(mem)}},
		{"RLIMIT_CPU", unix.RLIMIT_CPU, unix.Rlimit{Cur: cpu, Max: cpu + 1}},
		{"RLIMIT_FSIZE", unix.RLIMIT_FSIZE, unix.Rlimit{Cur: 0, Max: 0}},
		{"RLIMIT_CORE", unix.RLIMIT_CORE, unix.Rlimit{Cur: 0, Max: 0}},
	}
}

// peakRSS is the child's peak resident set in bytes (Linux reports KiB).
func peakRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss * 1024
	}
	return 0
}

// exceededCPU reports whether the child died of its CPU-time limit.
func exceededCPU(ps *os.ProcessState) bool {
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return ws.Signal() == syscall.SIGXCPU
	}
	return false
}
