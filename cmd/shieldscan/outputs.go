package main

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/shieldscan/shieldscan/output"
	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
)

// outputs are the output settings that every command has: where the report goes, in which
// format, and the gate.
type outputs struct {
	format, output, category, failOn, summary string
	jsonOutput, sarifOutput                   string
	quiet                                     bool
}

// formatFlag, outputFlag… register the shared flags; each command places them in its own order.
func (o *outputs) formatFlag(fs *pflag.FlagSet) {
	fs.StringVar(&o.format, "format", "text", "output `FORMAT`: text, json, sarif or github (workflow annotations)")
}

func (o *outputs) outputFlag(fs *pflag.FlagSet) {
	fs.StringVarP(&o.output, "output", "o", "", "write the report to `FILE` (atomically) instead of stdout")
}

func (o *outputs) summaryFlag(fs *pflag.FlagSet) {
	fs.StringVar(&o.summary, "summary", "", "append a Markdown summary to `FILE` (default: $GITHUB_STEP_SUMMARY when set)")
}

func (o *outputs) failOnFlag(fs *pflag.FlagSet, what string) {
	fs.StringVar(&o.failOn, "fail-on", "error", "exit 1 when a finding is at or above `LEVEL`: "+what)
}

// check validates the format and --fail-on, and returns the gate.
func (o *outputs) check() (rules.Level, error) {
	failOn, err := rules.ParseLevel(o.failOn)
	if err != nil {
		return 0, usagef("--fail-on: %w", err)
	}
	if !slices.Contains(output.Formats, o.format) {
		return 0, usagef("--format %q: want text, json, sarif or github", o.format)
	}
	return failOn, nil
}

// files are the files the run writes.
func (o *outputs) files(st *stdio) []string {
	var out []string
	for _, f := range []string{o.output, o.jsonOutput, o.sarifOutput, o.summaryFile(st)} {
		if f != "" {
			out = append(out, f)
		}
	}
	return out
}

func (o *outputs) summaryFile(st *stdio) string {
	if o.summary != "" {
		return o.summary
	}
	return st.env.summary
}

// checkFiles refuses, before anything is read, a run whose outputs would replace one of its
// inputs or each other: -o alerts.txt with -f alerts.txt, or -o r.json with --json-output r.json.
func checkFiles(inputs, outs []string) error {
	seen := map[string]string{}
	key := func(name string) (string, bool) {
		if name == "" || name == "-" {
			return "", false
		}
		if fi, err := os.Stat(name); err == nil && !fi.Mode().IsRegular() {
			return "", false // a device or a pipe (/dev/null, /dev/stdout) can take any number
		}
		abs, err := filepath.Abs(name)
		if err != nil {
			return "", false
		}
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			abs = real
		}
		return abs, true
	}
	for _, in := range inputs {
		if k, ok := key(in); ok {
			seen[k] = "input"
		}
	}
	for _, out := range outs {
		k, ok := key(out)
		if !ok {
			continue
		}
		switch seen[k] {
		case "input":
			return usagef("output %q is also an input of this run: write the report elsewhere", out)
		case "output":
			return usagef("output %q is named twice: give each report its own file", out)
		}
		seen[k] = "output"
	}
	return nil
}

// emit writes the report in the chosen format to --output (atomically) or stdout, the extra
// --json-output and --sarif-output files and the Markdown summary, and returns the exit code.
func emit(st *stdio, rep *report.Report, o *outputs, failOn rules.Level) (int, error) {
	opts := output.Options{
		ToolVersion: toolVersion(), Category: o.category, Quiet: o.quiet,
		Color: o.output == "" && colorful(st), Link: st.env.link,
	}
	data, err := output.Render(rep, o.format, opts)
	if err != nil {
		return 0, err
	}
	if o.output == "" {
		if _, err := st.stdout.Write(data); err != nil {
			return 0, err
		}
	} else if err := writeFileAtomic(o.output, data); err != nil {
		return 0, err
	}
	opts.Color = false
	for _, extra := range []struct{ format, file string }{{"json", o.jsonOutput}, {"sarif", o.sarifOutput}} {
		if extra.file == "" {
			continue
		}
		data, err := output.Render(rep, extra.format, opts)
		if err != nil {
			return 0, err
		}
		if err := writeFileAtomic(extra.file, data); err != nil {
			return 0, err
		}
	}
	if name := o.summaryFile(st); name != "" {
		if err := appendFile(name, output.Markdown(rep, opts)); err != nil {
			return 0, err
		}
	}
	if rep.Incomplete != "" {
		fmt.Fprintf(st.stderr, "shieldscan: incomplete scan: %s (the report says so)\n", rep.Incomplete)
	}
	return exitOf(rep, failOn), nil
}

// link is the URL of path at line in the run's commit, when the run is on GitHub Actions.
func (e environ) link(path string, line int) string {
	if e.server == "" || e.repo == "" || e.sha == "" || path == report.Placeholder {
		return ""
	}
	return fmt.Sprintf("%s/%s/blob/%s/%s#L%d", e.server, e.repo, e.sha, (&url.URL{Path: path}).EscapedPath(), line)
}

// colorful reports whether stdout is a terminal that wants colour (never with NO_COLOR).
func colorful(st *stdio) bool {
	if st.env.noColor {
		return false
	}
	f, ok := st.stdout.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// appendFile appends text to name ($GITHUB_STEP_SUMMARY appends too).
func appendFile(name, text string) error {
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("writing summary %q: %w", name, unwrapPath(err))
	}
	if _, err := io.WriteString(f, text); err != nil {
		f.Close()
		return fmt.Errorf("writing summary %q: %w", name, err)
	}
	return f.Close()
}

// writeFileAtomic writes a regular file through a temporary file in the same directory and a
// rename, so a reader never sees half a report; a device or a pipe is written directly.
func writeFileAtomic(name string, data []byte) error {
	if fi, err := os.Stat(name); err == nil && !fi.Mode().IsRegular() {
		// A device or a pipe (-o /dev/null, -o /dev/stdout): a rename would replace it.
		f, err := os.OpenFile(name, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("writing %q: %w", name, unwrapPath(err))
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return fmt.Errorf("writing %q: %w", name, err)
		}
		return f.Close()
	}
	// Through a symlink, the file it points to is replaced, not the link; an existing file
	// keeps its mode.
	mode := os.FileMode(0o644)
	if target, err := filepath.EvalSymlinks(name); err == nil {
		name = target
		if fi, err := os.Stat(target); err == nil {
			mode = fi.Mode().Perm()
		}
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return fmt.Errorf("writing %q: %w", name, unwrapPath(err))
	}
	f, err := os.CreateTemp(filepath.Dir(name), ".shieldscan-*")
	if err != nil {
		return fmt.Errorf("writing %q: %w", name, unwrapPath(err))
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("writing %q: %w", name, err)
	}
	if err := f.Chmod(mode); err != nil {
		f.Close()
		return fmt.Errorf("writing %q: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %q: %w", name, err)
	}
	if err := os.Rename(f.Name(), name); err != nil {
		return fmt.Errorf("writing %q: %w", name, unwrapPath(err))
	}
	return nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
