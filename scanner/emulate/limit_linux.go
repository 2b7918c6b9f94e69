//go:build linux

package emulate

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// limitChild sets the hard limits of the child pid: its address space
// (RLIMIT_AS) to mem bytes, its CPU time to the budget and a little more,
// no file it may write (RLIMIT_FSIZE 0) and no core dump.
func limitChild(pid int, mem int64, timeout time.Duration) error {
	vm, err := vmSize(pid)
	if err != nil {
		return err
	}
	for _, l := range limits(vm+mem, timeout) {
		if err := unix.Prlimit(pid, l.res, &l.lim, nil); err != nil {
			return fmt.Errorf("prlimit %s: %w", l.name, err)
		}
	}
	return nil
}

// vmSize is the address space pid has mapped, in bytes: a Go runtime
// reserves over a gigabyte before it allocates anything.
func vmSize(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("reading the child's size: %w", err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmSize:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("reading the child's size: %q: %w", l, err)
			}
			return kb << 10, nil
		}
	}
	return 0, errors.New("reading the child's size: no VmSize")
}

// limitSelf sets the same limits from inside the child, for a child that
// was not started by Run; a limit can only be lowered, so the parent's
// stand. Errors are ignored.
func limitSelf(mem int64, timeout time.Duration) {
	vm, err := vmSize(os.Getpid())
	if err != nil {
		return
	}
	for _, l := range limits(vm+mem, timeout) {
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

// childCPU is the CPU time (user and system, all threads) that process pid
// has spent so far, read from /proc/pid/stat in the kernel's clock ticks:
// the parent's kill follows the child's CPU time, as the child's budget does.
func childCPU(pid int) (time.Duration, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	return parseStatCPU(b)
}

// userHZ is the unit of the times in /proc/pid/stat: the kernel reports
// them in USER_HZ, 100 a second on every architecture Go supports.
const userHZ = 100

// parseStatCPU reads utime and stime, the 14th and 15th fields of a
// /proc/pid/stat line, after the command name in parentheses (which may
// hold spaces and parentheses itself).
func parseStatCPU(b []byte) (time.Duration, bool) {
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(b[i+1:])) // from the 3rd field on
	if len(f) < 13 {
		return 0, false
	}
	u, err1 := strconv.ParseUint(f[11], 10, 63)
	k, err2 := strconv.ParseUint(f[12], 10, 63)
	if err1 != nil || err2 != nil || u+k > uint64(math.MaxInt64/(time.Second/userHZ)) {
		return 0, false
	}
	return time.Duration(u+k) * (time.Second / userHZ), true
}

// peakRSS is the child's peak resident set in bytes (Linux reports KiB).
func peakRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return int64(ru.Maxrss) * 1024
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

// maxrssBytes is a getrusage peak resident set in bytes (Linux reports KiB).
func maxrssBytes(kib int64) int64 { return kib * 1024 }
