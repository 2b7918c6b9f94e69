package emulate

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"sync"
	"time"
)

// Event is one value the script handed to a sink.
type Event struct {
	// Sink names where the value went: "script.src", "Image.src",
	// "XMLHttpRequest.open", "fetch", "sendBeacon", "WebSocket",
	// "document.write", "form.action", "MSXML2.XMLHTTP.open",
	// "WScript.Shell.Run", "eval", "Function", "setTimeout"…
	Sink string
	// Value is the string as the script passed it (cut to
	// Options.MaxValue bytes).
	Value string
	// Profile is the fake world that saw it: "browser" or "wsh", with
	// "@date" when the clock was moved to a later date of Options.Dates.
	Profile string
	// Depth is how many evaluations of generated code (eval, Function,
	// setTimeout with a string, scripts written into the page) enclosed it;
	// 0 is the script itself.
	Depth int
	// Code is true when Value is code or markup handed to eval, Function,
	// setTimeout, document.write and the like, to be analysed again, rather
	// than a URL.
	Code bool
}

// Reason says why a run ended before the script did.
type Reason string

// Reasons for a Budget.
const (
	// ReasonTime: the time budget ran out (an endless loop, say).
	ReasonTime Reason = "time"
	// ReasonMemory: the script allocated past the memory limit.
	ReasonMemory Reason = "memory"
	// ReasonStack: the script recursed past the call-stack limit and did
	// not catch the RangeError (the run of that profile ended; the others
	// go on).
	ReasonStack Reason = "stack"
	// ReasonCrash: the interpreter or the child process died.
	ReasonCrash Reason = "crash"
)

// Budget tells that a run was cut short; what was recorded before is kept.
type Budget struct {
	Reason  Reason
	Profile string // the profile running when it happened, if known
	Detail  string // one line for a human, e.g. the child's fatal error
}

// Result is what an emulation recorded.
type Result struct {
	Events    []Event
	Budget    *Budget  // nil when every profile ran to its end
	Reruns    int      // runs restarted with a missing global or member stubbed
	Stubbed   []string // those names
	Profiles  []string // profiles that ran to their end
	Errors    []string // "profile: message" of each script error that ended a profile's last run
	Truncated bool     // Options.MaxEvents was reached
	// Clock tells that a run read the clock or Math.random (seeded with
	// the date): only such a script is run again on the later Dates.
	Clock bool
	// Runs counts the script's executions: one per profile, date and
	// rerun, less the reruns of a later date that only replay what the
	// first date's run recorded (it read neither the clock nor
	// Math.random before it stopped, so it does the same on every date).
	Runs int
	// Wall is the run's wall time, CPU the child's user and system time
	// for it; PeakRSS its peak resident set in bytes, where the OS reports
	// it (0 elsewhere).
	// A Worker's child runs many scripts: the first script's Wall includes
	// the child's start (its CPU does not), and PeakRSS is the child's peak
	// so far.
	Wall    time.Duration
	CPU     time.Duration
	PeakRSS int64
}

// Spent is what the run counts against a time budget, as Options.Timeout
// does: its CPU time, or its wall time where the system reports none.
func (r *Result) Spent() time.Duration {
	if r.CPU > 0 {
		return r.CPU
	}
	return r.Wall
}

// Options configure Run. The zero value gives the defaults.
type Options struct {
	// Timeout is the budget of CPU time for the script under all its
	// profiles (default 3s; wall time where the system reports no CPU
	// time). The child interrupts the script then; the parent kills the
	// child if it has not ended a second later (of the child's CPU time on
	// Linux, where it reads it; of wall time elsewhere), or once the script
	// has taken ten budgets of wall time.
	Timeout time.Duration
	// MemoryLimit bounds the memory the script may take, in bytes
	// (default 512 MiB): the child interrupts the script when its heap
	// passes half of it, and on Linux its address space may grow by at
	// most this much past what the Go runtime reserved at start
	// (RLIMIT_AS).
	MemoryLimit int64
	// MaxDepth bounds the nesting of generated code (default 8).
	MaxDepth int
	// MaxReruns bounds the reruns with a missing name stubbed, per profile
	// and date (default 4).
	MaxReruns int
	// MaxEvents bounds the events kept (default 2000); MaxValue the bytes
	// kept of one value (default 256 KiB).
	MaxEvents int
	MaxValue  int
	// Profiles narrows the profiles ("browser", "wsh"); empty means each
	// that applies: the browser always, the Windows Script Host when the
	// script names WScript or ActiveXObject or stops for lack of them.
	Profiles []string
	// Dates are the clock dates: each profile runs on the first, and on
	// the next ones in turn while the script has recorded no URL, if its
	// runs on the first read the clock or Math.random (a script that reads
	// neither does the same on every date) (default 2026-06-15,
	// 2023-03-15, 2019-09-15).
	Dates []time.Time
	// Executable is the program to start as the child (default
	// os.Executable()); it must call ChildMain when IsChild. Args are
	// passed to it.
	Executable string
	Args       []string
}

// Defaults.
const (
	DefaultTimeout     = 3 * time.Second
	DefaultMemoryLimit = 512 << 20
	maxScript          = 16 << 20 // bytes of script the child accepts
	killGrace          = time.Second
	startTimeout       = 30 * time.Second // for the child to come up (ms normally; seconds under -race on a loaded machine)
)

// DefaultDates are the clock dates tried when Options.Dates is empty.
var DefaultDates = []time.Time{
	time.Date(2026, 6, 15, 10, 30, 0, 0, time.UTC),
	time.Date(2023, 3, 15, 10, 30, 0, 0, time.UTC),
	time.Date(2019, 9, 15, 10, 30, 0, 0, time.UTC),
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MemoryLimit <= 0 {
		o.MemoryLimit = DefaultMemoryLimit
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = 8
	}
	if o.MaxReruns < 0 {
		o.MaxReruns = 0
	} else if o.MaxReruns == 0 {
		o.MaxReruns = 4
	}
	if o.MaxEvents <= 0 {
		o.MaxEvents = 2000
	}
	if o.MaxValue <= 0 {
		o.MaxValue = 256 << 10
	}
	if len(o.Dates) == 0 {
		o.Dates = DefaultDates
	}
	return o
}

// classify tells from a dead child's stderr and status why it died.
func classify(stderr string, ps *os.ProcessState) Reason {
	s := strings.ToLower(stderr)
	switch {
	case strings.Contains(s, "out of memory"), strings.Contains(s, "cannot allocate memory"),
		strings.Contains(s, "address space"), // the race detector's runtime under RLIMIT_AS
		strings.Contains(s, "goroutine stack exceeds"):
		if strings.Contains(s, "stack exceeds") {
			return ReasonStack
		}
		return ReasonMemory
	case exceededCPU(ps):
		return ReasonTime
	}
	return ReasonCrash
}

func crashDetail(stderr string, err error) string {
	for _, l := range strings.Split(stderr, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return firstLine(l)
		}
	}
	if err != nil {
		return err.Error()
	}
	return "child ended without a result"
}

// headWriter keeps the first max bytes written to it.
type headWriter struct {
	mu  sync.Mutex
	max int
	buf bytes.Buffer
}

func (w *headWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if room := w.max - w.buf.Len(); room > 0 {
		w.buf.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

func (w *headWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

var errNoLimits = errors.New("cannot limit the child's resources")
