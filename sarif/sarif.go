// Package sarif writes a scan report as one SARIF 2.1.0 run for GitHub code scanning.
//
// The output is a contract: it is deterministic (no timestamps, results in the report's order,
// map keys sorted), every URI is a repo-relative slash path under %SRCROOT%, every result has a
// file location, and every rule of rules.Catalog is registered before the first result. An
// unknown resource that no file in the repository names sits at report.Placeholder, line 1,
// the convention OpenSSF Scorecard uses for repository-level findings: GitHub rejects a whole
// upload for one result without a file location.
package sarif

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	gosarif "github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
)

// Options describe the run.
type Options struct {
	// ToolVersion is written as the driver's version ("test" in golden files).
	ToolVersion string
	// Category is runAutomationDetails.id (default "shieldscan/").
	Category string
}

const (
	// toolName is the driver's name: GitHub keys alerts on tool name, category and rule id.
	toolName = "shieldscan"
	// informationURI is the project's home.
	informationURI = "https://github.com/shieldscan/shieldscan"
	// srcRoot is the uriBaseId of every location: the root of the scanned repository.
	srcRoot = "%SRCROOT%"
	// FingerprintKey is the partialFingerprints key that carries Finding.Fingerprint.
	FingerprintKey = "shieldscan/v1"
	// lineHashKey is the only fingerprint key GitHub reads.
	lineHashKey = "primaryLocationLineHash"
	// DefaultCategory is used when Options.Category is empty.
	DefaultCategory = "shieldscan/"
)

// Write writes rep as SARIF to w: one run, every rule of rules.Catalog, one result per finding in
// the report's order. It ends with a newline; the same report always gives the same bytes.
func Write(w io.Writer, rep *report.Report, opts Options) error {
	log, err := build(rep, opts)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // snippets are HTML: keep "<script" readable
	if err := enc.Encode(log); err != nil {
		return fmt.Errorf("encoding SARIF: %w", err)
	}
	return nil
}

func build(rep *report.Report, opts Options) (*gosarif.Report, error) {
	log, err := gosarif.New(gosarif.Version210)
	if err != nil {
		return nil, err
	}
	version := opts.ToolVersion
	if version == "" {
		version = "devel"
	}
	category := opts.Category
	if category == "" {
		category = DefaultCategory
	}
	driver := gosarif.NewVersionedDriver(toolName, version).WithInformationURI(informationURI)
	run := gosarif.NewRun(*gosarif.NewTool(driver))
	run.WithColumnKind("unicodeCodePoints")
	run.WithAutomationDetails(gosarif.NewRunAutomationDetails().WithID(category))

	// Every rule first: a result created before its rule gets a wrapped-around ruleIndex.
	index := map[rules.RuleID]int{}
	for i, r := range rules.Catalog() {
		driver.AddRule(descriptor(r))
		index[r.ID] = i
	}

	inv := gosarif.NewInvocation().WithExecutionSuccess(rep.Incomplete == "")
	notify := func(level, text string) {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications,
			&gosarif.Notification{Level: level, Message: gosarif.NewTextMessage(sentence(clean(text)))})
	}
	if rep.Incomplete != "" {
		notify("error", "incomplete scan: "+rep.Incomplete)
	}
	if a := rep.Analysis; a != nil {
		notify("warning", fmt.Sprintf("obfuscation score %d/100 (%s)", a.Score, a.Verdict))
		for _, in := range a.Indicators {
			notify("warning", fmt.Sprintf("%s (+%d) at line %d: %s", in.Kind, in.Weight, in.Line, in.Evidence))
		}
	}
	for _, n := range rep.Notes {
		notify("warning", n)
	}
	// Binary files are only counted, as in the text report; every other skip is listed.
	for _, sk := range rep.Skipped {
		if sk.Reason != "binary" {
			notify("note", "skipped "+sk.String())
		}
	}
	run.Invocations = []*gosarif.Invocation{inv}
	if rep.Mode != "" {
		run.AttachPropertyBag(bag(gosarif.Properties{"mode": string(rep.Mode)}))
	}

	occurrences := map[string]int{}
	for i := range rep.Findings {
		f := &rep.Findings[i]
		idx, ok := index[f.Rule]
		if !ok {
			return nil, fmt.Errorf("finding %d: rule %q is not in the catalog", i, f.Rule)
		}
		if f.ResourceIndex() >= len(rep.Resources) {
			return nil, fmt.Errorf("finding %d (%s): no resource", i, f.Rule)
		}
		res, err := result(f, rep.ResourceOf(f), idx, occurrences)
		if err != nil {
			return nil, fmt.Errorf("finding %d (%s): %w", i, f.Rule, err)
		}
		run.AddResult(res)
	}
	log.AddRun(run)
	return log, nil
}

