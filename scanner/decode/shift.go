package decode

import "bytes"

// Byte shifts: a skimmer stores its URL with every character moved by a
// constant and undoes it at run time (String.fromCharCode(s.charCodeAt(i)-1)),
// so "https://" is stored as "iuuqt;00". Trying the ten shifts on every
// literal would cost ten passes; instead one pass looks for what a shift
// leaves of a URL's separator, which ordinary text rarely holds: "://"
// shifted (";00", "<11", … for +1…+5, "9..", "8--", … for -1…-5), "%2F%2F"
// shifted (a URL that was percent-encoded first: "&3G&3G"), or "//" shifted
// at the start of the text. Only a text whose unshifted form then holds a URL
// with a host of at least shiftMinHost characters is decoded.

const (
	// maxShift is the largest constant tried, either way.
	maxShift = 5
	// shiftMinHost is the shortest host a shifted URL may have: the scanner's
	// floor for the Caesar spellings of a needle, since short shifted strings
	// turn up by chance.
	shiftMinHost = 8
	// minShifted is the shortest text searched: "a://" and a host.
	minShifted = 4 + shiftMinHost
)

// shiftLead marks the bytes that may start an indicator: ':' or '%' moved by
// 1 to maxShift either way.
var shiftLead = func() (t [256]bool) {
	for k := -maxShift; k <= maxShift; k++ {
		if k != 0 {
			t[':'+k], t['%'+k] = true, true
		}
	}
	return t
}()

// shiftKey returns the constant k by which t looks shifted, from one of the
// indicators above, or 0.
func shiftKey(t []byte) int {
	if len(t) < minShifted {
		return 0
	}
	if t[0] == t[1] && validShift(int(t[0])-'/') && isShiftedHost(t[2], int(t[0])-'/') {
		return int(t[0]) - '/' // "//host…"
	}
	for i := 0; i+2 < len(t); i++ {
		c := t[i]
		if !shiftLead[c] {
			continue
		}
		if k := int(c) - ':'; validShift(k) && t[i+1] == byte('/'+k) && t[i+2] == t[i+1] {
			return k
		}
		if k := int(c) - '%'; validShift(k) && i+5 < len(t) && t[i+1] == byte('2'+k) &&
			(t[i+2] == byte('F'+k) || t[i+2] == byte('f'+k)) && t[i+3] == c && t[i+4] == t[i+1] && t[i+5] == t[i+2] {
			return k
		}
	}
	return 0
}

func validShift(k int) bool { return k != 0 && k >= -maxShift && k <= maxShift }

// isShiftedHost reports whether c, moved back by k, may start a host.
func isShiftedHost(c byte, k int) bool { return isAlnum(byte(int(c) - k)) }

// unshiftTo appends t with every ASCII byte moved back by k to dst[:0].
// Bytes above 0x7f are copied: a shift of UTF-16 code units moves a
// non-ASCII character to another non-ASCII one, which hides no host.
func unshiftTo(dst, t []byte, k int) []byte {
	out := dst[:0]
	for _, c := range t {
		if c < 0x80 {
			c = byte(int(c) - k)
		}
		out = append(out, c)
	}
	return out
}

// holdsURL reports whether u holds "scheme://host" or starts with "//host",
// with a host of at least shiftMinHost characters, maybe percent-encoded
// (once).
func holdsURL(u []byte) bool {
	if holdsPlainURL(u) {
		return true
	}
	if bytes.Contains(u, []byte("%2")) {
		if d, changed, _ := percentDecode(u); changed {
			return holdsPlainURL(d)
		}
	}
	return false
}

// holdsPlainURL is holdsURL without percent-decoding.
func holdsPlainURL(u []byte) bool {
	if bytes.HasPrefix(u, []byte("//")) && hostAt(u, 2) {
		return true
	}
	for i := 0; ; {
		k := bytes.Index(u[i:], []byte("://"))
		if k < 0 {
			break
		}
		i += k
		if i >= 2 && isAlpha(u[i-1]) && isAlpha(u[i-2]) && hostAt(u, i+3) {
			return true
		}
		i += 3
	}
	return false
}

// hostAt reports whether a host of at least shiftMinHost characters starts at
// u[i].
func hostAt(u []byte, i int) bool {
	e := i
	for e < len(u) && isHostChar(u[e]) {
		e++
	}
	return e-i >= shiftMinHost && isAddress(u[i:e])
}

// shifted decodes t, which stands for sc.src[ls:le] after chain c, when it is
// a byte shift of a URL, and reports whether it emitted a span. The decoded
// text is expanded further: a shift of a percent-encoded URL gives the chain
// shift>url-encoded.
func (sc *scan) shifted(t []byte, ls, le int, c []Family) bool {
	if sc.probe || len(c) > 0 && c[len(c)-1] == ByteShift {
		return false
	}
	k := shiftKey(t)
	if k == 0 {
		return false
	}
	u := unshiftTo(sc.st.tmpBuf(len(t)), t, k)
	sc.st.tmp = u[:0]
	if !holdsURL(u) || !sc.st.spend(len(u)) {
		return false
	}
	return sc.expand(bytes.Clone(u), ls, le, with(c, ByteShift), false)
}
