package report

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shieldscan/shieldscan/rules"
)

// Ref is a finding as a scanner located it, before it is made safe: its strings are raw (they
// may hold credentials and terminal controls). Builder.Add is the only way from a Ref to a
// Finding.
type Ref struct {
	Rule     rules.RuleID
	Level    rules.Level
	Class    rules.Class
	Resource *rules.Resource
	Path     string
	// Line, Column and EndColumn locate the reference; columns count code points from 1.
	Line, Column, EndColumn int
	// Match is the matched text, Snippet the line around it (already cut), Decoded the decoded
	// value of an encoded reference.
	Match, Snippet    string
	Strength          rules.Strength
	Context           rules.Context
	Encoding, Decoded string
	Sink              string
	Served            bool
	History           *History
	Suppressed        *Suppression
}

// Builder collects the findings of one command and finishes them into a Report: the one place
// where a finding is made, made safe, ordered and fingerprinted.
type Builder struct {
	rep       *Report
	resources []*rules.Resource
	index     map[*rules.Resource]int
	// onlyReferenced keeps only the resources that a finding names (change mode).
	onlyReferenced bool
}

// NewBuilder starts a report of mode on resources, in their order; Add registers the resources
// it meets that are not among them (analyze and inventory discover theirs).
func NewBuilder(mode Mode, resources []*rules.Resource) *Builder {
	b := &Builder{
		rep:       &Report{Schema: SchemaVersion, Mode: mode, Resources: make([]Resource, 0, len(resources)), Findings: []Finding{}, Skipped: []Skip{}},
		index:     make(map[*rules.Resource]int, len(resources)),
		resources: make([]*rules.Resource, 0, len(resources)),
	}
	for _, r := range resources {
		b.resource(r)
	}
	b.onlyReferenced = mode == ModeChange
	return b
}

func (b *Builder) resource(r *rules.Resource) int {
	if i, ok := b.index[r]; ok {
		return i
	}
	i := len(b.resources)
	b.index[r] = i
	b.resources = append(b.resources, r)
	b.rep.Resources = append(b.rep.Resources, view(r))
	return i
}

// view is a resource as reports show it.
func view(r *rules.Resource) Resource {
	v := Resource{
		Raw: Safe(r.Raw), Canonical: Safe(r.Canonical), Kind: r.Kind, Origin: r.Origin,
		Parent: Safe(r.Parent), FirstParty: r.FirstParty, Host: Safe(r.Host), Class: rules.Unknown,
	}
	v.Origin.File = Safe(r.Origin.File)
	v.Origin.Anchor = ""
	v.PageShield = SafeObservation(r.PageShield)
	return v
}

// exactBytes is a path's bytes when JSON cannot carry them as text (invalid UTF-8), else nil.
func exactBytes(p string) []byte {
	if utf8.ValidString(p) {
		return nil
	}
	return []byte(p)
}

// SafeObservation is a copy of o (nil for nil) with every string made safe.
func SafeObservation(o *rules.Observation) *rules.Observation {
	if o == nil {
		return nil
	}
	c := *o
	c.Kind, c.ID, c.SiteHost, c.Status = Safe(c.Kind), Safe(c.ID), Safe(c.SiteHost), Safe(c.Status)
	c.FirstSeen, c.LastSeen = Safe(c.FirstSeen), Safe(c.LastSeen)
	c.PageURLs, c.Categories, c.Reasons = SafeAll(c.PageURLs), SafeAll(c.Categories), SafeAll(c.Reasons)
	if o.Scores != nil {
		c.Scores = make(map[string]int, len(o.Scores))
		for k, v := range o.Scores {
			c.Scores[Safe(k)] = v
		}
	}
	return &c
}

// SafeAll is ss with every string made safe (nil for nil).
func SafeAll(ss []string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = Safe(s)
	}
	return out
}

// Add makes r a finding.
func (b *Builder) Add(r Ref) {
	res := b.resource(r.Resource)
	b.rep.Findings = append(b.rep.Findings, newFinding(&r, res, &b.rep.Resources[res]))
}

// newFinding makes r a finding of the resource at index res, whose view is v: the one place
// where a finding's display strings are made safe.
func newFinding(r *Ref, res int, v *Resource) Finding {
	f := Finding{
		Rule: r.Rule, Level: r.Level, Class: r.Class, Path: r.Path,
		Line: r.Line, Column: r.Column, EndColumn: r.EndColumn,
		Match: Safe(r.Match), Snippet: Safe(r.Snippet), Strength: r.Strength, Context: r.Context,
		Encoding: r.Encoding, Decoded: Safe(r.Decoded), Sink: Safe(r.Sink), Served: r.Served,
		Resource: v.Raw, Canonical: v.Canonical, // Safe(r.Resource.Raw), Safe(r.Resource.Canonical)
		Message: Safe(message(r)), res: res, displayPath: Escape(r.Path),
	}
	f.PathBytes = exactBytes(r.Path)
	if h := r.History; h != nil {
		f.History = &History{
			Path: h.Path, Commit: h.Commit, Author: Safe(h.Author), Date: h.Date, Subject: Safe(h.Subject),
			AtHEAD: h.AtHEAD, RemovedIn: h.RemovedIn, RemovedDate: h.RemovedDate,
		}
	}
	if s := r.Suppressed; s != nil {
		f.Suppressed = &Suppression{Kind: s.Kind, Reason: Safe(s.Reason), Where: Safe(s.Where)}
	}
	return f
}

// Skip records a blob that was not scanned, or only partly.
func (b *Builder) Skip(s Skip) { b.rep.Skipped = append(b.rep.Skipped, safeSkip(s)) }

