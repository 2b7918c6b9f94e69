package report

import (
	"slices"
	"strconv"
	"strings"

	"github.com/shieldscan/shieldscan/rules"
)

// Intel is what threat intelligence says of one host or IP address (--investigate): Cloudflare's
// Intel API (Security Center Investigate), the team's intel file, or the cache of earlier
// answers. A host that no source knows is "no data", never clean.
type Intel struct {
	// Host is the host or address looked up.
	Host string `json:"host"`
	// Verdict is "malicious", "no threat reported" or "no data".
	Verdict   string `json:"verdict"`
	Malicious bool   `json:"malicious"`
	// Source is "cloudflare-intel" or the intel file's name; "" when no source knew the host.
	Source string `json:"source,omitempty"`
	// Categories are the security categories (risk types), own and inherited ("Malware
	// (inherited from example.com)"), and the intel file's category.
	Categories        []string `json:"categories,omitempty"`
	ContentCategories []string `json:"contentCategories,omitempty"`
	InheritedFrom     string   `json:"inheritedFrom,omitempty"`
	// RiskScore is Cloudflare's risk score, 0 (lowest) to 1 (highest); nil when none.
	RiskScore      *float64 `json:"riskScore,omitempty"`
	PopularityRank int      `json:"popularityRank,omitempty"`
	MalwareFamily  string   `json:"malwareFamily,omitempty"`
	// ASN, ASName and Country describe the autonomous system of an IP address.
	ASN     string `json:"asn,omitempty"`
	ASName  string `json:"asName,omitempty"`
	Country string `json:"country,omitempty"`
	// Reasons say why, in words ("Malware", "risk score 0.97 (threshold 0.9)", "no data: …").
	Reasons []string `json:"reasons,omitempty"`
	Cached  bool     `json:"cached,omitempty"`
}

// Verdicts of Intel.Verdict.
const (
	VerdictMalicious = "malicious"
	VerdictNoThreat  = "no threat reported"
	VerdictNoData    = "no data"
)

// SafeIntel is a copy of in (nil for nil) with every string made safe.
func SafeIntel(in *Intel) *Intel {
	if in == nil {
		return nil
	}
	c := *in
	c.Host, c.Verdict, c.Source, c.InheritedFrom = Safe(c.Host), Safe(c.Verdict), Safe(c.Source), Safe(c.InheritedFrom)
	c.MalwareFamily, c.ASN, c.ASName, c.Country = Safe(c.MalwareFamily), Safe(c.ASN), Safe(c.ASName), Safe(c.Country)
	c.Categories, c.ContentCategories, c.Reasons = SafeAll(c.Categories), SafeAll(c.ContentCategories), SafeAll(c.Reasons)
	if in.RiskScore != nil {
		s := *in.RiskScore
		c.RiskScore = &s
	}
	return &c
}

// String is the verdict in one line: "malicious (Malware; risk score 0.97) from cloudflare-intel",
// "no threat reported (Technology) from cloudflare-intel", "no data (not in feed.txt…)".
func (in *Intel) String() string {
	var b strings.Builder
	b.WriteString(in.Verdict)
	var detail []string
	switch {
	case in.Malicious:
		detail = append(detail, in.Reasons...)
	case in.Verdict == VerdictNoData:
		for _, r := range in.Reasons {
			detail = append(detail, strings.TrimPrefix(r, "no data: "))
		}
	default:
		detail = append(detail, in.Categories...)
		detail = append(detail, in.ContentCategories...)
	}
	if in.MalwareFamily != "" && !slices.ContainsFunc(detail, func(s string) bool { return strings.Contains(s, in.MalwareFamily) }) {
		detail = append(detail, "suspected malware family "+in.MalwareFamily)
	}
	if in.RiskScore != nil && !in.Malicious {
		detail = append(detail, "risk score "+strconv.FormatFloat(*in.RiskScore, 'f', -1, 64))
	}
	if in.ASN != "" || in.Country != "" {
		as := strings.TrimSpace("AS" + in.ASN + " " + in.ASName)
		if in.ASN == "" {
			as = in.ASName
		}
		if in.Country != "" {
			as = strings.TrimSpace(as + " " + in.Country)
		}
		detail = append(detail, as)
	}
	if in.PopularityRank > 0 {
		detail = append(detail, "popularity rank "+strconv.Itoa(in.PopularityRank))
	}
	if len(detail) > 0 {
		b.WriteString(" (" + strings.Join(detail, "; ") + ")")
	}
	if in.Source != "" {
		b.WriteString(" from " + in.Source)
		if in.Cached {
			b.WriteString(", cached")
		}
	}
	return b.String()
}

// Compromise is the playbook's verdict on one alerted resource (scan --investigate): its three
// indicators of an ongoing active compromise, each with its evidence, and what to do next.
type Compromise struct {
	// Active is set when indicator 1 holds with 2 or 3: the resource has an active-compromise
	// finding.
	Active     bool   `json:"active"`
	Indicators []Sign `json:"indicators"`
	// Next is what the playbook says to do, given which indicators hold.
	Next string `json:"next"`
}

// Sign is one indicator of a compromise.
type Sign struct {
	// Number is the indicator's number in the playbook (1 to 3) and Name its name
	// (rules.IndicatorPresent, …).
	Number int    `json:"number"`
	Name   string `json:"name"`
	Holds  bool   `json:"holds"`
	// Assessed is false when the run could not tell (indicator 3 without the script's source).
	Assessed bool `json:"assessed"`
	// Summary says in one line what was found, or why it was not assessed.
	Summary  string     `json:"summary"`
	Evidence []Evidence `json:"evidence,omitempty"`
	// Weight counts indicator 3's malicious hosts, the obfuscated ones double.
	Weight int `json:"weight,omitempty"`
}

