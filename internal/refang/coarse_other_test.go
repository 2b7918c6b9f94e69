//go:build !amd64 || purego

package refang

// kernels lists the kernels that this build has.
func kernels() []kernel { return []kernel{kernelGo} }
