// Package sarif writes a scan report as one SARIF 2.1.0 run for GitHub code scanning.
//
// The output is a contract: it is deterministic (no timestamps, results in the report's order,
// map keys sorted), every URI is a repo-relative slash path under %SRCROOT%, every result has a
// file location, and every rule of rules.Catalog is registered before the first result. An
// unknown resource that no file in the repository names sits at report.Placeholder, line 1,
// the convention OpenSSF Scorecard uses for repository-level findings: GitHub rejects a whole
// upload for one result without a file location.
//
// The output stays within GitHub's upload limits (MaxResults, MaxGzipBytes, MaxTags,
// MaxLocations, one run per file): when a report has more results than a file can take, Write
// keeps the most severe and says what it left out, in the run and in a Cut for the caller.
package sarif

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"container/heap"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
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
	// ToolVersion is the build's version ("v0.1.0", a Go pseudo-version, "devel"; "test" in
	// golden files). The driver's version is it without the leading "v", and its semanticVersion
	// is that when it is a SemVer 2.0.0 version.
	ToolVersion string
	// Category is runAutomationDetails.id (default "shieldscan/").
	Category string
	// Cut, when not nil, receives what Write left out to stay within GitHub's limits.
	Cut *Cut

	// maxGzip overrides MaxGzipBytes, for tests.
	maxGzip int
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

// GitHub code scanning's hard limits on an upload ("SARIF results exceed limit" and "SARIF file
// is too large" in GitHub's code scanning docs). Past one, GitHub rejects the whole file.
// Write holds them all: one run per file, one location per result and at most six rules by
// construction; results and size by leaving out the least severe results (see Cut); tags by
// keeping a rule's first MaxTags.
const (
	// MaxResults is the most results GitHub takes in one run.
	MaxResults = 25000
	// MaxGzipBytes is the gzip-compressed size Write keeps a file under. GitHub takes "10 MB"
	// (read as 10,000,000 bytes); upload-sarif adds a primaryLocationLineHash to every result
	// without one before it compresses the file (about 14 bytes compressed each, 350 KB at
	// 25,000 results), and its zlib may compress a little differently from compress/gzip:
	// 500,000 bytes are kept free for both.
	MaxGzipBytes = 9_500_000
	// MaxTags is the most tags GitHub takes on one rule.
	MaxTags = 20
	// MaxLocations is the most locations GitHub takes on one result; Write writes one.
	MaxLocations = 1000
)

// Cut is what Write left out of a report's SARIF to stay within GitHub's limits. The report and
// its other formats keep every finding: the exit code and the JSON report are not affected.
type Cut struct {
	// Results is the number of results the report holds (one per finding), Kept the number the
	// SARIF file holds.
	Results, Kept int
	// Errors, Warnings and Notes count the results left out by level (None counts those with no
	// level); the least severe go first, and within a level the last in the report's order.
	Errors, Warnings, Notes, None int
	// Limits name the limits that made the cut, in the order they applied.
	Limits []string
}

// Dropped is the number of results left out.
func (c Cut) Dropped() int { return c.Results - c.Kept }

// String is the sentence that says the cut, the same in the SARIF run's notifications, the text
// summary and the job summary; it is empty when nothing was left out. For example:
//
//	SARIF output holds 25000 of 30000 results (GitHub takes at most 25000 results per run): 5000 notes were left out, the least severe; the JSON report holds them all.
func (c Cut) String() string {
	if c.Dropped() <= 0 {
		return ""
	}
	var by []string
	for _, l := range []struct {
		n          int
		one, other string
	}{{c.Errors, "error", "errors"}, {c.Warnings, "warning", "warnings"}, {c.Notes, "note", "notes"}, {c.None, "result without a level", "results without a level"}} {
		switch {
		case l.n == 1:
			by = append(by, "1 "+l.one)
		case l.n > 1:
			by = append(by, strconv.Itoa(l.n)+" "+l.other)
		}
	}
	verb := "were"
	if c.Dropped() == 1 {
		verb = "was"
	}
	return fmt.Sprintf("SARIF output holds %d of %d results (%s): %s %s left out, the least severe; the JSON report holds them all.",
		c.Kept, c.Results, strings.Join(c.Limits, "; "), strings.Join(by, ", "), verb)
}

