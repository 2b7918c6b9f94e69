package emulate

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// jqueryLike behaves as packed jQuery 1.2.x does in the emulator: it names
// ActiveXObject (so it runs under the Windows Script Host too), unpacks
// itself through eval, and there stops on `window` before it reads the
// clock, then on `navigator` after it has.
const jqueryLike = `var names = "XMLHttpRequest|ActiveXObject".split("|");
eval("(function(){var E = window.jQuery = function(){}; var expando = 'jQuery' + (new Date()).getTime(); var ua = navigator.userAgent.toLowerCase();})()");`

// A later date replays, not runs, the first date's reruns that stopped on a
// missing name before any clock or Math.random read; the reruns after one
// run again. What the script reports is the same as when every rerun runs.
func TestReplayUntimedReruns(t *testing.T) {
	t.Parallel()
	wsh := []string{profileWSH}
	tests := []struct {
		name     string
		src      string
		opts     Options
		runs     int // executions with the replay
		reruns   int
		profiles int
	}{
		// wsh: 3 runs on the first date, 2 on each later one (window replayed); browser: 1 per date.
		{"jquery-like", jqueryLike, Options{}, 3 + 2 + 2 + 3, 6, 6},
		{"clock before the stop", `var t = Date.now(); eval("'x" + (t > 0) + "'"); window.x;`, Options{Profiles: wsh}, 2 * 3, 3, 3},
		{"Math.random before the stop", `eval("'r" + Math.random() + "'"); window.x;`, Options{Profiles: wsh}, 2 * 3, 3, 3},
		{"the year before the stop", `var y = new Date().getFullYear(); if (typeof window === "undefined") eval("'y" + y + "'"); window.x;`, Options{Profiles: wsh}, 2 * 3, 3, 3},
		{"typeof before the stop", `if (typeof window === "undefined") eval("var a = 1"); window.x = 1; var t = Date.now(); eval("'t" + t + "'"); navigator.userAgent;`, Options{Profiles: wsh}, 3 + 2 + 2, 6, 3},
		{"two untimed reruns", `eval("'a'"); document.fooBar(); eval("'b'"); document.bazQux(); var t = Date.now(); eval("'c" + (t > 0) + "'");`, Options{Profiles: []string{profileBrowser}}, 3 + 1 + 1, 6, 3},
		{"rerun cap", `eval("'a'"); document.fooBar(); var t = Date.now(); document.bazQux();`, Options{Profiles: []string{profileBrowser}, MaxReruns: 1}, 2 + 1 + 1, 3, 3},
		{"repeated values", `eval("1"); eval("1"); gone1; eval("1"); eval("2"); Date.now(); gone2;`, Options{Profiles: wsh}, 3 + 2 + 2, 6, 3},
		{"events limit", `for (var i = 0; i < 4; i++) eval("'" + i + "'"); gone; Date.now();`, Options{Profiles: wsh, MaxEvents: 6}, 2 + 1 + 1, 3, 3},
		{"a URL found", `fetch("https://u.example/"); gone; Date.now();`, Options{Profiles: []string{profileBrowser}}, 2, 1, 1},
		{"no clock", `eval("'a'"); gone;`, Options{Profiles: wsh}, 2, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			every, replayed := runBothWays(t, tt.src, tt.opts)
			if replayed.Runs != tt.runs {
				t.Errorf("Runs = %d, want %d (%d when every rerun runs)", replayed.Runs, tt.runs, every.Runs)
			}
			if replayed.Reruns != tt.reruns || len(replayed.Profiles) != tt.profiles {
				t.Errorf("Reruns = %d, Profiles = %v; want %d reruns, %d profiles", replayed.Reruns, replayed.Profiles, tt.reruns, tt.profiles)
			}
		})
	}
	// Through the child, as the scanner runs it.
	res := run(t, jqueryLike, Options{})
	if res.Runs != 10 || res.Reruns != 6 || !slices.Equal(res.Stubbed, []string{"window", "navigator"}) || len(res.Profiles) != 6 || len(res.Errors) != 3 {
		t.Errorf("Run(jquery-like) = runs %d, reruns %d, stubbed %v, profiles %v, errors %v; want 10 runs, 6 reruns of [window navigator], 6 profiles, 3 errors",
			res.Runs, res.Reruns, res.Stubbed, res.Profiles, res.Errors)
	}
}

// Every corpus sample reports the same with the replay as without.
func TestReplaySamples(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "emulate", "*.js"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no samples: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			runBothWays(t, string(src), Options{})
		})
	}
}

