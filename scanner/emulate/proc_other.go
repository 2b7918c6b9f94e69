//go:build !unix

package emulate

import (
	"os/exec"
	"time"
)

func ownGroup(cmd *exec.Cmd) {}

// killGroup kills the child; elsewhere than Unix only the child itself.
func killGroup(cmd *exec.Cmd) { _ = cmd.Process.Kill() }

// selfUsage is not measured here.
func selfUsage() (cpu time.Duration, rss int64) { return 0, 0 }
