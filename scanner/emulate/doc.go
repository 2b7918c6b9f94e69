// Package emulate runs a script in a sandboxed JavaScript interpreter, in a
// child process with hard limits, against a fake browser on a checkout page
// and a fake Windows Script Host, and records every URL and every piece of
// generated code the script hands to a sink.
//
// Safety is the design. The interpreter (goja, pure Go) is given no file,
// network, process or environment access: require, process and the like are
// undefined, and the fake world's network, file, registry and shell objects
// only record what they are asked to do and answer from tables. The package
// links no network stack (a test checks it). The clock is fixed per profile
// (timers and WScript.Sleep move it virtually) and Math.random is seeded, so
// a run is deterministic.
//
// The interpreter runs in a child process: the program re-executes itself
// (Run starts Options.Executable, by default os.Executable(), with
// SHIELDSCAN_EMULATE_CHILD=1 and an otherwise empty environment, in its own
// process group), and its main must hand over to ChildMain before anything
// else:
//
//	func main() {
//		if emulate.IsChild() {
//			os.Exit(emulate.ChildMain())
//		}
//		…
//	}
//
// The child writes a ready line, then reads requests from standard input,
// one after another: the options on a line, then the script. Run starts a
// child for one script; a Worker keeps its child for the next scripts
// (the child's start is most of a small script's cost), and each script
// runs in fresh runtimes, with nothing of an earlier one left but the
// compiled preludes. Before the first request, on Linux, the parent sets
// the child's hard limits with prlimit: RLIMIT_AS to what the Go runtime
// has reserved plus Options.MemoryLimit, RLIMIT_CPU to the child's
// lifetime CPU (20 s plus the first Timeout: a Worker replaces the child
// before a script could outlive it) plus two seconds, RLIMIT_FSIZE 0 (no
// file can be written) and no core dump. The child interrupts each script
// (goja's Interrupt) when its budget of CPU time ends or its heap passes
// half the memory limit, bounds the call stack and the
// regular-expression match time, and the parent kills the process group a
// second of the child's CPU time after the script's budget (or after ten
// budgets of wall time, for a child that hangs without spending CPU); a
// Worker starts a new child after any run that was cut short. The budget is
// CPU time so that a loaded machine, which gives the child less of each
// second, cuts no script that an idle one lets finish. On other systems
// there are no hard limits: the child's own interrupts and the parent's
// kill (after wall time there) still bound time, and memory is bounded by
// the heap watchdog and the Go runtime's soft limit only (a single huge
// allocation is not stopped there).
//
// A script runs under each profile that applies, on the first of
// Options.Dates, and on the later dates only while it has found nothing and
// if its runs read the clock or Math.random (the only ways a date reaches
// a script: the clock is fixed and Math.random seeded with the date). The
// reruns that the first date needed before any such read (a library that
// stops on `window` as it starts) are not executed again on a later date:
// they do the same on every date, so the later date records what they
// recorded, under its own name, stubs the same names and goes on from
// there (Result.Runs counts the executions). Within one script, the
// rewrite of generated code (see rewriteEval) is kept for its later runs.
//
// The child streams one JSON line per event, so what it recorded before a
// kill is kept, and Run reports the cut as Result.Budget. Direct eval keeps
// its scope: the script is rewritten so that `eval(x)` records x and still
// reaches the real eval (see rewriteEval), and Function.prototype.toString
// undoes the rewrite for scripts that key on their own text.
package emulate
