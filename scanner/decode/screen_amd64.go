//go:build !purego

package decode

// screenBits is screenBitsGo sixteen bytes at a time (screen_amd64.s: SSE2).
//
//go:noescape
func screenBits(w *[screenPad]byte, n int) (b64, shift uint64)
