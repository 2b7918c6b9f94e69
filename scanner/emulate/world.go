package emulate

import (
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"
)

var (
	//go:embed common.js
	commonJS string
	//go:embed browser.js
	browserJS string
	//go:embed wsh.js
	wshJS string

	// The preludes are compiled once per child, before it says it is
	// ready (a parent that only starts children never compiles them).
	commonProg  = sync.OnceValue(func() *goja.Program { return goja.MustCompile("common.js", commonJS, true) })
	browserProg = sync.OnceValue(func() *goja.Program { return goja.MustCompile("browser.js", browserJS, true) })
	wshProg     = sync.OnceValue(func() *goja.Program { return goja.MustCompile("wsh.js", wshJS, true) })
)

// The page the browser profile shows: a one-page checkout with a filled-in
// card form (the card number passes the Luhn check).
const (
	pageHref   = "https://shop.example.com/checkout/onepage/"
	pageCard   = "4556737586899855"
	userAgent  = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
	scriptName = "script.js"
)

// Limits inside one run of one profile.
const (
	maxCallbacks  = 200  // timers, listeners and ready callbacks fired after the script
	maxCallStack  = 2000 // JavaScript frames before a RangeError
	regexpTimeout = 500 * time.Millisecond
	randSeed      = 0x5eed5eed
	evalSrcName   = "<eval>" // goja's source name for eval'd code
)

// errQuit ends a run the way WScript.Quit ends a script.
var errQuit = errors.New("script quit")

// profileRun is one fresh runtime running the script under one profile.
type profileRun struct {
	c        *child
	name     string // profile name as reported: kind, and the date when not the first
	kind     string // profileBrowser or profileWSH
	date     time.Time
	offset   time.Duration // virtual time spent in timers and Sleep
	rt       *goja.Runtime
	realEval goja.Value
	override goja.Value
	direct   bool
	quiet    bool // set while the preludes build the page
	timed    bool // the script read the clock or Math.random: its run depends on the date
	stubs    []string
	globals  []string
}

func newProfileRun(c *child, name, kind string, date time.Time, stubs, globals []string) *profileRun {
	return &profileRun{c: c, name: name, kind: kind, date: date, stubs: stubs, globals: globals}
}

// run executes the script under the profile until it ends, fails, or is
// interrupted. The returned error is the script's own uncaught exception
// (nil when it ended normally) or a *goja.InterruptedError.
func (p *profileRun) run(prog *goja.Program) error {
	rt := goja.New()
	p.rt = rt
	rt.SetMaxCallStackSize(maxCallStack)
	// The date reaches a script through the clock and through Math.random (seeded with the
	// date) only: a run that reads neither does the same on every date.
	rt.SetTimeSource(func() time.Time {
		p.timed = p.timed || !p.quiet
		return p.date.Add(p.offset)
	})
	rnd := rand.New(rand.NewPCG(randSeed, uint64(p.date.Unix())))
	rt.SetRandSource(func() float64 {
		p.timed = p.timed || !p.quiet
		return rnd.Float64()
	})
	p.c.setRuntime(rt)
	defer p.c.setRuntime(nil)

	host := rt.NewObject()
	set := func(name string, v any) { _ = host.Set(name, v) }
	set("rec", func(sink, v string) { p.record(sink, v, false) })
	set("code", func(sink, v string) { p.record(sink, v, true) })
	set("prep", p.prep)
	set("unrewrite", unrewriteEval)
	set("atob", p.atob)
	set("btoa", p.btoa)
	set("advance", func(ms float64) {
		if ms > 0 && ms < float64(365*24*time.Hour/time.Millisecond) {
			p.offset += time.Duration(ms * float64(time.Millisecond))
		}
	})
	// WScript.Quit cannot be caught: it interrupts the runtime.
	set("quit", func() { rt.Interrupt(errQuit) })
	set("stubs", p.stubs)
	set("globals", p.globals)
	set("page", map[string]any{
		"href": pageHref, "protocol": "https:", "host": "shop.example.com", "hostname": "shop.example.com",
		"port": "", "pathname": "/checkout/onepage/", "search": "", "hash": "", "origin": "https://shop.example.com",
		"card": pageCard, "userAgent": userAgent,
	})
	p.realEval = rt.Get("eval")
	p.quiet = true
	preludes := []*goja.Program{commonProg()}
	if p.kind == profileWSH {
		preludes = append(preludes, wshProg())
	} else {
		preludes = append(preludes, browserProg())
	}
	for _, prog := range preludes {
		v, err := rt.RunProgram(prog)
		if err != nil {
			return fmt.Errorf("prelude: %w", err)
		}
		fn, ok := goja.AssertFunction(v)
		if !ok {
			return errors.New("prelude is not a function")
		}
		if _, err := fn(goja.Undefined(), host); err != nil {
			return fmt.Errorf("prelude: %w", err)
		}
	}
	if err := p.installHooks(); err != nil {
		return err
	}
	p.quiet = false
	_, err := rt.RunProgram(prog)
	if isStop(err) {
		return err
	}
	scriptErr := err
	// What a visitor does next: ready callbacks and timers, then the page's
	// events (load, then filling in and submitting the form), then what
	// those queued.
	if err := p.drain(host); isStop(err) {
		return err
	}
	if p.kind != profileWSH {
		fire, _ := goja.AssertFunction(host.Get("fireAll"))
		for _, types := range [][]string{
			{"DOMContentLoaded", "readystatechange", "load", "pageshow"},
			{"focus", "mouseover", "mousedown", "keydown", "keypress", "input", "keyup", "change", "blur", "mouseup", "click", "submit", "beforeunload", "pagehide", "unload"},
		} {
			if _, err := fire(goja.Undefined(), rt.ToValue(types)); isStop(err) {
				return err
			}
			if err := p.drain(host); isStop(err) {
				return err
			}
		}
	}
	return scriptErr
}

