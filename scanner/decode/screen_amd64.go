//go:build !purego

package decode

// screenBits is screenBitsGo thirty-two bytes at a time with AVX2, else
// sixteen with SSE2 (screen_amd64.s, which jumps to one or the other).
//
//go:noescape
func screenBits(w *[screenPad]byte, n int) (b64, shift uint64)

//go:noescape
func screenBitsSSE2(w *[screenPad]byte, n int) (b64, shift uint64)

//go:noescape
func screenBitsAVX2(w *[screenPad]byte, n int) (b64, shift uint64)
