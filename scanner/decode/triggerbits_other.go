//go:build !amd64 || purego

package decode

// triggerBits64 returns the triggers of the 64 bytes of w as bits, the bytes
// that may stop a literal (isStop), the bytes of 0x80 and above and the
// slashes.
func triggerBits64(w *[64]byte) (trig, stop, high, slash uint64) { return triggerBitsGo(w) }

// hostBits64 returns the bytes of w that isHostSep and isHostDot hold as
// bits.
func hostBits64(w *[64]byte) (sep, dot uint64) { return hostBitsGo(w) }
