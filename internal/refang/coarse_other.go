//go:build !amd64 || purego

package refang

// coarseBits64 returns, as bits, the bytes w[1:65] at which coarse holds.
func coarseBits64(w *[67]byte) uint64 { return coarseBitsGo(w) }

// coarseBlocks sets out[k] to coarseBits64 of t[base+64k-1:base+64k+66], for each k.
func coarseBlocks(t []byte, base int, out []uint64) { coarseBlocksGo(t, base, out) }

// fineBlocks is coarseBlocks: fine's bits come from AVX-512 alone, and blockSearch asks for them
// only on amd64.
func fineBlocks(t []byte, base int, out []uint64) { coarseBlocksGo(t, base, out) }

// newSearch returns a search for the next candidate in one text: without the SSSE3 block test,
// the pair tables eight bytes at a time are the faster one.
func newSearch(int) func(t []byte, i int) int { return nextCandidatePairs }
