//go:build !amd64 || purego

package refang

// blockBits sets out[k] to the bits of the block t[base+64k:base+64k+64] by kernel k: here
// kernelGo alone.
func blockBits(_ kernel, t []byte, base int, out []uint64) { coarseBlocksGo(t, base, out) }

// best is the only kernel here.
var best = kernelGo

// newSearch returns a search for the next candidate in one text: without the SIMD block tests,
// the pair tables eight bytes at a time are the faster one.
func newSearch(int) func(t []byte, i int) int { return nextCandidatePairs }