// Write writes rep as SARIF to w: one run, every rule of rules.Catalog, one result per finding in
// the report's order. It ends with a newline; the same report always gives the same bytes.
//
// When the report has more results than GitHub takes (MaxResults, MaxGzipBytes), Write keeps the
// most severe (error, then warning, then note; within a level the report's order), says the cut
// in a warning of invocations[0].toolExecutionNotifications and in opts.Cut.
func Write(w io.Writer, rep *report.Report, opts Options) error {
	data, cut, err := encode(rep, opts)
	if err != nil {
		return err
	}
	if opts.Cut != nil {
		*opts.Cut = cut
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("writing SARIF: %w", err)
	}
	return nil
}

// Limit reports what Write would leave out of rep's SARIF, without writing it: it does the same
// work, so a caller that writes the SARIF anyway should read Options.Cut instead.
func Limit(rep *report.Report, opts Options) (Cut, error) {
	_, cut, err := encode(rep, opts)
	return cut, err
}

// ErrTooLarge is returned when the SARIF file is over MaxGzipBytes even without results.
var ErrTooLarge = errors.New("SARIF file too large for GitHub even without results")

// encode builds the log, keeping the most severe results within GitHub's limits, and encodes it.
func encode(rep *report.Report, opts Options) ([]byte, Cut, error) {
	top, err := collect(rep)
	if err != nil {
		return nil, Cut{}, err
	}
	// rank: the order in which results are kept, most severe first, the report's order within
	// a level.
	rank := make([]int, len(top.results))
	for i := range rank {
		rank[i] = i
	}
	slices.SortStableFunc(rank, func(a, b int) int { return cmp.Compare(top.levels[b], top.levels[a]) })
	maxGzip := opts.maxGzip
	if maxGzip <= 0 {
		maxGzip = MaxGzipBytes
	}

	cut := Cut{Results: top.total, Kept: len(top.results)}
	if cut.Kept < cut.Results {
		cut.Limits = append(cut.Limits, fmt.Sprintf("GitHub takes at most %d results per run", MaxResults))
	}
	sizeLimit := fmt.Sprintf("GitHub takes at most %d bytes of gzip-compressed SARIF", maxGzip)
	base := -1 // the gzip-compressed size without results, measured when needed
	for {
		data, err := encodeCut(rep, opts, top, rank, &cut)
		if err != nil {
			return nil, Cut{}, err
		}
		// Most files fit even uncompressed (plus the most deflate and the gzip frame can add):
		// they need no compression to tell.
		if len(data)+len(data)/1000+64 <= maxGzip {
			return data, cut, nil
		}
		size := gzipSize(data)
		if size <= maxGzip {
			return data, cut, nil
		}
		if cut.Kept == 0 {
			return nil, Cut{}, fmt.Errorf("%w: %d bytes gzip-compressed, limit %d", ErrTooLarge, size, maxGzip)
		}
		if !slices.Contains(cut.Limits, sizeLimit) {
			cut.Limits = append(cut.Limits, sizeLimit)
		}
		if base < 0 {
			kept := cut.Kept
			cut.Kept = 0
			empty, err := encodeCut(rep, opts, top, rank, &cut)
			if err != nil {
				return nil, Cut{}, err
			}
			base = gzipSize(empty)
			cut.Kept = kept
		}
		// Size grows about linearly with the results kept: keep what the line through (0, base)
		// and (Kept, size) allows, with a 1% margin, and one fewer at least.
		next := 0
		if base < maxGzip && size > base {
			next = int(float64(cut.Kept) * float64(maxGzip-base) / float64(size-base) * 0.99)
		}
		cut.Kept = max(0, min(next, cut.Kept-1))
	}
}

// encodeCut encodes the log with the first cut.Kept results of rank (written in the report's
// order) and sets cut's counts of what is left out.
func encodeCut(rep *report.Report, opts Options, top *topResults, rank []int, cut *Cut) ([]byte, error) {
	cut.Errors, cut.Warnings, cut.Notes, cut.None = top.dropped[rules.Error], top.dropped[rules.Warning], top.dropped[rules.Note], top.dropped[rules.None]
	keep := make([]bool, len(top.results))
	for _, i := range rank[:cut.Kept] {
		keep[i] = true
	}
	for _, i := range rank[cut.Kept:] {
		switch top.levels[i] {
		case rules.Error:
			cut.Errors++
		case rules.Warning:
			cut.Warnings++
		case rules.Note:
			cut.Notes++
		default:
			cut.None++
		}
	}
	kept := make([]*gosarif.Result, 0, cut.Kept)
	for i, res := range top.results {
		if keep[i] {
			kept = append(kept, res)
		}
	}
	log, err := build(rep, opts, kept, cut)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // snippets are HTML: keep "<script" readable
	if err := enc.Encode(log); err != nil {
		return nil, fmt.Errorf("encoding SARIF: %w", err)
	}
	return buf.Bytes(), nil
}

