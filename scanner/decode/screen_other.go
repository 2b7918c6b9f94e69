//go:build !amd64 || purego

package decode

func screenBits(w *[screenPad]byte, n int) (b64, shift uint64) { return screenBitsGo(w, n) }

// screenBitsVariants are the classifiers that this build runs, for the
// tests: screenBitsGo alone.
func screenBitsVariants() map[string]func(*[screenPad]byte, int) (uint64, uint64) { return nil }
