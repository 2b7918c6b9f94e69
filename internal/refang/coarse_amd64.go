//go:build !purego

package refang

// coarseBits64 returns, as bits, the bytes w[1:65] at which coarse holds, as coarseBitsGo does,
// sixteen bytes at a time (coarse_amd64.s: SSE2, which every amd64 processor has).
//
//go:noescape
func coarseBits64(w *[66]byte) uint64

// newSearch returns a search for the next candidate in one text: a blockSearch.
func newSearch() func(t []byte, i int) int { return new(blockSearch).next }