func safeSkip(s Skip) Skip {
	s.Detail = Safe(s.Detail)
	s.PathBytes = exactBytes(s.Path)
	return s
}

// Finish classifies each resource by its findings (declared, else historical, else unknown),
// puts findings and skips in their final order, fingerprints the findings and returns the
// report. The Builder must not be used after.
func (b *Builder) Finish() *Report {
	rep := b.rep
	for i := range rep.Findings {
		f := &rep.Findings[i]
		tally(&rep.Resources[f.res], f)
	}
	rep.Stats.Resources = len(rep.Resources)
	if b.onlyReferenced {
		keep := referencedOnly(rep)
		for i := range rep.Findings {
			rep.Findings[i].res = keep[rep.Findings[i].res]
		}
	}
	slices.SortStableFunc(rep.Findings, compareFindings)
	var fp fingerprinter
	for i := range rep.Findings {
		fp.stamp(&rep.Findings[i])
	}
	finishSkips(rep)
	rep.relevel()
	return rep
}

// tally counts finding f on its resource rr and classifies rr by it: declared when any finding
// is, else historical, else unknown.
func tally(rr *Resource, f *Finding) {
	if f.Rule != rules.UnknownResource {
		rr.References++
	}
	if f.Encoding != "" && f.Encoding != "plain" {
		rr.Encoded++
	}
	if f.Class == rules.Declared || rr.Class == rules.Unknown {
		rr.Class = f.Class
	}
}

// referencedOnly keeps only the resources of rep that a finding references (absence from a
// change says nothing about a resource) and returns where each old index went (-1: dropped).
func referencedOnly(rep *Report) []int {
	keep := make([]int, len(rep.Resources))
	var kept []Resource
	for i, rr := range rep.Resources {
		keep[i] = -1
		if rr.References > 0 {
			keep[i] = len(kept)
			kept = append(kept, rr)
		}
	}
	rep.Resources = append([]Resource{}, kept...)
	return keep
}

// finishSkips puts the skips in their final order, without repeats, and counts them.
func finishSkips(rep *Report) {
	slices.SortFunc(rep.Skipped, func(a, b Skip) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), strings.Compare(a.ID, b.ID),
			strings.Compare(string(a.Reason), string(b.Reason)), strings.Compare(a.Detail, b.Detail))
	})
	rep.Skipped = slices.CompactFunc(rep.Skipped, func(a, b Skip) bool {
		return a.Path == b.Path && a.ID == b.ID && a.Reason == b.Reason && a.Detail == b.Detail
	})
	rep.Stats.Skipped = len(rep.Skipped)
}

// fingerprinter stamps findings, given in their final order, with their fingerprint (which
// counts the occurrences of identical findings) and line hash. Path leads the order, so the
// count only needs the findings of the current path.
type fingerprinter struct {
	path string
	seen map[string]int
}

func (p *fingerprinter) stamp(f *Finding) {
	if p.seen == nil || f.Path != p.path {
		p.path, p.seen = f.Path, map[string]int{}
	}
	k := strings.Join([]string{string(f.Rule), f.Canonical, f.Match, f.Encoding}, "\x00")
	f.Fingerprint = Fingerprint(f.Rule, f.Canonical, f.Path, f.Match, f.Encoding, p.seen[k])
	p.seen[k]++
	f.lineHash = lineHash(f)
}

// compareFindings orders findings by place, then by what they say, so that the same scan always
// gives the same report, whatever the order the workers finished in.
func compareFindings(a, b Finding) int { return compareRefs(&a, &b) }

// CompareBool orders false before true, for the sorts of what is built on a report (cmp.Compare
// takes no bool).
func CompareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

func compareRefs(a, b *Finding) int {
	var ac, bc string
	if a.History != nil {
		ac = a.History.Commit
	}
	if b.History != nil {
		bc = b.History.Commit
	}
	return cmp.Or(strings.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column),
		strings.Compare(string(a.Rule), string(b.Rule)), strings.Compare(a.Canonical, b.Canonical),
		strings.Compare(a.Encoding, b.Encoding), strings.Compare(a.Match, b.Match),
		strings.Compare(a.Snippet, b.Snippet), strings.Compare(ac, bc))
}

// Fingerprint is a finding's stable identity, derived from what does not move when code around
// it changes: rule, resource (canonical), path, the matched text, the encoding and the
// occurrence's rank among findings identical in all of those. Never a line number or a commit
// SHA. It is the only fingerprint algorithm: SARIF's shieldscan/v1, JSON's fingerprint and the
// configuration's ignore list all use it.
func Fingerprint(rule rules.RuleID, canonical, path, match, encoding string, rank int) string {
	return digest(32, string(rule), canonical, path, match, encoding, strconv.Itoa(rank))
}

// digest is the first n hex digits of the SHA-256 of parts, each ended by a NUL byte.
func digest(n int, parts ...string) string {
	h := sha256.New()
	for _, s := range parts {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:n]
}

// lineHash is the identity behind SARIF's primaryLocationLineHash, for results whose line
// upload-sarif cannot read (no file, or gone at HEAD): the same inputs as Fingerprint, without
// the rank (SARIF adds its own ":N").
func lineHash(f *Finding) string {
	enc := f.Encoding
	if enc == "" {
		enc = "plain"
	}
	return digest(16, "shieldscan/primaryLocationLineHash", string(f.Rule), f.Canonical, f.Path, f.Match, enc)
}

// message is a finding's one-line explanation, from raw data (Add makes it safe).
func message(f *Ref) string {
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
		fmt.Fprintf(&b, "%s-encoded reference to %s (decodes to %q)", f.Encoding, r.Canonical, Redact(f.Decoded))
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
