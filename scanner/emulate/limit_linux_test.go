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

func TestParseStatCPU(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"4242 (shieldscan) R 1 4242 4242 0 -1 4194560 100 0 0 0 250 17 0 0 20 0 3 0 1000 0 0", 2670 * time.Millisecond, true},
		// The command name may hold spaces and parentheses.
		{"7 (a) b (c) S 1 7 7 0 -1 0 0 0 0 0 3 4 0 0 20 0 1 0 5 0 0", 70 * time.Millisecond, true},
		{"7 (sh) S 1 7 7 0 -1 0 0 0 0 0", 0, false}, // cut short
		{"7 (sh) S 1 7 7 0 -1 0 0 0 0 0 x 4 0", 0, false},
		{"7 sh S 1", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseStatCPU([]byte(tt.in))
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseStatCPU(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// childCPU reads a live process's CPU time, which grows as it spends CPU.
func TestChildCPU(t *testing.T) {
	t.Parallel()
	cmd := exec.Command("/bin/sh", "-c", "while :; do :; done")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	for {
		cpu, ok := childCPU(cmd.Process.Pid)
		if !ok {
			t.Fatalf("childCPU(%d): not read", cmd.Process.Pid)
		}
		if cpu >= 50*time.Millisecond {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, ok := childCPU(1 << 30); ok {
		t.Errorf("childCPU of no process: read")
	}
}

// The parent kills on the child's CPU time, not on wall time: a child that
// takes four budgets of wall time without spending CPU (as on a loaded
// machine) ends normally, and one that spends its budget in a loop is
// still killed.
func TestKillFollowsChildCPU(t *testing.T) {
	t.Parallel()
	const ready = `echo '{"k":"ready"}'; read -r req; echo '{"k":"ev","s":"fetch","v":"https://slow.example/","p":"browser"}'; `
	const budget = 300 * time.Millisecond
	tests := []struct {
		name   string
		script string
		budget bool
	}{
		{"slow without CPU", ready + `sleep 2; echo '{"k":"end","u":1,"x":1}'`, false},
		{"loop", ready + `while :; do :; done`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, err := runLimited(t.Context(), []byte("x"), Options{Timeout: budget, Executable: "/bin/sh", Args: []string{"-c", tt.script}})
			if err != nil {
				t.Fatalf("Run(%s): %v", tt.name, err)
			}
			if (res.Budget != nil) != tt.budget {
				t.Errorf("Run(%s).Budget = %+v, want a budget: %v", tt.name, res.Budget, tt.budget)
			}
			if !hasEvent(res, "fetch", "https://slow.example/") {
				t.Errorf("Run(%s) lost its event: %v", tt.name, res.Events)
			}
		})
	}
}
