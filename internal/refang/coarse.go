package refang

import "math/bits"

// coarse is the test that coarseBits64 applies to each byte c of a block, with the byte p before
// it and the byte n after it: a wider test than candidate, made of byte ranges and single bytes
// that sixteen bytes at a time can be compared with. It holds wherever candidate holds
// (TestCoarseCoversCandidate tries every triple); blockSearch runs candidate only where it
// holds.
//
//   - c has a follow set: '(' to '/', ':' to '>', '[' to '_' and '{' to DEL (c&^0x20), a space,
//     and the lead bytes of the full-width dots;
//   - c opens a bracket, or p is a host byte;
//   - n is in the follow set of some byte: '(' to '/', ':' to '>', '@', '[' to '_' and '{' to DEL,
//     a space, "dDpP", the second bytes of the full-width dots, the letters that start a scheme
//     or "www" after an opening bracket, and digits after a comma.
func coarse(p, c, n byte) bool {
	in := func(x, lo, w byte) bool { return x-lo < w }
	first := in(c, '(', 8) || in(c, ':', 5) || in(c&0xDF, '[', 5) || c == ' ' || c == 0xE3 || c == 0xEF
	open := c&0xDF == '[' || c == '(' || c == '<'
	host := in(p|0x20, 'a', 26) || in(p, '0', 10) || p == '-' || p == '_' || p >= 0x80
	n20 := n | 0x20
	next := in(n, '(', 8) || in(n, ':', 5) || n == '@' || in(n&0xDF, '[', 5) || n == ' ' ||
		n == 0x80 || n&0xFE == 0xBC || n20 == 'd' || n20 == 'p' ||
		open && (n20 == 'a' || n20 == 'h' || n20 == 'w' || n20 == 'x') ||
		c == ',' && in(n, '0', 10)
	return first && (open || host) && next
}

// coarseBitsGo is coarseBits64 in Go, a byte at a time: bit k is set when coarse holds for
// w[k+1] between w[k] and w[k+2].
func coarseBitsGo(w *[66]byte) uint64 {
	var m uint64
	for k := range 64 {
		if coarse(w[k], w[k+1], w[k+2]) {
			m |= 1 << k
		}
	}
	return m
}

// blockSearch is nextCandidatePairs with coarseBits64 as the first test, 64 bytes at a time: on data
// and prose, coarse holds at 2 to 4 bytes in a hundred, and candidate at about one. It keeps the
// bits of the last block, which the next search in the same text starts in most often (Regions
// looks for the next candidate from the byte after the last one).
type blockSearch struct {
	base int    // the block t[base:base+64] whose coarse bits are mask, when ok
	mask uint64 // coarseBits64 of t[base-1:base+65]
	ok   bool
}

// next returns the first i' >= i at which candidate holds in t, or len(t). t must be the same
// text at each call.
func (s *blockSearch) next(t []byte, i int) int {
	if i == 0 {
		if len(t) == 0 || candidate(t, 0) {
			return 0
		}
		i = 1
	}
	if s.ok && i >= s.base && i < s.base+64 {
		for m := s.mask &^ (1<<(i-s.base) - 1); m != 0; m &= m - 1 {
			if k := s.base + bits.TrailingZeros64(m); candidate(t, k) {
				return k
			}
		}
		i = s.base + 64
	}
	for ; i+65 <= len(t); i += 64 {
		m := coarseBits64((*[66]byte)(t[i-1 : i+65]))
		s.base, s.mask, s.ok = i, m, true
		for ; m != 0; m &= m - 1 {
			if k := i + bits.TrailingZeros64(m); candidate(t, k) {
				return k
			}
		}
	}
	return nextCandidatePairs(t, i)
}
