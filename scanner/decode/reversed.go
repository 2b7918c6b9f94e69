package decode

// reverseBytes reverses b byte by byte, as PHP's strrev does.
func reverseBytes(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		out[len(b)-1-i] = c
	}
	return out
}
