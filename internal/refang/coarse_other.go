//go:build !amd64 || purego

package refang

// coarseBits64 returns, as bits, the bytes w[1:65] at which coarse holds.
func coarseBits64(w *[67]byte) uint64 { return coarseBitsGo(w) }

// newSearch returns a search for the next candidate in one text: without the SSSE3 block test,
// the pair tables eight bytes at a time are the faster one.
func newSearch(int) func(t []byte, i int) int { return nextCandidatePairs }
