//go:build linux

package emulate

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// The limits land on the child: its address space, CPU time, file size.
func TestLimitChild(t *testing.T) {
	t.Parallel()
	cmd := exec.Command("/bin/sh", "-c", "read -r x")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		cmd.Wait()
	}()
	pid := cmd.Process.Pid
	vm, err := vmSize(pid)
	if err != nil {
		t.Fatal(err)
	}
	const mem = 256 << 20
	if err := limitChild(pid, mem, 2*time.Second); err != nil {
		t.Fatalf("limitChild: %v", err)
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/limits", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		fmt.Sprintf("Max address space %d %d bytes", vm+mem, vm+mem),
		"Max cpu time 4 5 seconds",
		"Max file size 0 0 bytes",
		"Max core file size 0 0 bytes",
	} {
		if !strings.Contains(strings.Join(strings.Fields(string(b)), " "), want) {
			t.Errorf("/proc/%d/limits lacks %q:\n%s", pid, want, b)
		}
	}
}
