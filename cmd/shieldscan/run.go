package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
)

// Exit codes: the contract with CI pipelines.
const (
	exitClean    = 0 // nothing at or above --fail-on
	exitFindings = 1 // something is
	exitError    = 2 // usage or input error, or a scan that could not do its job
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

// command is one subcommand, in the manner of cmd/go's base.Command.
type command struct {
	name  string
	args  string // the usage line after the name
	short string // one line for the command list
	long  string // the help text before the flags
	// flags registers the command's flags on fs and returns what runs it with the arguments left.
	flags func(fs *pflag.FlagSet) func(ctx context.Context, st *stdio, args []string) (int, error)
}

// stdio is what a command may touch of its process: streams and environment, read once.
type stdio struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	env            environ
}

// environ is the environment shieldscan reads, in one place.
type environ struct {
	token   string // CLOUDFLARE_API_TOKEN
	summary string // GITHUB_STEP_SUMMARY
	noColor bool   // NO_COLOR set and not empty (no-color.org)
	// server, repo and sha link summary lines to GitHub (GITHUB_SERVER_URL, _REPOSITORY, _SHA);
	// repo also names the repository in reports.
	server, repo, sha string
}

func readEnviron() environ {
	return environ{
		token: os.Getenv("CLOUDFLARE_API_TOKEN"), summary: os.Getenv("GITHUB_STEP_SUMMARY"),
		noColor: os.Getenv("NO_COLOR") != "",
		server:  os.Getenv("GITHUB_SERVER_URL"), repo: os.Getenv("GITHUB_REPOSITORY"), sha: os.Getenv("GITHUB_SHA"),
	}
}

var commands = []*command{scanCommand, analyzeCommand, inventoryCommand, mergeCommand}

func lookup(name string) *command {
	if i := slices.IndexFunc(commands, func(c *command) bool { return c.name == name }); i >= 0 {
		return commands[i]
	}
	return nil
}

func usage() string {
	var b strings.Builder
	b.WriteString("shieldscan traces alerted client-side resources (scripts, hosts, IPs) through a codebase.\n\nUsage:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-40s%s\n", "shieldscan "+c.name+" "+c.args, c.short)
	}
	fmt.Fprintf(&b, "  %-40s%s\n", "shieldscan version", "print the version")
	fmt.Fprintf(&b, "  %-40s%s\n", "shieldscan help [COMMAND]", "print help")
	b.WriteString("\nRun 'shieldscan help COMMAND' for a command's flags.\n")
	return b.String()
}

// usageError is a mistake in the command line; its message ends with a hint to the command's help.
type usageError struct {
	cmd string
	err error
}

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{err: fmt.Errorf(format, args...)} }

// run is the whole program; main only adds the signal context and the exit.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	st := &stdio{stdin: stdin, stdout: stdout, stderr: stderr, env: readEnviron()}
	report.AddSecret(st.env.token)
	code, err := dispatch(ctx, st, args)
	if err == nil {
		return code
	}
	code, hint := exitFor(err)
	msg := strings.ReplaceAll(strings.TrimSpace(err.Error()), "\n", " ")
	fmt.Fprintf(stderr, "shieldscan: %s%s\n", report.Safe(msg), hint)
	return code
}

func dispatch(ctx context.Context, st *stdio, args []string) (int, error) {
	if len(args) == 0 {
		return 0, usageError{cmd: "help", err: errors.New("no command: want scan, analyze, inventory, merge, version or help")}
	}
	switch name := args[0]; name {
	case "version", "--version":
		if len(args) > 1 {
			return 0, usageError{cmd: "help", err: fmt.Errorf("version takes no arguments, got %q", args[1:])}
		}
		fmt.Fprintf(st.stdout, "shieldscan %s\n", toolVersion())
		return exitClean, nil
	case "help", "-h", "--help":
		// help [COMMAND]; any further -h/--help/help is the same request.
		for _, a := range args[1:] {
			if c := lookup(a); c != nil {
				fs, _ := newFlags(c)
				fmt.Fprint(st.stdout, help(c, fs))
				return exitClean, nil
			}
			if a != "help" && a != "-h" && a != "--help" {
				return 0, usageError{cmd: "help", err: fmt.Errorf("unknown help topic %q: want scan, analyze, inventory or merge", a)}
			}
		}
		fmt.Fprint(st.stdout, usage())
		return exitClean, nil
	default:
		c := lookup(name)
		if c == nil {
			return 0, usageError{cmd: "help", err: fmt.Errorf("unknown command %q: want scan, analyze, inventory, merge, version or help", name)}
		}
		fs, runner := newFlags(c)
		if err := fs.Parse(args[1:]); err != nil {
			if errors.Is(err, pflag.ErrHelp) {
				fmt.Fprint(st.stdout, help(c, fs))
				return exitClean, nil
			}
			return 0, usageError{cmd: c.name, err: err}
		}
		code, err := runner(ctx, st, fs.Args())
		var ue usageError
		if errors.As(err, &ue) && ue.cmd == "" {
			err = usageError{cmd: c.name, err: ue.err}
		}
		return code, err
	}
}

func newFlags(c *command) (*pflag.FlagSet, func(context.Context, *stdio, []string) (int, error)) {
	fs := pflag.NewFlagSet(c.name, pflag.ContinueOnError)
	fs.SortFlags = false
	fs.SetOutput(io.Discard)
	return fs, c.flags(fs)
}

func help(c *command, fs *pflag.FlagSet) string {
	return "Usage: shieldscan " + c.name + " " + c.args + "\n\n" + c.long +
		"\nExit status: 0 nothing at or above --fail-on, 1 something is, 2 usage or input error.\n\n" +
		"Flags:\n" + fs.FlagUsages()
}

// exitFor maps an error to its exit code and the hint that follows its line: the one place
// where errors become exit codes. Every error is exit 2 (CONTRACT.md); a usage error also points
// at the help that lists what is accepted. An incomplete scan is not an error: its report is
// written, and report.Incomplete makes the exit 2 (see exitOf).
func exitFor(err error) (int, string) {
	var ue usageError
	if errors.As(err, &ue) {
		if ue.cmd == "" || ue.cmd == "help" {
			return exitError, " (see 'shieldscan help')"
		}
		return exitError, fmt.Sprintf(" (see 'shieldscan %s --help')", ue.cmd)
	}
	return exitError, ""
}

// exitOf is the exit code of a written report under --fail-on: 2 when the scan is incomplete,
// whatever it found; 1 when a finding that counts is at or above failOn; else 0.
func exitOf(rep *report.Report, failOn rules.Level) int {
	switch {
	case rep.Incomplete != "":
		return exitError
	case rep.Fails(failOn):
		return exitFindings
	}
	return exitClean
}
