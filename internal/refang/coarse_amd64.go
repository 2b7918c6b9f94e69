//go:build !purego

package refang

import "golang.org/x/sys/cpu"

// coarseBits64Tables is coarseBits64 sixteen bytes at a time, with t the tables of coarse
// (coarse_amd64.s: SSSE3, for PSHUFB).
//
//go:noescape
func coarseBits64Tables(w *[67]byte, t *[2]nibbleTable) uint64

// coarseBlocksAVX512 sets out[k] to coarseBits64 of the 67 bytes at w[64k:], for k < n, each
// block of 64 bytes at once, with t the tables of coarse (coarse_amd64.s: AVX512F and AVX512BW).
//
//go:noescape
func coarseBlocksAVX512(w *byte, t *[2]nibbleTable, out *uint64, n int)

// ssse3 reports whether the processor has SSSE3: every amd64 processor made since 2006 or so,
// but not every one that Go runs on.
var ssse3 = cpu.X86.HasSSSE3

// avx512 reports whether the processor and the operating system let coarseBlocksAVX512 run.
var avx512 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512BW

// coarseBits64 returns, as bits, the bytes w[1:65] at which coarse holds.
func coarseBits64(w *[67]byte) uint64 {
	var m [1]uint64
	coarseBlocks(w[:], 1, m[:])
	return m[0]
}

// coarseBlocks sets out[k] to coarseBits64 of t[base+64k-1:base+64k+66], for each k: the
// coarse bits of the len(out) blocks of 64 bytes from t[base].
func coarseBlocks(t []byte, base int, out []uint64) {
	_ = t[base+64*len(out)+1] // the last block's two bytes after it
	switch {
	case avx512:
		coarseBlocksAVX512(&t[base-1], &coarseTables, &out[0], len(out))
	case ssse3:
		for k := range out {
			out[k] = coarseBits64Tables((*[67]byte)(t[base+64*k-1:]), &coarseTables)
		}
	default:
		coarseBlocksGo(t, base, out)
	}
}

// fineBlocks sets out[k] to fineBitsGo of t[base+64k-1:base+64k+67], for each k, with
// fineBlocksAVX512.
func fineBlocks(t []byte, base int, out []uint64) {
	_ = t[base+64*len(out)+2] // the last block's three bytes after it
	fineBlocksAVX512(&t[base-1], &out[0], len(out), &fineTab)
}

// newSearch returns a search for the next candidate in one text: a blockSearch with AVX-512
// (fine) or SSSE3 (coarse), else the pair tables eight bytes at a time (nextCandidatePairs). A
// text shorter than a block takes the blockSearch's tail: one or two blocks of a padded copy.
func newSearch(int) func(t []byte, i int) int {
	switch {
	case !ssse3:
		return nextCandidatePairs
	case vbmi:
		return (&blockSearch{fine: true}).next
	}
	return new(blockSearch).next
}

// fineBlocksAVX512 sets out[k] to fineBitsGo of the 68 bytes at w[64k:], for k < n, each block
// of 64 bytes at once, with t the tables of fine (coarse_amd64.s: AVX512F, AVX512BW and
// AVX512VBMI).
//
//go:noescape
func fineBlocksAVX512(w *byte, out *uint64, n int, t *fineTables)

// vbmi reports whether the processor and the operating system let fineBlocksAVX512 run.
var vbmi = avx512 && cpu.X86.HasAVX512VBMI
