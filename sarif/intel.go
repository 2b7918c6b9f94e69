package sarif

import (
	gosarif "github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
)

// intelProperties adds threat intelligence's verdict on the resource's host (--investigate) to
// p, and on an active-compromise result each indicator of the playbook with its evidence.
func intelProperties(p gosarif.Properties, f *report.Finding, r *report.Resource) {
	if in := r.Intel; in != nil {
		p["intel.verdict"] = clean(in.Verdict)
		p["intel.malicious"] = in.Malicious
		put := func(k, v string) { putClean(p, "intel."+k, v) }
		put("host", in.Host)
		put("source", in.Source)
		put("inheritedFrom", in.InheritedFrom)
		put("malwareFamily", in.MalwareFamily)
		put("asn", in.ASN)
		put("asName", in.ASName)
		put("country", in.Country)
		putCleanAll(p, "intel.categories", in.Categories)
		putCleanAll(p, "intel.reasons", in.Reasons)
		if in.RiskScore != nil {
			p["intel.riskScore"] = *in.RiskScore
		}
	}
	c := r.Compromise
	if f.Rule != rules.ActiveCompromise || c == nil {
		return
	}
	for _, s := range c.Indicators {
		ev := make([]string, len(s.Evidence))
		for i, e := range s.Evidence {
			ev[i] = clean(e.String())
		}
		ind := map[string]any{"number": s.Number, "holds": s.Holds, "assessed": s.Assessed, "summary": clean(s.Summary), "evidence": ev}
		if s.Weight > 0 {
			ind["weight"] = s.Weight
		}
		p["indicator."+s.Name] = ind
	}
	p["playbook.next"] = clean(c.Next)
}

// putClean sets p[key] to v made clean, when v is not empty.
func putClean(p gosarif.Properties, key, v string) {
	if v != "" {
		p[key] = clean(v)
	}
}

// putCleanAll sets p[key] to vs made clean, when vs is not empty.
func putCleanAll(p gosarif.Properties, key string, vs []string) {
	if len(vs) > 0 {
		p[key] = cleanAll(vs)
	}
}

func cleanAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = clean(s)
	}
	return out
}
