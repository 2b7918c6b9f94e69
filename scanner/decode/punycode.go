package decode

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// isHostRune reports whether r may appear in a Unicode hostname.
func isHostRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isAlnum(byte(r)) || r == '-' || r == '.'
	}
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || isIDNADot(r)
}

// isIDNADot reports the full stops IDNA maps to '.'.
func isIDNADot(r rune) bool { return r == 0x3002 || r == 0xff0e || r == 0xff61 }

// decodePunycode rewrites hostnames with non-ASCII labels (U-labels) in t as
// their A-label form, xn--….
func decodePunycode(sc *scan, t []byte) ([]byte, Family, bool) {
	first := firstHigh(t)
	if first < 0 || !mayUnicodeHost(t) {
		return nil, 0, false
	}
	var out []byte
	last := 0
	for i := first; i < len(t); {
		if t[i] < utf8.RuneSelf {
			i++
			continue
		}
		// Extend the host run around the non-ASCII rune at i.
		a := i
		for a > last {
			r, n := utf8.DecodeLastRune(t[last:a])
			if !isHostRune(r) {
				break
			}
			a -= n
		}
		e := i
		for e < len(t) {
			r, n := utf8.DecodeRune(t[e:])
			if !isHostRune(r) {
				break
			}
			e += n
		}
		if e == i { // a non-host rune such as punctuation
			_, n := utf8.DecodeRune(t[i:])
			i += n
			continue
		}
		host := trimHost(t[a:e])
		a += bytes.Index(t[a:e], host)
		if !mayUnicodeHost(host) {
			i = e
			continue
		}
		if ace, ok := toALabel(host); ok {
			out = append(append(out, t[last:a]...), ace...)
			last = a + len(host)
		}
		i = e
	}
	return sc.splice(out, t, last, Punycode)
}

// firstHigh returns the index of the first non-ASCII byte of t, or -1.
func firstHigh(t []byte) int {
	i := 0
	for ; i+8 <= len(t); i += 8 {
		if w := binary.LittleEndian.Uint64(t[i:]) & 0x8080808080808080; w != 0 {
			return i + bits.TrailingZeros64(w)/8
		}
	}
	for ; i < len(t); i++ {
		if t[i] >= utf8.RuneSelf {
			return i
		}
	}
	return -1
}

// trimHost drops dots and hyphens at either end of a host run.
func trimHost(h []byte) []byte {
	for len(h) > 0 && (h[0] == '.' || h[0] == '-') {
		h = h[1:]
	}
	for len(h) > 0 && (h[len(h)-1] == '.' || h[len(h)-1] == '-') {
		h = h[:len(h)-1]
	}
	return h
}

// toALabel converts a hostname with at least two labels, a non-ASCII label
// and an ASCII top-level label of letters to its A-label form.
func toALabel(h []byte) (string, bool) {
	s := string(h)
	labels := 0
	var tld []rune
	for _, r := range s {
		if r == '.' || isIDNADot(r) {
			labels++
			tld = tld[:0]
			continue
		}
		tld = append(tld, r)
	}
	if labels == 0 || len(tld) < 2 {
		return "", false
	}
	for _, r := range tld {
		// An ASCII top-level label: prose in scripts without spaces (and
		// their full stops) is not taken for a hostname.
		if r >= utf8.RuneSelf || !isAlpha(byte(r)) {
			return "", false
		}
	}
	// Every label with non-ASCII letters also holds an ASCII letter, as a
	// homograph of a Latin name does: prose in other scripts is no hostname.
	for label := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == '.' || isIDNADot(r) }) {
		ascii, other := false, false
		for _, r := range label {
			if r < utf8.RuneSelf {
				ascii = ascii || isAlpha(byte(r))
			} else {
				other = true
			}
		}
		if other && !ascii {
			return "", false
		}
	}
	ace, err := idna.Lookup.ToASCII(s)
	if err != nil {
		if ace, err = idna.Punycode.ToASCII(s); err != nil {
			return "", false
		}
	}
	if ace == s || !bytes.Contains([]byte(ace), []byte("xn--")) {
		return "", false
	}
	return ace, true
}

// mayUnicodeHost reports whether t may hold a hostname with a non-ASCII label
// and an ASCII top-level label (see toALabel): it has a dot, or an IDNA full
// stop, followed by an ASCII letter.
func mayUnicodeHost(t []byte) bool {
	for i := 0; i+1 < len(t); i++ {
		switch t[i] {
		case '.':
			if isAlpha(t[i+1]) {
				return true
			}
		case 0xe3, 0xef: // 。 (e3 80 82), ． (ef bc 8e), ｡ (ef bd a1)
			if i+3 < len(t) && isAlpha(t[i+3]) {
				if r, _ := utf8.DecodeRune(t[i:]); isIDNADot(r) {
					return true
				}
			}
		}
	}
	return false
}
