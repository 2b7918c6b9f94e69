//go:build !unix

package emulate

import "os/exec"

func ownGroup(cmd *exec.Cmd) {}

// killGroup kills the child; elsewhere than Unix only the child itself.
func killGroup(cmd *exec.Cmd) { _ = cmd.Process.Kill() }
