package emulate

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"sync"
	"time"
)

// Run emulates script in a child process of its own and returns what it
// recorded. A script that outlives its budget, allocates past the limit or
// crashes the interpreter gives a partial Result with Budget set, not an
// error. Run fails only when the child cannot be started or ctx ends first
// (the partial Result comes with ctx's error).
func Run(ctx context.Context, script []byte, opts Options) (*Result, error) {
	var w Worker
	defer w.Close()
	return w.Run(ctx, script, opts)
}

// A Worker runs scripts one at a time in one emulator child, which it
// starts at its first Run and keeps for the next: the child's start (the
// program's initialisation and the preludes' compilation, tens of
// milliseconds) is paid once, not per script. Each script still runs in
// fresh runtimes with nothing of an earlier one left but the compiled
// preludes, under its own time budget, the child's memory limit and its
// heap watchdog. The child is replaced after a run that was cut short
// (any Budget), when Executable, Args or MemoryLimit change, and when the
// CPU time it has spent leaves less than a Timeout of its lifetime limit
// (on Linux its RLIMIT_CPU is that lifetime, maxChildCPU and the first
// script's Timeout, plus two seconds: the parent's kill a second after
// each script's budget is what bounds one script). A Worker is not safe for concurrent
// use; Close ends its child. The zero Worker is ready to use.
type Worker struct {
	p *proc
}

// maxChildCPU is the CPU time one child spends on its scripts before a
// Worker replaces it.
const maxChildCPU = 20 * time.Second

// proc is a running child.
type proc struct {
	cmd    *exec.Cmd
	exe    string
	args   []string
	mem    int64
	life   time.Duration // the CPU time the child may spend in all
	stdin  io.WriteCloser
	out    *bufio.Reader
	stderr *headWriter
	cpu    time.Duration // the CPU time it reported when ready or at its last end
}

// Close ends the Worker's child, if it has one. The Worker can run
// scripts again (in a new child).
func (w *Worker) Close() {
	if w.p != nil {
		w.p.stop()
		w.p = nil
	}
}

// stop kills the child and waits for it; it returns the error of Wait.
func (p *proc) stop() error {
	p.stdin.Close()
	killGroup(p.cmd)
	return p.cmd.Wait()
}

// Run emulates script in the Worker's child (started if need be) and
// returns what it recorded, as the function Run does.
func (w *Worker) Run(ctx context.Context, script []byte, opts Options) (*Result, error) {
	opts = opts.withDefaults()
	if len(script) > maxScript {
		return nil, fmt.Errorf("emulating script: %d bytes is over the %d-byte limit", len(script), maxScript)
	}
	exe := opts.Executable
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return nil, fmt.Errorf("emulating script: finding own executable: %w", err)
		}
	}
	if p := w.p; p != nil && (p.exe != exe || !slices.Equal(p.args, opts.Args) || p.mem != opts.MemoryLimit || p.cpu+opts.Timeout > p.life) {
		w.Close()
	}
	start := time.Now()
	if w.p == nil {
		p, err := startProc(ctx, exe, opts)
		if err != nil {
			if ctx.Err() != nil {
				return &Result{Budget: &Budget{Reason: ReasonTime, Detail: "canceled"}, Wall: time.Since(start)}, ctx.Err()
			}
			return nil, fmt.Errorf("emulating script: %w", err)
		}
		w.p = p
	}
	p := w.p
	// The request: the options on the first line, then the script.
	head, err := json.Marshal(request{Options: opts, Size: len(script), Life: p.life})
	if err != nil {
		return nil, fmt.Errorf("emulating script: %w", err)
	}
	res := &Result{}
	col := &collector{opts: opts, res: res, until: kindEnd}
	read := make(chan struct{})
	go func() {
		defer close(read)
		_ = col.decodeStream(p.out)
	}()
	wrote := make(chan struct{})
	go func() {
		defer close(wrote)
		if _, err := p.stdin.Write(append(head, '\n')); err != nil {
			return
		}
		_, _ = p.stdin.Write(script)
	}()
	var (
		once     sync.Once
		killed   string
		killedCh = make(chan struct{})
	)
	kill := func(why string) {
		once.Do(func() {
			killed = why
			killGroup(p.cmd)
			close(killedCh)
		})
	}
	stopWatch := watchTime(p.cmd.Process.Pid, opts.Timeout+killGrace, func() { kill("time") })
	stop := context.AfterFunc(ctx, func() { kill("context") })
	// Read to the end line; after a kill, give up on the stream within a
	// grace period (something the child started may still hold it open).
	select {
	case <-read:
	case <-killedCh:
		select {
		case <-read:
		case <-time.After(killGrace):
		}
	}
	stopWatch()
	stop()
	once.Do(func() {}) // no kill after this point
	res.Wall = time.Since(start)

	var waitErr error
	if col.end && killed == "" {
		<-wrote // the child read the whole request before it ended
		res.CPU, res.PeakRSS = max(0, col.cpu-p.cpu), col.rss
		p.cpu = col.cpu
	} else {
		// The child is gone or must go: what it spent since its last end
		// was this script's.
		w.p = nil
		waitErr = p.stop()
		<-read // Wait has closed the stream: the reader is done with res
		if ps := p.cmd.ProcessState; ps != nil {
			res.CPU = max(0, ps.UserTime()+ps.SystemTime()-p.cpu)
			res.PeakRSS = peakRSS(ps)
		}
	}
	switch {
	case killed == "context":
		res.Budget = &Budget{Reason: ReasonTime, Detail: "canceled"}
		return res, ctx.Err()
	case col.budget != nil:
		res.Budget = col.budget
	case col.end:
	case killed == "time":
		res.Budget = &Budget{Reason: ReasonTime, Detail: "killed after the time budget"}
	default:
		res.Budget = &Budget{Reason: classify(p.stderr.String(), p.cmd.ProcessState), Detail: crashDetail(p.stderr.String(), waitErr)}
	}
	if res.Budget != nil {
		w.Close() // a cut run may have left the child's heap or state in any shape
		if res.Budget.Profile == "" && len(res.Events) > 0 {
			res.Budget.Profile = res.Events[len(res.Events)-1].Profile
		}
	}
	return res, nil
}

