// Package emulate runs a script in a sandboxed JavaScript interpreter, in a
// child process with hard limits, against a fake browser on a checkout page
// and a fake Windows Script Host, and records every URL and every piece of
// generated code the script hands to a sink.
//
// Safety is the design. The interpreter (goja, pure Go) is given no file,
// network, process or environment access: require, process and the like are
// undefined, and the fake world's network, file and shell objects only
// record what they are asked to do. The clock is fixed and Math.random is
// seeded, so a run is deterministic. The interpreter runs in a child
// process: the program re-executes itself (Run starts Options.Executable,
// by default os.Executable(), with SHIELDSCAN_EMULATE_CHILD=1 and an
// otherwise empty environment), and its main must hand over to ChildMain:
//
//	func main() {
//		if emulate.IsChild() {
//			os.Exit(emulate.ChildMain())
//		}
//		…
//	}
//
// On Linux the parent sets the child's hard limits (RLIMIT_AS, RLIMIT_CPU,
// RLIMIT_FSIZE 0, no core) before the child reads the script. The child
// interrupts the script when its wall-time budget ends or its heap passes
// half the memory limit; the parent kills it a second after the budget.
// The child streams one JSON line per event, so what it recorded before a
// kill is kept, and Run reports the cut as Result.Budget.
package emulate
