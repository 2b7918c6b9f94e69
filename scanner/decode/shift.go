package decode

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

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

// shiftKey returns the constant k by which t looks shifted, from one of the
// indicators above, or 0. It reads eight bytes at a time: both indicators
// repeat a byte ("<11": the shifted slashes; "&3G&3G": the shifted '%' three
// bytes on), and most eight-byte words of ordinary text hold neither a byte
// equal to the next nor one equal to the third after it.
func shiftKey(t []byte) int {
	if len(t) < minShifted {
		return 0
	}
	if t[0] == t[1] && validShift(int(t[0])-'/') && isShiftedHost(t[2], int(t[0])-'/') {
		return int(t[0]) - '/' // "//host…"
	}
	// An indicator is followed by a host of shiftMinHost bytes, so it starts
	// before len(t)-shiftMinHost-2: the words read reach there, the last one
	// overlapping the one before.
	for i, last := 0, false; !last; i += 8 {
		if last = i+11 >= len(t); last {
			i = len(t) - 11
		}
		w := binary.LittleEndian.Uint64(t[i:])
		w1 := binary.LittleEndian.Uint64(t[i+1:])
		m := zeroByte(w^w1) | zeroByte(w^binary.LittleEndian.Uint64(t[i+3:]))
		// Only a byte that may be a shifted '/' or '%' counts: 0x21 to 0x34,
		// or a space ('%'-5) before a '-' ('2'-5). The mask is computed
		// whether or not a byte repeats: whether a word of text holds a
		// repeat is close to a coin toss, and a branch on it is mispredicted
		// often.
		m &= between(w, 0x20, 0x35) | zeroByte(w^0x2020202020202020)&zeroByte(w1^0x2d2d2d2d2d2d2d2d)
		for ; m != 0; m &= m - 1 {
			// The byte of each high bit set (a zero byte's borrow may set the
			// bits above it too: shiftAt checks exactly).
			if k := shiftAt(t, i+bits.TrailingZeros64(m)/8); k != 0 {
				return k
			}
		}
	}
	return 0
}

// shiftLead marks the bytes an indicator's repeated byte may be: '/' or '%'
// moved by 1 to maxShift either way.
var shiftLead = func() (t [256]bool) {
	for k := -maxShift; k <= maxShift; k++ {
		if k != 0 {
			t['/'+k], t['%'+k] = true, true
		}
	}
	return t
}()

// zeroByte is not 0 when some byte of x is 0.
func zeroByte(x uint64) uint64 {
	return (x - 0x0101010101010101) & ^x & 0x8080808080808080
}

// between has the high bit of each byte of x that lies strictly between lo
// and hi (both at most 0x80) set, exactly.
func between(x uint64, lo, hi uint64) uint64 {
	const ones, low7 = 0x0101010101010101, 0x7f7f7f7f7f7f7f7f
	y := x & low7
	return (ones*(127+hi) - y) & ^x & (y + ones*(127-lo)) & (ones * 0x80)
}

// shiftAt returns the shift of an indicator at t[j]: the first of the two
// shifted slashes of "://", or the first shifted '%' of "%2F%2F"; or 0.
func shiftAt(t []byte, j int) int {
	c := t[j]
	if !shiftLead[c] {
		return 0
	}
	if j >= 1 && j+1 < len(t) && t[j+1] == c {
		if k := int(c) - '/'; validShift(k) && t[j-1] == c+11 {
			return k
		}
	}
	if j+5 < len(t) && t[j+3] == c {
		if k := int(c) - '%'; validShift(k) && t[j+1] == byte('2'+k) &&
			(t[j+2] == byte('F'+k) || t[j+2] == byte('f'+k)) && t[j+4] == t[j+1] && t[j+5] == t[j+2] {
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
