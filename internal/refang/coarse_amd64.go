//go:build !purego

package refang

import "golang.org/x/sys/cpu"

// coarseBits64Tables returns coarseBitsGo of w sixteen bytes at a time, with t the tables of
// coarse (coarse_amd64.s: SSSE3, for PSHUFB).
//
//go:noescape
func coarseBits64Tables(w *[67]byte, t *[2]nibbleTable) uint64

// coarseBlocksAVX2 sets out[k] to coarseBitsGo of the 67 bytes at w[64k:], for k < n, 32 bytes
// at a time, with t the tables of coarse (coarse_amd64.s: AVX2).
//
//go:noescape
func coarseBlocksAVX2(w *byte, t *[2]nibbleTable, out *uint64, n int)

// The kernels that this processor runs, as golang.org/x/sys/cpu tells (which checks that the
// operating system saves the AVX registers): SSSE3 on every amd64 processor made since 2006 or
// so, but not on every one that Go runs on.
var (
	ssse3 = cpu.X86.HasSSSE3
	avx2  = cpu.X86.HasAVX2
	vbmi  = cpu.X86.HasAVX512F && cpu.X86.HasAVX512BW && cpu.X86.HasAVX512VBMI
)

// fineBlocksAVX512 sets out[k] to fineBitsGo of the 68 bytes at w[64k:], for k < n, each block
// of 64 bytes at once, with t the tables of fine (coarse_amd64.s: AVX512F, AVX512BW and
// AVX512VBMI).
//
//go:noescape
func fineBlocksAVX512(w *byte, out *uint64, n int, t *fineTables)

// blockBits sets out[k] to the bits of the block t[base+64k:base+64k+64] by kernel k. The
// kernels in assembly check no bounds: blockBits checks, for every caller, the byte before the
// first block and the last byte after the last block that each reads, so that a block past the
// end of t panics rather than reads the memory after it.
func blockBits(k kernel, t []byte, base int, out []uint64) {
	switch k {
	case kernelFine:
		_, _ = t[base-1], t[base+64*len(out)+2]
		fineBlocksAVX512(&t[base-1], &out[0], len(out), &fineTab)
	case kernelAVX2:
		_, _ = t[base-1], t[base+64*len(out)+1]
		coarseBlocksAVX2(&t[base-1], &coarseTables, &out[0], len(out))
	case kernelSSSE3:
		for j := range out {
			out[j] = coarseBits64Tables((*[67]byte)(t[base+64*j-1:]), &coarseTables)
		}
	default:
		coarseBlocksGo(t, base, out)
	}
}

// best is the fastest kernel that this processor runs, or kernelGo when it has no SSSE3.
var best = func() kernel {
	switch {
	case vbmi:
		return kernelFine
	case avx2:
		return kernelAVX2
	case ssse3:
		return kernelSSSE3
	}
	return kernelGo
}()

// newSearch returns a search for the next candidate in one text of n bytes: a blockSearch with
// the best kernel, or without SSSE3 the pair tables eight bytes at a time (nextCandidatePairs).
// A text shorter than a block takes the blockSearch's tail, one or two blocks of a padded copy;
// one shorter than 16 bytes, the pair tables, which take two steps at most there and need no
// kernel set up (the decoder gives Text many such texts: bench/README.md, "Refang regions,
// eighth round").
func newSearch(n int) func(t []byte, i int) int {
	if best == kernelGo || n < 16 {
		return nextCandidatePairs
	}
	return (&blockSearch{kernel: best}).next
}
