package decode

import "unicode/utf8"

const (
	minB64Run    = 16  // shortest base64 run considered outside a decoding call
	b64Probe     = 64  // characters decoded to choose an alignment
	minPrintable = 0.9 // share of printable text a base64 run must decode to

	// A run that does not decode is tried again after a word prefix ending
	// in '-' or '_' ("sha384-", "xyz_": both are in the URL-safe alphabet,
	// so the prefix joins the run), when what follows is this long.
	maxB64Prefix   = 12
	minPrefixedRun = 24
)

// b64val maps the standard and URL-safe alphabets to their values; -1 marks
// other bytes.
var b64val = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	const std = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i := range len(std) {
		t[std[i]] = int8(i)
	}
	t['-'], t['_'] = 62, 63
	return t
}()

// base64Decode decodes t (either alphabet, no padding, no white space) into
// dst. A trailing single character is ignored.
func base64Decode(dst, t []byte) []byte {
	var acc uint32
	n := 0
	for _, c := range t {
		acc = acc<<6 | uint32(b64val[c]&63)
		n++
		if n == 4 {
			dst = append(dst, byte(acc>>16), byte(acc>>8), byte(acc))
			acc, n = 0, 0
		}
	}
	switch n {
	case 2:
		dst = append(dst, byte(acc>>4))
	case 3:
		dst = append(dst, byte(acc>>10), byte(acc>>2))
	}
	return dst
}

// base64Strict decodes the argument of atob or base64_decode: white space is
// dropped, padding is optional, anything else outside the alphabets fails.
func base64Strict(t []byte) ([]byte, bool) {
	clean := make([]byte, 0, len(t))
	pad := 0
	for _, c := range t {
		switch {
		case c == ' ' || c == '\n' || c == '\r' || c == '\t':
		case c == '=':
			pad++
		case b64val[c] >= 0 && pad == 0:
			clean = append(clean, c)
		default:
			return nil, false
		}
	}
	if len(clean) == 0 || len(clean)%4 == 1 || pad > 2 {
		return nil, false
	}
	return base64Decode(clean[:0:0], clean), true
}

// printable returns how many bytes of b are printable text: ASCII graphics,
// space, tab, newline, carriage return, or valid non-control UTF-8.
func printable(b []byte) int {
	good, _ := printableAtLeast(b, 0)
	return good
}

// printableAtLeast is printable, and whether b holds at least want
// printable bytes: it stops, returning false, once more than len(b)-want
// bytes are not.
func printableAtLeast(b []byte, want int) (good int, ok bool) {
	maxBad := len(b) - want
	for i := 0; i < len(b); {
		if i-good > maxBad {
			return good, false
		}
		c := b[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c < 0x7f || c == '\n' || c == '\r' || c == '\t' {
				good++
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError && r >= 0xa0 {
			good += n
		}
		i += n
	}
	return good, len(b)-good <= maxBad
}

// byteClass sorts decoded bytes for probe8: printable ASCII, a UTF-8
// continuation byte, a lead byte of a sequence that may be printable, or
// neither.
var byteClass = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c >= 0x20 && c < 0x7f || c == '\n' || c == '\r' || c == '\t':
			t[c] = clASCII
		case c >= 0x80 && c < 0xc0:
			t[c] = clCont
		case c >= 0xc2 && c <= 0xf4:
			t[c] = clLead
		}
	}
	return t
}()

const (
	clASCII = 1 << iota
	clCont
	clLead
)