// descriptor turns a catalog rule into a reportingDescriptor with every field GitHub shows.
func descriptor(r rules.Rule) *gosarif.ReportingDescriptor {
	d := gosarif.NewRule(string(r.ID)).
		WithName(r.Name).
		WithShortDescription(gosarif.NewMultiformatMessageString(r.Short)).
		WithFullDescription(gosarif.NewMultiformatMessageString(r.Full)).
		WithHelp(gosarif.NewMultiformatMessageString(r.HelpText).WithMarkdown(r.HelpMarkdown)).
		WithDefaultConfiguration(gosarif.NewReportingConfiguration().WithLevel(r.Level.String()))
	tags := append([]string(nil), r.Tags...)
	// WithProperties, not the embedded PropertyBag: go-sarif drops the latter on rules.
	d.WithProperties(gosarif.Properties{
		"tags":              tags,
		"precision":         r.Precision,
		"security-severity": r.SecuritySeverity,
	})
	return d
}

// result turns one finding into a result with its location, properties and fingerprints.
// occurrences counts the findings already written per primaryLocationLineHash key.
func result(f *report.Finding, r *report.Resource, ruleIndex int, occurrences map[string]int) (*gosarif.Result, error) {
	if f.Path == "" {
		return nil, fmt.Errorf("no path: every result needs a file location")
	}
	line, col, end := max(f.Line, 1), max(f.Column, 1), f.EndColumn
	if end <= col {
		end = col + 1
	}
	region := gosarif.NewRegion().WithStartLine(line).WithStartColumn(col).WithEndColumn(end)
	if f.Snippet != "" {
		region.WithSnippet(gosarif.NewArtifactContent().WithText(clean(f.Snippet)))
	}
	loc := gosarif.NewLocationWithPhysicalLocation(gosarif.NewPhysicalLocation().
		WithArtifactLocation(gosarif.NewSimpleArtifactLocation(URI(f.Path)).WithUriBaseId(srcRoot)).
		WithRegion(region))

	res := gosarif.NewRuleResult(string(f.Rule)).
		WithRuleIndex(ruleIndex).
		WithLevel(f.Level.String()).
		WithMessage(gosarif.NewTextMessage(sentence(clean(f.Message)))).
		WithLocations([]*gosarif.Location{loc})

	fp := map[string]any{FingerprintKey: f.Fingerprint}
	if f.Path == report.Placeholder || (f.History != nil && !f.History.AtHEAD) {
		// upload-sarif hashes the line in the checkout; it cannot for a file that is not there.
		key := f.LineHash()
		occurrences[key]++
		fp[lineHashKey] = key + ":" + strconv.Itoa(occurrences[key])
	}
	res.WithPartialFingerPrints(fp)
	res.AttachPropertyBag(bag(properties(f, r)))
	if sup := f.Suppressed; sup != nil {
		// go-sarif writes unset suppression fields as null, which the schema rejects: set all four.
		kind, why := "inSource", "shieldscan:ignore comment at "+sup.Where
		if sup.Kind != "inline" {
			kind, why = "external", sup.Reason+" ("+sup.Where+")"
		}
		res.AddSuppression(gosarif.NewSuppression(kind).
			WithStatus("accepted").
			WithGuid(guid(f.Fingerprint)).
			WithJustifcation(clean(why)).
			WithLocation(loc))
	}
	return res, nil
}