// wallBackstop is how many of its budgets of wall time a script may take
// when the child's CPU time is what the parent watches: a child that spends
// no CPU and does not end (blocked, or starved on a machine more loaded
// than that) is killed then.
const wallBackstop = 10

// watchTime calls kill once the child pid has spent limit of CPU time from
// now, where its CPU time can be read from outside (childCPU), or after
// wallBackstop limits of wall time; elsewhere after limit of wall time. The
// returned stop ends the watch. A script's budget is its CPU time: a loaded
// machine must not cut a script that an idle one lets finish.
func watchTime(pid int, limit time.Duration, kill func()) (stop func()) {
	base, ok := childCPU(pid)
	if !ok {
		t := time.AfterFunc(limit, kill)
		return func() { t.Stop() }
	}
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		backstop := time.NewTimer(wallBackstop * limit)
		defer backstop.Stop()
		tick := time.NewTicker(cpuPoll)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-backstop.C:
				kill()
				return
			case <-tick.C:
				if cpu, ok := childCPU(pid); ok && cpu-base > limit {
					kill()
					return
				}
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// cpuPoll is how often the parent reads the child's CPU time.
const cpuPoll = 20 * time.Millisecond

// startProc starts a child, waits for it to say it is up and sets its
// limits: no script is sent before they are in force.
func startProc(ctx context.Context, exe string, opts Options) (*proc, error) {
	cmd := exec.Command(exe, opts.Args...)
	// Nothing of the parent's environment: the marker, and a runtime that
	// stays on one core of a shared machine.
	cmd.Env = []string{childEnv + "=1", "GOMAXPROCS=1", "GOTRACEBACK=single"}
	cmd.Dir = os.TempDir()
	cmd.WaitDelay = killGrace // stop waiting for output a second after the child is gone
	ownGroup(cmd)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	p := &proc{
		cmd: cmd, exe: exe, args: slices.Clone(opts.Args), mem: opts.MemoryLimit, life: maxChildCPU + opts.Timeout,
		stdin: stdin, out: bufio.NewReaderSize(stdout, 64<<10), stderr: &headWriter{max: 4096},
	}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %q: %w", exe, err)
	}
	up := &collector{opts: opts, res: &Result{}, until: kindReady}
	read := make(chan struct{})
	go func() {
		defer close(read)
		_ = up.decodeStream(p.out)
	}()
	select {
	case <-read:
		if !up.ready {
			err = errors.New("child ended before it was ready")
		} else if lerr := limitChild(cmd.Process.Pid, opts.MemoryLimit, p.life); lerr != nil {
			err = fmt.Errorf("%w: %w", errNoLimits, lerr)
		}
	case <-time.After(startTimeout):
		err = errors.New("child did not start in time")
	case <-ctx.Done():
		err = ctx.Err()
	}
	if err != nil {
		_ = p.stop() // never run a script without its limits
		return nil, err
	}
	p.cpu = up.cpu
	return p, nil
}