// probe48 reports whether the eight base64 characters whose values are the
// 48 low bits of acc, the first character's highest, decode to six bytes of
// which at least five are printable: the six bytes' classes settle it
// (probeTable) unless they may hold a multi-byte sequence that decides it.
func probe48(acc uint64) bool {
	k := uint(byteCode[byte(acc>>40)])<<10 | uint(byteCode[byte(acc>>32)])<<8 |
		uint(byteCode[byte(acc>>24)])<<6 | uint(byteCode[byte(acc>>16)])<<4 |
		uint(byteCode[byte(acc>>8)])<<2 | uint(byteCode[byte(acc)])
	switch probeTable[k] {
	case probeYes:
		return true
	case probeNo:
		return false
	}
	d := [6]byte{byte(acc >> 40), byte(acc >> 32), byte(acc >> 24), byte(acc >> 16), byte(acc >> 8), byte(acc)}
	return printable(d[:]) >= 5
}

// byteCode is byteClass in two bits: 0 for none, then 1, 2 and 3 for
// clASCII, clCont and clLead.
var byteCode = func() (t [256]uint8) {
	for c, k := range byteClass {
		t[c] = [...]uint8{clASCII: 1, clCont: 2, clLead: 3}[k]
	}
	return t
}()

// probeTable holds probe48's answer for the byteCode of six bytes, the
// first's highest: probeYes when at least five are printable ASCII,
// probeNo when fewer than five are either that or may belong to a
// multi-byte sequence (a lead byte before a continuation byte and a
// continuation byte after either), else probeUTF8: the bytes decide.
var probeTable = func() (t [1 << 12]uint8) {
	var cl [6]uint8
	for k := range t {
		n, m := 0, 0
		for j := range cl {
			cl[j] = [4]uint8{0, clASCII, clCont, clLead}[k>>(10-2*j)&3]
			if cl[j] == clASCII {
				n++
			}
		}
		for j, c := range cl {
			prev, next := uint8(0), uint8(0)
			if j > 0 {
				prev = cl[j-1]
			}
			if j < 5 {
				next = cl[j+1]
			}
			if c == clLead && next == clCont || c == clCont && (prev == clCont || prev == clLead) {
				m++
			}
		}
		switch {
		case n >= 5:
			t[k] = probeYes
		case n+m < 5:
			t[k] = probeNo
		default:
			t[k] = probeUTF8
		}
	}
	return t
}()

const (
	probeUTF8 = iota
	probeYes
	probeNo
)

func mostlyPrintable(b []byte) bool {
	if len(b) < 24 {
		return printable(b) == len(b)
	}
	return float64(printable(b)) >= minPrintable*float64(len(b))
}

// base64Runs finds runs of base64 in t, which stands for sc.src[ls:le] after
// chain c, and decodes those that give mostly printable text. When raw is
// set, t is sc.src[ls:le] itself and each run is reported at its own offsets.
func (sc *scan) base64Runs(t []byte, ls, le int, c []Family, raw bool) bool {
	if !hasB64Run(t) { // most texts hold none: the screen answers sixteen bytes at a time
		return false
	}
	return sc.base64RunsOf(t, ls, le, c, raw, 0, false)
}

// base64RunsOf is base64Runs for a text that screen has read: when known is
// set, t is at most maxScreened bytes long and its base64 characters are the
// bits of mask.
func (sc *scan) base64RunsOf(t []byte, ls, le int, c []Family, raw bool, mask uint64, known bool) bool {
	emitted := false
	for i := 0; ; {
		if sc.st.truncated {
			return emitted
		}
		var s, e int
		if known {
			s, e = maskRun(mask, i)
		} else {
			s, e = nextB64Run(t, i)
		}
		if s < 0 {
			break
		}
		i = e + 1
		end := e
		for end < len(t) && end-e < 2 && t[end] == '=' {
			end++
		}
		out, off, ok := decodeRun(t[s:e])
		if !ok {
			if p := wordPrefix(t[s:e]); p > 0 {
				out, off, ok = decodeRun(t[s+p : e])
				off += p
			}
		}
		if !ok || !sc.st.spend(len(out)) {
			continue
		}
		rs, re := ls, le
		if raw {
			rs, re = ls+s+off, ls+end
		}
		cc := with(c, Base64)
		if sc.emit(rs, re, out, cc) {
			emitted = true
			sc.nest(out, rs, re, cc)
		}
	}
	return emitted
}

