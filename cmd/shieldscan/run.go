package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/spf13/pflag"
)

// Exit codes: the contract with CI pipelines.
const (
	exitClean    = 0 // nothing at or above --fail-on
	exitFindings = 1 // something is
	exitError    = 2 // usage or input error
)

// version is set at build time with -ldflags "-X main.version=…"; otherwise the module's.
var version = ""

func toolVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

const usage = `shieldscan traces alerted client-side resources (scripts, hosts, IPs) through a codebase.

Usage:
  shieldscan scan [flags] [PATH]     find every reference to the resources in PATH (default .)
  shieldscan analyze [flags] FILE|URL  list the hosts a script names, hidden ones too, and score its obfuscation
  shieldscan inventory [flags] [PATH]  list every third party the code in PATH references
  shieldscan version                 print the version
  shieldscan help [COMMAND]          print help

Run 'shieldscan scan --help' for the scan flags.
`

// usageError is a mistake in the command line; run prints it with a hint to --help.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// run is the whole program; main only adds the signal context and the exit.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "shieldscan: no command: want scan, analyze, inventory, version or help (see 'shieldscan help')")
		return exitError
	}
	var code int
	var err error
	switch args[0] {
	case "scan":
		code, err = runScan(ctx, args[1:], stdin, stdout, stderr)
	case "analyze":
		code, err = runAnalyze(ctx, args[1:], stdin, stdout, stderr)
	case "inventory":
		code, err = runInventory(ctx, args[1:], stdin, stdout, stderr)
	case "version", "--version":
		fmt.Fprintf(stdout, "shieldscan %s\n", toolVersion())
	case "help", "-h", "--help":
		if len(args) > 1 && args[1] != "help" {
			return run(ctx, []string{args[1], "--help"}, stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
	default:
		err = usagef("unknown command %q: want scan, analyze, inventory, version or help", args[0])
	}
	if errors.Is(err, pflag.ErrHelp) {
		return exitClean
	}
	if err != nil {
		msg := strings.ReplaceAll(strings.TrimSpace(err.Error()), "\n", " ")
		var ue usageError
		if errors.As(err, &ue) {
			msg += fmt.Sprintf(" (see 'shieldscan %s --help')", firstWord(args))
		}
		fmt.Fprintf(stderr, "shieldscan: %s\n", msg)
		return exitError
	}
	return code
}

func firstWord(args []string) string {
	if len(args) > 0 && args[0] == "scan" {
		return "scan"
	}
	return "help"
}
