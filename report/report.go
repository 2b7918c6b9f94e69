// Package report is shieldscan's one report model: what every command (scan, analyze,
// inventory) found, as findings that are built once by a Builder and made safe when they are
// built (credentials redacted, terminal controls escaped), so that a formatter can only format.
package report

import (
	"time"

	"github.com/shieldscan/shieldscan/rules"
)

// Mode is what a report looked at.
type Mode string

// The modes.
const (
	ModeTree      Mode = "tree"      // the working tree
	ModeHistory   Mode = "history"   // every blob reachable from the refs
	ModeChange    Mode = "change"    // what a change adds (--since, --staged): absence says nothing
	ModeAnalyze   Mode = "analyze"   // one script, read by analyze
	ModeInventory Mode = "inventory" // every third party of a tree (inventory)
)

// Placeholder is the location of a finding that no file explains: an unknown resource named by a
// flag or an API. GitHub code scanning needs a file location on every result; OpenSSF Scorecard
// uses the same convention for repository-level findings.
const Placeholder = "no file associated with this alert"

// SchemaVersion is the version of the JSON report; it changes when a field changes meaning.
const SchemaVersion = 1

// Report is the outcome of one command. Every string in it is safe to show.
type Report struct {
	Schema int `json:"schema"`
	// Tool is the program that wrote the report; the output layer sets it.
	Tool *Tool `json:"tool,omitempty"`
	// Repository names the scanned repository ("owner/name"), so that reports of many
	// repositories can be merged; "" when unknown.
	Repository string `json:"repository,omitempty"`
	Mode       Mode   `json:"mode"`
	// Notes are caveats that every output must carry (a shallow history, a budget hit).
	Notes []string `json:"notes,omitempty"`
	// Incomplete says why the scan could not do its job (an object that could not be read): the
	// report is still written, every format says so, and the exit code is 2.
	Incomplete string     `json:"incomplete,omitempty"`
	Resources  []Resource `json:"resources"`
	Findings   []Finding  `json:"findings"`
	Skipped    []Skip     `json:"skipped"`
	Stats      Stats      `json:"stats"`
	// Analysis and Inventory are what analyze and inventory add to their findings.
	Analysis  *Analysis  `json:"analysis,omitempty"`
	Inventory *Inventory `json:"inventory,omitempty"`

	// spilled, when set, holds the findings on disk (a Stream's report); Findings is then nil.
	spilled *spilled
}

// Tool names the program that wrote a report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Resource is the verdict on one resource, with the resource as reports show it.
type Resource struct {
	// Raw is the resource as the user gave it, and Canonical its canonical form; both redacted.
	Raw       string       `json:"resource"`
	Canonical string       `json:"canonical"`
	Kind      rules.Kind   `json:"kind"`
	Origin    rules.Origin `json:"origin"`
	// PageShield is Cloudflare's observation, its page URLs redacted.
	PageShield *rules.Observation `json:"pageshield,omitempty"`
	// Parent is the alerted script the resource was found in (scan --expand), redacted.
	Parent     string `json:"parent,omitempty"`
	FirstParty bool   `json:"firstParty,omitempty"`
	// Host is the resource's host or address (no credential can sit there).
	Host  string      `json:"-"`
	Class rules.Class `json:"class"`
	// Level is the highest level among the resource's findings that count.
	Level      rules.Level `json:"level"`
	References int         `json:"references"`
	Encoded    int         `json:"encoded"`
	// Intel is threat intelligence's verdict on the resource's host, and Compromise the
	// playbook's verdict on an alerted resource (--investigate; report/intel.go).
	Intel      *Intel      `json:"intel,omitempty"`
	Compromise *Compromise `json:"compromise,omitempty"`
}

// Malicious reports whether Page Shield called the resource malicious.
func (r *Resource) Malicious() bool { return r.PageShield != nil && r.PageShield.Malicious }

