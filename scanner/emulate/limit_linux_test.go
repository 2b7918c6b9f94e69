//go:build linux

package emulate

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The limits land on the child: its address space, CPU time, file size.
func TestLimitChild(t *testing.T) {
	t.Parallel()
	cmd := exec.Command("/bin/sh", "-c", "echo ready; read -r x")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
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
	// Like the emulator child, the shell says when it is up.
	if _, err := bufio.NewReader(stdout).ReadString('\n'); err != nil {
		t.Fatal(err)
	}
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
	limits := strings.Join(strings.Fields(string(b)), " ")
	for _, want := range []string{"Max cpu time 4 5 seconds", "Max file size 0 0 bytes", "Max core file size 0 0 bytes"} {
		if !strings.Contains(limits, want) {
			t.Errorf("/proc/%d/limits lacks %q:\n%s", pid, want, b)
		}
	}
	m := regexp.MustCompile(`Max address space (\d+) (\d+) bytes`).FindStringSubmatch(limits)
	if m == nil {
		t.Fatalf("/proc/%d/limits has no address-space limit:\n%s", pid, b)
	}
	as, _ := strconv.ParseInt(m[1], 10, 64)
	// The child's own size plus mem, give or take what it mapped meanwhile.
	if d := as - (vm + mem); m[1] != m[2] || d < -1<<20 || d > 1<<20 {
		t.Errorf("address-space limit = %s/%s bytes, want about %d (size %d + %d)", m[1], m[2], vm+mem, vm, mem)
	}
}
