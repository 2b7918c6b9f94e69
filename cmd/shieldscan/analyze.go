package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/sarif"
	"github.com/shieldscan/shieldscan/scanner"
	"github.com/shieldscan/shieldscan/scanner/analyze"
)

// analyzeConfig is the parsed command line of 'shieldscan analyze'.
type analyzeConfig struct {
	format   string
	output   string
	failOn   string
	category string
	offline  bool
	timeout  time.Duration
	maxBytes int64
	quiet    bool
}

func newAnalyzeFlags() (*pflag.FlagSet, *analyzeConfig) {
	c := &analyzeConfig{}
	fs := pflag.NewFlagSet("analyze", pflag.ContinueOnError)
	fs.SortFlags = false
	fs.StringVar(&c.format, "format", "text", "output `FORMAT`: text, json or sarif")
	fs.StringVarP(&c.output, "output", "o", "", "write the report to `FILE` (atomically) instead of stdout")
	fs.StringVar(&c.category, "category", "shieldscan/analyze/", "SARIF runAutomationDetails.`ID`")
	fs.StringVar(&c.failOn, "fail-on", "error", "exit 1 when a finding is at or above `LEVEL`: error (a hidden host), warning, note (any host) or never")
	fs.BoolVar(&c.offline, "offline", false, "refuse URLs: never contact a host")
	fs.DurationVar(&c.timeout, "timeout", 30*time.Second, "give up fetching a URL after `DURATION`")
	fs.Int64Var(&c.maxBytes, "max-size", 10<<20, "refuse a script larger than `BYTES`")
	fs.BoolVarP(&c.quiet, "quiet", "q", false, "text: print the hosts and the score only")
	return fs, c
}

func analyzeUsage(fs *pflag.FlagSet) string {
	return "Usage: shieldscan analyze [flags] FILE|URL\n\n" +
		"Reads one script (a file, - for standard input, or an http(s) URL, which it fetches) without\n" +
		"running it, and lists every URL, hostname and IP it contains, plain or hidden by an encoding,\n" +
		"with the chain of encodings and the location, plus the signs of obfuscation and a 0-100 score.\n" +
		"A URL is fetched with a timeout and a size cap, without cookies, following no redirect to\n" +
		"another scheme; --offline refuses URLs.\n\n" +
		"Exit status: 0 nothing at or above --fail-on, 1 something is, 2 usage or input error.\n\n" +
		"Flags:\n" + fs.FlagUsages()
}

// subcommandError gives a usage error its subcommand's hint; run's own hint names scan only.
func subcommandError(cmd string, err error) error {
	var ue usageError
	if errors.As(err, &ue) {
		return fmt.Errorf("%w (see 'shieldscan %s --help')", ue.err, cmd)
	}
	return err
}

func runAnalyze(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	code, err := analyzeCmd(ctx, args, stdin, stdout, stderr)
	return code, subcommandError("analyze", err)
}

func analyzeCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	fs, c := newAnalyzeFlags()
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			fmt.Fprint(stdout, analyzeUsage(fs))
			return exitClean, err
		}
		return 0, usageError{err}
	}
	if fs.NArg() != 1 {
		return 0, usagef("analyze takes one FILE or URL, got %d", fs.NArg())
	}
	failOn, err := rules.ParseLevel(c.failOn)
	if err != nil {
		return 0, usagef("--fail-on: %w", err)
	}
	if err := checkFormat(c.format); err != nil {
		return 0, err
	}
	if c.maxBytes <= 0 || c.timeout <= 0 {
		return 0, usagef("--max-size and --timeout must be positive")
	}
	target := fs.Arg(0)
	var src []byte
	path := filepath.ToSlash(target)
	switch {
	case isURL(target):
		if c.offline {
			return 0, usagef("--offline: refusing to fetch %q; download it yourself and give the file", rules.Redact(target))
		}
		u, _ := url.Parse(target)
		fmt.Fprintf(stderr, "shieldscan: warning: fetching %s contacts %s (no cookies, %s timeout, %d bytes at most)\n",
			rules.Redact(target), u.Host, c.timeout, c.maxBytes)
		src, err = analyze.Fetch(ctx, target, analyze.FetchOptions{Timeout: c.timeout, MaxBytes: c.maxBytes})
		if err != nil {
			return 0, errors.New(rules.Redact(err.Error()))
		}
		path = strings.TrimPrefix(u.Host+u.EscapedPath(), "/")
	case target == "-":
		src, err = io.ReadAll(io.LimitReader(stdin, c.maxBytes+1))
		path = "stdin"
	default:
		src, err = readCapped(target, c.maxBytes)
	}
	if err != nil {
		return 0, fmt.Errorf("reading %q: %w", target, unwrapPath(err))
	}
	if int64(len(src)) > c.maxBytes {
		return 0, fmt.Errorf("reading %q: larger than --max-size %d", target, c.maxBytes)
	}
	res := analyze.Analyze(target, src, analyze.Options{})
	rep := analyzeReport(res, path, src)
	var buf bytes.Buffer
	switch c.format {
	case "json":
		err = encodeJSON(&buf, struct {
			Schema int      `json:"schema"`
			Tool   jsonTool `json:"tool"`
			*analyze.Result
		}{scanner.SchemaVersion, jsonTool{"shieldscan", toolVersion()}, res})
	case "sarif":
		err = sarif.Write(&buf, rep, sarif.Options{ToolVersion: toolVersion(), Category: c.category})
	default:
		writeAnalyzeText(&buf, res, c.quiet)
	}
	if err != nil {
		return 0, fmt.Errorf("writing %s report: %w", c.format, err)
	}
	if err := emit(buf.Bytes(), c.output, stdout); err != nil {
		return 0, err
	}
	return gate(rep, failOn), nil
}

func isURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

func readCapped(name string, max int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, max+1))
}

func checkFormat(f string) error {
	switch f {
	case "text", "json", "sarif":
		return nil
	}
	return usagef("--format %q: want text, json or sarif", f)
}

// emit writes a report to --output (atomically) or stdout.
func emit(data []byte, output string, stdout io.Writer) error {
	if output == "" {
		_, err := stdout.Write(data)
		return err
	}
	return writeFileAtomic(output, data)
}

// gate is the exit code of a report under --fail-on.
func gate(rep *scanner.Report, failOn rules.Level) int {
	if failOn != rules.None && rep.MaxLevel() >= failOn {
		return exitFindings
	}
	return exitClean
}

func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// analyzeReport turns an analysis into a report for SARIF and the gate: one script-host finding
// per mention (an error when decoding hid it), the score and indicators as notes.
func analyzeReport(res *analyze.Result, path string, src []byte) *scanner.Report {
	rep := &scanner.Report{Schema: scanner.SchemaVersion, Mode: "analyze", Findings: []scanner.Finding{}, Skipped: []scanner.Skipped{}}
	rep.Notes = append(rep.Notes, fmt.Sprintf("obfuscation score %d/100 (%s)", res.Score, res.Verdict))
	for _, in := range res.Indicators {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%s (+%d) at line %d: %s", in.Kind, in.Weight, in.Line, in.Evidence))
	}
	if res.Truncated {
		rep.Notes = append(rep.Notes, "the decoder's budget ran out: hidden hosts past that point are missing")
	}
	lines := scanner.NewLines(src)
	seen := map[string]int{}
	for _, m := range res.Mentions {
		level := rules.Note
		if m.Hidden() && m.External() {
			level = rules.Error
		}
		text := lines.Line(m.Line)
		f := scanner.Finding{
			Rule: rules.ScriptHost, Level: level, Resource: m.Resource, Class: rules.Declared,
			Path: path, Line: m.Line, Column: m.Column, EndColumn: m.EndColumn,
			Match: m.Match, Snippet: rules.Redact(cutLine(text)), Encoding: m.Encoding, Decoded: m.Decoded,
			Context: scanner.ContextOf(path, text, m.Offset-bytes.LastIndexByte(src[:m.Offset], '\n')-1),
		}
		f.Fingerprint = fingerprintOf(&f, seen)
		rep.Findings = append(rep.Findings, f)
	}
	rep.Stats.Files, rep.Stats.Bytes = 1, int64(len(src))
	return rep
}

// cutLine is a line for a snippet: trimmed and cut to 200 characters.
func cutLine(line []byte) string {
	s := strings.ToValidUTF8(string(bytes.TrimSpace(line)), "\uFFFD")
	if r := []rune(s); len(r) > 200 {
		return string(r[:200]) + "…"
	}
	return s
}

// fingerprintOf is a finding's stable identity: rule, resource, path, match, encoding and its
// rank among identical ones; never a line number. seen counts the ranks.
func fingerprintOf(f *scanner.Finding, seen map[string]int) string {
	key := strings.Join([]string{string(f.Rule), f.Resource.Canonical, f.Path, f.Match, f.Encoding}, "\x00")
	seen[key]++
	h := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(seen[key])))
	return hex.EncodeToString(h[:])[:32]
}

func writeAnalyzeText(w io.Writer, res *analyze.Result, quiet bool) {
	fmt.Fprintf(w, "%s: %d bytes, obfuscation score %d/100 (%s)\n", res.Name, res.Size, res.Score, res.Verdict)
	if len(res.Hosts) == 0 {
		fmt.Fprintln(w, "no URL, hostname or IP address found")
	}
	for _, h := range res.Hosts {
		hidden := ""
		if h.Hidden() {
			hidden = " HIDDEN"
		}
		fmt.Fprintf(w, "host %s (%s, %s): %d mention%s, %s%s\n", h.Host, h.Kind, h.Registrable, h.Mentions, plural(h.Mentions),
			strings.Join(h.Encodings, ", "), hidden)
	}
	if !quiet {
		for _, m := range res.Mentions {
			fmt.Fprintf(w, "%s:%d:%d: %s %s", res.Name, m.Line, m.Column, m.Encoding, rules.Redact(m.Canonical))
			if m.Encoding != analyze.Plain {
				fmt.Fprintf(w, " (decodes to %q)", m.Decoded)
			}
			fmt.Fprintln(w)
		}
	}
	for _, in := range res.Indicators {
		fmt.Fprintf(w, "indicator %s (+%d) at %d:%d", in.Kind, in.Weight, in.Line, in.Column)
		if in.Count > 1 {
			fmt.Fprintf(w, " and %d more", in.Count-1)
		}
		fmt.Fprintf(w, ": %s\n", in.Evidence)
	}
	if res.Truncated {
		fmt.Fprintln(w, "note: the decoder's budget ran out: hidden hosts past that point are missing")
	}
}
