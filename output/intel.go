package output

import (
	"fmt"
	"io"
	"strings"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
)

// verdicts are every threat-intelligence verdict of a report (--investigate): on its resources,
// or on analyze's and inventory's hosts, each host once, in report order.
func verdicts(rep *report.Report) []*report.Intel {
	var out []*report.Intel
	seen := map[string]bool{}
	add := func(in *report.Intel) {
		if in != nil && !seen[in.Host] {
			seen[in.Host] = true
			out = append(out, in)
		}
	}
	if a := rep.Analysis; a != nil {
		for _, h := range a.Hosts {
			add(h.Intel)
		}
	}
	if inv := rep.Inventory; inv != nil {
		for _, groups := range [][]report.Domain{inv.ThirdParty, inv.FirstParty} {
			for _, d := range groups {
				for _, h := range d.Hosts {
					add(h.Intel)
				}
			}
		}
	}
	for _, r := range rep.Resources {
		add(r.Intel)
	}
	return out
}

// intelCount is "5 hosts looked up: 1 malicious, 2 no threat reported, 2 no data (not clean)";
// "" when the run looked nothing up.
func intelCount(rep *report.Report) string {
	vs := verdicts(rep)
	if len(vs) == 0 {
		return ""
	}
	n := map[string]int{}
	for _, v := range vs {
		n[v.Verdict]++
	}
	return fmt.Sprintf("%d host%s looked up: %d malicious, %d no threat reported, %d no data (not clean)", len(vs), plural(len(vs)),
		n[report.VerdictMalicious], n[report.VerdictNoThreat], n[report.VerdictNoData])
}

// judged are the alerted resources that the playbook's verdict concerns: those with an active
// compromise first, then those where indicator 2 or 3 holds; quiet counts the others by
// whether the code references them.
func judged(rep *report.Report) (loud []report.Resource, present, absent int) {
	var active, partial []report.Resource
	for _, r := range rep.Resources {
		c := r.Compromise
		switch {
		case c == nil:
		case c.Active:
			active = append(active, r)
		case c.Indicators[1].Holds || c.Indicators[2].Holds:
			partial = append(partial, r)
		case c.Indicators[0].Holds:
			present++
		default:
			absent++
		}
	}
	return append(active, partial...), present, absent
}

// compromiseText leads the text report with the playbook's verdict: each active compromise and
// each resource where some indicator of one holds, indicator by indicator, with what to do next.
func compromiseText(w io.Writer, rep *report.Report, opts Options) {
	loud, present, absent := judged(rep)
	for _, r := range loud {
		c := r.Compromise
		if c.Active {
			title := "ACTIVE COMPROMISE"
			if opts.Color {
				title = levelColor[rules.Error] + title + "\x1b[0m"
			}
			fmt.Fprintf(w, "%s %s: %s\n", title, r.Canonical, holding(c))
		} else {
			fmt.Fprintf(w, "playbook %s: %s: not an active compromise\n", r.Canonical, holding(c))
		}
		for _, s := range c.Indicators {
			fmt.Fprintf(w, "  %d %s: %s%s\n", s.Number, s.Name, holds(s, "%s: "), s.Summary)
			for _, e := range s.Evidence {
				fmt.Fprintf(w, "      %s\n", e)
			}
		}
		fmt.Fprintf(w, "  next: %s\n", c.Next)
	}
	if present+absent > 0 {
		fmt.Fprintf(w, "playbook: %d alerted resource%s with no malicious verdict: %d loaded by the code (confirm owner and purpose), %d not (the unknown-resource playbook)\n",
			present+absent, plural(present+absent), present, absent)
	}
	if n := intelCount(rep); n != "" {
		fmt.Fprintf(w, "intel: %s\n", n)
	}
}

// holding is "indicator 2 of 3 holds" or "indicators 1, 3 of 3 hold".
func holding(c *report.Compromise) string {
	h := c.Holding()
	if strings.Contains(h, ",") {
		return "indicators " + h + " of 3 hold"
	}
	return "indicator " + h + " of 3 holds"
}

// holds says, in format, whether s holds; "" when s was not assessed (its summary says why:
// "not assessed: …", "not applicable: …").
func holds(s report.Sign, format string) string {
	switch {
	case s.Holds:
		return fmt.Sprintf(format, "holds")
	case !s.Assessed:
		return ""
	}
	return fmt.Sprintf(format, "does not hold")
}

// intelText is the line under a resource or host that gives threat intelligence's verdict.
func intelText(w io.Writer, in *report.Intel, indent string) {
	if in != nil {
		fmt.Fprintf(w, "%sintel: %s\n", indent, in)
	}
}

// compromiseMarkdown leads the job summary with the playbook's verdict and lists the hosts that
// threat intelligence calls malicious.
func compromiseMarkdown(b *strings.Builder, rep *report.Report) {
	loud, present, absent := judged(rep)
	for _, r := range loud {
		c := r.Compromise
		if c.Active {
			fmt.Fprintf(b, "> [!CAUTION]\n> **Ongoing active compromise**: `%s` (%s)\n", md(r.Canonical), holding(c))
		} else {
			fmt.Fprintf(b, "> [!WARNING]\n> `%s`: %s: not an active compromise\n", md(r.Canonical), holding(c))
		}
		for _, s := range c.Indicators {
			fmt.Fprintf(b, "> - **%d %s**%s: %s\n", s.Number, s.Name, holds(s, " (%s)"), md(s.Summary))
		}
		fmt.Fprintf(b, "> - **next**: %s\n\n", md(c.Next))
	}
	if present+absent > 0 {
		fmt.Fprintf(b, "Playbook: %d alerted resource%s with no malicious verdict: %d loaded by the code (confirm owner and purpose), %d not (the unknown-resource playbook).\n\n",
			present+absent, plural(present+absent), present, absent)
	}
	vs := verdicts(rep)
	if len(vs) == 0 {
		return
	}
	fmt.Fprintf(b, "### Threat intelligence\n\n%s.\n\n", intelCount(rep))
	var bad []*report.Intel
	for _, v := range vs {
		if v.Malicious {
			bad = append(bad, v)
		}
	}
	if len(bad) == 0 {
		return
	}
	b.WriteString("| host | verdict | source |\n|---|---|---|\n")
	for _, v := range bad {
		fmt.Fprintf(b, "| `%s` | %s | %s |\n", md(v.Host), md(strings.Join(v.Reasons, "; ")), md(v.Source))
	}
	b.WriteString("\n")
}
