package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"golang.org/x/term"

	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/sarif"
	"github.com/shieldscan/shieldscan/scanner"
)

// writeReports renders rep in the chosen format to --output (atomically) or stdout, the extra
// --json-output and --sarif-output files, and the Markdown summary.
func writeReports(rep *scanner.Report, c *scanConfig, stdout io.Writer) error {
	data, err := render(rep, c, c.format, c.output == "" && colorful(stdout))
	if err != nil {
		return err
	}
	if c.output == "" {
		if _, err := stdout.Write(data); err != nil {
			return err
		}
	} else if err := writeFileAtomic(c.output, data); err != nil {
		return err
	}
	for _, extra := range []struct{ format, file string }{{"json", c.jsonOutput}, {"sarif", c.sarifOutput}} {
		if extra.file == "" {
			continue
		}
		data, err := render(rep, c, extra.format, false)
		if err != nil {
			return err
		}
		if err := writeFileAtomic(extra.file, data); err != nil {
			return err
		}
	}
	summary := c.summary
	if summary == "" {
		summary = os.Getenv("GITHUB_STEP_SUMMARY")
	}
	if summary != "" {
		return appendSummary(summary, rep)
	}
	return nil
}

// render formats rep.
func render(rep *scanner.Report, c *scanConfig, format string, color bool) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch format {
	case "json":
		err = writeJSON(&buf, rep)
	case "sarif":
		err = sarif.Write(&buf, rep, sarif.Options{ToolVersion: toolVersion(), Category: c.category})
	case "github":
		err = writeGitHub(&buf, rep)
	default:
		err = writeText(&buf, rep, c, color)
	}
	if err != nil {
		return nil, fmt.Errorf("writing %s report: %w", format, err)
	}
	return buf.Bytes(), nil
}

