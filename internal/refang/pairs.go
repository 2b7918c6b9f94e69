package refang

// PairSet is a set of byte pairs, one bit each, for searches that test the pair at each byte
// without a branch (Regions' candidates here, the decoder's call names).
type PairSet [1 << 16 / 64]uint64

// Add puts the pair (a, b) in s.
func (s *PairSet) Add(a, b byte) {
	k := uint(a)<<8 | uint(b)
	s[k>>6] |= 1 << (k & 63)
}

// Bit is 1 when the pair (a, b) is in s, else 0.
func (s *PairSet) Bit(a, b byte) uint64 {
	k := uint(a)<<8 | uint(b)
	return s[k>>6] >> (k & 63) & 1
}

// Has reports whether the pair (a, b) is in s.
func (s *PairSet) Has(a, b byte) bool { return s.Bit(a, b) != 0 }
