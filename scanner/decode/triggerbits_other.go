//go:build !amd64 || purego

package decode

// triggerBits64 returns the triggers of the 64 bytes of w as bits, and the
// backslashes and newlines.
func triggerBits64(w *[64]byte) (trig, esc uint64) { return triggerBitsGo(w) }
