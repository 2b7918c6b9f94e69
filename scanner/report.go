package scanner

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shieldscan/shieldscan/rules"
)

// Mode is what a scan looked at.
type Mode string

// The modes.
const (
	ModeTree    Mode = "tree"    // the working tree
	ModeHistory Mode = "history" // every blob reachable from the refs
	ModeChange  Mode = "change"  // what a change adds (--since, --staged): absence says nothing
)

// Placeholder is the location of a finding that no file explains: an unknown resource named by a
// flag or an API. GitHub code scanning needs a file location on every result; OpenSSF Scorecard
// uses the same convention for repository-level findings.
const Placeholder = "no file associated with this alert"

// SchemaVersion is the version of the JSON report; it changes when a field changes meaning.
const SchemaVersion = 1

// Report is the outcome of one scan.
type Report struct {
	Schema    int              `json:"schema"`
	Mode      Mode             `json:"mode"`
	Resources []ResourceResult `json:"resources"`
	Findings  []Finding        `json:"findings"`
	Skipped   []Skipped        `json:"skipped"`
	Stats     Stats            `json:"stats"`
	// Notes are caveats that every output must carry (a shallow history, a budget hit).
	Notes []string `json:"notes,omitempty"`
}

// ResourceResult is the verdict on one resource.
type ResourceResult struct {
	*rules.Resource
	Class rules.Class `json:"class"`
	// Level is the highest level among the resource's findings.
	Level      rules.Level `json:"level"`
	References int         `json:"references"`
	Encoded    int         `json:"encoded"`
}

// Finding is one reported fact: a reference to a resource at a place, or an unknown resource.
type Finding struct {
	Rule     rules.RuleID    `json:"rule"`
	Level    rules.Level     `json:"level"`
	Resource *rules.Resource `json:"-"`
	Class    rules.Class     `json:"classification"`
	Path     string          `json:"path"`
	Line     int             `json:"line"`
	Column   int             `json:"column"`
	// EndColumn is one past the last character; columns count Unicode code points from 1.
	EndColumn int `json:"endColumn"`
	// Match is the matched text and Snippet its line (cut to 200 characters), both redacted.
	Match    string         `json:"match,omitempty"`
	Snippet  string         `json:"snippet,omitempty"`
	Strength rules.Strength `json:"strength,omitempty"`
	Context  rules.Context  `json:"context,omitempty"`
	// Encoding is "plain" or the decoder chain ("base64>reversed"); Decoded the decoded value.
	Encoding string `json:"encoding,omitempty"`
	Decoded  string `json:"decoded,omitempty"`
	// Served is set when the file itself is the first-party script that the resource names.
	Served bool `json:"served,omitempty"`
	// Suppressed says why a reviewed finding stays quiet: it is reported, but does not count
	// towards --fail-on.
	Suppressed *Suppression `json:"suppressed,omitempty"`
	// History says which commit brought the reference, for history scans.
	History     *Place `json:"history,omitempty"`
	Fingerprint string `json:"fingerprint"`
}

// Suppression is a reviewer's decision that a finding may stay quiet.
type Suppression struct {
	// Kind is "inline" (a shieldscan:ignore comment on the line) or "config" (an ignore entry).
	Kind string `json:"kind"`
	// Reason is the entry's reason; Where is the config file and line, or the finding's own line.
	Reason string `json:"reason,omitempty"`
	Where  string `json:"where"`
}

// Suppress marks the findings with fingerprint fp as suppressed and reports whether there was
// one. Resource levels are recomputed from the findings that still count.
func (r *Report) Suppress(fp string, s Suppression) bool {
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
	levels := map[*rules.Resource]rules.Level{}
	for _, f := range r.Findings {
		if f.Suppressed == nil {
			levels[f.Resource] = maxLevel(levels[f.Resource], f.Level)
		}
	}
	for i := range r.Resources {
		r.Resources[i].Level = levels[r.Resources[i].Resource]
	}
}

