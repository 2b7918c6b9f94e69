package decode

import (
	"bytes"
	"unicode/utf8"
)

// percentDecode decodes %HH and %uHHHH escapes. significant reports that some
// escape hid an alphanumeric character or '.', or that %3A%2F%2F hid "://":
// escaped punctuation in a query string is not worth a span.
func percentDecode(t []byte) (out []byte, changed, significant bool) {
	return percentDecodeTo(make([]byte, 0, len(t)), t)
}

// percentDecodeTo is percentDecode appending to dst[:0].
func percentDecodeTo(dst, t []byte) (out []byte, changed, significant bool) {
	out = dst[:0]
	run := 0
	for i := 0; i < len(t); {
		k := bytes.IndexByte(t[i:], '%')
		if k < 0 {
			out = append(out, t[i:]...)
			break
		}
		if k > 0 {
			run = 0
		}
		out = append(out, t[i:i+k]...)
		i += k
		switch {
		case i+2 < len(t) && isHex(t[i+1]) && isHex(t[i+2]):
			c := hexVal(t[i+1])<<4 | hexVal(t[i+2])
			out = append(out, c)
			i += 3
			if isAlnum(c) || c == '.' {
				significant = true
			}
		case i+5 < len(t) && (t[i+1] == 'u' || t[i+1] == 'U') && isHex(t[i+2]) && isHex(t[i+3]) && isHex(t[i+4]) && isHex(t[i+5]):
			r := rune(hexVal(t[i+2]))<<12 | rune(hexVal(t[i+3]))<<8 | rune(hexVal(t[i+4]))<<4 | rune(hexVal(t[i+5]))
			out = utf8.AppendRune(out, r)
			i += 6
			significant = true
		default:
			out = append(out, '%')
			i++
			run = 0
			continue
		}
		changed = true
		if bytes.HasSuffix(out, []byte("://")) && run >= 2 {
			significant = true // an encoded scheme separator
		}
		run++
	}
	return out, changed, significant
}

// decodeURLEscapes is the url-encoded family's decoder.
func decodeURLEscapes(sc *scan, t []byte) ([]byte, Family, bool) {
	if !hasPercentEscape(t) {
		return nil, 0, false
	}
	out, _, sig := percentDecodeTo(sc.st.tmpBuf(len(t)), t)
	sc.st.tmp = out[:0]
	if !sig || !sc.st.spend(len(out)) {
		return nil, 0, false
	}
	return bytes.Clone(out), URLEncoded, true
}

// hasPercentEscape reports whether t holds an escape that percentDecodeTo
// decodes, %HH or %uHHHH: a '%' of prose or a format ("%s", "50%") leaves
// the text unchanged, and is passed over without copying it.
func hasPercentEscape(t []byte) bool {
	for i := 0; ; i++ {
		k := bytes.IndexByte(t[i:], '%')
		if k < 0 {
			return false
		}
		i += k
		if i+2 < len(t) && isHex(t[i+1]) && isHex(t[i+2]) ||
			i+5 < len(t) && (t[i+1] == 'u' || t[i+1] == 'U') && isHex(t[i+2]) && isHex(t[i+3]) && isHex(t[i+4]) && isHex(t[i+5]) {
			return true
		}
	}
}
