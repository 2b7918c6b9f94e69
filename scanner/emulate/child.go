package emulate

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"time"

	"github.com/dlclark/regexp2"
	"github.com/dop251/goja"
)

// childEnv is the environment variable that marks a process started by Run
// as an emulator child.
const childEnv = "SHIELDSCAN_EMULATE_CHILD"

// Profile names.
const (
	profileBrowser = "browser"
	profileWSH     = "wsh"
)

// IsChild reports whether this process was started by Run to emulate a
// script. A program that uses Run calls it first thing in main and, when it
// is true, exits with the code ChildMain returns.
func IsChild() bool {
	return os.Getenv(childEnv) == "1"
}

// ChildMain is the emulator child's main: it reads requests from standard
// input, one after another, runs each script in fresh runtimes, streams
// what it records to standard output one JSON line at a time, and returns
// the process exit code when its input ends. It opens no file and reaches
// no network; only Run and Worker should start it.
func ChildMain() int {
	return childMain(os.Stdin, os.Stdout)
}

// request is what the parent sends for one script: its options, then, on
// the next Size bytes, the script.
type request struct {
	Options
	Size int `json:"size"`
	// Life is the CPU time the child may spend on all its scripts: it
	// sets its own CPU limit to it at the first request (the parent has
	// set the same).
	Life time.Duration `json:"life"`
}

func childMain(in io.Reader, out io.Writer) int {
	// Compile the preludes first: the budget is for the script.
	commonProg()
	browserProg()
	wshProg()
	// Tell the parent the runtime is up, so that it sets the limits
	// against the address space the runtime has already reserved.
	// With its CPU time so far, so that the first script's CPU time is its own.
	cpu, _ := selfUsage()
	if _, err := fmt.Fprintf(out, `{"k":"ready","u":%d}`+"\n", cpu.Microseconds()); err != nil {
		return 2
	}
	br := bufio.NewReader(in)
	w := bufio.NewWriter(out)
	for first := true; ; first = false {
		head, err := br.ReadBytes('\n')
		if err != nil {
			if errors.Is(err, io.EOF) && len(head) == 0 && !first {
				return 0 // the parent has no more scripts
			}
			return 2
		}
		var req request
		if err := json.Unmarshal(head, &req); err != nil || req.Size < 0 || req.Size > maxScript {
			return 2
		}
		req.Options = req.Options.withDefaults()
		src := make([]byte, req.Size)
		if _, err := io.ReadFull(br, src); err != nil {
			return 2
		}
		if first {
			limitSelf(req.MemoryLimit, max(req.Life, req.Timeout))
			// Soft limits for the Go runtime under the hard one: collect
			// harder as the heap nears the limit (above the watchdog's
			// threshold, so that the collector does not thrash below it),
			// and die of a deep Go recursion before it eats the memory
			// budget. The parent starts a new child when the memory limit
			// changes.
			debug.SetMemoryLimit(req.MemoryLimit * 3 / 4)
			debug.SetMaxStack(64 << 20)
			regexp2.DefaultMatchTimeout = regexpTimeout
			time.Local = time.UTC
		}
		runOne(req.Options, src, w)
	}
}

// runOne runs one script with the state of a child of its own (nothing of
// an earlier script's run is left but the compiled preludes) and ends its
// output with the end line.
func runOne(req Options, src []byte, w *bufio.Writer) {
	c := newChild(req, w)
	c.paceGC = true
	c.runScript(src)
}

func newChild(req Options, w *bufio.Writer) *child {
	return &child{req: req, w: w, seen: map[eventKey]bool{}, rewritten: map[rewriteKey]string{}, clock: cpuClock}
}

// cpuClock starts a clock of the CPU time this process spends from now on: the script's
// budget is CPU time, so that a loaded machine, which gives the child less of each second,
// cuts no script that an idle one lets finish. Where the system reports no CPU time
// (selfUsage), the clock is wall time.
func cpuClock() func() time.Duration {
	if c0, _ := selfUsage(); c0 > 0 {
		return func() time.Duration {
			c, _ := selfUsage()
			return c - c0
		}
	}
	return wallClock()
}

// wallClock starts a clock of wall time.
func wallClock() func() time.Duration {
	t0 := time.Now()
	return func() time.Duration { return time.Since(t0) }
}