// runBothWays runs src in this process with every rerun run and with the
// replay, checks that the two report the same, and returns both.
func runBothWays(t *testing.T, src string, opts Options) (every, replayed *Result) {
	t.Helper()
	opts.Timeout = testTimeout
	every, replayed = runInProcess(src, opts, false), runInProcess(src, opts, true)
	if every.Budget != nil {
		t.Fatalf("Run(%.60q).Budget = %+v", src, every.Budget)
	}
	if replayed.Runs > every.Runs {
		t.Errorf("Run(%.60q) = %d runs with the replay, %d without", src, replayed.Runs, every.Runs)
	}
	a, b := *every, *replayed
	a.Runs, b.Runs = 0, 0
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("Run(%.60q) reports differently with the replay (-every rerun +replayed):\n%s", src, diff)
	}
	return every, replayed
}

// runInProcess is what the child does for one request, in this process,
// decoded as Run decodes it (no CPU, RSS or wall time).
func runInProcess(src string, opts Options, replay bool) *Result {
	opts = opts.withDefaults()
	var out bytes.Buffer
	w := bufio.NewWriter(&out)
	c := newChild(opts, w)
	c.clock = wallClock // this process's CPU time is also the other tests'
	c.noReplay = !replay
	c.runScript([]byte(src))
	w.Flush()
	res := &Result{}
	col := &collector{opts: opts, res: res}
	_ = col.decodeStream(&out)
	res.Budget = col.budget
	return res
}

// The rewrite of generated code is kept for the script's later runs, within
// a bound that follows the memory limit.
func TestRewriteMemo(t *testing.T) {
	t.Parallel()
	src := "(function(){ return eval('1'); })()"
	body := "return eval(x);"
	c := newChild(Options{}.withDefaults(), nil)
	for range 2 {
		if got, want := c.rewrite(src, false), rewriteEval(src); got != want {
			t.Errorf("rewrite(%q) = %q, want %q", src, got, want)
		}
		if got, want := c.rewrite(body, true), rewriteEvalBody(body); got != want {
			t.Errorf("rewrite(%q, body) = %q, want %q", body, got, want)
		}
	}
	if len(c.rewritten) != 2 {
		t.Errorf("rewrite kept %d texts, want 2", len(c.rewritten))
	}
	small := newChild(Options{MemoryLimit: 64 * 64}.withDefaults(), nil)
	if got, want := small.rewrite(src, false), rewriteEval(src); got != want || len(small.rewritten) != 0 {
		t.Errorf("rewrite under a 4 KiB memory limit = %q, kept %d; want %q, kept 0", got, len(small.rewritten), want)
	}
}

// A small live heap may grow to the floor before the child collects; from
// half the floor on, and under a small memory limit, the collector runs as
// Go's default does.
func TestGCPercent(t *testing.T) {
	t.Parallel()
	const mb = 1 << 20
	tests := []struct {
		live  uint64
		limit int64
		want  int
	}{
		{0, DefaultMemoryLimit, 100},
		{4 * mb, DefaultMemoryLimit, 700}, // collected at 32 MB
		{1 * mb, DefaultMemoryLimit, 700}, // at most 700: collected at 28 MB, Go's minimum heap at 700
		{16 * mb, DefaultMemoryLimit, 100},
		{200 * mb, DefaultMemoryLimit, 100},
		{1 * mb, 32 * mb, 100},  // a 2 MB floor
		{1 * mb, 64 * mb, 100},  // a 4 MB floor: Go's minimum heap at 100
		{1 * mb, 128 * mb, 200}, // an 8 MB floor: Go's minimum heap at 200
	}
	for _, tt := range tests {
		if got := gcPercent(tt.live, tt.limit); got != tt.want {
			t.Errorf("gcPercent(%d MB, %d MB) = %d, want %d", tt.live/mb, tt.limit/mb, got, tt.want)
		}
	}
}

// A live heap that grows past the collector's floor, amid garbage, but stays
// well under the memory watchdog's threshold runs to its end.
func TestGCPaceUnderWatchdog(t *testing.T) {
	t.Parallel()
	src := `var keep = [], junk;
for (var i = 0; i < 24; i++) {
	keep.push(new Uint8Array(1 << 21)); // 48 MB live in the end
	for (var j = 0; j < 8; j++) junk = new Uint8Array(1 << 20);
}
fetch("https://after-growth.example/" + keep.length);`
	res := run(t, src, Options{Profiles: []string{profileBrowser}})
	if res.Budget != nil || !hasEvent(res, "fetch", "https://after-growth.example/24") {
		t.Errorf("Run(48 MB live) = budget %+v, events %v; want no budget and the fetch", res.Budget, res.Events)
	}
}