// gzipSize is the size of data gzip-compressed at the default level.
func gzipSize(data []byte) int {
	var n countWriter
	zw := gzip.NewWriter(&n)
	zw.Write(data) // a countWriter never fails
	zw.Close()
	return int(n)
}

type countWriter int

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}

// topResults are the MaxResults most severe results of a report (the report's order within a
// level), in the report's order, with their levels; dropped counts by level the results left
// out to keep to MaxResults, and total is the number of findings.
type topResults struct {
	results []*gosarif.Result
	levels  []rules.Level
	dropped map[rules.Level]int
	total   int
}

// collect turns the findings into results in one pass, keeping only the MaxResults most
// severe in a bounded heap, so that a report with a million findings on disk is never held in
// memory. Fingerprint occurrences count over all findings, so a result's fingerprints do not
// depend on what a cut leaves out.
func collect(rep *report.Report) (*topResults, error) {
	index := map[rules.RuleID]int{}
	for i, r := range rules.Catalog() {
		index[r.ID] = i
	}
	occurrences := map[string]int{}
	h := &keptHeap{}
	dropped := map[rules.Level]int{}
	i := -1
	err := rep.EachFinding(func(f *report.Finding) error {
		i++
		idx, ok := index[f.Rule]
		if !ok {
			return fmt.Errorf("finding %d: rule %q is not in the catalog", i, f.Rule)
		}
		if f.ResourceIndex() >= len(rep.Resources) {
			return fmt.Errorf("finding %d (%s): no resource", i, f.Rule)
		}
		if f.Path == "" {
			return fmt.Errorf("finding %d (%s): no path: every result needs a file location", i, f.Rule)
		}
		occurrence := 0
		if f.Path == report.Placeholder || (f.History != nil && !f.History.AtHEAD) {
			key := f.LineHash()
			occurrences[key]++
			occurrence = occurrences[key]
		}
		if len(h.kept) == MaxResults {
			// A later finding beats the least severe kept one only by a higher level.
			if f.Level <= h.kept[0].level {
				dropped[f.Level]++
				return nil
			}
			dropped[h.kept[0].level]++
			heap.Pop(h)
		}
		res, err := result(f, rep.ResourceOf(f), idx, occurrence)
		if err != nil {
			return fmt.Errorf("finding %d (%s): %w", i, f.Rule, err)
		}
		heap.Push(h, kept{i: i, level: f.Level, result: res})
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(h.kept, func(a, b kept) int { return cmp.Compare(a.i, b.i) })
	top := &topResults{dropped: dropped, total: i + 1}
	for _, k := range h.kept {
		top.results = append(top.results, k.result)
		top.levels = append(top.levels, k.level)
	}
	return top, nil
}

// kept is a result in the heap of the most severe, at index i of the report.
type kept struct {
	i      int
	level  rules.Level
	result *gosarif.Result
}

// keptHeap has the least severe kept result on top: the lowest level, the last in the report.
type keptHeap struct{ kept []kept }

func (h *keptHeap) Len() int { return len(h.kept) }
func (h *keptHeap) Less(a, b int) bool {
	if h.kept[a].level != h.kept[b].level {
		return h.kept[a].level < h.kept[b].level
	}
	return h.kept[a].i > h.kept[b].i
}
func (h *keptHeap) Swap(a, b int) { h.kept[a], h.kept[b] = h.kept[b], h.kept[a] }
func (h *keptHeap) Push(x any)    { h.kept = append(h.kept, x.(kept)) }
func (h *keptHeap) Pop() any {
	k := h.kept[len(h.kept)-1]
	h.kept = h.kept[:len(h.kept)-1]
	return k
}

// versions turns a build's version into the driver's version and semanticVersion. The
// multitool's SARIF2005 wants a version that starts with a digit, so "v1.2.3" becomes "1.2.3";
// SARIF's semanticVersion is SemVer 2.0.0 without the "v", and is left out ("") when the
// version is not SemVer ("devel", "test").
func versions(build string) (version, semantic string) {
	if build == "" {
		build = "devel"
	}
	version = build
	if len(build) > 1 && build[0] == 'v' && '0' <= build[1] && build[1] <= '9' {
		version = build[1:]
	}
	if isSemVer(version) {
		semantic = version
	}
	return version, semantic
}

// isSemVer reports whether v is a SemVer 2.0.0 version (https://semver.org/#backusnaur-form-grammar-for-valid-semver-versions):
// MAJOR.MINOR.PATCH without leading zeros, an optional -prerelease of dot-separated identifiers
// (numeric ones without leading zeros) and optional +build metadata.
func isSemVer(v string) bool {
	v, build, hasBuild := strings.Cut(v, "+")
	if hasBuild && !identifiers(build, false) {
		return false
	}
	core, pre, hasPre := strings.Cut(v, "-")
	if hasPre && !identifiers(pre, true) {
		return false
	}
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return false
	}
	for _, p := range parts {
		if !numeric(p) || len(p) > 1 && p[0] == '0' {
			return false
		}
	}
	return true
}

// identifiers reports whether s is dot-separated non-empty identifiers of [0-9A-Za-z-]; with
// strictNumbers, a numeric identifier may not have a leading zero (prerelease, not build).
func identifiers(s string, strictNumbers bool) bool {
	for _, id := range strings.Split(s, ".") {
		if id == "" {
			return false
		}
		for i := 0; i < len(id); i++ {
			c := id[i]
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '-') {
				return false
			}
		}
		if strictNumbers && numeric(id) && len(id) > 1 && id[0] == '0' {
			return false
		}
	}
	return true
}