// runScript runs src under its budget and writes the end line.
func (c *child) runScript(src []byte) {
	// The clock starts here, not in the watchdog: with one P (the child runs with
	// GOMAXPROCS=1) the watchdog may first run only when the script is preempted.
	spent := c.clock()
	done, watched := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(watched)
		c.watch(done, spent)
	}()
	c.runAll(string(src))
	close(done)
	<-watched
	if c.paceGC {
		// The next script starts at the default pace: a small one ends before
		// the watchdog's first tick and needs no more.
		setGCPercent(100)
	}
	// The next script's memory watchdog must not see this one's garbage.
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	if metrics.Read(s); s[0].Value.Kind() == metrics.KindUint64 && s[0].Value.Uint64() > gcBetween {
		runtime.GC()
	}
	cpu, rss := selfUsage()
	c.write(line{Kind: kindEnd, CPU: cpu.Microseconds(), RSS: rss, Runs: c.runs})
}

// gcBetween is the heap above which the child collects between two scripts.
const gcBetween = 32 << 20

type eventKey struct {
	sink, value, profile string
	code                 bool
}

// child is the state of one child process: the request, the output and
// the runtime currently running (for the interrupts).
type child struct {
	req Options

	mu      sync.Mutex
	w       *bufio.Writer
	seen    map[eventKey]bool
	events  int
	rt      *goja.Runtime
	stopped Reason
	urls    int      // URL events so far
	wantWSH bool     // the browser run stopped on a Windows Script Host global
	capture *[]Event // when set, the events kept are also appended here (see replayed)

	// clock starts the clock of the script's time budget (cpuClock; tests give their own).
	clock func() func() time.Duration

	// Used by the running script's goroutine only.
	runs      int                   // executions of the script so far
	noReplay  bool                  // run every rerun of the later dates (tests compare both ways)
	paceGC    bool                  // the child's own process: watch paces the collector
	rewritten map[rewriteKey]string // see rewrite
	memo      int                   // bytes held by rewritten
}

// wshGlobals are the globals whose absence sends a script to the Windows
// Script Host profile.
var wshGlobals = map[string]bool{"WScript": true, "ActiveXObject": true, "GetObject": true, "Enumerator": true, "WSH": true}

func (c *child) setRuntime(rt *goja.Runtime) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rt = rt
	if rt != nil && c.stopped != "" {
		rt.Interrupt(c.stopped)
	}
}

// stop ends the child's work for reason: it interrupts the running script
// and no further run starts.
func (c *child) stop(reason Reason) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped != "" {
		return
	}
	c.stopped = reason
	if c.rt != nil {
		c.rt.Interrupt(reason)
	}
}

func (c *child) reason() Reason {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stopped
}

// watch interrupts the script when its time budget (Options.Timeout) is
// spent by the clock spent, or when the heap passes half the memory limit,
// well before the address-space limit kills the process, so that most
// runaway allocations end in an orderly way. In the child's own process it
// also paces the collector (see gcPercent).
func (c *child) watch(done <-chan struct{}, spent func() time.Duration) {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
	over := func() bool {
		metrics.Read(s)
		return s[0].Value.Kind() == metrics.KindUint64 && s[0].Value.Uint64() > uint64(c.req.MemoryLimit/2)
	}
	t := time.NewTicker(5 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			if spent() > c.req.Timeout {
				c.stop(ReasonTime)
				return
			}
			if over() && (!c.paceGC || !setGCPercent(100) || func() bool { runtime.GC(); return over() }()) {
				// Over the threshold; when the collector ran over its default
				// percentage, what is over after a collection (garbage the default
				// would not have let pile up is not counted against the script).
				c.stop(ReasonMemory)
				return
			}
			if c.paceGC && s[1].Value.Kind() == metrics.KindUint64 {
				setGCPercent(gcPercent(s[1].Value.Uint64(), c.req.MemoryLimit))
			}
		}
	}
}

// gcFloor is the heap up to which a script's garbage may grow before the
// child collects it (MemoryLimit/16 under a small limit).
const gcFloor = 32 << 20

