//go:build !purego

package decode

// screenBitsVariants are the literal screens that this processor runs.
func screenBitsVariants() map[string]func(*[screenPad]byte, int) (uint64, uint64) {
	v := map[string]func(*[screenPad]byte, int) (uint64, uint64){"sse2": screenBitsSSE2}
	if avx2 {
		v["avx2"] = screenBitsAVX2
	}
	return v
}

// triggerBitsVariants are the block classifiers that this processor runs.
func triggerBitsVariants() map[string]func(*[64]byte) (uint64, uint64, uint64, uint64) {
	v := map[string]func(*[64]byte) (uint64, uint64, uint64, uint64){"sse2": triggerBits64SSE2}
	if avx2 {
		v["avx2"] = triggerBits64AVX2
	}
	return v
}

// hostBitsVariants are the separator and dot classifiers that this processor runs.
func hostBitsVariants() map[string]func(*[64]byte) (uint64, uint64) {
	v := map[string]func(*[64]byte) (uint64, uint64){"sse2": hostBits64SSE2}
	if avx2 {
		v["avx2"] = hostBits64AVX2
	}
	return v
}
