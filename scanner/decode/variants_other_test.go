//go:build !amd64 || purego

package decode

// screenBitsVariants: this build runs screenBitsGo alone.
func screenBitsVariants() map[string]func(*[screenPad]byte, int) (uint64, uint64) { return nil }

// triggerBitsVariants: this build runs triggerBitsGo alone.
func triggerBitsVariants() map[string]func(*[64]byte) (uint64, uint64, uint64, uint64) { return nil }

// hostBitsVariants: this build runs hostBitsGo alone.
func hostBitsVariants() map[string]func(*[64]byte) (uint64, uint64) { return nil }
