package analyze

import (
	"bytes"
	"fmt"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner"
)

// Report turns an analysis of src, the script at path (as reports name it), into the report
// every command writes: one script-host finding per mention (an error when only decoding reveals
// an external host, a note otherwise), and the hosts, indicators and score as its Analysis.
func Report(res *Result, path string, src []byte) *report.Report {
	b := report.NewBuilder(report.ModeAnalyze, nil)
	lines := scanner.NewLines(src)
	for _, m := range res.Mentions {
		level := rules.Note
		if m.Hidden() && m.External() {
			level = rules.Error
		}
		text := lines.Line(m.Line)
		start := m.Offset - (bytes.LastIndexByte(src[:m.Offset], '\n') + 1)
		b.Add(report.Ref{
			Rule: rules.ScriptHost, Level: level, Resource: m.Resource, Class: rules.Declared,
			Path: path, Line: m.Line, Column: m.Column, EndColumn: m.EndColumn,
			Match: m.Match, Snippet: scanner.Snippet(text, start, start+len(m.Match)), Encoding: m.Encoding, Decoded: m.Decoded, Sink: m.Sink,
			Context: scanner.ContextOf(path, text, start),
		})
	}
	for _, l := range res.Limits {
		b.Skip(report.Skip{Path: path, Reason: "decode-limit", Detail: fmt.Sprintf("decoding stopped at line %d, column %d: %s", l.Line, l.Column, l.Detail)})
	}
	if res.EmulationBudget != "" {
		b.Skip(report.Skip{Path: path, Reason: "emulation-budget", Detail: "running the script stopped early: " + res.EmulationBudget})
	}
	rep := b.Finish()
	rep.Stats.Files, rep.Stats.Bytes = 1, int64(len(src))
	a := &report.Analysis{
		Name: report.Safe(res.Name), Size: res.Size, Score: res.Score, Verdict: res.Verdict, Truncated: res.Truncated,
		Hosts: []report.ScriptHost{}, Indicators: []report.Indicator{},
	}
	for _, h := range res.Hosts {
		a.Hosts = append(a.Hosts, report.ScriptHost{
			Host: report.Safe(h.Host), Registrable: report.Safe(h.Registrable), Kind: h.Kind,
			Encodings: h.Encodings, Mentions: h.Mentions, Line: h.Line, Hidden: h.Hidden(),
		})
	}
	for _, in := range res.Indicators {
		a.Indicators = append(a.Indicators, report.Indicator{
			Kind: string(in.Kind), Weight: in.Weight, Line: in.Line, Column: in.Column, Count: in.Count,
			Evidence: report.Safe(in.Evidence),
		})
	}
	rep.Analysis = a
	if res.Truncated {
		rep.AddNote("the decoder's budget ran out: hidden hosts past that point are missing")
	}
	return rep
}
