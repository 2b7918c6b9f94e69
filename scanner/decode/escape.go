package decode

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// The hex-escape, unicode-escape and octal-escape families share one decoder:
// a JavaScript (or PHP double-quoted) string literal mixes them freely, and the
// family reported is the one used most.

// unescape decodes backslash escapes in t: \xHH, \uHHHH, \u{H…}, octal \NNN
// and the one-letter escapes. It returns the decoded text, the escape family
// used most and how many \x, \u and octal escapes hid a character worth
// hiding (see hides): escaped accents or quotes are ordinary text.
func unescape(t []byte) (out []byte, fam Family, n int) {
	return unescapeTo(nil, t)
}

// unescapeTo is unescape appending to dst[:0] when dst is not nil.
func unescapeTo(dst, t []byte) (out []byte, fam Family, n int) {
	if dst == nil {
		out = make([]byte, 0, len(t))
	} else {
		out = dst[:0]
	}
	var hex, uni, oct int
	for i := 0; i < len(t); {
		k := bytes.IndexByte(t[i:], '\\')
		if k < 0 {
			out = append(out, t[i:]...)
			break
		}
		out = append(out, t[i:i+k]...)
		i += k + 1
		if i >= len(t) {
			out = append(out, '\\')
			break
		}
		c := t[i]
		switch {
		case c == 'x' || c == 'X':
			if i+2 < len(t) && isHex(t[i+1]) && isHex(t[i+2]) {
				r := rune(hexVal(t[i+1])<<4 | hexVal(t[i+2]))
				out = utf8.AppendRune(out, r)
				hex += hides(r)
				i += 3
				continue
			}
			out = append(out, c)
			i++
		case c == 'u':
			r, w := unicodeEscape(t[i+1:])
			if w == 0 {
				out = append(out, c)
				i++
				continue
			}
			i += 1 + w
			if r >= 0xd800 && r < 0xdc00 && i+1 < len(t) && t[i] == '\\' && t[i+1] == 'u' {
				if r2, w2 := unicodeEscape(t[i+2:]); w2 > 0 && r2 >= 0xdc00 && r2 < 0xe000 {
					r = 0x10000 + (r-0xd800)<<10 + (r2 - 0xdc00)
					i += 2 + w2
				}
			}
			out = utf8.AppendRune(out, r)
			uni += hides(r)
		case c >= '0' && c <= '7':
			v, w := 0, 0
			maxW := 3
			if c > '3' {
				maxW = 2
			}
			for w < maxW && i+w < len(t) && t[i+w] >= '0' && t[i+w] <= '7' {
				v = v<<3 | int(t[i+w]-'0')
				w++
			}
			out = utf8.AppendRune(out, rune(v))
			oct += hides(rune(v))
			i += w
		case c == '\n':
			i++ // line continuation
		case c == '\r':
			i++
			if i < len(t) && t[i] == '\n' {
				i++
			}
		default:
			out = append(out, simpleEscape(c))
			i++
		}
	}
	n = hex + uni + oct
	switch {
	case n == 0:
	case hex >= uni && hex >= oct:
		fam = HexEscape
	case uni >= oct:
		fam = UnicodeEscape
	default:
		fam = OctalEscape
	}
	return out, fam, n
}

// unicodeEscape decodes the text after \u: HHHH or {H…}. w is 0 when it is
// not a valid escape.
func unicodeEscape(t []byte) (r rune, w int) {
	if len(t) > 0 && t[0] == '{' {
		for w = 1; w < len(t) && w <= 7 && isHex(t[w]); w++ {
			r = r<<4 | rune(hexVal(t[w]))
		}
		if w == 1 || w >= len(t) || t[w] != '}' || r > utf8.MaxRune {
			return 0, 0
		}
		return r, w + 1
	}
	if len(t) < 4 {
		return 0, 0
	}
	for k := range 4 {
		if !isHex(t[k]) {
			return 0, 0
		}
		r = r<<4 | rune(hexVal(t[k]))
	}
	return r, 4
}

func simpleEscape(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 't':
		return '\t'
	case 'r':
		return '\r'
	case 'b':
		return '\b'
	case 'f':
		return '\f'
	case 'v':
		return '\v'
	}
	return c
}

func hexVal(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10
	}
	return 0
}

// decodeEscapes is the escape families' decoder for decoded text.
func decodeEscapes(sc *scan, t []byte) ([]byte, Family, bool) {
	if bytes.IndexByte(t, '\\') < 0 {
		return nil, 0, false
	}
	out, f, n := unescapeTo(sc.st.tmpBuf(len(t)), t)
	sc.st.tmp = out[:0]
	if n == 0 || !sc.st.spend(len(out)) {
		return nil, 0, false
	}
	return bytes.Clone(out), f, true
}

// hexDecode decodes a string of hex digit pairs, as PHP's hex2bin does.
func hexDecode(t []byte) ([]byte, bool) {
	if len(t)%2 != 0 || len(t) == 0 {
		return nil, false
	}
	out := make([]byte, len(t)/2)
	for i := range out {
		a, b := t[2*i], t[2*i+1]
		if !isHex(a) || !isHex(b) {
			return nil, false
		}
		out[i] = hexVal(a)<<4 | hexVal(b)
	}
	return out, true
}

// runeLen is the length of the UTF-8 sequence at the start of b (1 for an
// invalid byte).
func runeLen(b []byte) int {
	if b[0] < utf8.RuneSelf {
		return 1
	}
	_, n := utf8.DecodeRune(b)
	return n
}

// hides returns 1 when an escape of r hides something: an ASCII letter or
// digit, or a character of URL syntax.
func hides(r rune) int {
	if r < utf8.RuneSelf && (isAlnum(byte(r)) || strings.IndexByte(".:/@-?=&#%", byte(r)) >= 0) {
		return 1
	}
	return 0
}
