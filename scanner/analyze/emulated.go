package analyze

import (
	"fmt"
	"slices"

	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner"
	"github.com/shieldscan/shieldscan/scanner/emulate"
)

// Emulated is the encoding of a mention that only running the script revealed.
const Emulated = "emulated"

// AddEmulated adds to res, the analysis of src, what running the script in the sandbox revealed:
// every URL that reached a sink on a host no static reading found becomes a mention with
// encoding "emulated" and its sink, located at the script's first line (the emulator does not
// say which text built it). Hosts, indicators and the score are recomputed; a run that stopped
// at its budget is recorded in EmulationBudget.
func (res *Result) AddEmulated(src []byte, er *emulate.Result) {
	if er == nil {
		return
	}
	if b := er.Budget; b != nil {
		res.EmulationBudget = fmt.Sprintf("%s in the %s profile", b.Reason, b.Profile)
		if b.Detail != "" {
			res.EmulationBudget += ": " + b.Detail
		}
	}
	known := map[string]bool{}
	for _, m := range res.Mentions {
		known[m.Host] = true
	}
	lines := scanner.NewLines(src)
	var added []Mention
	for _, c := range emulate.Candidates(er.Events) {
		r, err := rules.Parse(c.URL, rules.Origin{})
		if err != nil || known[r.Host] || rules.Namespace(r) {
			continue
		}
		known[r.Host] = true
		m := newMention(src, lines, r, 0, 0, Emulated, c.URL)
		m.Sink, m.Match = c.Sink, ""
		res.Mentions = append(res.Mentions, m)
		added = append(added, m)
	}
	if len(added) == 0 {
		return
	}
	slices.SortStableFunc(res.Mentions, func(a, b Mention) int { return a.Offset - b.Offset })
	res.Hosts = hosts(res.Mentions)
	// A host only running reveals is hidden: the hidden-host indicator counts it.
	if !slices.ContainsFunc(res.Indicators, func(in Indicator) bool { return in.Kind == HiddenHost }) {
		res.Indicators = append(res.Indicators, Indicator{Kind: HiddenHost, Weight: HiddenHost.Weight(), Line: 1, Column: 1,
			Count: len(added), Evidence: rules.Redact(cut(added[0].Decoded+" ("+Emulated+")", 120))})
	}
	res.Score, res.Verdict = score(res.Indicators)
}