// gcPercent is the collector's percentage for a live heap of live bytes:
// Go's default (100) collects a heap of a few MB at every few MB allocated,
// which is most of the collector's cost on a library's runs; below half the
// floor the heap may grow to about the floor instead (Go's minimum heap,
// 4 MB at 100, grows with the percentage). The percentage is at most 700,
// and no more than keeps that minimum under the floor. From half the floor
// on it is the default: a large heap is collected, and so meets the memory
// watchdog (at MemoryLimit/2, eight floors), as before.
func gcPercent(live uint64, memoryLimit int64) int {
	floor := uint64(max(0, min(gcFloor, memoryLimit/16)))
	if live == 0 || 2*live >= floor {
		return 100
	}
	return max(100, min(int(floor*100/live)-100, int(floor*100/(4<<20)), 700))
}

var gcPace = struct {
	sync.Mutex
	percent int
}{percent: 100}

// setGCPercent sets the collector's percentage when it is a tenth or more
// away from the one set, and reports whether it changed it. The percentage
// follows the live heap at the watchdog's tick.
func setGCPercent(p int) bool {
	gcPace.Lock()
	defer gcPace.Unlock()
	if d := p - gcPace.percent; d*10 > gcPace.percent || -d*10 > gcPace.percent {
		debug.SetGCPercent(p)
		gcPace.percent = p
		return true
	}
	return false
}

func (c *child) emit(e Event) {
	if len(e.Value) > c.req.MaxValue {
		e.Value = e.Value[:c.req.MaxValue]
	}
	if strings.TrimSpace(e.Value) == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	k := eventKey{e.Sink, e.Value, e.Profile, e.Code}
	if c.seen[k] {
		return
	}
	if c.events >= c.req.MaxEvents {
		if c.events == c.req.MaxEvents {
			c.events++
			c.writeLocked(line{Kind: kindLimit})
		}
		return
	}
	c.seen[k] = true
	c.events++
	if c.capture != nil {
		*c.capture = append(*c.capture, e)
	}
	if !e.Code {
		c.urls++
	}
	c.writeLocked(line{Kind: kindEvent, Sink: e.Sink, Value: e.Value, Profile: e.Profile, Depth: e.Depth, Code: e.Code})
}

func (c *child) write(l line) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writeLocked(l)
}

func (c *child) writeLocked(l line) {
	b, err := json.Marshal(l)
	if err != nil {
		return
	}
	c.w.Write(b)
	c.w.WriteByte('\n')
	// Flushed at once: the parent keeps what it read if the child is killed.
	c.w.Flush()
}

func (c *child) flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.w.Flush()
}

// runAll runs src under every profile that applies.
func (c *child) runAll(src string) {
	prog, err := compile(src)
	if err != nil {
		// Nothing runs; no profile or date would change that.
		c.write(line{Kind: kindRun, Error: firstLine(err.Error())})
		return
	}
	profiles := profilesFor(src, c.req.Profiles)
	for i := 0; i < len(profiles); i++ {
		prof := profiles[i]
		timed := false
		var replay []replayed
		for j, d := range c.req.Dates {
			if j > 0 && (c.urlsFor() > 0 || !timed) {
				// Something found already, or the runs on the first date read neither the
				// clock nor Math.random: moving the clock would change nothing.
				break
			}
			name := prof
			if j > 0 {
				name = prof + "@" + d.Format(time.DateOnly)
			}
			goOn, read, learned := c.runProfile(name, prof, d, prog, replay, j == 0 && !c.noReplay)
			if !goOn {
				return
			}
			if j == 0 {
				replay = learned
			}
			timed = timed || read
		}
		c.mu.Lock()
		again := c.wantWSH && !contains(profiles, profileWSH) && (len(c.req.Profiles) == 0 || contains(c.req.Profiles, profileWSH))
		c.mu.Unlock()
		if again {
			profiles = append(profiles, profileWSH)
		}
	}
}

func (c *child) urlsFor() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.urls
}

// replayed is a run on a profile's first date that its later dates do not
// execute again: it read neither the clock nor Math.random, and neither did
// the runs before it, so on another date it starts with the same stubs and
// does the same (the date reaches a script through those two only), up to
// the same missing name. A later date records what it recorded, under its
// own profile name, and goes on from the next rerun.
type replayed struct {
	events []Event // the events it kept, in order (Profile is set on replay)
	name   string  // the missing name that stopped it
	global bool
}

