package refang

import "math/bits"

// coarse is the test that the coarse kernels (kernelGo, kernelSSSE3, kernelAVX2) apply to each
// byte c of a block, with the byte p before it and the two bytes n and m after it: a wider test
// than candidate, which sixteen bytes at a time can apply with a table lookup by each half of a
// byte. It holds wherever candidate holds (TestCoarseCoversCandidate tries every triple p, c, n,
// with the bytes after n that candidate reads); blockSearch runs candidate only where it holds.
// Its parts:
//
//   - c has a follow set (cFirst);
//   - c opens a bracket (cOpen), or p may be a host byte: p >= '0' or p == '-';
//   - n is in the follow set of some byte (nFollow), or n is a letter that starts a scheme or
//     "www" and c may open a bracket (nAfterOpen, cMayOpen), or n is a digit and c a comma
//     (nDigit, cComma);
//   - a 'd' or a 'p' (nDP) is followed by an 'o' or a 'u', as in the words for "dot" (spelled).
func coarse(p, c, n, m byte) bool {
	cc, nn := coarseTables[0].class(c), coarseTables[1].class(n)
	host := p >= '0' || p == '-'
	m20 := m | 0x20
	return cc&cFirst != 0 && (cc&cOpen != 0 || host) && (nn&nFollow != 0 || cc&nn&(cMayOpen|cComma) != 0) &&
		(nn&nDP == 0 || m20 == 'o' || m20 == 'u')
}

// nibbleTable classes bytes by their two halves: byte x has the class bits lo[x&15] & hi[x>>4].
// Each bit is thus a set of bytes that is the product of a set of low halves and a set of high
// halves (add).
type nibbleTable struct{ lo, hi [16]byte }

func (t *nibbleTable) class(x byte) byte { return t.lo[x&15] & t.hi[x>>4] }

// add gives the bytes whose high half is in his and whose low half is in los the class bit.
func (t *nibbleTable) add(bit byte, his, los string) {
	for _, h := range his {
		t.hi[nibble(h)] |= bit
	}
	for _, l := range los {
		t.lo[nibble(l)] |= bit
	}
}

func nibble(h rune) byte {
	if h >= 'a' {
		return byte(h-'a') + 10
	}
	return byte(h - '0')
}

// The class bits of c (coarseTables[0]) and of n (coarseTables[1]), each the union of the bits
// that coarseTables gives. cMayOpen and cComma are the bits of nAfterOpen and nDigit, so that
// cc&nn tests both pairs at once.
const (
	cFirst   = 0x07
	cOpen    = 0x38
	cComma   = 0x40
	cMayOpen = 0x80

	nFollow    = 0x3F
	nDP        = 0x0C
	nDigit     = cComma
	nAfterOpen = cMayOpen
)

var coarseTables = func() (t [2]nibbleTable) {
	c, n := &t[0], &t[1]
	// cFirst: the bytes that have a follow set, and some more.
	c.add(0x01, "2", "089cdef")  // ' ', '(', ')', ',', '-', '.', '/'
	c.add(0x02, "357", "abcdef") // ':' to '?', '[' to '_', 'z' and '{' to DEL
	c.add(0x04, "e", "3f")       // 0xE3, 0xEF
	// cOpen: the opening brackets.
	c.add(0x08, "57", "b") // '[', '{'
	c.add(0x10, "2", "8")  // '('
	c.add(0x20, "3", "c")  // '<'
	c.add(cComma, "2", "c")
	c.add(cMayOpen, "2357", "8bc") // '(', '+', ',', '8', ';', '<', 'X', '[', '\\', 'x', '{', '|'
	// nFollow: the bytes in a follow set, but digits and the letters after an opening bracket
	// but 'd' and 'p' (and some more).
	n.add(0x01, "2", "089def") // ' ', '(', ')', '-', '.', '/'
	n.add(0x02, "3", "ace")    // ':', '<', '>'
	n.add(0x04, "57", "0")     // 'P', 'p' (nDP)
	n.add(0x08, "46", "4")     // 'D', 'd' (nDP)
	n.add(0x10, "57", "bcdef") // '[' to '_', '{' to DEL
	n.add(0x20, "48b", "0cd")  // '@', 'L', 'M', 0x80, 0x8C, 0x8D, 0xB0, 0xBC, 0xBD
	n.add(nDigit, "3", "0123456789")
	n.add(nAfterOpen, "4567", "178") // "aAgGhHqQwWxX"
	return t
}()