// writeFileAtomic writes a regular file through a temporary file in the same directory and a
// rename, so a reader never sees half a report; a device or a pipe is written directly.
func writeFileAtomic(name string, data []byte) error {
	if fi, err := os.Stat(name); err == nil && !fi.Mode().IsRegular() {
		// A device or a pipe (-o /dev/null, -o /dev/stdout): write to it; a rename would
		// replace it with a regular file.
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

// jsonReport is the JSON schema: the report, plus the tool that made it.
type jsonReport struct {
	Schema    int                      `json:"schema"`
	Tool      jsonTool                 `json:"tool"`
	Mode      scanner.Mode             `json:"mode"`
	Notes     []string                 `json:"notes,omitempty"`
	Resources []scanner.ResourceResult `json:"resources"`
	Findings  []jsonFinding            `json:"findings"`
	Skipped   []scanner.Skipped        `json:"skipped"`
	Stats     scanner.Stats            `json:"stats"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonFinding struct {
	scanner.Finding
	Resource  string `json:"resource"`
	Canonical string `json:"canonical"`
	Message   string `json:"message"`
}

func writeJSON(w io.Writer, rep *scanner.Report) error {
	out := jsonReport{
		Schema: rep.Schema, Tool: jsonTool{"shieldscan", toolVersion()}, Mode: rep.Mode, Notes: rep.Notes,
		Resources: rep.Resources, Findings: []jsonFinding{}, Skipped: rep.Skipped, Stats: rep.Stats,
	}
	for _, f := range rep.Findings {
		out.Findings = append(out.Findings, jsonFinding{
			Finding: f, Resource: rules.Redact(f.Resource.Raw), Canonical: rules.Redact(f.Resource.Canonical), Message: f.Message(),
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// colorful reports whether w is a terminal that wants colour (never with NO_COLOR).
func colorful(w io.Writer) bool {
	if _, ok := os.LookupEnv("NO_COLOR"); ok {
		return false
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

var levelColor = map[rules.Level]string{rules.Error: "\x1b[1;31m", rules.Warning: "\x1b[33m", rules.Note: "\x1b[36m"}

// writeText prints each resource with its class, its references in compiler style, the files
// that were skipped for a reason other than being binary, and a summary line.
func writeText(w io.Writer, rep *scanner.Report, c *scanConfig, color bool) error {
	paint := func(l rules.Level, s string) string {
		if !color || levelColor[l] == "" {
			return s
		}
		return levelColor[l] + s + "\x1b[0m"
	}
	byRes := map[*rules.Resource][]scanner.Finding{}
	for _, f := range rep.Findings {
		byRes[f.Resource] = append(byRes[f.Resource], f)
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	// Unknown resources first: they are what the reader has to act on.
	order := slices.Clone(rep.Resources)
	slices.SortStableFunc(order, func(a, b scanner.ResourceResult) int { return int(b.Class) - int(a.Class) })
	for _, rr := range order {
		findings := byRes[rr.Resource]
		label := rr.Class.String()
		fmt.Fprintf(w, "%s %s", paint(rr.Level, fmt.Sprintf("%-10s", label)), rules.Redact(rr.Canonical))
		if rr.Canonical != rr.Raw {
			fmt.Fprintf(w, " (given as %s)", rules.Redact(rr.Raw))
		}
		switch {
		case rr.Class == rules.Unknown:
			fmt.Fprintf(w, ": %s, referenced nowhere in the scanned code\n", paint(rr.Level, rr.Level.String()))
		default:
			fmt.Fprintf(w, ": %d reference%s\n", rr.References, plural(rr.References))
		}
		if ps := rr.PageShield; ps != nil {
			verdict := "not flagged malicious"
			if ps.Malicious {
				verdict = "MALICIOUS (" + strings.Join(ps.Reasons, "; ") + ")"
			}
			fmt.Fprintf(w, "    page shield: %s, %s", ps.Kind, verdict)
			if ps.LastSeen != "" {
				fmt.Fprintf(w, ", last seen %s", ps.LastSeen)
			}
			if len(ps.PageURLs) > 0 {
				fmt.Fprintf(w, ", on %s", strings.Join(ps.PageURLs, " "))
			}
			fmt.Fprintln(w)
		}
		for _, f := range findings {
			if f.Path == scanner.Placeholder {
				continue
			}
			level := paint(f.Level, f.Level.String())
			if f.Suppressed != nil {
				level = "suppressed " + f.Level.String()
			}
			fmt.Fprintf(w, "%s:%d:%d: %s: %s: %s\n", f.Path, f.Line, f.Column, level, f.Rule, f.Message())
			if f.Snippet != "" {
				fmt.Fprintf(w, "    %s\n", f.Snippet)
			}
		}
	}
	reasons := map[scanner.SkipReason]int{}
	for _, s := range rep.Skipped {
		reasons[s.Reason]++
		if s.Reason != scanner.SkipBinary {
			fmt.Fprintf(w, "skipped %s: %s", s.Path, s.Reason)
			if s.Detail != "" {
				fmt.Fprintf(w, " (%s)", s.Detail)
			}
			fmt.Fprintln(w)
		}
	}
	if c.quiet {
		return nil
	}
	unit := "file"
	if rep.Mode != scanner.ModeTree {
		unit = "blob"
	}
	if rep.Mode == scanner.ModeChange {
		// Absence from a change says nothing: no resource is called unknown here.
		fmt.Fprintf(w, "%d resource%s searched: %d referenced by the change", rep.Stats.Resources, plural(rep.Stats.Resources), len(rep.Resources))
	} else {
		fmt.Fprintf(w, "%d resource%s: %d declared, %d historical, %d unknown", len(rep.Resources), plural(len(rep.Resources)),
			rep.Count(rules.Declared), rep.Count(rules.Historical), rep.Count(rules.Unknown))
	}
	fmt.Fprintf(w, "; %d %s%s scanned, %d skipped", rep.Stats.Files, unit, plural(rep.Stats.Files), rep.Stats.Skipped)
	if len(reasons) > 0 {
		var parts []string
		for r, n := range reasons {
			parts = append(parts, fmt.Sprintf("%d %s", n, r))
		}
		sort.Strings(parts)
		fmt.Fprintf(w, " (%s)", strings.Join(parts, ", "))
	}
	fmt.Fprintf(w, "; %s\n", rep.Stats.Duration.Round(1e6))
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
