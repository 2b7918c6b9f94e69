package analyze

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"

	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner"
	"github.com/shieldscan/shieldscan/scanner/decode"
)

// IndicatorKind names one sign of obfuscation.
type IndicatorKind string

// The indicators, with their weights in weights.
const (
	// EvalDecoded is code run or written into the page from decoded data: eval(atob(…)),
	// new Function(unescape(…)), eval(gzinflate(base64_decode(…))), eval of an escaped
	// literal, document.write(unescape(…)), PHP's echo gzinflate(…).
	EvalDecoded IndicatorKind = "eval-decoded"
	// Packer is Dean Edwards' eval(function(p,a,c,k,e,d){…}) packer.
	Packer IndicatorKind = "packer"
	// StringArray is obfuscator.io's string array: many strings in one array literal, rotated by
	// push(shift()) or read through _0x… identifiers.
	StringArray IndicatorKind = "string-array"
	// HiddenHost is a URL, hostname or IP that only decoding reveals.
	HiddenHost IndicatorKind = "hidden-host"
	// DeepNesting is encoded text peeled three or more layers deep (base64 inside base64 inside
	// base64, an escaped literal holding an atob of base64…), or nested deeper than the decoder
	// peels. Concatenation is not counted as a layer.
	DeepNesting IndicatorKind = "deep-nesting"
	// EscapeRun is a long run of escapes, percent-codes, entities or character codes.
	EscapeRun IndicatorKind = "escape-run"
	// HighEntropy is a long string literal of base64 or hex characters with high entropy.
	HighEntropy IndicatorKind = "high-entropy"
	// LongLine is a line longer than 1000 bytes.
	LongLine IndicatorKind = "long-line"
)

// weights are the score's weights (documented in the package comment).
var weights = map[IndicatorKind]int{
	EvalDecoded: 30, DeepNesting: 30, Packer: 25, StringArray: 25, HiddenHost: 25, EscapeRun: 15, HighEntropy: 10,
	LongLine: 5,
}

// Weight is the kind's contribution to the score.
func (k IndicatorKind) Weight() int { return weights[k] }

// Indicator is one kind of obfuscation found in a script, at its first occurrence.
type Indicator struct {
	Kind   IndicatorKind `json:"kind"`
	Weight int           `json:"weight"`
	// Line and Column locate the first occurrence; Count is how many there are.
	Line   int `json:"line"`
	Column int `json:"column"`
	Count  int `json:"count"`
	// Evidence is the first occurrence's text (cut to 120 characters, redacted) or a description.
	Evidence string `json:"evidence"`
}

// Thresholds of the verdicts.
const (
	suspiciousScore = 20
	obfuscatedScore = 50
)

const (
	longLine       = 1000
	minEscapeRun   = 16
	minEntropyLen  = 100
	minEntropyBits = 4.5
	minArrayItems  = 20
	minHexIdents   = 10
	minNestLayers  = 3
)

var (
	evalDecodedRE = regexp.MustCompile(`(?i)(?:\b(?:eval|function|settimeout|setinterval|execscript|assert|create_function|document\.write|document\.writeln)\s*\(|\b(?:echo|print)\s+)\s*(?:(?:[\w$]+\.)*(?:atob|unescape|decodeuricomponent|decodeuri|fromcharcode|base64_decode|gzinflate|gzuncompress|gzdecode|str_rot13|strrev|hex2bin|rawurldecode|urldecode|from)\s*\(|['"]\\(?:x[0-9a-f]{2}|u[0-9a-f]{4}|[0-7]{3}))`)
	packerRE      = regexp.MustCompile(`eval\s*\(\s*function\s*\(\s*p\s*,\s*a\s*,\s*c\s*,\s*k\s*,\s*e\s*,\s*[dr]\s*\)`)
	rotationRE    = regexp.MustCompile(`(?:\[\s*['"]push['"]\s*\]|\.push)\s*\(\s*[\w$]+\s*(?:\[\s*['"]shift['"]\s*\]|\.shift)\s*\(\s*\)\s*\)`)
	hexIdentRE    = regexp.MustCompile(`\b_0x[0-9a-fA-F]{4,}\b`)
	escapeRunRE   = regexp.MustCompile(`(?:\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\u\{[0-9a-fA-F]{1,6}\}|\\[0-7]{3}){16,}|(?:%[0-9a-fA-F]{2}){24,}|(?:&#(?:[xX][0-9a-fA-F]{1,6}|[0-9]{1,7});?){24,}|(?i:fromcharcode|chr)\s*\(\s*(?:0x[0-9a-f]+|\d+)(?:\s*[,.]\s*(?:chr\s*\(\s*)?(?:0x[0-9a-f]+|\d+)\)?){15,}`)
	codeListRE    = regexp.MustCompile(`\[\s*(?:0x[0-9a-fA-F]{1,2}|\d{1,3})(?:\s*,\s*(?:0x[0-9a-fA-F]{1,2}|\d{1,3})){15,}\s*\]`)
	literalRE     = regexp.MustCompile(`'[A-Za-z0-9+/=_\-]{100,}'|"[A-Za-z0-9+/=_\-]{100,}"|` + "`[A-Za-z0-9+/=_\\-]{100,}`")
	fromCharRE    = regexp.MustCompile(`(?i)fromcharcode|\bchr\s*\(`)
)