// runProfile runs src under one profile and date, rerunning it with a
// stub for each missing global or member that stopped it. The runs in
// replay (learned on the profile's first date) are replayed, not run. It
// reports whether the child may go on, whether a run read the clock or
// Math.random (timed: another date may change what it does), and, when
// learn is set, the runs that a later date may replay.
func (c *child) runProfile(name, prof string, date time.Time, prog *goja.Program, replay []replayed, learn bool) (goOn, timed bool, learned []replayed) {
	var stubs, globals []string
	stub := func(n string, global bool) {
		if global {
			globals = append(globals, n)
		} else {
			stubs = append(stubs, n)
		}
		c.write(line{Kind: kindStub, Profile: name, Name: n})
	}
	for rerun := 0; ; rerun++ {
		if r := c.reason(); r != "" {
			c.write(line{Kind: kindBudget, Reason: r, Profile: name})
			return false, timed, learned
		}
		if rerun < len(replay) {
			r := replay[rerun]
			for _, e := range r.events {
				e.Profile = name
				c.emit(e)
			}
			stub(r.name, r.global)
			continue
		}
		var kept []Event
		if learn {
			c.setCapture(&kept)
		}
		pr := newProfileRun(c, name, prof, date, stubs, globals)
		err := c.safeRun(pr, prog)
		c.setCapture(nil)
		c.runs++
		timed = timed || pr.timed
		learn = learn && !timed
		var ie *goja.InterruptedError
		switch {
		case isQuit(err):
			c.write(line{Kind: kindRun, Profile: name, Clock: timed})
			return true, timed, learned
		case errors.As(err, &ie):
			r, _ := ie.Value().(Reason)
			if r == "" {
				r = ReasonTime
			}
			c.write(line{Kind: kindBudget, Reason: r, Profile: name})
			return false, timed, learned
		case errors.Is(err, errCrash):
			c.write(line{Kind: kindBudget, Reason: ReasonCrash, Profile: name, Error: err.Error()})
			return false, timed, learned
		}
		if isStackOverflow(err) {
			c.write(line{Kind: kindBudget, Reason: ReasonStack, Profile: name, Error: firstLine(err.Error())})
			return true, timed, learned
		}
		n, global := missing(err)
		if global && prof == profileBrowser && wshGlobals[n] {
			c.mu.Lock()
			c.wantWSH = true
			c.mu.Unlock()
			n = ""
		}
		if n == "" || rerun >= c.req.MaxReruns || contains(stubs, n) || contains(globals, n) {
			l := line{Kind: kindRun, Profile: name, Clock: timed}
			if err != nil {
				l.Error = firstLine(err.Error())
			}
			c.write(l)
			return true, timed, learned
		}
		stub(n, global)
		if learn {
			learned = append(learned, replayed{events: kept, name: n, global: global})
		}
	}
}

func (c *child) setCapture(p *[]Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.capture = p
}

var errCrash = errors.New("interpreter crashed")

// isStackOverflow reports whether err is goja's RangeError for the call
// stack limit, or Go's own stack overflow.
func isStackOverflow(err error) bool {
	if err == nil {
		return false
	}
	var so *goja.StackOverflowError
	return errors.As(err, &so) || strings.Contains(err.Error(), "Maximum call stack size exceeded")
}

// safeRun turns a Go panic inside the interpreter into errCrash.
func (c *child) safeRun(pr *profileRun, prog *goja.Program) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", errCrash, r)
		}
	}()
	return pr.run(prog)
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// profilesFor lists the profiles to run src under: the Windows Script Host
// first when the script names its objects, and the browser unless the
// caller narrowed the list.
func profilesFor(src string, want []string) []string {
	wsh := strings.Contains(src, "WScript") || strings.Contains(src, "ActiveXObject") || strings.Contains(src, "GetObject") || strings.Contains(strings.ToLower(src), "wscript.")
	var out []string
	if wsh {
		out = append(out, profileWSH)
	}
	out = append(out, profileBrowser)
	if len(want) == 0 {
		return out
	}
	var sel []string
	for _, p := range out {
		if contains(want, p) {
			sel = append(sel, p)
		}
	}
	if len(sel) == 0 {
		// Asked for explicitly: run it even without the indicators.
		for _, p := range want {
			if p == profileBrowser || p == profileWSH {
				sel = append(sel, p)
			}
		}
	}
	return sel
}