// isStop reports whether err ends the run for good: an interrupt (the
// budget, or the script calling WScript.Quit).
func isStop(err error) bool {
	var ie *goja.InterruptedError
	return errors.As(err, &ie)
}

// isQuit reports whether err is the interrupt of WScript.Quit.
func isQuit(err error) bool {
	var ie *goja.InterruptedError
	return errors.As(err, &ie) && ie.Value() == errQuit
}

// drain runs queued timers, earliest first, at most maxCallbacks of them.
func (p *profileRun) drain(host *goja.Object) error {
	next, _ := goja.AssertFunction(host.Get("nextTimer"))
	call, _ := goja.AssertFunction(host.Get("call"))
	for i := 0; i < maxCallbacks; i++ {
		t, err := next(goja.Undefined())
		if err != nil {
			return err
		}
		if goja.IsNull(t) || goja.IsUndefined(t) {
			return nil
		}
		o := t.ToObject(p.rt)
		fn, ok := goja.AssertFunction(o.Get("fn"))
		if !ok {
			continue
		}
		args := o.Get("args")
		thunk := p.rt.ToValue(func(goja.FunctionCall) goja.Value {
			var a []goja.Value
			if ao, ok := args.(*goja.Object); ok {
				for _, k := range ao.Keys() {
					a = append(a, ao.Get(k))
				}
			}
			v, err := fn(goja.Undefined(), a...)
			if err != nil {
				panic(err)
			}
			return v
		})
		if _, err := call(goja.Undefined(), thunk); err != nil {
			return err
		}
	}
	return nil
}

