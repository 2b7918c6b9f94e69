// Package merge combines the JSON reports of many repositories (shieldscan scan --format json)
// into one incident view: per resource, which repositories declare it, which hold it only in
// their history, and where it is unknown.
package merge

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
)

// ErrInput is wrapped by every error of Read: the file is not a report merge can read (the
// command maps it to exit code 2).
var ErrInput = errors.New("not a shieldscan scan report")

// Error says why one file could not be read; its text is one line that names the file.
type Error struct {
	// Name is the file as given to Read.
	Name string
	// Reason is what is wrong, for the person at the terminal.
	Reason string
	// Err is the underlying error (a JSON syntax error, a read error), or nil.
	Err error
}

func (e *Error) Error() string { return report.Escape(e.Name) + ": " + e.Reason }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Is makes every Error match ErrInput.
func (e *Error) Is(target error) bool { return target == ErrInput }

// Input is one report, read and made safe: every string in it may be shown.
type Input struct {
	// Name is the file name given to Read.
	Name string
	// Repository is the report's "repository" field, or Name's base without its extension.
	Repository string
	// Mode is the scan's mode: tree, history or change.
	Mode report.Mode
	// ToolVersion is the version of shieldscan that wrote the report.
	ToolVersion string
	// Incomplete says why the scan could not do its job, when it could not.
	Incomplete string
	// Notes are the report's caveats.
	Notes []string
	// Files is how many files or blobs the scan read.
	Files int

	resources []resource
	findings  []finding
	skipped   []report.Skip
}

// resource is a report's verdict on one resource.
type resource struct {
	raw, canonical string
	kind           rules.Kind
	class          rules.Class
	level          rules.Level
	ps             *rules.Observation
	origin         rules.Origin
}

// finding is a report's finding, its display strings made safe; path is the exact path.
type finding struct {
	rule                    rules.RuleID
	level                   rules.Level
	class                   rules.Class
	path                    string
	line, column, endColumn int
	match, snippet          string
	strength                rules.Strength
	context                 rules.Context
	encoding, decoded, sink string
	served                  bool
	suppressed              *report.Suppression
	history                 *report.History
	raw, canonical          string
}

// jsonReport is the JSON report as written by output.JSON, with the fields of other files that
// Read recognises to say what they are.
type jsonReport struct {
	Schema     *int                `json:"schema"`
	Kind       string              `json:"kind"`
	Tool       *report.Tool        `json:"tool"`
	Repository string              `json:"repository"`
	Mode       string              `json:"mode"`
	Notes      []string            `json:"notes"`
	Incomplete string              `json:"incomplete"`
	Resources  []jsonResource      `json:"resources"`
	Findings   []jsonFinding       `json:"findings"`
	Skipped    []report.Skip       `json:"skipped"`
	Stats      struct{ Files int } `json:"stats"`
	Runs       json.RawMessage     `json:"runs"`    // SARIF
	Version    string              `json:"version"` // SARIF
}

type jsonResource struct {
	Raw        string             `json:"resource"`
	Canonical  string             `json:"canonical"`
	Kind       string             `json:"kind"`
	Origin     rules.Origin       `json:"origin"`
	PageShield *rules.Observation `json:"pageshield"`
	Class      string             `json:"class"`
	Level      string             `json:"level"`
}

type jsonFinding struct {
	Rule       string              `json:"rule"`
	Level      string              `json:"level"`
	Class      string              `json:"classification"`
	Path       string              `json:"path"`
	PathBytes  []byte              `json:"pathBytes"`
	Line       int                 `json:"line"`
	Column     int                 `json:"column"`
	EndColumn  int                 `json:"endColumn"`
	Match      string              `json:"match"`
	Snippet    string              `json:"snippet"`
	Strength   string              `json:"strength"`
	Context    string              `json:"context"`
	Encoding   string              `json:"encoding"`
	Decoded    string              `json:"decoded"`
	Sink       string              `json:"sink"`
	Served     bool                `json:"served"`
	Suppressed *report.Suppression `json:"suppressed"`
	History    *report.History     `json:"history"`
	Resource   string              `json:"resource"`
	Canonical  string              `json:"canonical"`
}

