package decode

import (
	"bytes"
	"html"
	"strings"
	"unicode/utf8"
)

// decodeEntities decodes HTML character references in t. It reports a change
// only when one of them hides a character worth hiding (see entityAt).
func decodeEntities(sc *scan, t []byte) ([]byte, Family, bool) {
	if bytes.IndexByte(t, '&') < 0 || !significantEntity(t) {
		return nil, 0, false
	}
	out := []byte(html.UnescapeString(string(t)))
	if bytes.Equal(out, t) || !sc.st.spend(len(out)) {
		return nil, 0, false
	}
	return out, HTMLEntity, true
}

func significantEntity(t []byte) bool {
	for i := 0; i < len(t); i++ {
		k := bytes.IndexByte(t[i:], '&')
		if k < 0 {
			return false
		}
		i += k
		if entityAt(t, i) > 0 {
			return true
		}
	}
	return false
}

// entityAt returns the length of a character reference at t[i] that hides
// a character worth hiding: an ASCII letter or digit, or a character of URL
// syntax. References to other characters (&amp;, &copy;, &#8212;) are
// ordinary HTML.
func entityAt(t []byte, i int) int {
	if i+2 >= len(t) || t[i] != '&' {
		return 0
	}
	j := i + 1
	var r rune
	if t[j] == '#' {
		j++
		base := rune(10)
		if t[j] == 'x' || t[j] == 'X' {
			base = 16
			j++
		}
		s := j
		for j < len(t) && j-s < 8 && (base == 16 && isHex(t[j]) || isDigit(t[j])) {
			r = r*base + rune(hexVal(t[j]))
			j++
		}
		if j == s {
			return 0
		}
		if j < len(t) && t[j] == ';' {
			j++
		}
	} else {
		for j < len(t) && j-i < 34 && isAlnum(t[j]) {
			j++
		}
		if j == i+1 || j >= len(t) || t[j] != ';' {
			return 0
		}
		j++
		switch string(t[i+1 : j-1]) {
		case "colon":
			r = ':'
		case "sol":
			r = '/'
		case "period":
			r = '.'
		case "commat":
			r = '@'
		case "lowbar", "UnderBar":
			r = '_'
		case "quest":
			r = '?'
		case "equals":
			r = '='
		case "num":
			r = '#'
		case "percnt":
			r = '%'
		default:
			return 0
		}
	}
	if r < utf8.RuneSelf && (isAlnum(byte(r)) || strings.IndexByte(".:/@-_?=#%", byte(r)) >= 0) {
		return j - i
	}
	return 0
}
