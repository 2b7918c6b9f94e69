package decode

import "bytes"

// hasAddress reports whether t holds something a reference could be: a
// hostname (two or more labels of letters, digits and hyphens, the last of
// two or more letters) or a dotted-quad IPv4 address, alone or inside a URL.
// Decoders that would otherwise decode any text (number lists whatever calls
// them, byte shifts) decode only text that passes it, so that data stays
// silent; the matcher's own rules still decide what is a reference.
func hasAddress(t []byte) bool {
	return firstAddress(t, 0) >= 0
}

// firstAddress returns the offset of the first hostname or IPv4 address of t
// (as hasAddress sees them) at least minLen bytes long, or -1.
func firstAddress(t []byte, minLen int) int {
	for i := 0; i < len(t); {
		if !isHostChar(t[i]) {
			i++
			continue
		}
		e := i
		for e < len(t) && isHostChar(t[e]) {
			e++
		}
		if e-i >= minLen && isAddress(t[i:e]) {
			return i
		}
		i = e
	}
	return -1
}

func isHostChar(c byte) bool { return isAlnum(c) || c == '-' || c == '.' }

// isAddress reports whether h, a run of host characters, is a hostname with a
// top-level label of letters or a dotted quad (a trailing dot is dropped).
func isAddress(h []byte) bool {
	if len(h) > 0 && h[len(h)-1] == '.' {
		h = h[:len(h)-1]
	}
	if len(h) < 4 || len(h) > 253 {
		return false
	}
	labels, quad := 0, true
	var last []byte
	for rest := h; ; {
		label := rest
		k := bytes.IndexByte(rest, '.')
		if k >= 0 {
			label, rest = rest[:k], rest[k+1:]
		}
		if len(label) == 0 || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		labels++
		quad = quad && len(label) <= 3 && allDigits(label) && parseSmall(label) <= 255
		last = label
		if k < 0 {
			break
		}
	}
	if quad {
		return labels == 4
	}
	if labels < 2 || len(last) < 2 {
		return false
	}
	for _, c := range last {
		if !isAlpha(c) {
			return false
		}
	}
	return true
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

// parseSmall reads a short run of decimal digits.
func parseSmall(b []byte) int {
	v := 0
	for _, c := range b {
		v = v*10 + int(c-'0')
	}
	return v
}
