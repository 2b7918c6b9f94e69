package decode

import "github.com/shieldscan/shieldscan/internal/refang"

// Defanged indicators, as threat reports write them: hxxps://host[.]example, host{dot}example,
// 203,0,113,7 and the other styles of package internal/refang, which package rules parses
// resources with: one definition, so that a style accepted as a resource is found in text too.
// internal/refang imports only the standard library and golang.org/x/sys/cpu.

// mayDefang is a quick test that a defang mark may start at src[i], an opening bracket ('(' or
// '['), and so that refang.At may count one there: the bracket opens a scheme ("(hxxps)://"), or
// the first byte after the run of brackets it starts (three at most, as refang reads them) may
// start a mark's core: a separator, "dot" in one of its languages, "at" or "www". A space there
// would lie inside the mark, which At does not count ("( a )", the spacing of jQuery's code).
// TestMayDefang checks that it never rejects what At counts.
func mayDefang(src []byte, i int) bool {
	if i+2 >= len(src) {
		return false
	}
	if defangScheme[src[i+1]] {
		return true
	}
	j := i + 1
	for j-i < 3 && defangBracket[src[j]] {
		j++
	}
	return j < len(src) && defangCore[src[j]]
}

// defangScheme marks the first letters of a (defanged) scheme, defangBracket the bytes refang
// reads as brackets, and defangCore the bytes that may start the core of a mark after them.
var defangScheme, defangBracket, defangCore = byteSet("hHwWxX"), byteSet("[](){}<>"), byteSet(".:/-@dDpPaAwW")

func byteSet(s string) (t [256]bool) {
	for _, c := range []byte(s) {
		t[c] = true
	}
	return t
}

// defangAt returns the length of the defang mark (or defanged scheme) at src[i], or 0. Marks
// with spaces inside are not counted: they span several tokens.
func defangAt(src []byte, i int) int {
	if i < 0 || i >= len(src) {
		return 0
	}
	return refang.At(src, i)
}

func isHostByte(c byte) bool { return isAlnum(c) || c == '-' || c >= 0x80 }

// decodeDefanged is the defanged family's decoder.
func decodeDefanged(sc *scan, t []byte) ([]byte, Family, bool) {
	out := refang.Text(t)
	if out == nil || !sc.st.spend(len(out)) {
		return nil, 0, false
	}
	return out, Defanged, true
}

// defangRegions emits a span for each defanged indicator of the input that the triggers of run
// do not reach: marks outside string literals that hold spaces, braces, angle brackets,
// backslashes or carets ("evil{dot}example", "example [.] com", "evil\.example",
// "203<.>0<.>113<.>7"), a word in parentheses ("evil(punto)example"), "xxxx://", "http__",
// "-dot-", "__" and commas between IPv4 octets. Spans must call it on the top-level scan after
// run (see the package's defanged table test, which does).
func (sc *scan) defangRegions() {
	if !sc.top {
		return
	}
	for start, end := range refang.Regions(sc.src) {
		if sc.st.truncated {
			return
		}
		sc.expand(sc.src[start:end], start, end, nil, true)
	}
}
