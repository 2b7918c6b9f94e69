package decode

import (
	"bytes"
	"html"
	"unicode/utf8"
)

// decodeEntities decodes HTML character references in t. It reports a change
// only when t holds a numeric reference or a named one other than the
// escapes every page uses (&amp; &lt; &gt; &quot; &apos; &nbsp;).
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
		i += k + 1
		if i >= len(t) {
			return false
		}
		if t[i] == '#' {
			if i+1 < len(t) && (isDigit(t[i+1]) || (t[i+1] == 'x' || t[i+1] == 'X') && i+2 < len(t) && isHex(t[i+2])) {
				return true
			}
			continue
		}
		e := i
		for e < len(t) && e-i < 32 && isAlnum(t[e]) {
			e++
		}
		if e == i || e >= len(t) || t[e] != ';' {
			continue
		}
		switch string(t[i:e]) {
		case "amp", "lt", "gt", "quot", "apos", "nbsp", "AMP", "LT", "GT", "QUOT":
		default:
			// A known name decodes whole, to one or two runes.
			if r := html.UnescapeString(string(t[i-1 : e+1])); utf8.RuneCountInString(r) <= 2 {
				return true
			}
		}
	}
	return false
}
