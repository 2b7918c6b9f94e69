//go:build !amd64 || purego

package decode

func screenBits(w *[screenPad]byte, n int) (b64, shift uint64) { return screenBitsGo(w, n) }