// installHooks makes eval observable. The global eval becomes an accessor:
// right after a rewritten direct call marks itself it hands out the real
// eval (so the call stays direct and keeps its scope), otherwise a wrapper
// that records the code and evaluates it globally, as an indirect eval does.
// Function, the constructor, records its body the same way.
func (p *profileRun) installHooks() error {
	rt := p.rt
	realEval, ok := goja.AssertFunction(p.realEval)
	if !ok {
		return errors.New("eval is not a function")
	}
	wrapper := rt.ToValue(func(call goja.FunctionCall) goja.Value {
		code, ok := p.evalArg(call.Argument(0))
		if !ok {
			return code
		}
		v, err := realEval(goja.Undefined(), code)
		if err != nil {
			panic(err)
		}
		return v
	})
	nameAs(rt, wrapper, "eval")
	getter := rt.ToValue(func(goja.FunctionCall) goja.Value {
		direct := p.direct
		p.direct = false
		switch {
		case p.override != nil:
			return p.override // the script hooked eval itself
		case direct:
			return p.realEval
		}
		return wrapper
	})
	setter := rt.ToValue(func(call goja.FunctionCall) goja.Value {
		p.override = call.Argument(0)
		return goja.Undefined()
	})
	g := rt.GlobalObject()
	if err := g.DefineAccessorProperty("eval", getter, setter, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
		return fmt.Errorf("hooking eval: %w", err)
	}
	mark := rt.ToValue(func(goja.FunctionCall) goja.Value {
		p.direct = true
		return goja.Undefined()
	})
	arg := rt.ToValue(func(call goja.FunctionCall) goja.Value {
		p.direct = false
		code, _ := p.evalArg(call.Argument(0))
		return code
	})
	// In a fixed order: a script that lists the global's own names sees the same on every run.
	for _, h := range []struct {
		name string
		v    goja.Value
	}{{markName, mark}, {evalName, arg}} {
		if err := g.DefineDataProperty(h.name, h.v, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE); err != nil {
			return fmt.Errorf("hooking eval: %w", err)
		}
	}

	realFunction, ok := goja.AssertConstructor(rt.Get("Function"))
	if !ok {
		return errors.New("function is not a constructor")
	}
	fnProto := rt.Get("Function").ToObject(rt).Get("prototype").ToObject(rt)
	// A constructor-shaped hook: `new Function(body)` is as common as a plain call, and a
	// native func(FunctionCall) is not a constructor in goja.
	hook := func(call goja.ConstructorCall) *goja.Object {
		args := append([]goja.Value(nil), call.Arguments...)
		if n := len(args); n > 0 {
			body := args[n-1].String()
			p.record("Function", body, true)
			if p.depth() >= p.c.req.MaxDepth {
				args = nil
			} else {
				args[n-1] = rt.ToValue(p.c.rewrite(body, true))
			}
		}
		v, err := realFunction(nil, args...)
		if err != nil {
			panic(err)
		}
		return v.ToObject(rt)
	}
	fn := rt.ToValue(hook).ToObject(rt)
	nameAs(rt, fn, "Function")
	_ = fn.DefineDataProperty("prototype", fnProto, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	_ = fnProto.DefineDataProperty("constructor", fn, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	if err := g.DefineDataProperty("Function", fn, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE); err != nil {
		return fmt.Errorf("hooking Function: %w", err)
	}
	return nil
}

// nameAs gives a native function the name and length of the built-in it
// stands for, as scripts that look for hooks check them.
func nameAs(rt *goja.Runtime, fn goja.Value, name string) {
	o := fn.ToObject(rt)
	_ = o.DefineDataProperty("name", rt.ToValue(name), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	_ = o.DefineDataProperty("length", rt.ToValue(1), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
}

// evalArg records a string handed to eval and returns the code to
// evaluate in its place. ok is false when there is nothing to evaluate: a
// value that is not a string (eval returns it as it is), or code nested too
// deep (undefined).
func (p *profileRun) evalArg(a goja.Value) (code goja.Value, ok bool) {
	s, isStr := a.Export().(string)
	if !isStr {
		return a, false
	}
	p.record("eval", s, true)
	c, ok := p.prepare(s)
	if !ok {
		return goja.Undefined(), false
	}
	return p.rt.ToValue(c), true
}

// compile compiles the script once for all its runs, with its HTML
// comment lines blanked and its direct evals made observable.
func compile(src string) (*goja.Program, error) {
	return goja.Compile(scriptName, rewriteEval(stripHTMLComments(src)), false)
}

// prep is H.prep: the code to evaluate for src, or null when it is nested
// too deep.
func (p *profileRun) prep(src string) goja.Value {
	code, ok := p.prepare(src)
	if !ok {
		return goja.Null()
	}
	return p.rt.ToValue(code)
}

func (p *profileRun) prepare(src string) (string, bool) {
	if p.depth() >= p.c.req.MaxDepth {
		return "", false
	}
	return p.c.rewrite(src, false), true
}

type rewriteKey struct {
	src  string
	body bool
}

// maxMemo bounds the bytes of code that rewrite keeps for one script (and
// MemoryLimit/64 under a small memory limit): a few large generated scripts
// are what it is for.
const maxMemo = 8 << 20

// rewrite is rewriteEval of src with its HTML comment lines blanked
// (rewriteEvalBody when src is the body of a Function), kept for the
// script's later runs: each profile, date and rerun hands the same
// generated code to eval again, and the rewrite, a pure function of the
// code, parses it.
func (c *child) rewrite(src string, body bool) string {
	k := rewriteKey{src, body}
	if out, ok := c.rewritten[k]; ok {
		return out
	}
	out := stripHTMLComments(src)
	if body {
		out = rewriteEvalBody(out)
	} else {
		out = rewriteEval(out)
	}
	if n := len(src) + len(out) + 64; int64(c.memo+n) <= min(maxMemo, c.req.MemoryLimit/64) {
		c.rewritten[k] = out
		c.memo += n
	}
	return out
}

// depth is how many evaluations of generated code enclose the current point.
func (p *profileRun) depth() int {
	n := 0
	for _, f := range p.rt.CaptureCallStack(0, nil) {
		if f.SrcName() == evalSrcName {
			n++
		}
	}
	return n
}

func (p *profileRun) record(sink, v string, code bool) {
	if p.quiet {
		return
	}
	p.c.emit(Event{Sink: sink, Value: v, Profile: p.name, Depth: p.depth(), Code: code})
}

func (p *profileRun) atob(s string) goja.Value {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' {
			return -1
		}
		return r
	}, s)
	s = strings.TrimRight(s, "=")
	b, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil {
		panic(p.rt.NewGoError(errors.New("InvalidCharacterError: the string to be decoded is not correctly encoded")))
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return p.rt.ToValue(string(r))
}

func (p *profileRun) btoa(s string) goja.Value {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			panic(p.rt.NewGoError(errors.New("InvalidCharacterError: the string to be encoded contains characters outside of the Latin1 range")))
		}
		b = append(b, byte(r))
	}
	return p.rt.ToValue(base64.StdEncoding.EncodeToString(b))
}

var (
	reMissingGlobal = regexp.MustCompile(`ReferenceError: ([\p{L}_$][\p{L}\p{N}_$]*) is not defined`)
	reMissingMember = regexp.MustCompile(`TypeError: Object has no member '([^']{1,64})'`)
)

// missing names the global or member whose absence stopped a run, if the
// error says so.
func missing(err error) (name string, global bool) {
	if err == nil {
		return "", false
	}
	msg := err.Error()
	if m := reMissingGlobal.FindStringSubmatch(msg); m != nil {
		return m[1], true
	}
	if m := reMissingMember.FindStringSubmatch(msg); m != nil {
		return m[1], false
	}
	return "", false
}
