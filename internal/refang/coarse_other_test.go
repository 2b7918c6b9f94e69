//go:build !amd64 || purego

package refang

// coarseKernels lists the kernels of coarseBits64 that this build has besides coarseBitsGo:
// none.
func coarseKernels() []namedKernel { return nil }

// blockKernels lists the block tests of blockSearch that this build has.
func blockKernels() []blockKernel {
	return []blockKernel{{"coarseBlocks", false}}
}