var (
	classes   = map[string]rules.Class{"declared": rules.Declared, "historical": rules.Historical, "unknown": rules.Unknown}
	levels    = map[string]rules.Level{"none": rules.None, "note": rules.Note, "warning": rules.Warning, "error": rules.Error}
	kinds     = map[string]rules.Kind{"url": rules.URL, "host": rules.Host, "wildcard": rules.Wildcard, "ip": rules.IP}
	strengths = map[string]rules.Strength{"": 0, "host": rules.HostMatch, "path": rules.PathMatch, "url": rules.URLMatch, "ip": rules.IPMatch}
)

// Read reads one JSON report of shieldscan scan (schema 1) from r; name is the file it came
// from, for errors and as the repository's name when the report does not carry one. Every
// error is an *Error that wraps ErrInput.
func Read(r io.Reader, name string) (*Input, error) {
	fail := func(err error, format string, args ...any) (*Input, error) {
		return nil, &Error{Name: name, Reason: fmt.Sprintf(format, args...), Err: err}
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return fail(err, "reading: %v", err)
	}
	trimmed := bytes.TrimSpace(data)
	switch {
	case len(trimmed) == 0:
		return fail(nil, "empty file, want a JSON report of shieldscan scan --format json")
	case trimmed[0] != '{':
		if !json.Valid(trimmed) {
			return fail(nil, "not JSON, want a JSON report of shieldscan scan --format json")
		}
		return fail(nil, "not a shieldscan report: the JSON is not an object")
	}
	var rep jsonReport
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	if err := dec.Decode(&rep); err != nil {
		return fail(err, "%s", jsonProblem(err, trimmed))
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		return fail(nil, "invalid JSON: data after the report, which ends at byte %d", end)
	}
	switch {
	case rep.Runs != nil || strings.HasPrefix(rep.Version, "2.1"):
		return fail(nil, "a SARIF file: merge reads the JSON reports of shieldscan scan --format json")
	case rep.Schema == nil:
		return fail(nil, `not a shieldscan report: no "schema" field`)
	case rep.Kind == "merge":
		return fail(nil, "a merged view: merge reads the JSON reports of single scans")
	case rep.Kind != "":
		return fail(nil, "not a shieldscan scan report (kind %q)", report.Safe(rep.Kind))
	case *rep.Schema != report.SchemaVersion:
		return fail(nil, "report schema %d, this shieldscan reads schema %d", *rep.Schema, report.SchemaVersion)
	case rep.Tool == nil:
		return fail(nil, `not a shieldscan report: no "tool" field`)
	case rep.Tool.Name != "shieldscan":
		return fail(nil, "a report of %q, not of shieldscan", report.Safe(rep.Tool.Name))
	}
	in := &Input{
		Name: name, Repository: report.Safe(strings.TrimSpace(rep.Repository)), ToolVersion: report.Safe(rep.Tool.Version),
		Incomplete: report.Safe(rep.Incomplete), Files: max(rep.Stats.Files, 0),
	}
	switch m := report.Mode(rep.Mode); m {
	case report.ModeTree, report.ModeHistory, report.ModeChange:
		in.Mode = m
	case report.ModeAnalyze, report.ModeInventory:
		return fail(nil, "a report of shieldscan %s: merge combines the reports of shieldscan scan", m)
	default:
		return fail(nil, "unknown mode %q, want tree, history or change", report.Safe(rep.Mode))
	}
	if in.Repository == "" {
		base := path.Base(filepath.ToSlash(name))
		in.Repository = report.Safe(strings.TrimSuffix(base, path.Ext(base)))
	}
	for _, n := range rep.Notes {
		in.Notes = append(in.Notes, report.Safe(n))
	}
	listed := map[string]bool{}
	for i, jr := range rep.Resources {
		res := resource{raw: report.Safe(jr.Raw), canonical: report.Safe(jr.Canonical), ps: report.SafeObservation(jr.PageShield)}
		res.origin = rules.Origin{File: report.Safe(jr.Origin.File), Line: jr.Origin.Line, Refanged: jr.Origin.Refanged}
		var c check
		res.kind = pick(&c, kinds, jr.Kind, "kind")
		res.class = pick(&c, classes, jr.Class, "class")
		res.level = pick(&c, levels, jr.Level, "level")
		if c.err != nil {
			return fail(nil, "resource %d: %v", i+1, c.err)
		}
		if res.canonical == "" {
			return fail(nil, "resource %d: no canonical form", i+1)
		}
		if res.raw == "" {
			res.raw = res.canonical
		}
		in.resources = append(in.resources, res)
		listed[res.canonical] = true
	}
	for i, jf := range rep.Findings {
		f := finding{
			rule: rules.RuleID(report.Safe(jf.Rule)), path: jf.Path, line: jf.Line, column: jf.Column, endColumn: jf.EndColumn,
			match: report.Safe(jf.Match), snippet: report.Safe(jf.Snippet), context: rules.Context(report.Safe(jf.Context)),
			encoding: report.Safe(jf.Encoding), decoded: report.Safe(jf.Decoded), sink: report.Safe(jf.Sink), served: jf.Served,
			raw: report.Safe(jf.Resource), canonical: report.Safe(jf.Canonical),
		}
		if jf.PathBytes != nil {
			f.path = string(jf.PathBytes)
		}
		var c check
		f.class = pick(&c, classes, jf.Class, "classification")
		f.level = pick(&c, levels, jf.Level, "level")
		f.strength = pick(&c, strengths, jf.Strength, "strength")
		if c.err != nil {
			return fail(nil, "finding %d: %v", i+1, c.err)
		}
		if f.canonical == "" || f.path == "" {
			return fail(nil, "finding %d: no canonical resource or no path", i+1)
		}
		if !listed[f.canonical] {
			return fail(nil, "finding %d: its resource %q is not among the report's resources", i+1, f.canonical)
		}
		if _, known := rules.Lookup(f.rule); !known {
			return fail(nil, "finding %d: unknown rule %q", i+1, f.rule)
		}
		if f.raw == "" {
			f.raw = f.canonical
		}
		if s := jf.Suppressed; s != nil {
			f.suppressed = &report.Suppression{Kind: report.Safe(s.Kind), Reason: report.Safe(s.Reason), Where: report.Safe(s.Where)}
		}
		if h := jf.History; h != nil {
			f.history = &report.History{
				Path: h.Path, Commit: report.Safe(h.Commit), Author: report.Safe(h.Author), Date: h.Date.UTC(),
				Subject: report.Safe(h.Subject), AtHEAD: h.AtHEAD, RemovedIn: report.Safe(h.RemovedIn), RemovedDate: h.RemovedDate.UTC(),
			}
		}
		in.findings = append(in.findings, f)
	}
	for _, s := range rep.Skipped {
		if s.PathBytes != nil {
			s.Path = string(s.PathBytes)
		}
		in.skipped = append(in.skipped, report.Skip{Path: s.Path, ID: report.Safe(s.ID), Reason: report.SkipReason(report.Safe(string(s.Reason))), Detail: report.Safe(s.Detail)})
	}
	return in, nil
}

