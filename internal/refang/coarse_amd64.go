//go:build !purego

package refang

// coarseBits64Tables is coarseBits64 sixteen bytes at a time, with t the tables of coarse
// (coarse_amd64.s: SSSE3, for PSHUFB).
//
//go:noescape
func coarseBits64Tables(w *[67]byte, t *[2]nibbleTable) uint64

// cpuid1ECX returns the feature bits that CPUID leaf 1 sets in ECX.
func cpuid1ECX() uint32

// ssse3 reports whether the processor has SSSE3 (bit 9 of CPUID leaf 1's ECX): every amd64
// processor made since 2006 or so, but not every one that Go runs on.
var ssse3 = cpuid1ECX()&(1<<9) != 0

// coarseBits64 returns, as bits, the bytes w[1:65] at which coarse holds.
func coarseBits64(w *[67]byte) uint64 {
	if !ssse3 {
		return coarseBitsGo(w)
	}
	return coarseBits64Tables(w, &coarseTables)
}

// newSearch returns a search for the next candidate in one text of n bytes: a blockSearch with
// SSSE3, else (or for a text shorter than a block) the pair tables eight bytes at a time
// (nextCandidatePairs).
func newSearch(n int) func(t []byte, i int) int {
	if !ssse3 || n < 67 {
		return nextCandidatePairs
	}
	return new(blockSearch).next
}