// isB64 is 1 for the bytes of either base64 alphabet, else 0.
var isB64 = func() (t [256]uint8) {
	for c, v := range b64val {
		if v >= 0 {
			t[c] = 1
		}
	}
	return t
}()

// nextB64Run returns the first run t[s:e] of base64 characters at least
// minB64Run long that starts at or after i, whole (t[s-1] and t[e] are no
// base64 characters), or -1, -1. t[i-1] must be none. A run of
// minB64Run-1 or more characters holds one of the eight-byte words from i
// on, t[i+8k:i+8k+8]: the words that hold another byte are passed over
// with one branch each, which most text, made of short words, lets pass.
func nextB64Run(t []byte, i int) (s, e int) {
	for w := i; w+8 <= len(t); w += 8 {
		b := t[w : w+8 : w+8]
		if isB64[b[0]]&isB64[b[1]]&isB64[b[2]]&isB64[b[3]]&isB64[b[4]]&isB64[b[5]]&isB64[b[6]]&isB64[b[7]] == 0 {
			continue
		}
		s, e = w, w+8
		for s > i && isB64[t[s-1]] != 0 {
			s--
		}
		for e < len(t) && isB64[t[e]] != 0 {
			e++
		}
		if e-s >= minB64Run {
			return s, e
		}
		// The next run starts after t[e]: the words are counted from there.
		w = e + 1 - 8
		i = e + 1
	}
	return -1, -1
}

// minScore is the lowest score, printable bytes per 64 decoded, of the
// alignment that decodeRun takes: minPrintable of 64, rounded up.
const minScore = 58

// decodeRun decodes a base64 run at the alignment (0 to 3 leading characters
// skipped) that gives the most printable text, if that text is mostly
// printable.
func decodeRun(run []byte) (out []byte, off int, ok bool) {
	if len(run) < minB64Run {
		return nil, 0, false // no alignment is long enough (and the probes read eleven)
	}
	var buf [b64Probe]byte
	best, bestOff := -1, 0
	// The four alignments' probes read the run's first eleven characters:
	// their values are read once, the first ten into w, the first's highest.
	var w uint64
	for _, c := range run[:10] {
		w = w<<6 | uint64(b64val[c]&63)
	}
	for o := range 4 {
		r := run[o:]
		if len(r) < minB64Run {
			break
		}
		var acc uint64
		if o < 3 {
			acc = w >> (6 * (2 - o))
		} else {
			acc = w<<6 | uint64(b64val[run[10]]&63)
		}
		// Random base64 fails on its first few bytes.
		if !probe48(acc & (1<<48 - 1)) {
			continue
		}
		r = r[:min(len(r), b64Probe)]
		r = r[:len(r)&^3]
		d := base64Decode(buf[:0], r)
		// An alignment whose score is below minScore cannot be the one
		// taken: its count stops early.
		good, ok := printableAtLeast(d, (minScore*len(d)+63)/64)
		if score := good * 64 / len(d); ok && score > best {
			best, bestOff = score, o
		}
	}
	if best < minScore {
		return nil, 0, false
	}
	out = base64Decode(make([]byte, 0, len(run)*3/4), run[bestOff:])
	if !mostlyPrintable(out) {
		return nil, 0, false
	}
	return out, bestOff, true
}

// wordPrefix returns the length of a word prefix of the base64 run r: 1 to
// maxB64Prefix letters and digits and the '-' or '_' that ends them, when
// at least minPrefixedRun characters follow; else 0.
func wordPrefix(r []byte) int {
	for i := 0; i < len(r) && i <= maxB64Prefix; i++ {
		switch c := r[i]; {
		case c == '-' || c == '_':
			if i == 0 || len(r)-i-1 < minPrefixedRun {
				return 0
			}
			return i + 1
		case c == '+' || c == '/':
			return 0
		}
	}
	return 0
}