// Evidence is one fact behind an indicator.
type Evidence struct {
	// Where is "path:line" (a reference, or a line of the alerted script); "" for a verdict on
	// the resource itself.
	Where string `json:"where,omitempty"`
	// Host is the host the verdict is about.
	Host string `json:"host,omitempty"`
	// Source is "page-shield", "cloudflare-intel" or the intel file's name.
	Source     string   `json:"source,omitempty"`
	Categories []string `json:"categories,omitempty"`
	// Encoding is how the script wrote the host ("plain", "base64>reversed"), and Obfuscated
	// says only decoding reveals it.
	Encoding   string `json:"encoding,omitempty"`
	Obfuscated bool   `json:"obfuscated,omitempty"`
	// Detail is the rest in words (the context of a reference, the verdict's reasons).
	Detail string `json:"detail,omitempty"`
}

// String is the evidence in one line.
func (e Evidence) String() string {
	var parts []string
	if e.Where != "" {
		parts = append(parts, e.Where)
	}
	if e.Host != "" {
		parts = append(parts, e.Host)
	}
	if e.Encoding != "" && e.Encoding != "plain" {
		enc := e.Encoding
		if e.Obfuscated {
			enc += ", obfuscated"
		}
		parts = append(parts, "("+enc+")")
	}
	if e.Source != "" {
		s := "per " + e.Source
		if len(e.Categories) > 0 {
			s += ": " + strings.Join(e.Categories, ", ")
		}
		parts = append(parts, s)
	}
	out := strings.Join(parts, " ")
	if e.Detail != "" {
		switch {
		case e.Source != "":
			out += "; "
		case out != "":
			out += " "
		}
		out += e.Detail
	}
	return out
}

// safe is a copy of c with every string made safe.
func (c *Compromise) safe() *Compromise {
	out := &Compromise{Active: c.Active, Next: Safe(c.Next), Indicators: make([]Sign, len(c.Indicators))}
	for i, s := range c.Indicators {
		s.Name, s.Summary = Safe(s.Name), Safe(s.Summary)
		ev := make([]Evidence, len(s.Evidence))
		for j, e := range s.Evidence {
			ev[j] = Evidence{
				Where: Safe(e.Where), Host: Safe(e.Host), Source: Safe(e.Source), Categories: SafeAll(e.Categories),
				Encoding: Safe(e.Encoding), Obfuscated: e.Obfuscated, Detail: Safe(e.Detail),
			}
		}
		s.Evidence = ev
		out.Indicators[i] = s
	}
	return out
}

// Holding lists the numbers of the indicators that hold: "1, 3".
func (c *Compromise) Holding() string {
	var n []string
	for _, s := range c.Indicators {
		if s.Holds {
			n = append(n, strconv.Itoa(s.Number))
		}
	}
	return strings.Join(n, ", ")
}

// SetIntel records threat intelligence's verdict on resource i, made safe.
func (r *Report) SetIntel(i int, in *Intel) { r.Resources[i].Intel = SafeIntel(in) }

// SetCompromise records the playbook's verdict on resource i, made safe. When ref is not nil,
// the finding it locates is added too, with message: it is resource i's (ref.Resource is
// ignored), made safe, ordered and fingerprinted as the Builder makes every finding.
func (r *Report) SetCompromise(i int, c *Compromise, ref *Ref, message string) {
	r.Resources[i].Compromise = c.safe()
	if ref == nil {
		return
	}
	res := &rules.Resource{Raw: r.Resources[i].Raw, Canonical: r.Resources[i].Canonical}
	ref.Resource = res
	b := &Builder{rep: r, index: map[*rules.Resource]int{res: i}}
	n := len(r.Findings)
	b.Add(*ref)
	f := &r.Findings[n]
	// Resource and Canonical are the report's own (already safe) strings: keep them as they are.
	f.Resource, f.Canonical, f.Message = r.Resources[i].Raw, r.Resources[i].Canonical, Safe(message)
	rank := 0
	for _, g := range r.Findings[:n] {
		if g.Rule == f.Rule && g.Canonical == f.Canonical && g.Path == f.Path && g.Match == f.Match && g.Encoding == f.Encoding {
			rank++
		}
	}
	f.Fingerprint = Fingerprint(f.Rule, f.Canonical, f.Path, f.Match, f.Encoding, rank)
	f.lineHash = lineHash(f)
	slices.SortStableFunc(r.Findings, compareFindings)
	r.relevel()
}

// RaiseMalicious makes every finding on a resource whose host threat intelligence calls
// malicious (verdicts, by host) at least an error, as Page Shield's malicious verdict does,
// and says why in its message, so that --fail-on error fails the run. It returns how many
// findings it raised. A streamed report is never raised: --investigate keeps its report in
// memory.
func (r *Report) RaiseMalicious(verdicts map[string]*Intel) int {
	n := 0
	for i := range r.Findings {
		f := &r.Findings[i]
		v := verdicts[r.Resources[f.res].Host]
		if v == nil || !v.Malicious || f.Level >= rules.Error {
			continue
		}
		f.Level = rules.Error
		f.Message += Safe("; threat intelligence calls " + v.Host + " " + v.String())
		n++
	}
	if n > 0 {
		r.relevel()
	}
	return n
}
