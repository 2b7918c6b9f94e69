//go:build !purego

package decode

// triggerBits64 returns the triggers of the 64 bytes of w as bits, and the
// bytes that may stop a literal (isStop), as triggerBitsGo does, sixteen bytes at a time
// (triggerbits_amd64.s: SSE2, which every amd64 processor has).
//
//go:noescape
func triggerBits64(w *[64]byte) (trig, stop uint64)
