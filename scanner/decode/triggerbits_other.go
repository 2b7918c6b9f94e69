//go:build !amd64 || purego

package decode

// triggerBits64 returns the triggers of the 64 bytes of w as bits, and the
// bytes that may stop a literal (isStop).
func triggerBits64(w *[64]byte) (trig, stop uint64) { return triggerBitsGo(w) }