// Message is the finding's one-line explanation.
func (f *Finding) Message() string {
	r := f.Resource
	var b strings.Builder
	switch {
	case f.Served && r.Malicious():
		fmt.Fprintf(&b, "this file is served as %s, which Page Shield flags as malicious: a first-party script injected into our own file; compare the deployed file with this one", r.Canonical)
	case f.Served:
		fmt.Fprintf(&b, "this file is served as the first-party script %s", r.Canonical)
	case f.Rule == rules.UnknownResource:
		fmt.Fprintf(&b, "%s %s is not referenced anywhere in the scanned code", r.Kind, r.Canonical)
	case f.Rule == rules.EncodedReference:
		fmt.Fprintf(&b, "%s-encoded reference to %s (decodes to %q)", f.Encoding, r.Canonical, f.Decoded)
	case f.Rule == rules.HistoricalReference:
		fmt.Fprintf(&b, "reference to %s only in git history", r.Canonical)
	case f.Rule == rules.MaliciousReference:
		fmt.Fprintf(&b, "reference to %s, which Page Shield flags as malicious", r.Canonical)
	case f.Rule == rules.ChangedReference:
		fmt.Fprintf(&b, "the change adds a reference to %s", r.Canonical)
	case f.Rule == rules.ScriptHost:
		fmt.Fprintf(&b, "the script names %s", r.Canonical)
		if f.Encoding != "" && f.Encoding != "plain" {
			fmt.Fprintf(&b, " (%s)", f.Encoding)
		}
	case f.Rule == rules.StaleDeclared:
		fmt.Fprintf(&b, "%s is declared here and Page Shield has not seen it", r.Canonical)
	case f.Rule == rules.NewThirdParty:
		fmt.Fprintf(&b, "the change adds third-party host %s, which the baseline does not list", r.Canonical)
	case f.Rule == rules.ThirdPartyHost:
		fmt.Fprintf(&b, "third-party host %s", r.Canonical)
	default:
		fmt.Fprintf(&b, "reference to %s", r.Canonical)
	}
	if f.Strength != 0 {
		fmt.Fprintf(&b, " (%s match, %s)", f.Strength, f.Context)
	}
	if r.Parent != "" {
		fmt.Fprintf(&b, " (found in the alerted script %s)", r.Parent)
	}
	if h := f.History; h != nil && h.Commit == "" {
		// No commit: staged content, or a blob that only a tag of a tree or blob reaches.
		fmt.Fprintf(&b, " (%s)", h.Subject)
	} else if h != nil {
		fmt.Fprintf(&b, " (commit %s", short(h.Commit))
		if h.RemovedIn != "" {
			fmt.Fprintf(&b, ", removed in %s", short(h.RemovedIn))
		}
		b.WriteString(")")
	}
	return b.String()
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}

// String formats the finding compiler-style: path:line:col: level: rule: message.
func (f *Finding) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s: %s", f.Path, f.Line, f.Column, f.Level, f.Rule, f.Message())
}

// Skipped is one blob that was not scanned, and why.
type Skipped struct {
	Path   string     `json:"path"`
	ID     string     `json:"id,omitempty"`
	Reason SkipReason `json:"reason"`
	Detail string     `json:"detail,omitempty"`
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
	max := rules.None
	for _, f := range r.Findings {
		if f.Suppressed == nil {
			max = maxLevel(max, f.Level)
		}
	}
	return max
}

func maxLevel(a, b rules.Level) rules.Level {
	if b > a {
		return b
	}
	return a
}

// fingerprint derives a stable identity from what does not move when code around a finding
// changes: rule, resource, path, the matched text, and the occurrence's rank among identical
// ones. Never a line number or a commit SHA.
func fingerprint(f *Finding, occurrence int) string {
	h := sha256.New()
	for _, s := range []string{string(f.Rule), f.Resource.Canonical, f.Path, f.Match, f.Encoding, strconv.Itoa(occurrence)} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}
