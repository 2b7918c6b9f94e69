//go:build !purego

package refang

// coarseKernels lists the kernels of coarseBits64 that this processor runs, for the tests.
func coarseKernels() []namedKernel {
	var ks []namedKernel
	if ssse3 {
		ks = append(ks, namedKernel{"ssse3", func(w *[67]byte) uint64 { return coarseBits64Tables(w, &coarseTables) }})
	}
	if avx512 {
		ks = append(ks, namedKernel{"avx512", func(w *[67]byte) uint64 {
			var m uint64
			coarseBlocksAVX512(&w[0], &coarseTables, &m, 1)
			return m
		}})
	}
	return ks
}
