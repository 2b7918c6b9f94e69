//go:build !amd64 || purego

package refang

// coarseKernels lists the kernels of coarseBits64 that this build has besides coarseBitsGo:
// none.
func coarseKernels() []namedKernel { return nil }
