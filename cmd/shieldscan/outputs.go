package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/shieldscan/shieldscan/internal/outfile"
	"github.com/shieldscan/shieldscan/internal/scope"
	"github.com/shieldscan/shieldscan/output"
	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner/history"
)

// outputs are the output settings that every command has: where the report goes, in which
// format, and the gate.
type outputs struct {
	format, output, category, failOn, summary, color string
	jsonOutput, sarifOutput                          string
	quiet                                            bool
}

// formatFlag, outputFlag… register the shared flags; each command places them in its own order.
func (o *outputs) formatFlag(fs *pflag.FlagSet) {
	fs.StringVar(&o.format, "format", "text", "output `FORMAT`: text, json, sarif or github (workflow annotations)")
	o.colorFlag(fs)
}

func (o *outputs) colorFlag(fs *pflag.FlagSet) {
	fs.StringVar(&o.color, "color", "auto", "colour the text levels: `WHEN` auto (stdout a terminal, NO_COLOR unset or empty), always or never")
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

// check validates the format, --color and --fail-on, and returns the gate.
func (o *outputs) check() (rules.Level, error) { return o.checkFormats(output.Formats) }

func (o *outputs) checkFormats(formats []string) (rules.Level, error) {
	failOn, err := rules.ParseLevel(o.failOn)
	if err != nil {
		return 0, usagef("--fail-on: %w", err)
	}
	if !slices.Contains(formats, o.format) {
		return 0, usagef("--format %q: want %s or %s", o.format, strings.Join(formats[:len(formats)-1], ", "), formats[len(formats)-1])
	}
	if !slices.Contains([]string{"auto", "always", "never"}, o.color) {
		return 0, usagef("--color %q: want auto, always or never", o.color)
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

// emit writes the report in the chosen format to --output (atomically) or stdout, the extra
// --json-output and --sarif-output files and the Markdown summary, and returns the exit code.
func emit(st *stdio, rep *report.Report, o *outputs, failOn rules.Level) (int, error) {
	opts := output.Options{
		ToolVersion: toolVersion(), Category: o.category, Quiet: o.quiet,
		Color: o.colorful(st), Link: output.GitHubLink(st.env.server, st.env.repo, st.env.sha),
		SARIF: o.format == "sarif" || o.sarifOutput != "",
	}
	// Every format is written as it is made: a streamed report's findings come from disk.
	if o.output == "" {
		bw := bufio.NewWriterSize(st.stdout, 64<<10)
		if err := output.Write(bw, rep, o.format, opts); err != nil {
			return 0, err
		}
		if err := bw.Flush(); err != nil {
			return 0, err
		}
	} else if err := outfile.WriteFunc(o.output, func(w io.Writer) error { return output.Write(w, rep, o.format, opts) }); err != nil {
		return 0, err
	}
	opts.Color = false
	for _, extra := range []struct{ format, file string }{{"json", o.jsonOutput}, {"sarif", o.sarifOutput}} {
		if extra.file == "" {
			continue
		}
		if err := outfile.WriteFunc(extra.file, func(w io.Writer) error { return output.Write(w, rep, extra.format, opts) }); err != nil {
			return 0, err
		}
	}
	if name := o.summaryFile(st); name != "" {
		if err := outfile.Append(name, output.Markdown(rep, opts)); err != nil {
			return 0, err
		}
	}
	if rep.Incomplete != "" {
		fmt.Fprintf(st.stderr, "shieldscan: incomplete scan: %s (the report says so)\n", rep.Incomplete)
	}
	return exitOf(rep, failOn), nil
}

// write writes the report to --output (atomically) or stdout.
func (o *outputs) write(st *stdio, data []byte) error {
	if o.output == "" {
		_, err := st.stdout.Write(data)
		return err
	}
	return outfile.Write(o.output, data)
}

// repository names the scanned repository in reports: GITHUB_REPOSITORY, else its origin remote
// or directory's name (history.Repository).
func (st *stdio) repository(sc *scope.Scope) string {
	if st.env.repo != "" {
		return st.env.repo
	}
	return history.Repository(sc.Root)
}

// colorful reports whether the text report is painted: --color always, or auto with the report
// on a terminal's stdout and NO_COLOR unset or empty (no-color.org).
func (o *outputs) colorful(st *stdio) bool {
	switch {
	case o.color == "always":
		return true
	case o.color == "never" || o.output != "" || st.env.noColor:
		return false
	}
	f, ok := st.stdout.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