// check keeps the first problem that pick finds.
type check struct{ err error }

// pick is the value that m gives the name s; when m has no s, c keeps "unknown what s".
func pick[T any](c *check, m map[string]T, s, what string) T {
	v, ok := m[s]
	if !ok && c.err == nil {
		c.err = fmt.Errorf("unknown %s %q", what, report.Safe(s))
	}
	return v
}

// jsonProblem says what is wrong with a report that encoding/json refused, in one line.
func jsonProblem(err error, data []byte) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		line := 1 + bytes.Count(data[:min(int(syntax.Offset), len(data))], []byte("\n"))
		return fmt.Sprintf("invalid JSON at line %d: %s", line, strings.TrimPrefix(syntax.Error(), "json: "))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "invalid JSON: the file ends in the middle of the report (truncated?)"
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "the report"
		}
		return fmt.Sprintf("not a shieldscan report: %q holds a JSON %s, want %s", field, typ.Value, typ.Type)
	}
	return "not a shieldscan report: " + strings.TrimPrefix(report.Safe(err.Error()), "json: ")
}

// safeObservation copies o with every string made safe.

// ReadFiles reads the reports in the files named, in order. A file that is not a scan report
// gives an error that names it and says what to do; it wraps ErrInput.
func ReadFiles(names ...string) ([]*Input, error) {
	inputs := make([]*Input, 0, len(names))
	for _, name := range names {
		in, err := readFile(name)
		if errors.Is(err, ErrInput) {
			return nil, fmt.Errorf("%w (give merge the files of 'shieldscan scan --format json', or leave this one out)", err)
		} else if err != nil {
			return nil, err
		}
		inputs = append(inputs, in)
	}
	return inputs, nil
}

func readFile(name string) (*Input, error) {
	f, err := os.Open(name)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("reading report %q: %w", name, err)
	}
	defer f.Close()
	return Read(f, name)
}
