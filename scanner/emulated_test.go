package scanner

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner/decode"
	"github.com/shieldscan/shieldscan/scanner/emulate"
)

func TestInlineScripts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want []string // the blocks' texts, as "offset:text"
	}{
		{"one block", "<p>\n<script>a()</script>", []string{"12:a()"}},
		{"upper case and attributes", `<SCRIPT defer type="text/javascript">b()</Script>`, []string{"37:b()"}},
		{"module", `<script type=module>c()</script>`, []string{"20:c()"}},
		{"two blocks", "<script>d()</script><script>\ne()\n</script>", []string{"8:d()", "28:\ne()\n"}},
		{"unclosed block runs to the end", "<script>f()", []string{"8:f()"}},
		{"external script", `<script src="/x.js">ignored()</script>`, nil},
		{"JSON data", `<script type="application/ld+json">{"a": 1}</script>`, nil},
		{"template", `<script type="text/x-template"><div>{{x}}</div></script>`, nil},
		{"empty", "<script>  \n </script>", nil},
		{"not a script tag", "<scripts>g()</scripts><script-x>h()</script-x>", nil},
		{"no tag end", "<script", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, s := range inlineScripts([]byte(tt.in)) {
				got = append(got, fmt.Sprintf("%d:%s", s.start, s.text))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("inlineScripts(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// mapSource is a working tree in memory, walked in the order of its paths.
type mapSource map[string]string

func (s mapSource) Walk(ctx context.Context, yield func(Blob) error) error {
	paths := make([]string, 0, len(s))
	for p := range s {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		data := []byte(s[p])
		if err := yield(Blob{Path: p, Size: int64(len(data)), Load: func(*[]byte, int64) ([]byte, error) { return data, nil }}); err != nil {
			return err
		}
	}
	return nil
}

// fakeSandbox stands for the emulator: a script "runs" by naming its URLs after "SEND " (one
// per line, "sink url", with a "~" that hides the host from static matching and that running
// drops), and takes the time after "TAKES " (wall time, and CPU time unless "CPU " says less,
// as for a child that a loaded machine gives a part of each second).
type fakeSandbox struct {
	mu      sync.Mutex
	runs    []string
	err     error
	workers int
}

func (f *fakeSandbox) emulation(budget time.Duration) *Emulation {
	return &Emulation{
		Suspicious: func(script []byte, _ *decode.Result, _ *Signs) bool {
			return bytes.Contains(script, []byte("SUSPICIOUS"))
		},
		Sandbox: func() Sandbox { return SandboxFunc(f.run) },
		Budget:  budget, Timeout: 3 * time.Second, Workers: f.workers,
	}
}

func (f *fakeSandbox) run(_ context.Context, script []byte, timeout time.Duration) (*emulate.Result, error) {
	f.mu.Lock()
	f.runs = append(f.runs, strings.TrimSpace(string(script)))
	f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	res := &emulate.Result{Wall: 200 * time.Millisecond}
	for _, l := range strings.Split(string(script), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), "SEND "); ok {
			sink, u, _ := strings.Cut(rest, " ")
			res.Events = append(res.Events, emulate.Event{Sink: sink, Value: strings.ReplaceAll(u, "~", ""), Profile: "browser"})
		}
		if d, ok := strings.CutPrefix(strings.TrimSpace(l), "TAKES "); ok {
			res.Wall, _ = time.ParseDuration(d)
		}
		if d, ok := strings.CutPrefix(strings.TrimSpace(l), "CPU "); ok {
			res.CPU, _ = time.ParseDuration(d)
		}
	}
	if res.Spent() > timeout { // the child's budget is its CPU time
		res.Wall, res.CPU = min(res.Wall, timeout), min(res.CPU, timeout)
		res.Budget = &emulate.Budget{Reason: emulate.ReasonTime, Profile: "browser"}
	}
	return res, nil
}

func scanEmulated(t *testing.T, src mapSource, f *fakeSandbox, budget time.Duration, resources ...string) *report.Report {
	t.Helper()
	rep, err := Scan(t.Context(), src, setOf(t, resources...), Options{Decode: true, Emulation: f.emulation(budget)})
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	return rep
}

func findings(rep *report.Report) []string {
	var out []string
	for _, f := range rep.Findings {
		if f.Rule == rules.UnknownResource {
			out = append(out, "unknown "+f.Canonical)
			continue
		}
		out = append(out, fmt.Sprintf("%s:%d:%d %s %s %s %s", f.Path, f.Line, f.Column, f.Canonical, f.Encoding, f.Sink, f.Context))
	}
	return out
}

func skips(rep *report.Report) []string {
	var out []string
	for _, s := range rep.Skipped {
		out = append(out, fmt.Sprintf("%s %s: %s", s.Path, s.Reason, s.Detail))
	}
	return out
}

func TestScanEmulation(t *testing.T) {
	t.Parallel()
	skim := "SUSPICIOUS\nSEND script.src https://c~dn.hidden.example/x.js\nSEND fetch https://p~lain.example/y\n"
	data := base64.StdEncoding.EncodeToString([]byte("SUSPICIOUS\nSEND sendBeacon //b~eacon.example/b\n"))
	src := mapSource{
		"a/skim.js":      skim,
		"b/copy.js":      skim, // the same text: run once, reported at both places
		"c/plain.js":     "// ordinary\nSEND fetch https://c~dn.hidden.example/z\n",
		"d/page.html":    "<html>\n<script>\nSUSPICIOUS\nSEND XMLHttpRequest.open https://p~age.example/p\n</script>\n<script>SEND fetch https://q~uiet.example/</script>\n",
		"e/data.php":     `<script src="data:text/javascript;base64,` + data + `"></script>`,
		"f/static.js":    "SUSPICIOUS\nfetch('https://page.example/known')\nSEND fetch https://p~age.example/again\n",
		"g/notes.txt":    "SUSPICIOUS\nSEND fetch https://q~uiet.example/\n",
		"h/notahost.mjs": "SUSPICIOUS\nSEND fetch https://n~otcdn.hidden.example.org/\n",
	}
	f := &fakeSandbox{}
	rep := scanEmulated(t, src, f, 30*time.Second, "cdn.hidden.example", "page.example", "beacon.example", "quiet.example", "plain.example")
	want := []string{
		"a/skim.js:1:1 cdn.hidden.example emulated script.src js-network",
		"a/skim.js:1:1 plain.example emulated fetch js-network",
		"b/copy.js:1:1 cdn.hidden.example emulated script.src js-network",
		"b/copy.js:1:1 plain.example emulated fetch js-network",
		"d/page.html:2:9 page.example emulated XMLHttpRequest.open js-network",
		"e/data.php:1:14 beacon.example base64>emulated sendBeacon js-network",
		"f/static.js:2:16 page.example plain  js-network",
		"unknown quiet.example",
	}
	got := findings(rep)
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings mismatch (-want +got):\n%s", diff)
	}
	if len(f.runs) != 5 {
		t.Errorf("the sandbox ran %d scripts, want 5 (each distinct suspicious text once):\n%s", len(f.runs), strings.Join(f.runs, "\n--\n"))
	}
	if len(rep.Skipped) != 0 {
		t.Errorf("skips: %v", skips(rep))
	}
}

// The budget decides which scripts run, and which are cut, as if they ran one after another,
// whatever the number of workers: the same findings and skips, in the same order.
func TestScanEmulationBudget(t *testing.T) {
	t.Parallel()
	src := mapSource{
		"1.js": "SUSPICIOUS\nTAKES 10s\nSEND fetch https://f~irst.example/\n",
		"2.js": "SUSPICIOUS\nTAKES 2500ms\nSEND fetch https://s~econd.example/\n",
		"3.js": "SUSPICIOUS\nSEND fetch https://t~hird.example/\n",
		"4.js": "// not suspicious\nSEND fetch https://f~ourth.example/\n",
		"5.js": "SUSPICIOUS\nSEND fetch https://f~ifth.example/\n",
	}
	want := []string{
		"1.js:1:1 first.example emulated fetch js-network",  // recorded before the cut: kept
		"2.js:1:1 second.example emulated fetch js-network", // run for the 2s left, and cut
		"unknown fifth.example",
		"unknown fourth.example",
		"unknown third.example",
	}
	wantSkips := []string{
		"1.js emulation-budget: running the script in the sandbox stopped early: time in the browser profile",
		"2.js emulation-budget: running the script in the sandbox stopped early: time in the browser profile",
		"3.js emulation-budget: not run in the sandbox: the scan's emulation budget (5s) was spent",
		"5.js emulation-budget: not run in the sandbox: the scan's emulation budget (5s) was spent",
	}
	for _, workers := range []int{1, 2, 3, 8} {
		t.Run(fmt.Sprint(workers, " workers"), func(t *testing.T) {
			t.Parallel()
			f := &fakeSandbox{workers: workers}
			rep := scanEmulated(t, src, f, 5*time.Second, "first.example", "second.example", "third.example", "fourth.example", "fifth.example")
			got := findings(rep)
			slices.Sort(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("findings mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(wantSkips, skips(rep)); diff != "" {
				t.Errorf("skips mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// The budget counts the runs' CPU time, not their wall time: on a loaded machine, where three
// scripts take 2s of wall time each for 300ms of CPU, a 1s budget still runs all three.
func TestScanEmulationBudgetCPU(t *testing.T) {
	t.Parallel()
	src := mapSource{}
	var want []string
	for i, h := range []string{"one", "two", "three"} {
		src[fmt.Sprintf("%d.js", i)] = "SUSPICIOUS\nTAKES 2s\nCPU 300ms\nSEND fetch https://" + h + "~.example/\n"
		want = append(want, fmt.Sprintf("%d.js:1:1 %s.example emulated fetch js-network", i, h))
	}
	f := &fakeSandbox{workers: 1}
	rep := scanEmulated(t, src, f, time.Second, "one.example", "two.example", "three.example")
	if diff := cmp.Diff(want, findings(rep)); diff != "" {
		t.Errorf("findings mismatch (-want +got):\n%s", diff)
	}
	if len(rep.Skipped) != 0 {
		t.Errorf("skips: %v", skips(rep))
	}
}

// With many scripts and workers, the report is the one a single worker gives.
func TestScanEmulationWorkers(t *testing.T) {
	t.Parallel()
	src := mapSource{}
	var resources []string
	for i := range 40 {
		host := fmt.Sprintf("h%02d.example", i)
		resources = append(resources, host)
		src[fmt.Sprintf("%02d.js", i)] = fmt.Sprintf("SUSPICIOUS\nTAKES %dms\nSEND fetch https://%s~%s/\n", 100+37*i%400, host[:1], host[1:])
		if i%5 == 0 {
			src[fmt.Sprintf("%02d/page.html", i)] = fmt.Sprintf("<script>SUSPICIOUS\nSEND script.src //%s~%s/x.js\n</script>", host[:1], host[1:])
		}
	}
	var first *report.Report
	for _, workers := range []int{1, 2, 7} {
		f := &fakeSandbox{workers: workers}
		rep := scanEmulated(t, src, f, 5*time.Second, resources...)
		if first == nil {
			first = rep
			if len(rep.Skipped) == 0 {
				t.Fatal("the budget was not spent: the test checks nothing of it")
			}
			continue
		}
		if diff := cmp.Diff(findings(first), findings(rep)); diff != "" {
			t.Errorf("%d workers: findings differ from 1 worker's (-1 +%d):\n%s", workers, workers, diff)
		}
		if diff := cmp.Diff(skips(first), skips(rep)); diff != "" {
			t.Errorf("%d workers: skips differ from 1 worker's (-1 +%d):\n%s", workers, workers, diff)
		}
	}
}

func TestScanEmulationHeld(t *testing.T) {
	t.Parallel()
	src := mapSource{
		"1.js": "SUSPICIOUS\nSEND fetch https://f~irst.example/\n" + strings.Repeat("/", 2<<20),
		"2.js": "SUSPICIOUS\nSEND fetch https://s~econd.example/\n" + strings.Repeat("/", 1<<20),
		"3.js": "SUSPICIOUS\nSEND fetch https://t~hird.example/\n",
	}
	f := &fakeSandbox{}
	e := f.emulation(time.Minute)
	e.maxHeld = 3 << 20
	rep, err := Scan(t.Context(), src, setOf(t, "first.example", "second.example", "third.example"), Options{Decode: true, Emulation: e, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"1.js:1:1 first.example emulated fetch js-network", "3.js:1:1 third.example emulated fetch js-network", "unknown second.example"}
	got := findings(rep)
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"2.js emulation-budget: not run in the sandbox: the scan keeps at most 3 MiB of scripts to run"}, skips(rep)); diff != "" {
		t.Errorf("skips mismatch (-want +got):\n%s", diff)
	}
}

func TestScanEmulationBroken(t *testing.T) {
	t.Parallel()
	src := mapSource{"1.js": "SUSPICIOUS\n", "2.js": "SUSPICIOUS 2\n", "3.js": "ordinary\n"}
	f := &fakeSandbox{err: errors.New("emulating script: starting \"x\": no such file"), workers: 1}
	rep := scanEmulated(t, src, f, time.Minute, "x.example")
	if len(f.runs) != 1 {
		t.Errorf("the sandbox was tried %d times, want once", len(f.runs))
	}
	want := []string{
		`1.js emulation-budget: not run in the sandbox: emulating script: starting "x": no such file`,
		`2.js emulation-budget: not run in the sandbox: emulating script: starting "x": no such file`,
	}
	if diff := cmp.Diff(want, skips(rep)); diff != "" {
		t.Errorf("skips mismatch (-want +got):\n%s", diff)
	}
}

func TestSigns(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want Signs
	}{
		{"none", "var a = 1; // plain code", Signs{}},
		{"XOR loop", "o += String.fromCharCode(p.charCodeAt(i) ^ k.charCodeAt(i % 3));", Signs{FromCharCode: []int{12}, CharCodeAt: 2}},
		{"bracket access, any case", "String['FROMCHARCODE'](x); s['charCodeAt'](0)", Signs{FromCharCode: []int{8}, CharCodeAt: 1}},
		{"obfuscator and WSH", "var _0x1a=_0x2b; WScript.Echo(1)", Signs{HexIdents: 2, WScript: 1}},
	}
	m := buildMatcher([]*rules.Resource{mustParse(t, "evil.example")}, true, true)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := &Signs{}
			m.matchSigns([]byte(tt.in), got)
			if diff := cmp.Diff(&tt.want, got); diff != "" {
				t.Errorf("matchSigns(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
			if diff := cmp.Diff(&tt.want, FindSigns([]byte(tt.in))); diff != "" {
				t.Errorf("FindSigns(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func FuzzInlineScripts(f *testing.F) {
	f.Add([]byte("<p>\n<script>a()</script><SCRIPT type=module>b()</script><script src=x></script><script"))
	f.Add([]byte(`<script type="application/ld+json">{}</script><script>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, s := range inlineScripts(data) {
			if s.start < 0 || s.start+len(s.text) > len(data) || string(data[s.start:s.start+len(s.text)]) != string(s.text) {
				t.Fatalf("block at %d (%d bytes) is not the input's text", s.start, len(s.text))
			}
		}
	})
}

// bufSource is mapSource read as the working tree reads files: into the worker's buffer.
type bufSource map[string]string

func (s bufSource) Walk(ctx context.Context, yield func(Blob) error) error {
	return mapSource(s).Walk(ctx, func(b Blob) error {
		load := b.Load
		b.Load = func(buf *[]byte, max int64) ([]byte, error) {
			data, err := load(nil, max)
			*buf = append((*buf)[:0], data...)
			return *buf, err
		}
		return yield(b)
	})
}

// A blob whose scripts wait for the sandbox keeps its content while the worker reads the next
// blobs into its buffer: the sandbox runs the script that was read, and the report is the one a
// source with a buffer for every blob gives.
func TestScanReusedBuffers(t *testing.T) {
	t.Parallel()
	// The first blob grows the buffer; the next ones fit in it, and overwrite the bytes of
	// any blob before them that still held them.
	files := map[string]string{
		"a/0.js":    strings.Repeat("fetch('https://plain.example/long')\n", 100),
		"a/skim.js": "SUSPICIOUS\nSEND fetch https://h~idden.example/a\n",
		"b/page.html": "<script>\nSUSPICIOUS\nSEND script.src https://p~age.example/p\n</script>\n" +
			"<script src=\"https://plain.example/x.js\"></script>\n",
	}
	for i := range 20 {
		files[fmt.Sprintf("c/%02d.js", i)] = strings.Repeat(fmt.Sprintf("fetch('https://plain.example/%d') // %s\n", i, strings.Repeat("x", i)), 1+i%3)
	}
	resources := []string{"hidden.example", "page.example", "plain.example"}
	run := func(src Source) (*report.Report, []string) {
		f := &fakeSandbox{}
		rep, err := Scan(t.Context(), src, setOf(t, resources...), Options{Decode: true, Workers: 1, Emulation: f.emulation(30 * time.Second)})
		if err != nil {
			t.Fatalf("Scan: %v", err)
		}
		slices.Sort(f.runs)
		return rep, f.runs
	}
	want, wantRuns := run(mapSource(files))
	got, gotRuns := run(bufSource(files))
	if diff := cmp.Diff(wantRuns, gotRuns); diff != "" {
		t.Errorf("scripts run in the sandbox mismatch (-own buffers +reused buffer):\n%s", diff)
	}
	if diff := cmp.Diff(findings(want), findings(got)); diff != "" {
		t.Errorf("findings mismatch (-own buffers +reused buffer):\n%s", diff)
	}
	if n := len(findings(got)); n < 123 {
		t.Errorf("%d findings, want the two emulated ones and one per plain file:\n%s", n, strings.Join(findings(got), "\n"))
	}
}
