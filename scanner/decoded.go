package scanner

import (
	"fmt"
	pathpkg "path"
	"strings"

	"github.com/shieldscan/shieldscan/scanner/decode"
)

// caesarShifts are the shifts whose needles are matched in the same pass as the plain ones: ROT13
// and the small shifts that skimmers use. A needle shorter than caesarMin characters is not
// shifted: short shifted strings turn up by chance.
var caesarShifts = []int{1, 2, 3, 13, 23, 24, 25}

const caesarMin = 8

// decodeRefs finds references hidden by encodings: the decoder turns the file's candidate spans
// (string literals, decoding calls, encoded-looking runs) into text, and the same matcher, with
// the same whole-token rule, runs over each. A reference is reported at the encoded span, once,
// with the shortest chain of decoders that revealed it. found is the decoding (found.Truncated
// says the decoder's budget ran out before the end of the file); limits, when not empty, says
// where another decoder limit left text undecoded (see limitDetail).
func decodeRefs(m *matcher, path string, data []byte, lines *Lines, plain []hit) (refs []ref, found decode.Result, limits string) {
	found = decode.Find(data, decode.Options{NoProseDefang: !prose(path)})
	type key struct{ res, start int }
	best := map[key]int{} // index into refs
	for _, sp := range found.Spans {
		for _, h := range m.match(sp.Text) {
			// A partially escaped literal decodes to the whole literal: a resource that is
			// written plainly inside the span is a plain reference, already reported.
			if plainWithin(plain, h.res, sp.Start, sp.End) {
				continue
			}
			k := key{h.res, sp.Start}
			i, seen := best[k]
			// The fewest layers that reveal the resource are how it was hidden.
			if seen && len(sp.Chain) >= strings.Count(refs[i].encoding, ">")+1 {
				continue
			}
			r := locate(path, data, lines, h, sp.Start, sp.End, decode.ChainString(sp.Chain), toValidUTF8(sp.Text[h.start:h.end]))
			if seen {
				refs[i] = r
				continue
			}
			best[k] = len(refs)
			refs = append(refs, r)
		}
	}
	return refs, found, limitDetail(found.Limits, lines)
}

// limitDetail describes the decoder limits reached in a file, by line, for a decode-limit skip:
// "decoding stopped at line 3 (depth: encoded text nested deeper than the layers decoded)".
func limitDetail(limits []decode.Limit, lines *Lines) string {
	if len(limits) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("scanned for plain references; decoding stopped at ")
	const shown = 3
	for i, l := range limits[:min(len(limits), shown)] {
		if i > 0 {
			b.WriteString(", ")
		}
		n, _, _ := lines.span(l.Offset)
		fmt.Fprintf(&b, "line %d (%s: %s)", n, l.Kind, l.Kind.Describe())
	}
	if len(limits) > shown {
		fmt.Fprintf(&b, " and %d more place(s)", len(limits)-shown)
	}
	return b.String()
}

// plainWithin reports whether a plain hit of resource res lies inside [start,end).
func plainWithin(plain []hit, res, start, end int) bool {
	for _, h := range plain {
		if h.res == res && h.start >= start && h.end <= end {
			return true
		}
	}
	return false
}

// shiftedNeedles returns a host's Caesar-shifted spellings, in the order of caesarShifts.
func shiftedNeedles(host string) []shifted {
	letters := 0
	for i := 0; i < len(host); i++ {
		if c := host[i]; c >= 'a' && c <= 'z' {
			letters++
		}
	}
	if len(host) < caesarMin || letters < caesarMin/2 {
		return nil
	}
	out := make([]shifted, 0, len(caesarShifts))
	for _, k := range caesarShifts {
		out = append(out, shifted{k, string(decode.Shift([]byte(host), k))})
	}
	return out
}

type shifted struct {
	k    int
	text string
}

// prose reports whether a file is one where people write indicators the way threat reports do
// (documents, lists, data and configuration files, files without an extension): only there is
// every defanging style searched for.
func prose(p string) bool {
	switch strings.ToLower(pathpkg.Ext(p)) {
	case "", ".md", ".markdown", ".rst", ".txt", ".adoc", ".csv", ".tsv", ".json", ".yml", ".yaml", ".toml", ".ini", ".xml", ".eml", ".log":
		return true
	}
	return false
}