// coarseBitsGo is kernelGo's test of one block, a byte at a time: bit k is set when coarse holds
// for w[k+1] between w[k] and w[k+2:k+4].
func coarseBitsGo(w *[67]byte) uint64 {
	var m uint64
	for k := range 64 {
		if coarse(w[k], w[k+1], w[k+2], w[k+3]) {
			m |= 1 << k
		}
	}
	return m
}

// coarseBlocksGo sets out[k] to coarseBitsGo of t[base+64k-1:base+64k+66], for each k.
func coarseBlocksGo(t []byte, base int, out []uint64) {
	for k := range out {
		out[k] = coarseBitsGo((*[67]byte)(t[base+64*k-1:]))
	}
}

// kernel names a test of blocks of 64 bytes that blockSearch can use: blockBits runs it.
type kernel uint8

const (
	kernelGo    kernel = iota // coarse, a byte at a time (coarseBlocksGo)
	kernelSSSE3               // coarse, 16 bytes at a time (amd64)
	kernelAVX2                // coarse, 32 bytes at a time (amd64)
	kernelFine                // fine, 64 bytes at once (amd64: AVX512F, AVX512BW, AVX512VBMI)
)

// blockSearch is nextCandidatePairs with a wider test 64 bytes at a time as the first (coarse,
// or fine with AVX512VBMI): on data and prose, each holds at few more bytes than candidate does
// (bench/README.md, "Refang regions, eighth round", has how many), fine at fewer than coarse. It
// keeps the bits of up to eight blocks, from the one the search started in: the next search in
// the same text starts in them most often (Regions looks for the next candidate from the byte
// after the last one).
type blockSearch struct {
	kernel kernel    // the test of the blocks
	base   int       // the blocks t[base+64k:base+64k+64] whose bits are masks[k], k < n
	n      int       // 0 until the first search that needs them
	masks  [8]uint64 // their bits
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
	for {
		if i < s.base || i >= s.base+64*s.n {
			if i+67 > len(t) {
				return s.tail(t, i)
			}
			s.base, s.n = i, min(len(s.masks), (len(t)-67-i)/64+1)
			blockBits(s.kernel, t, i, s.masks[:s.n])
		}
		k := (i - s.base) >> 6
		b := s.base + k<<6
		m := s.masks[k] &^ (1<<(i-b) - 1)
		for {
			// candidate, with t[j-1] and t[j+1] in the block, as nextCandidatePairs tests it.
			for ; m != 0; m &= m - 1 {
				j := b + bits.TrailingZeros64(m)
				if followPairs.Bit(t[j], t[j+1])&afterPairs.Bit(t[j-1], t[j]) != 0 && spelled(t, j) {
					return j
				}
			}
			if k++; k == s.n {
				break
			}
			b += 64
			m = s.masks[k]
		}
		i = s.base + 64*s.n
	}
}

// tail is next for an i within 67 bytes of the end of t, where a block would read past it: the
// bytes from t[i-1] on are copied into a buffer of two blocks and zeros, whose bits hold for
// t[i:len(t)-1] as they do in t (a zero after the text spells nothing: the tests of the pair, of
// the bracket before and of the words for "dot" that the bits stand for hold only where the
// bytes they read are in t, as candidate's do). The last byte, which has no byte after it, is
// tested by candidate.
func (s *blockSearch) tail(t []byte, i int) int {
	var buf [2*64 + 4]byte
	var masks [2]uint64
	end := len(t) - 1 // the bits of t[i:end]
	if i < end {
		copy(buf[:], t[i-1:])
		n := (end - i + 63) >> 6
		blockBits(s.kernel, buf[:], 1, masks[:n])
		for k, b := range masks[:n] {
			if end-i-64*k < 64 {
				b &= 1<<(end-i-64*k) - 1
			}
			for ; b != 0; b &= b - 1 {
				j := i + 64*k + bits.TrailingZeros64(b)
				if followPairs.Bit(t[j], t[j+1])&afterPairs.Bit(t[j-1], t[j]) != 0 && spelled(t, j) {
					return j
				}
			}
		}
	}
	if i <= end && candidate(t, end) {
		return end
	}
	return len(t)
}
