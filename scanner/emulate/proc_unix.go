//go:build unix

package emulate

import (
	"os/exec"
	"syscall"
	"time"
)

// ownGroup starts the child in a process group of its own, so that a kill
// reaches anything it may have started too.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// killGroup kills the child's process group.
func killGroup(cmd *exec.Cmd) {
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
		_ = cmd.Process.Kill()
	}
}

// selfUsage is this process's CPU time (user and system) and peak resident
// set so far.
func selfUsage() (cpu time.Duration, rss int64) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, 0
	}
	cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return cpu, maxrssBytes(int64(ru.Maxrss))
}
