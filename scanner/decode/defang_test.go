package decode

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shieldscan/shieldscan/internal/refang/refangtest"
)

func TestDefanged(t *testing.T) {
	t.Parallel()
	runFamily(t, Defanged, defangCases())
}

func defangCases() []familyCase {
	return []familyCase{
		{name: "hxxps and brackets", in: "// exfil: hxxps://skim[.]evil-cdn[.]example/c.js", chain: "defanged", text: testURL, at: "hxxps://skim[.]evil-cdn[.]example/c.js"},
		{name: "parens", in: "host skim(.)evil-cdn(.)example seen", chain: "defanged", text: "skim.evil-cdn.example"},
		{name: "dot word", in: "skim[dot]evil-cdn[dot]example", chain: "defanged", text: "skim.evil-cdn.example"},
		{name: "colon", in: "hxxps[:]//skim.evil-cdn.example", chain: "defanged", text: "https://skim.evil-cdn.example"},
		{name: "upper XX", in: "hXXp://skim.evil-cdn.example", chain: "defanged", text: "http://skim.evil-cdn.example"},
		{name: "in literal", in: "ioc = 'skim[.]evil-cdn[.]example'", chain: "defanged", text: "skim.evil-cdn.example"},
		{name: "ip", in: "203[.]0[.]113[.]7", chain: "defanged", text: "203.0.113.7"},
		{name: "word in another language", in: "// skim[punkt]evil-cdn[Punkt]example", chain: "defanged", text: "skim.evil-cdn.example"},
		{name: "uneven brackets", in: "// skim[.evil-cdn.]example", chain: "defanged", text: "skim.evil-cdn.example"},
		{name: "bracketed scheme", in: "// [https]://skim.evil-cdn.example/c.js", chain: "defanged", text: testURL},
		{name: "www", in: "// [www].evil-cdn.example", chain: "defanged", text: "www.evil-cdn.example"},
		{name: "full-width dot", in: "// skim．evil-cdn．example", chain: "defanged", text: "skim.evil-cdn.example"},
		{name: "inside base64", in: "atob('" + b64("hxxps://skim[.]evil-cdn[.]example/c.js") + "')", chain: "base64>defanged", text: testURL},

		{name: "regex class", in: "s.replace(/[.]/g, '')"},
		{name: "array index", in: "a[i](.5)"},
		{name: "property of an element", in: "x = a[0].b + f(y).z"},
		{name: "word hxxp", in: "shxxp://x"},
		{name: "markdown link", in: "[.](./README.md)"},
		{name: "json escaped slashes", in: `{"src": "https:\/\/skim.evil-cdn.example\/c.js"}`},
		{name: "python slice", in: "copy = a[:]\n"},
		{name: "idn with an ideographic dot", in: "host = 'bücher。example'"},
	}
}

// spansWithRegions is Spans with the pass over defanged regions that run's triggers do not
// reach, as Spans runs it once it calls defangRegions.
func spansWithRegions(src []byte) []Span {
	st := &state{maxDepth: defaultMaxDepth, budget: defaultBudget}
	sc := &scan{st: st, src: src, top: true}
	sc.run()
	sc.defangRegions()
	return st.spans
}

// TestDefangedStyles runs the defanging table that rules.Parse is tested against too
// (internal/refang/testdata/styles.txt): what parses as a refanged resource is found as
// defanged text, in a string literal and in a comment, and nothing else is.
func TestDefangedStyles(t *testing.T) {
	t.Parallel()
	for _, c := range refangtest.Cases(t) {
		t.Run(c.Input, func(t *testing.T) {
			t.Parallel()
			for _, in := range []string{"s = '" + c.Input + "';", "// seen: " + c.Input + " today"} {
				spans := spansWithRegions([]byte(in))
				checkBounds(t, in, spans)
				found := findDefanged(spans, c.Host) >= 0
				switch {
				case c.Outcome == refangtest.Refanged && !found:
					t.Errorf("Spans(%q) = %v, want a defanged span holding %q (styles.txt:%d)", in, fmtSpans(in, spans), c.Host, c.Line)
				case (c.Outcome == refangtest.Plain || c.Outcome == refangtest.Escaped) && findDefanged(spans, "") >= 0:
					t.Errorf("Spans(%q) = %v, want no defanged span (styles.txt:%d)", in, fmtSpans(in, spans), c.Line)
				case c.Outcome == refangtest.Refused && in[0] == 's' && findDefanged(spans, "") >= 0:
					t.Errorf("Spans(%q) = %v, want no defanged span (styles.txt:%d)", in, fmtSpans(in, spans), c.Line)
				}
			}
		})
	}
}

// findDefanged returns the index of the first span whose chain has Defanged and whose text
// holds text, or -1.
func findDefanged(spans []Span, text string) int {
	for k, s := range spans {
		if hasFamily(s.Chain, Defanged) && strings.Contains(string(s.Text), text) {
			return k
		}
	}
	return -1
}

// TestMayDefang: mayDefang, the quick test before refang.At at an opening bracket, never rejects
// a mark or scheme that At counts.
func TestMayDefang(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(9, 10))
	pieces := []string{"(", "[", "{", "<", ")", "]", "}", ">", " ", ".", ":", "/", "-", "@", "_", "\\", "a", "x",
		"dot", "DOT", "punkt", "punto", "ponto", "point", "at", "AT", "www", "WwW", "hxxp", "hXXps", "https", "ws", "wss",
		"xxxx", "xxxxs", "Xs", "wxs", "wxss", "hxxs", "fxp",
		"://", "//", "__", "evil", "0", "\xef\xbc\x8e"}
	var buf []byte
	for range 200000 {
		buf = buf[:0]
		for range 1 + r.IntN(12) {
			buf = append(buf, pieces[r.IntN(len(pieces))]...)
		}
		checkMayDefang(t, buf)
	}
	for _, c := range refangtest.Cases(t) {
		checkMayDefang(t, []byte("x"+c.Input+" "+c.Input))
	}
}

func checkMayDefang(t *testing.T, b []byte) {
	t.Helper()
	for i, c := range b {
		if (c == '(' || c == '[') && defangAt(b, i) > 0 && !mayDefang(b, i) {
			t.Fatalf("mayDefang(%q, %d) = false, but refang.At counts %d bytes", b, i, defangAt(b, i))
		}
	}
}
