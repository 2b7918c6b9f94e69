package emulate

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// A Worker runs scripts one after another in one child, each as Run would
// alone: nothing of an earlier script is seen by a later one, and a run cut
// short costs the next nothing but a new child.
func TestWorker(t *testing.T) {
	t.Parallel()
	children <- struct{}{}
	defer func() { <-children }()
	steps := []struct {
		name   string
		src    string
		opts   Options
		budget Reason // "" for none
		reuse  bool   // runs in the child of the step before (not checked for a cut run: its child is gone)
	}{
		{"sets globals", `var leaked = "https://leak.example/"; window.hooked = true; Object.prototype.polluted = 1; String.prototype.trim = null; fetch("https://first.example/");`, Options{}, "", false},
		{"sees none of them", `fetch("https://second.example/?" + typeof leaked + typeof window.hooked + typeof ({}).polluted + typeof "".trim);`, Options{}, "", true},
		{"endless loop", `fetch("https://before-loop.example/"); for (;;) {}`, Options{Timeout: 500 * time.Millisecond}, ReasonTime, true},
		{"after the loop", `fetch("https://after-loop.example/");`, Options{}, "", false},
		{"allocates", `var a = []; for (var i = 0; i < 40; i++) a.push("x".repeat(1 << 20) + i); fetch("https://alloc.example/" + a.length);`, Options{}, "", true},
		{"after the allocation", `var b = []; for (var i = 0; i < 40; i++) b.push("y".repeat(1 << 20) + i); fetch("https://after-alloc.example/" + b.length);`, Options{}, "", true},
		{"new memory limit", `fetch("https://mem.example/");`, Options{MemoryLimit: 256 << 20}, "", false},
		{"timeout past the child's life", `fetch("https://long.example/");`, Options{MemoryLimit: 256 << 20, Timeout: maxChildCPU + time.Minute}, "", false},
	}
	var w Worker
	defer w.Close()
	var last *proc
	for _, st := range steps {
		if st.opts.Timeout == 0 {
			st.opts.Timeout = testTimeout
		}
		st.opts.Profiles = []string{profileBrowser}
		got, err := w.Run(context.Background(), []byte(st.src), st.opts)
		if err != nil {
			t.Fatalf("%s: Worker.Run: %v", st.name, err)
		}
		if st.budget == "" && st.reuse != (last != nil && w.p == last) {
			t.Errorf("%s: ran in the child before = %v, want %v", st.name, w.p == last, st.reuse)
		}
		if st.budget == "" && got.Budget != nil || st.budget != "" && (got.Budget == nil || got.Budget.Reason != st.budget) {
			t.Errorf("%s: Budget = %+v, want reason %q", st.name, got.Budget, st.budget)
		}
		if st.budget != "" && w.p != nil {
			t.Errorf("%s: the child of a cut run was kept", st.name)
		}
		last = w.p
		if st.budget != "" {
			continue // where the clock cuts a run depends on the machine's load
		}
		alone, err := runLimitedSkip(t, st.src, st.opts)
		if err != nil {
			t.Fatalf("%s: Run: %v", st.name, err)
		}
		opt := cmpopts.IgnoreFields(Result{}, "Wall", "CPU", "PeakRSS")
		if diff := cmp.Diff(alone, got, opt); diff != "" {
			t.Errorf("%s: Worker.Run differs from Run alone (-alone +worker):\n%s", st.name, diff)
		}
	}
}

// runLimitedSkip is Run for a test that already holds a place in children.
func runLimitedSkip(t *testing.T, src string, opts Options) (*Result, error) {
	t.Helper()
	return Run(context.Background(), []byte(src), opts)
}
