package decode

// Shift returns b with every ASCII letter moved k places along the alphabet,
// keeping its case (a Caesar shift; Shift(b, 13) is ROT13). Other bytes are
// copied. Decoding a shift of k is Shift(b, -k).
func Shift(b []byte, k int) []byte {
	k %= 26
	if k < 0 {
		k += 26
	}
	out := make([]byte, len(b))
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'z':
			c = 'a' + (c-'a'+byte(k))%26
		case c >= 'A' && c <= 'Z':
			c = 'A' + (c-'A'+byte(k))%26
		}
		out[i] = c
	}
	return out
}