// Finding is one reported fact: a reference to a resource at a place, or an unknown resource.
// Only a Builder makes them; every display string is redacted and escaped.
type Finding struct {
	Rule  rules.RuleID `json:"rule"`
	Level rules.Level  `json:"level"`
	Class rules.Class  `json:"classification"`
	// Path is the exact slash path from the repository's top (formats that show it to people use
	// DisplayPath); Placeholder when no file explains the finding.
	Path string `json:"path"`
	// PathBytes holds the path's exact bytes when they are not valid UTF-8 (JSON would replace
	// them); nil otherwise.
	PathBytes []byte `json:"pathBytes,omitempty"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	// EndColumn is one past the last character; columns count Unicode code points from 1.
	EndColumn int `json:"endColumn"`
	// Match is the matched text and Snippet its line (cut to 200 characters).
	Match    string         `json:"match,omitempty"`
	Snippet  string         `json:"snippet,omitempty"`
	Strength rules.Strength `json:"strength,omitempty"`
	Context  rules.Context  `json:"context,omitempty"`
	// Encoding is "plain" or the decoder chain ("base64>reversed"); Decoded the decoded value.
	Encoding string `json:"encoding,omitempty"`
	Decoded  string `json:"decoded,omitempty"`
	// Sink, on an emulated reference, is where the emulated script used the value (script.src,
	// XMLHttpRequest.open, fetch, …).
	Sink string `json:"sink,omitempty"`
	// Served is set when the file itself is the first-party script that the resource names.
	Served bool `json:"served,omitempty"`
	// Suppressed says why a reviewed finding stays quiet: it is reported, but does not count
	// towards --fail-on.
	Suppressed *Suppression `json:"suppressed,omitempty"`
	// History says which commit brought the reference, for history scans.
	History     *History `json:"history,omitempty"`
	Fingerprint string   `json:"fingerprint"`
	// Resource and Canonical repeat the resource's (redacted) forms; Message is the one-line
	// explanation.
	Resource  string `json:"resource"`
	Canonical string `json:"canonical"`
	Message   string `json:"message"`

	// res indexes Report.Resources; displayPath is Path escaped for terminals; lineHash is the
	// identity behind SARIF's primaryLocationLineHash.
	res         int
	displayPath string
	lineHash    string
}

// DisplayPath is the path as people read it: control characters escaped.
func (f *Finding) DisplayPath() string { return f.displayPath }

// LineHash is the finding's stable identity for SARIF's primaryLocationLineHash (rule, resource,
// path, match, encoding; never a line number or SHA), without the occurrence suffix.
func (f *Finding) LineHash() string { return f.lineHash }

// ResourceIndex is the index of the finding's resource in Report.Resources.
func (f *Finding) ResourceIndex() int { return f.res }

// String formats the finding compiler-style: path:line:col: level: rule: message.
func (f *Finding) String() string {
	return f.displayPath + ":" + itoa(f.Line) + ":" + itoa(f.Column) + ": " + f.Level.String() + ": " + string(f.Rule) + ": " + f.Message
}

// History is the commit that brought a reference.
type History struct {
	Path string `json:"path"`
	// Commit is the full SHA of the earliest commit that introduced the reference at Path.
	Commit  string    `json:"commit"`
	Author  string    `json:"author"`
	Date    time.Time `json:"date"`
	Subject string    `json:"subject"`
	// AtHEAD is true when HEAD still holds the reference at Path.
	AtHEAD bool `json:"atHEAD"`
	// RemovedIn is the commit that removed it, when it is gone.
	RemovedIn string `json:"removedIn,omitempty"`
	// RemovedDate is the committer date of RemovedIn.
	RemovedDate time.Time `json:"removedDate,omitzero"`
}

// Suppression is a reviewer's decision that a finding may stay quiet.
type Suppression struct {
	// Kind is "inline" (a shieldscan:ignore comment on the line) or "config" (an ignore entry).
	Kind string `json:"kind"`
	// Reason is the entry's reason; Where is the config file and line, or the finding's own line.
	Reason string `json:"reason,omitempty"`
	Where  string `json:"where"`
}

// SkipReason says why a blob was not scanned, or only partly (CONTRACT.md lists them).
type SkipReason string

// Skip is one blob that was not scanned, or only partly, and why.
type Skip struct {
	Path string `json:"path"`
	// PathBytes holds the path's exact bytes when they are not valid UTF-8.
	PathBytes []byte     `json:"pathBytes,omitempty"`
	ID        string     `json:"id,omitempty"`
	Reason    SkipReason `json:"reason"`
	Detail    string     `json:"detail,omitempty"`
}

// Stats counts what a scan did.
type Stats struct {
	// Resources is how many resources were looked for (in change mode, Report.Resources lists
	// only those the change mentions).
	Resources int           `json:"resources"`
	Files     int           `json:"files"`
	Skipped   int           `json:"skipped"`
	Bytes     int64         `json:"bytes"`
	Duration  time.Duration `json:"-"`
}

// ResourceOf is the resource of finding f.
func (r *Report) ResourceOf(f *Finding) *Resource { return &r.Resources[f.res] }

// Count returns how many resources have each class.
func (r *Report) Count(c rules.Class) int {
	n := 0
	for _, res := range r.Resources {
		if res.Class == c {
			n++
		}
	}
	return n
}

// MaxLevel is the highest level of any finding that is not suppressed.
func (r *Report) MaxLevel() rules.Level {
	if r.spilled != nil {
		return r.spilled.top
	}
	top := rules.None
	for _, f := range r.Findings {
		if f.Suppressed == nil {
			top = max(top, f.Level)
		}
	}
	return top
}

// Fails reports whether a finding that counts is at or above failOn (rules.None: never).
func (r *Report) Fails(failOn rules.Level) bool {
	return failOn != rules.None && r.MaxLevel() >= failOn
}

// Streamed reports whether the findings are on disk (a Stream's report that outgrew memory):
// then Findings is nil, and EachFinding reads them.
func (r *Report) Streamed() bool { return r.spilled != nil }

// NumFindings is the number of findings.
func (r *Report) NumFindings() int {
	if r.spilled != nil {
		return r.spilled.n
	}
	return len(r.Findings)
}

// EachFinding calls fn with every finding in the report's order, from memory or from disk,
// and stops at the first error. fn must not keep f: it may be reused.
func (r *Report) EachFinding(fn func(f *Finding) error) error {
	if r.spilled != nil {
		return r.spilled.each(fn)
	}
	for i := range r.Findings {
		if err := fn(&r.Findings[i]); err != nil {
			return err
		}
	}
	return nil
}

// EachFindingOf calls fn with the findings of resource order[0] (an index in Resources), then
// those of order[1]…, each resource's in the report's order; the findings of resources that
// order leaves out are not visited. Memory does not grow with the findings of a streamed
// report: they are sorted on disk.
func (r *Report) EachFindingOf(order []int, fn func(f *Finding) error) error {
	if r.spilled != nil {
		return r.spilled.grouped(r.Resources, order, fn)
	}
	byRes := map[int][]int{}
	for i := range r.Findings {
		byRes[r.Findings[i].res] = append(byRes[r.Findings[i].res], i)
	}
	for _, res := range order {
		for _, i := range byRes[res] {
			if err := fn(&r.Findings[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

// Close releases what a streamed report holds on disk; the findings are gone after. It does
// nothing to a report in memory.
func (r *Report) Close() error {
	if r.spilled == nil {
		return nil
	}
	err := r.spilled.spill.close()
	r.spilled = nil
	return err
}

// Suppress marks the findings with fingerprint fp as suppressed and reports whether there was
// one. Resource levels are recomputed from the findings that still count. A streamed report's
// findings are on disk: it takes its suppressions in StreamOptions.Ignore, and Suppress
// reports false.
func (r *Report) Suppress(fp string, s Suppression) bool {
	s = Suppression{Kind: s.Kind, Reason: Safe(s.Reason), Where: Safe(s.Where)}
	found := false
	for i := range r.Findings {
		if f := &r.Findings[i]; f.Fingerprint == fp && f.Suppressed == nil {
			f.Suppressed = &s
			found = true
		}
	}
	if found {
		r.relevel()
	}
	return found
}

// relevel sets each resource's level to the highest of its findings that count.
func (r *Report) relevel() {
	for i := range r.Resources {
		r.Resources[i].Level = rules.None
	}
	for _, f := range r.Findings {
		if rr := &r.Resources[f.res]; f.Suppressed == nil {
			rr.Level = max(rr.Level, f.Level)
		}
	}
}

// AddNote adds a caveat that every output carries, made safe.
func (r *Report) AddNote(n string) { r.Notes = append(r.Notes, Safe(n)) }

// PrependNotes puts notes, made safe, before the report's own (a run's caveats first).
func (r *Report) PrependNotes(notes []string) {
	safe := make([]string, 0, len(notes)+len(r.Notes))
	for _, n := range notes {
		safe = append(safe, Safe(n))
	}
	r.Notes = append(safe, r.Notes...)
}

// MarkIncomplete records why the report is incomplete (the first reason wins).
func (r *Report) MarkIncomplete(why string) {
	if r.Incomplete == "" {
		r.Incomplete = Safe(why)
	}
}

// String is the skip as people read it: "path: reason (detail)", the path escaped.
func (s Skip) String() string {
	out := Escape(s.Path) + ": " + string(s.Reason)
	if s.Detail != "" {
		out += " (" + s.Detail + ")"
	}
	return out
}
