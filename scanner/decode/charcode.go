package decode

import "unicode/utf8"

// charCodes converts String.fromCharCode arguments to UTF-8: each number is
// taken modulo 65536 as a UTF-16 code unit and surrogate pairs are joined.
func charCodes(ns []int64) []byte {
	out := make([]byte, 0, len(ns))
	for i := 0; i < len(ns); i++ {
		r := rune(uint16(ns[i]))
		if r >= 0xd800 && r < 0xdc00 && i+1 < len(ns) {
			if r2 := rune(uint16(ns[i+1])); r2 >= 0xdc00 && r2 < 0xe000 {
				r = 0x10000 + (r-0xd800)<<10 + (r2 - 0xdc00)
				i++
			}
		}
		out = utf8.AppendRune(out, r)
	}
	return out
}

// minCodes is the shortest list of numbers read as character codes without a
// fromCharCode or chr( to say so.
const minCodes = 6

// codeList decodes the arguments of the call whose '(' is at i when they are
// a list of character codes that spells text with a hostname or address in
// it, whatever the callee: an alias of String.fromCharCode, a computed member
// (a[b(3,9)](104,…)). k is where the callee's name ends.
func (sc *scan) codeList(k, i int) (int, bool) {
	src := sc.src
	p := parser{sc: sc, src: src}
	j := p.ws(i + 1)
	if j < len(src) && (src[j] == 'n' || src[j] == 't') {
		// f.call(null, 104, …) or f.call(this, 104, …)
		if p.at(j, "null") || p.at(j, "this") {
			if k := p.ws(j + 4); p.at(k, ",") {
				j = p.ws(k + 1)
			}
		}
	}
	if j >= len(src) || !isDigit(src[j]) || !manyNumbers(src, j) {
		return 0, false
	}
	ns, end, ok := p.numbers(j, ')')
	if !ok || len(ns) < minCodes {
		return 0, false
	}
	out, ok := addressCodes(ns)
	if !ok || !sc.st.spend(len(out)) {
		return 0, false
	}
	start := i
	if s := identStart(src, k); s < k {
		start = s
	}
	sc.expand(out, start, end, single[CharCode], false)
	sc.covered = max(sc.covered, end)
	return end, true
}

// manyNumbers is a quick test that a list of at least minCodes numbers starts
// at j: five commas among hex digits, x and white space.
func manyNumbers(src []byte, j int) bool {
	commas := 0
	for k := j; k < len(src) && commas < minCodes-1; k++ {
		c := src[k]
		if c == ',' {
			commas++
		} else if !isHex(c) && c != ' ' && c != 'x' && c != 'X' && c != '\n' && c != '\r' && c != '\t' {
			break
		}
	}
	return commas >= minCodes-1
}

// addressCodes decodes ns as character codes when every code is a printable
// character and the text holds a hostname or address (see hasAddress): a
// list of numbers that is data (coordinates, lookup tables, the bytes of an
// image) fails one or the other.
func addressCodes(ns []int64) ([]byte, bool) {
	for _, n := range ns {
		if !printableCode(n) {
			return nil, false
		}
	}
	out := charCodes(ns)
	if !hasAddress(out) {
		return nil, false
	}
	return out, true
}

// printableCode reports whether n is the code of a printable character:
// ASCII graphics, space, tab, newline, carriage return, or a UTF-16 code
// unit at or above U+00A0.
func printableCode(n int64) bool {
	switch {
	case n >= 0x20 && n < 0x7f, n == '\t', n == '\n', n == '\r':
		return true
	case n >= 0xa0 && n <= 0xffff:
		return true
	}
	return false
}
