//go:build !purego

package decode

import "golang.org/x/sys/cpu"

// triggerBits64 returns the triggers of the 64 bytes of w as bits, and the
// bytes that may stop a literal (isStop), as triggerBitsGo does: with AVX2
// thirty-two bytes at a time, else with SSE2 (which every amd64 processor
// has) sixteen (triggerbits_amd64.s, which jumps to one or the other).
//
//go:noescape
func triggerBits64(w *[64]byte) (trig, stop uint64)

// avx2 chooses triggerBits64's code.
var avx2 = cpu.X86.HasAVX2

//go:noescape
func triggerBits64SSE2(w *[64]byte) (trig, stop uint64)

//go:noescape
func triggerBits64AVX2(w *[64]byte) (trig, stop uint64)
