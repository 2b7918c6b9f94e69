package decode

import "testing"

// TestDeadHighBytes holds deadHigh's byte sets to highToken: a byte that deadHigh takes for the
// end of a token (isHostSep, isStop) ends every token highToken reads, whatever is around it
// (delim, isDelim in and out of defang marks, and highToken looks at it: inHighToken), and a
// byte at which highToken may find a hostname (mayUnicodeHost) is one of isHostDot's. A byte
// added to isHostSep that does not end every token (a ',' or a '(' of "(.)") would drop the
// non-ASCII bytes before a hostname from the triggers; a full stop that mayUnicodeHost learns
// without isHostDot would drop those before it. Random texts rarely hold such a hostname whose
// decoding changes, so TestDeadTriggers may not see either.
func TestDeadHighBytes(t *testing.T) {
	t.Parallel()
	contexts := []string{"ab%cde", "a(%c)b", "a(.%c", "%c.)", "a(dot%c", "(%cdot)", "a[%c]b", "ü%cü"}
	for c := 0; c < 256; c++ {
		if isHostSep[c]|isStop[c] == 0 {
			continue
		}
		if !delim[c] || inHighToken[c] == 0 {
			t.Errorf("byte %q ends a token for deadHigh, but delim = %v, inHighToken = %d", byte(c), delim[c], inHighToken[c])
		}
		for _, ctx := range contexts {
			src := []byte(ctx)
			k := -1
			for j := range src {
				if src[j] == '%' && j+1 < len(src) && src[j+1] == 'c' {
					k = j
				}
			}
			src = append(append(append([]byte{}, src[:k]...), byte(c)), src[k+2:]...)
			if !isDelim(src, k, +1) {
				t.Errorf("byte %q ends a token for deadHigh, but isDelim(%q, %d) is false", byte(c), src, k)
			}
		}
	}
	for c := 0; c < 256; c++ {
		if isHostDot[c] != 0 && inHighToken[c] == 0 {
			t.Errorf("byte %q is a dot for deadHigh, but highToken does not look at it", byte(c))
		}
		for _, rest := range []string{"a", "ab", "\x80\x82a", "\xbc\x8ea", "\xbd\xa1a", "\x80\x80a", "\xbf\xbfa"} {
			w := append([]byte{byte(c)}, rest...)
			for n := 2; n <= len(w); n++ {
				if isHostDot[c] == 0 && mayUnicodeHostAt0(w[:n]) {
					t.Errorf("mayUnicodeHost(%q) finds a hostname at byte %q, which isHostDot leaves out", w[:n], byte(c))
				}
			}
		}
	}
}

// mayUnicodeHostAt0 is mayUnicodeHost asked about t[0] alone: a hostname at a later byte of t
// is one that highToken asks about at that byte.
func mayUnicodeHostAt0(t []byte) bool {
	return mayUnicodeHost(t) && !mayUnicodeHost(t[1:])
}