// occurrence is where one indicator shows, as byte offsets.
type occurrence struct{ start, end int }

// indicators finds every kind of indicator in src, the file called name, whose decoding is dec.
func indicators(name string, src []byte, lines *scanner.Lines, ms []Mention, dec decode.Result) []Indicator {
	var out []Indicator
	add := func(k IndicatorKind, occ []occurrence, evidence string) {
		if len(occ) == 0 {
			return
		}
		line, col := lines.Position(occ[0].start)
		if evidence == "" {
			evidence = lines.Text(occ[0].start, min(len(src), occ[0].end+60))
		}
		out = append(out, Indicator{Kind: k, Weight: k.Weight(), Line: line, Column: col, Count: len(occ),
			Evidence: rules.Redact(cut(evidence, 120))})
	}
	packed := matches(packerRE, src)
	add(EvalDecoded, evalsDecoded(src, packed, -1), "")
	add(Packer, packed, "")
	if arrays, rot, idents := stringArray(src); len(arrays) > 0 {
		what := fmt.Sprintf("array of strings at line %d", first(lines, arrays))
		if len(rot) > 0 {
			what += ", rotated by " + lines.Text(rot[0].start, rot[0].end)
		}
		if idents >= minHexIdents {
			what += fmt.Sprintf(", %d _0x… identifiers", idents)
		}
		add(StringArray, arrays, what)
	}
	var hidden []occurrence
	evidence := ""
	for _, m := range ms {
		if m.Hidden() && m.External() {
			if evidence == "" {
				evidence = m.Decoded + " (" + m.Encoding + ")"
			}
			hidden = append(hidden, occurrence{m.Offset, m.Offset})
		}
	}
	add(HiddenHost, hidden, evidence)
	nests, evidence := deepNests(name, src, lines, dec)
	add(DeepNesting, nests, evidence)
	runs := matches(escapeRunRE, src)
	if fromCharRE.Match(src) {
		runs = append(runs, matches(codeListRE, src)...)
	}
	sortOccurrences(runs)
	add(EscapeRun, runs, "")
	var entropic []occurrence
	for _, o := range matches(literalRE, src) {
		if entropy(src[o.start+1:o.end-1]) >= minEntropyBits {
			entropic = append(entropic, o)
		}
	}
	add(HighEntropy, entropic, "")
	var long []occurrence
	longest := 0
	for n, start := 1, 0; start < len(src); n++ {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src) - start
		}
		if end > longLine {
			long = append(long, occurrence{start, start + end})
			longest = max(longest, end)
		}
		start += end + 1
	}
	if len(long) > 0 {
		add(LongLine, long, strconv.Itoa(len(long))+" line(s) over 1000 bytes, the longest "+strconv.Itoa(longest)+" bytes")
	}
	return out
}

// evalsDecoded finds the eval-decoded code of src, at most n occurrences (n < 0: all), the
// packer's own eval(function(p,a,c,k,e,d)) left to packed.
func evalsDecoded(src []byte, packed []occurrence, n int) []occurrence {
	var out []occurrence
	for _, m := range evalDecodedRE.FindAllIndex(src, -1) {
		o := occurrence{m[0], m[1]}
		if !bytes.HasPrefix(bytes.ToLower(src[o.start:]), []byte("function")) || !isPacker(packed, o.start) {
			if out = append(out, o); len(out) == n {
				break
			}
		}
	}
	return out
}

// stringArray finds obfuscator.io's string arrays: the array literals of src, when src rotates
// an array (rot) or reads it through minHexIdents or more _0x… identifiers (idents, counted only
// when there are arrays).
func stringArray(src []byte) (arrays, rot []occurrence, idents int) {
	if arrays = stringArrays(src); len(arrays) == 0 {
		return nil, nil, 0
	}
	rot = matches(rotationRE, src)
	idents = len(hexIdentRE.FindAllIndex(src, -1))
	if len(rot) == 0 && idents < minHexIdents {
		return nil, nil, 0
	}
	return arrays, rot, idents
}

// runTimeIn reports whether src, whose decoding is dec, shows one of the runTime indicators, as
// indicators would find it, doing the cheapest searches first.
func runTimeIn(src []byte, dec decode.Result) bool {
	if hasDeepNest(src, dec) {
		return true
	}
	packed := matches(packerRE, src)
	if len(packed) > 0 {
		return true
	}
	if arrays, _, _ := stringArray(src); len(arrays) > 0 {
		return true
	}
	return len(evalsDecoded(src, packed, 1)) > 0
}

