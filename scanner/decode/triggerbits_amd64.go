//go:build !purego

package decode

import "golang.org/x/sys/cpu"

// triggerBits64 returns the triggers of the 64 bytes of w as bits, the bytes
// that may stop a literal (isStop), the bytes of 0x80 and above and the
// slashes, as triggerBitsGo does: with AVX2 thirty-two bytes at a time, else
// with SSE2 (which every amd64 processor has) sixteen (triggerbits_amd64.s,
// which jumps to one or the other).
//
//go:noescape
func triggerBits64(w *[64]byte) (trig, stop, high, slash uint64)

// avx2 chooses triggerBits64's and hostBits64's code.
var avx2 = cpu.X86.HasAVX2

//go:noescape
func triggerBits64SSE2(w *[64]byte) (trig, stop, high, slash uint64)

//go:noescape
func triggerBits64AVX2(w *[64]byte) (trig, stop, high, slash uint64)

// hostBits64 returns the bytes of w that isHostSep and isHostDot hold as
// bits, as hostBitsGo does, with AVX2 or SSE2.
//
//go:noescape
func hostBits64(w *[64]byte) (sep, dot uint64)

//go:noescape
func hostBits64SSE2(w *[64]byte) (sep, dot uint64)

//go:noescape
func hostBits64AVX2(w *[64]byte) (sep, dot uint64)
