package decode

import "math/bits"

// A literal of minShifted bytes or more is read once, sixteen bytes at a
// time on amd64, for the two searches that every such literal is given and
// that almost every one fails: a byte shift's indicator (shiftKey) and a
// base64 run (nextB64Run). Only a literal that may hold one is searched.

// maxScreened is the length of a window of a literal that screenBits
// classifies: its bytes' classes are one 64-bit mask each.
const maxScreened = 64

// screenPad is the number of bytes screenBits reads: a window, and the
// three after its last that its comparisons reach.
const screenPad = maxScreened + 3

// screen reports whether shiftKey may find an indicator in t (it does not
// when shift is false) and whether t holds a run of minB64Run base64
// characters (exactly when nextB64Run(t, 0) finds one).
// mask holds t's base64 characters (bit k for t[k]) when t is at most
// maxScreened bytes long.
func screen(t []byte) (shift, b64 bool, mask uint64) {
	return screenFor(t, true, true)
}

// mayShift is screen's answer for shiftKey alone.
func mayShift(t []byte) bool {
	shift, _, _ := screenFor(t, true, false)
	return shift
}

// hasB64Run is screen's answer for nextB64Run alone: none in a text shorter
// than a run.
func hasB64Run(t []byte) bool {
	if len(t) < minB64Run {
		return false
	}
	_, b64, _ := screenFor(t, false, true)
	return b64
}

// screenFor is screen, reading t until the searches wanted are answered:
// the answer for one not wanted is true. A window is classified in place
// when t's capacity holds the three bytes past it (t is a slice of the
// text: those bytes can only add a candidate for shiftAt, whose every
// indicator lies within t, and the masks are cut to t), else in a copy.
func screenFor(t []byte, wantShift, wantB64 bool) (shift, b64 bool, mask uint64) {
	// "//host": the one indicator at the start of t that shiftKey reads
	// without the byte before it.
	shift = !wantShift || len(t) > 1 && t[0] == t[1] && validShift(int(t[0])-'/')
	b64 = !wantB64
	run := 0 // the base64 characters that end the windows read so far
	for a := 0; a < len(t) && !(shift && b64); a += maxScreened {
		w := t[a:]
		n := min(len(w), maxScreened)
		var b, s uint64
		if cap(w) >= screenPad {
			b, s = screenBits((*[screenPad]byte)(w[:screenPad]), n)
		} else {
			var pad [screenPad]byte
			copy(pad[:], w[:n])
			b, s = screenBits(&pad, n)
		}
		if n < maxScreened {
			b &= 1<<n - 1
			s &= 1<<n - 1
		}
		shift = shift || s != 0
		if a == 0 {
			mask = b
		}
		if b64 {
			continue
		}
		// A run across the edge with the last window, or one inside this one.
		b64 = runStarts(b) != 0 || run+bits.TrailingZeros64(^b) >= minB64Run
		if b == ^uint64(0) {
			run += maxScreened
		} else {
			run = bits.LeadingZeros64(^b)
		}
	}
	return shift, b64, mask
}

// maskRun is nextB64Run(t, i) for a text t of at most maxScreened bytes
// whose base64 characters are the bits of mask.
func maskRun(mask uint64, i int) (s, e int) {
	if i >= maxScreened {
		return -1, -1
	}
	r := runStarts(mask >> i)
	if r == 0 {
		return -1, -1
	}
	s = i + bits.TrailingZeros64(r)
	return s, s + bits.TrailingZeros64(^(mask >> s))
}

// runStarts has bit k set where bits k to k+minB64Run-1 of m are all set: the base64
// characters that start a run of minB64Run (sixteen: four shifted ANDs).
func runStarts(m uint64) uint64 {
	r := m & (m >> 1)
	r &= r >> 2
	r &= r >> 4
	return r & (r >> 8)
}

// runStarts's shifts count sixteen: a change of minB64Run does not compile until they change too.
const _ = uint(minB64Run-16) + uint(16-minB64Run)

// screenBitsGo returns, for each k of 0 to 63 below n rounded up to a
// multiple of 16, bit k of b64 set when w[k] is a base64 character (either
// alphabet), and bit k of shift set when w[k] may start a shift indicator
// that shiftAt finds at k or k+1: w[k:k+3] is "://" shifted by 1 to
// maxShift either way (a shifted ':' and two shifted '/'), or w[k:k+4] is a
// shifted '%' and '2' and a byte and the '%' again.
func screenBitsGo(w *[screenPad]byte, n int) (b64, shift uint64) {
	for k := range min(maxScreened, (n+15)&^15) {
		c := w[k]
		b64 |= uint64(isB64[c]) << k
		colon := c >= 0x35 && c <= 0x3f && c != ':' && w[k+1] == c-11 && w[k+2] == w[k+1]
		pct := c >= 0x20 && c <= 0x2a && c != '%' && w[k+1] == c+13 && w[k+3] == c
		if colon || pct {
			shift |= 1 << k
		}
	}
	return b64, shift
}