// hasDeepNest reports whether deepNests finds anything in src.
func hasDeepNest(src []byte, dec decode.Result) bool {
	for _, l := range dec.Limits {
		if l.Kind == decode.LimitDepth {
			return true
		}
	}
	for _, sp := range dec.Spans {
		if nestLayers(sp) >= minNestLayers && scanner.Hides("", src, sp) {
			return true
		}
	}
	return false
}

// nestLayers counts the layers of sp's chain; concatenation is none.
func nestLayers(sp decode.Span) int {
	n := 0
	for _, f := range sp.Chain {
		if f != decode.Concat {
			n++
		}
	}
	return n
}

// deepNests finds the encoded texts of src peeled minNestLayers or more layers deep (but for
// those that hide nothing: an inline source map's sources are no nesting), and those that
// reached the decoder's depth limit, one occurrence per encoded text. The evidence names the
// deepest chain, or the limit.
func deepNests(name string, src []byte, lines *scanner.Lines, dec decode.Result) ([]occurrence, string) {
	depth := map[int]int{} // layers by the encoded text's offset
	var occ []occurrence
	deepest, chain := 0, ""
	for _, sp := range dec.Spans {
		n := nestLayers(sp)
		if n < minNestLayers || !scanner.Hides(name, src, sp) {
			continue
		}
		if _, seen := depth[sp.Start]; !seen {
			occ = append(occ, occurrence{sp.Start, sp.End})
		}
		depth[sp.Start] = max(depth[sp.Start], n)
		if n > deepest {
			deepest, chain = n, decode.ChainString(sp.Chain)
		}
	}
	evidence := ""
	if deepest > 0 {
		evidence = fmt.Sprintf("%d layers: %s", deepest, chain)
	}
	for _, l := range dec.Limits {
		if l.Kind != decode.LimitDepth {
			continue
		}
		if _, seen := depth[l.Offset]; !seen {
			occ = append(occ, occurrence{l.Offset, l.Offset})
			depth[l.Offset] = 0
		}
		line, _ := lines.Position(l.Offset)
		limit := fmt.Sprintf("nested deeper than the decoder peels at line %d", line)
		if evidence == "" {
			evidence = limit
		} else {
			evidence = limit + "; " + evidence
		}
		break
	}
	sortOccurrences(occ)
	return occ, evidence
}

// stringArrays finds the array literals of minArrayItems or more quoted strings.
func stringArrays(src []byte) []occurrence {
	var out []occurrence
	for i := 0; i < len(src); i++ {
		if src[i] != '[' {
			continue
		}
		j, items := i+1, 0
		for {
			j = skipSpace(src, j)
			end, ok := quoted(src, j)
			if !ok {
				break
			}
			items++
			j = skipSpace(src, end)
			if j < len(src) && src[j] == ',' {
				j++
				continue
			}
			if j < len(src) && src[j] == ']' && items >= minArrayItems {
				out = append(out, occurrence{i, j + 1})
				i = j
			}
			break
		}
	}
	return out
}

func skipSpace(src []byte, i int) int {
	for i < len(src) && isSpace(src[i]) {
		i++
	}
	return i
}

// quoted returns the end of the string literal at i, if one starts there.
func quoted(src []byte, i int) (int, bool) {
	if i >= len(src) || src[i] != '\'' && src[i] != '"' {
		return 0, false
	}
	q := src[i]
	for j := i + 1; j < len(src) && j < i+1000; j++ {
		switch src[j] {
		case '\\':
			j++
		case '\n':
			return 0, false
		case q:
			return j + 1, true
		}
	}
	return 0, false
}

// isPacker reports whether a packer match starts at off.
func isPacker(packed []occurrence, off int) bool {
	for _, p := range packed {
		if off >= p.start && off < p.end {
			return true
		}
	}
	return false
}

func matches(re *regexp.Regexp, src []byte) []occurrence {
	var out []occurrence
	for _, m := range re.FindAllIndex(src, -1) {
		out = append(out, occurrence{m[0], m[1]})
	}
	return out
}

func first(lines *scanner.Lines, occ []occurrence) int {
	n, _ := lines.Position(occ[0].start)
	return n
}

func sortOccurrences(occ []occurrence) {
	slices.SortStableFunc(occ, func(a, b occurrence) int { return a.start - b.start })
}

// entropy is the Shannon entropy of b in bits per byte.
func entropy(b []byte) float64 {
	var counts [256]int
	for _, c := range b {
		counts[c]++
	}
	h := 0.0
	for _, n := range counts {
		if n > 0 {
			p := float64(n) / float64(len(b))
			h -= p * math.Log2(p)
		}
	}
	return h
}

// score sums the weights of the kinds found, capped at 100, and names the verdict.
func score(ind []Indicator) (int, string) {
	s := 0
	for _, i := range ind {
		s += i.Weight
	}
	s = min(s, 100)
	switch {
	case s >= obfuscatedScore:
		return s, "obfuscated"
	case s >= suspiciousScore:
		return s, "suspicious"
	}
	return s, "clean"
}