func numeric(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// build assembles the log around results, which are already cut; cut says what was left out.
func build(rep *report.Report, opts Options, results []*gosarif.Result, cut *Cut) (*gosarif.Report, error) {
	log, err := gosarif.New(gosarif.Version210)
	if err != nil {
		return nil, err
	}
	version, semantic := versions(opts.ToolVersion)
	category := opts.Category
	if category == "" {
		category = DefaultCategory
	}
	driver := gosarif.NewVersionedDriver(toolName, version).WithInformationURI(informationURI)
	if semantic != "" {
		driver.SemanticVersion = &semantic
	}
	run := gosarif.NewRun(*gosarif.NewTool(driver))
	run.WithColumnKind("unicodeCodePoints")
	run.WithAutomationDetails(gosarif.NewRunAutomationDetails().WithID(category))

	// Every rule first: a result created before its rule gets a wrapped-around ruleIndex.
	for _, r := range rules.Catalog() {
		driver.AddRule(descriptor(r))
	}

	inv := gosarif.NewInvocation().WithExecutionSuccess(rep.Incomplete == "")
	notify := func(level, text string) {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications,
			&gosarif.Notification{Level: level, Message: gosarif.NewTextMessage(sentence(clean(text)))})
	}
	if rep.Incomplete != "" {
		notify("error", "incomplete scan: "+rep.Incomplete)
	}
	if s := cut.String(); s != "" {
		notify("warning", s)
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
	run.Results = results
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
	tags := append([]string(nil), r.Tags[:min(len(r.Tags), MaxTags)]...)
	// WithProperties, not the embedded PropertyBag: go-sarif drops the latter on rules.
	d.WithProperties(gosarif.Properties{
		"tags":              tags,
		"precision":         r.Precision,
		"security-severity": r.SecuritySeverity,
	})
	return d
}

// result turns one finding into a result with its location, properties and fingerprints.
// occurrence numbers the findings that share its primaryLocationLineHash key (0: it needs none).
func result(f *report.Finding, r *report.Resource, ruleIndex int, occurrence int) (*gosarif.Result, error) {
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
	if occurrence > 0 {
		// upload-sarif hashes the line in the checkout; it cannot for a file that is not there.
		fp[lineHashKey] = f.LineHash() + ":" + strconv.Itoa(occurrence)
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
		put := func(k, v string) { putClean(p, "pageshield."+k, v) }
		list := func(k string, vs []string) { putCleanAll(p, "pageshield."+k, vs) }
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
	intelProperties(p, f, r)
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