// guid derives a stable name-based UUID (version 5 layout, SHA-256 bits) from a fingerprint.
func guid(fp string) string {
	sum := sha256.Sum256([]byte(fp))
	sum[6] = sum[6]&0x0f | 0x50 // version 5
	sum[8] = sum[8]&0x3f | 0x80 // RFC 4122 variant
	h := hex.EncodeToString(sum[:16])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// properties are the result properties of the contract (CONTRACT.md), plus Page Shield's view.
func properties(f *report.Finding, r *report.Resource) gosarif.Properties {
	p := gosarif.Properties{
		"resource":       clean(r.Raw),
		"canonical":      clean(r.Canonical),
		"classification": f.Class.String(),
		"encoding":       encoding(f),
		"context":        contextOf(f),
	}
	if f.Strength != 0 {
		p["strength"] = f.Strength.String()
	}
	if f.Sink != "" {
		p["sink"] = clean(f.Sink)
	}
	if f.Decoded != "" && f.Encoding != "" && f.Encoding != "plain" {
		p["decoded"] = clean(f.Decoded)
	}
	if h := f.History; h != nil {
		p["commit"] = h.Commit
		p["author"] = clean(h.Author)
		if !h.Date.IsZero() {
			p["date"] = h.Date.UTC().Format(time.RFC3339)
		}
		if h.RemovedIn != "" {
			p["removedIn"] = h.RemovedIn
		}
	}
	if ps := r.PageShield; ps != nil {
		p["malicious"] = ps.Malicious
		put := func(k, v string) {
			if v != "" {
				p["pageshield."+k] = clean(v)
			}
		}
		list := func(k string, vs []string) {
			if len(vs) > 0 {
				out := make([]string, len(vs))
				for i, v := range vs {
					out[i] = clean(v)
				}
				p["pageshield."+k] = out
			}
		}
		put("kind", ps.Kind)
		put("id", ps.ID)
		put("siteHost", ps.SiteHost)
		put("status", ps.Status)
		put("firstSeen", ps.FirstSeen)
		put("lastSeen", ps.LastSeen)
		list("categories", ps.Categories)
		list("reasons", ps.Reasons)
		list("pageURLs", ps.PageURLs)
		if len(ps.Scores) > 0 {
			scores := make(map[string]int, len(ps.Scores))
			for k, v := range ps.Scores {
				scores[clean(k)] = v
			}
			p["pageshield.scores"] = scores // encoding/json sorts map keys
		}
	}
	return p
}

// encoding is the finding's encoding chain; an unknown resource has no reference, so "plain".
func encoding(f *report.Finding) string {
	if f.Encoding == "" {
		return "plain"
	}
	return f.Encoding
}

// contextOf is the finding's context; a finding without one (an unknown resource anchored at a
// resources file, or at the placeholder) is "other".
func contextOf(f *report.Finding) string {
	if f.Context == "" {
		return string(rules.CtxOther)
	}
	return string(f.Context)
}

// URI turns a repo-relative slash path into a relative URI reference: every byte outside the
// unreserved set and "/" is percent-encoded, so spaces, ":" (which would read as a scheme),
// "#", "?", non-ASCII and even invalid UTF-8 survive and decode back to the path.
func URI(path string) string {
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		c := path[i]
		if c == '/' || c == '-' || c == '.' || c == '_' || c == '~' ||
			'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// clean makes s valid UTF-8 without control characters other than tab, so that JSON readers
// and GitHub's UI show what encoding/json would otherwise escape or silently replace.
func clean(s string) string {
	if utf8.ValidString(s) && strings.IndexFunc(s, isControl) < 0 {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

func isControl(r rune) bool { return r != '\t' && unicode.IsControl(r) }

// sentence gives s a capital first letter (when its first word is a plain lowercase word; "url"
// and "ip" become "URL" and "IP") and a final period: the first sentence of a result's message
// is GitHub's alert title, and SARIF asks for messages that end with a period.
func sentence(s string) string {
	if s == "" {
		return s
	}
	word, rest, _ := strings.Cut(s, " ")
	switch {
	case word == "url" || word == "ip":
		s = strings.ToUpper(word) + " " + rest
	case strings.IndexFunc(word, func(r rune) bool { return !unicode.IsLower(r) }) < 0:
		r, n := utf8.DecodeRuneInString(s)
		s = string(unicode.ToUpper(r)) + s[n:]
	}
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

func bag(p gosarif.Properties) *gosarif.PropertyBag {
	b := gosarif.NewPropertyBag()
	for k, v := range p {
		b.Add(k, v)
	}
	return b
}
