//go:build !purego

#include "textflag.h"

// Each constant repeated 16 times. Base64: a byte ORed with 0x20 is 'a' to
// 'z' exactly for the letters, and adding 0x1f moves 'a' to 'z' to the lowest
// 26 signed bytes, below 0x9a; adding 0x50 moves '0' to '9' below 0x8a; then
// '+', '-', '/' and '_', compared one by one. Shift indicators: adding 0x4b
// moves 0x35 to 0x3f (a shifted ':') below 0x8b, adding 0x60 moves 0x20 to
// 0x2a (a shifted '%') below 0x8b; 11 and 13 are the distances from a
// shifted ':' to a shifted '/' and from a shifted '%' to a shifted '2'.
// Bytes of 0x80 and above land on non-negative bytes or above each bound.
DATA scr<>+0x00(SB)/8, $0x2020202020202020
DATA scr<>+0x08(SB)/8, $0x2020202020202020
DATA scr<>+0x10(SB)/8, $0x1f1f1f1f1f1f1f1f
DATA scr<>+0x18(SB)/8, $0x1f1f1f1f1f1f1f1f
DATA scr<>+0x20(SB)/8, $0x9a9a9a9a9a9a9a9a
DATA scr<>+0x28(SB)/8, $0x9a9a9a9a9a9a9a9a
DATA scr<>+0x30(SB)/8, $0x5050505050505050
DATA scr<>+0x38(SB)/8, $0x5050505050505050
DATA scr<>+0x40(SB)/8, $0x8a8a8a8a8a8a8a8a
DATA scr<>+0x48(SB)/8, $0x8a8a8a8a8a8a8a8a
DATA scr<>+0x50(SB)/8, $0x2b2b2b2b2b2b2b2b
DATA scr<>+0x58(SB)/8, $0x2b2b2b2b2b2b2b2b
DATA scr<>+0x60(SB)/8, $0x2d2d2d2d2d2d2d2d
DATA scr<>+0x68(SB)/8, $0x2d2d2d2d2d2d2d2d
DATA scr<>+0x70(SB)/8, $0x2f2f2f2f2f2f2f2f
DATA scr<>+0x78(SB)/8, $0x2f2f2f2f2f2f2f2f
DATA scr<>+0x80(SB)/8, $0x5f5f5f5f5f5f5f5f
DATA scr<>+0x88(SB)/8, $0x5f5f5f5f5f5f5f5f
DATA scr<>+0x90(SB)/8, $0x8b8b8b8b8b8b8b8b
DATA scr<>+0x98(SB)/8, $0x8b8b8b8b8b8b8b8b
DATA scr<>+0xa0(SB)/8, $0x4b4b4b4b4b4b4b4b
DATA scr<>+0xa8(SB)/8, $0x4b4b4b4b4b4b4b4b
DATA scr<>+0xb0(SB)/8, $0x3a3a3a3a3a3a3a3a
DATA scr<>+0xb8(SB)/8, $0x3a3a3a3a3a3a3a3a
DATA scr<>+0xc0(SB)/8, $0x0b0b0b0b0b0b0b0b
DATA scr<>+0xc8(SB)/8, $0x0b0b0b0b0b0b0b0b
DATA scr<>+0xd0(SB)/8, $0x6060606060606060
DATA scr<>+0xd8(SB)/8, $0x6060606060606060
DATA scr<>+0xe0(SB)/8, $0x2525252525252525
DATA scr<>+0xe8(SB)/8, $0x2525252525252525
DATA scr<>+0xf0(SB)/8, $0x0d0d0d0d0d0d0d0d
DATA scr<>+0xf8(SB)/8, $0x0d0d0d0d0d0d0d0d
GLOBL scr<>(SB), RODATA|NOPTR, $0x100

// func screenBitsSSE2(w *[screenPad]byte, n int) (b64, shift uint64)
//
// Sixteen bytes at a time from w[0] until n bytes are read: in AX the bits
// of the base64 characters, in BX those of the shift indicators' starts
// (screenBitsGo), shifted by CX into R8 and R9.
TEXT ·screenBitsSSE2(SB), NOSPLIT, $0-32
	MOVQ    w+0(FP), SI
	MOVQ    n+8(FP), DX
	MOVOU   scr<>+0x00(SB), X4
	MOVOU   scr<>+0x10(SB), X5
	MOVOU   scr<>+0x20(SB), X6
	MOVOU   scr<>+0x30(SB), X7
	MOVOU   scr<>+0x40(SB), X8
	MOVOU   scr<>+0x50(SB), X9
	MOVOU   scr<>+0x60(SB), X10
	MOVOU   scr<>+0x70(SB), X11
	MOVOU   scr<>+0x80(SB), X12
	MOVOU   scr<>+0x90(SB), X13
	XORQ    CX, CX
	XORQ    R8, R8
	XORQ    R9, R9

loop:
	MOVOU   (SI), X0
	// Base64 characters.
	MOVOU   X0, X1
	POR     X4, X1
	PADDB   X5, X1
	MOVOU   X6, X2
	PCMPGTB X1, X2
	MOVOU   X0, X1
	PADDB   X7, X1
	MOVOU   X8, X3
	PCMPGTB X1, X3
	POR     X3, X2
	MOVOU   X0, X1
	PCMPEQB X9, X1
	POR     X1, X2
	MOVOU   X0, X1
	PCMPEQB X10, X1
	POR     X1, X2
	MOVOU   X0, X1
	PCMPEQB X11, X1
	POR     X1, X2
	MOVOU   X0, X1
	PCMPEQB X12, X1
	POR     X1, X2
	PMOVMSKB X2, AX

	// A shifted "://": x in 0x35 to 0x3f but ':', x-11 == x[1] == x[2].
	MOVOU   X0, X1
	MOVOU   scr<>+0xa0(SB), X2
	PADDB   X2, X1
	MOVOU   X13, X2
	PCMPGTB X1, X2
	MOVOU   X0, X1
	MOVOU   scr<>+0xb0(SB), X3
	PCMPEQB X3, X1
	PANDN   X2, X1
	MOVOU   X0, X2
	MOVOU   scr<>+0xc0(SB), X3
	PSUBB   X3, X2
	MOVOU   1(SI), X3
	PCMPEQB X3, X2
	PAND    X2, X1
	MOVOU   2(SI), X2
	PCMPEQB X3, X2
	PAND    X2, X1

	// A shifted "%2F": x in 0x20 to 0x2a but '%', x+13 == x[1], x == x[3].
	MOVOU   X0, X2
	MOVOU   scr<>+0xd0(SB), X14
	PADDB   X14, X2
	MOVOU   X13, X14
	PCMPGTB X2, X14
	MOVOU   X0, X2
	MOVOU   scr<>+0xe0(SB), X15
	PCMPEQB X15, X2
	PANDN   X14, X2
	MOVOU   X0, X14
	MOVOU   scr<>+0xf0(SB), X15
	PADDB   X15, X14
	PCMPEQB X3, X14
	PAND    X14, X2
	MOVOU   3(SI), X14
	PCMPEQB X0, X14
	PAND    X14, X2
	POR     X2, X1
	PMOVMSKB X1, BX

	SHLQ    CX, AX
	ORQ     AX, R8
	SHLQ    CX, BX
	ORQ     BX, R9
	ADDQ    $16, SI
	ADDQ    $16, CX
	CMPQ    CX, DX
	JLT     loop

	MOVQ    R8, b64+16(FP)
	MOVQ    R9, shift+24(FP)
	RET

// The constants of screenBitsSSE2, each repeated 32 times, in its order.
DATA scr32<>+0x000(SB)/8, $0x2020202020202020
DATA scr32<>+0x008(SB)/8, $0x2020202020202020
DATA scr32<>+0x010(SB)/8, $0x2020202020202020
DATA scr32<>+0x018(SB)/8, $0x2020202020202020
DATA scr32<>+0x020(SB)/8, $0x1f1f1f1f1f1f1f1f
DATA scr32<>+0x028(SB)/8, $0x1f1f1f1f1f1f1f1f
DATA scr32<>+0x030(SB)/8, $0x1f1f1f1f1f1f1f1f
DATA scr32<>+0x038(SB)/8, $0x1f1f1f1f1f1f1f1f
DATA scr32<>+0x040(SB)/8, $0x9a9a9a9a9a9a9a9a
DATA scr32<>+0x048(SB)/8, $0x9a9a9a9a9a9a9a9a
DATA scr32<>+0x050(SB)/8, $0x9a9a9a9a9a9a9a9a
DATA scr32<>+0x058(SB)/8, $0x9a9a9a9a9a9a9a9a
DATA scr32<>+0x060(SB)/8, $0x5050505050505050
DATA scr32<>+0x068(SB)/8, $0x5050505050505050
DATA scr32<>+0x070(SB)/8, $0x5050505050505050
DATA scr32<>+0x078(SB)/8, $0x5050505050505050
DATA scr32<>+0x080(SB)/8, $0x8a8a8a8a8a8a8a8a
DATA scr32<>+0x088(SB)/8, $0x8a8a8a8a8a8a8a8a
DATA scr32<>+0x090(SB)/8, $0x8a8a8a8a8a8a8a8a
DATA scr32<>+0x098(SB)/8, $0x8a8a8a8a8a8a8a8a
DATA scr32<>+0x0a0(SB)/8, $0x2b2b2b2b2b2b2b2b
DATA scr32<>+0x0a8(SB)/8, $0x2b2b2b2b2b2b2b2b
DATA scr32<>+0x0b0(SB)/8, $0x2b2b2b2b2b2b2b2b
DATA scr32<>+0x0b8(SB)/8, $0x2b2b2b2b2b2b2b2b
DATA scr32<>+0x0c0(SB)/8, $0x2d2d2d2d2d2d2d2d
DATA scr32<>+0x0c8(SB)/8, $0x2d2d2d2d2d2d2d2d
DATA scr32<>+0x0d0(SB)/8, $0x2d2d2d2d2d2d2d2d
DATA scr32<>+0x0d8(SB)/8, $0x2d2d2d2d2d2d2d2d
DATA scr32<>+0x0e0(SB)/8, $0x2f2f2f2f2f2f2f2f
DATA scr32<>+0x0e8(SB)/8, $0x2f2f2f2f2f2f2f2f
DATA scr32<>+0x0f0(SB)/8, $0x2f2f2f2f2f2f2f2f
DATA scr32<>+0x0f8(SB)/8, $0x2f2f2f2f2f2f2f2f
DATA scr32<>+0x100(SB)/8, $0x5f5f5f5f5f5f5f5f
DATA scr32<>+0x108(SB)/8, $0x5f5f5f5f5f5f5f5f
DATA scr32<>+0x110(SB)/8, $0x5f5f5f5f5f5f5f5f
DATA scr32<>+0x118(SB)/8, $0x5f5f5f5f5f5f5f5f
DATA scr32<>+0x120(SB)/8, $0x8b8b8b8b8b8b8b8b
DATA scr32<>+0x128(SB)/8, $0x8b8b8b8b8b8b8b8b
DATA scr32<>+0x130(SB)/8, $0x8b8b8b8b8b8b8b8b
DATA scr32<>+0x138(SB)/8, $0x8b8b8b8b8b8b8b8b
DATA scr32<>+0x140(SB)/8, $0x4b4b4b4b4b4b4b4b
DATA scr32<>+0x148(SB)/8, $0x4b4b4b4b4b4b4b4b
DATA scr32<>+0x150(SB)/8, $0x4b4b4b4b4b4b4b4b
DATA scr32<>+0x158(SB)/8, $0x4b4b4b4b4b4b4b4b
DATA scr32<>+0x160(SB)/8, $0x3a3a3a3a3a3a3a3a
DATA scr32<>+0x168(SB)/8, $0x3a3a3a3a3a3a3a3a
DATA scr32<>+0x170(SB)/8, $0x3a3a3a3a3a3a3a3a
DATA scr32<>+0x178(SB)/8, $0x3a3a3a3a3a3a3a3a
DATA scr32<>+0x180(SB)/8, $0x0b0b0b0b0b0b0b0b
DATA scr32<>+0x188(SB)/8, $0x0b0b0b0b0b0b0b0b
DATA scr32<>+0x190(SB)/8, $0x0b0b0b0b0b0b0b0b
DATA scr32<>+0x198(SB)/8, $0x0b0b0b0b0b0b0b0b
DATA scr32<>+0x1a0(SB)/8, $0x6060606060606060
DATA scr32<>+0x1a8(SB)/8, $0x6060606060606060
DATA scr32<>+0x1b0(SB)/8, $0x6060606060606060
DATA scr32<>+0x1b8(SB)/8, $0x6060606060606060
DATA scr32<>+0x1c0(SB)/8, $0x2525252525252525
DATA scr32<>+0x1c8(SB)/8, $0x2525252525252525
DATA scr32<>+0x1d0(SB)/8, $0x2525252525252525
DATA scr32<>+0x1d8(SB)/8, $0x2525252525252525
DATA scr32<>+0x1e0(SB)/8, $0x0d0d0d0d0d0d0d0d
DATA scr32<>+0x1e8(SB)/8, $0x0d0d0d0d0d0d0d0d
DATA scr32<>+0x1f0(SB)/8, $0x0d0d0d0d0d0d0d0d
DATA scr32<>+0x1f8(SB)/8, $0x0d0d0d0d0d0d0d0d
GLOBL scr32<>(SB), RODATA|NOPTR, $0x200

// func screenBitsAVX2(w *[screenPad]byte, n int) (b64, shift uint64)
//
// screenBitsSSE2 thirty-two bytes at a time, its constants read from memory
// where they are operands; the bits from n rounded up to 16 on are cleared,
// as screenBitsSSE2 leaves them.
TEXT ·screenBitsAVX2(SB), NOSPLIT, $0-32
	MOVQ      w+0(FP), SI
	MOVQ      n+8(FP), DX
	XORQ      CX, CX
	XORQ      R8, R8
	XORQ      R9, R9

loop32:
	VMOVDQU   (SI), Y0
	// Base64 characters.
	VPOR      scr32<>+0x000(SB), Y0, Y1
	VPADDB    scr32<>+0x020(SB), Y1, Y1
	VMOVDQU   scr32<>+0x040(SB), Y2
	VPCMPGTB  Y1, Y2, Y2
	VPADDB    scr32<>+0x060(SB), Y0, Y1
	VMOVDQU   scr32<>+0x080(SB), Y3
	VPCMPGTB  Y1, Y3, Y3
	VPOR      Y3, Y2, Y2
	VPCMPEQB  scr32<>+0x0a0(SB), Y0, Y1
	VPOR      Y1, Y2, Y2
	VPCMPEQB  scr32<>+0x0c0(SB), Y0, Y1
	VPOR      Y1, Y2, Y2
	VPCMPEQB  scr32<>+0x0e0(SB), Y0, Y1
	VPOR      Y1, Y2, Y2
	VPCMPEQB  scr32<>+0x100(SB), Y0, Y1
	VPOR      Y1, Y2, Y2
	VPMOVMSKB Y2, AX

	// A shifted "://": x in 0x35 to 0x3f but ':', x-11 == x[1] == x[2].
	VPADDB    scr32<>+0x140(SB), Y0, Y1
	VMOVDQU   scr32<>+0x120(SB), Y2
	VPCMPGTB  Y1, Y2, Y2
	VPCMPEQB  scr32<>+0x160(SB), Y0, Y1
	VPANDN    Y2, Y1, Y1
	VPSUBB    scr32<>+0x180(SB), Y0, Y2
	VMOVDQU   1(SI), Y3
	VPCMPEQB  Y3, Y2, Y2
	VPAND     Y2, Y1, Y1
	VMOVDQU   2(SI), Y2
	VPCMPEQB  Y3, Y2, Y2
	VPAND     Y2, Y1, Y1

	// A shifted "%2F": x in 0x20 to 0x2a but '%', x+13 == x[1], x == x[3].
	VPADDB    scr32<>+0x1a0(SB), Y0, Y2
	VMOVDQU   scr32<>+0x120(SB), Y4
	VPCMPGTB  Y2, Y4, Y4
	VPCMPEQB  scr32<>+0x1c0(SB), Y0, Y2
	VPANDN    Y4, Y2, Y2
	VPADDB    scr32<>+0x1e0(SB), Y0, Y4
	VPCMPEQB  Y3, Y4, Y4
	VPAND     Y4, Y2, Y2
	VMOVDQU   3(SI), Y4
	VPCMPEQB  Y0, Y4, Y4
	VPAND     Y4, Y2, Y2
	VPOR      Y2, Y1, Y1
	VPMOVMSKB Y1, BX

	SHLQ      CX, AX
	ORQ       AX, R8
	SHLQ      CX, BX
	ORQ       BX, R9
	ADDQ      $32, SI
	ADDQ      $32, CX
	CMPQ      CX, DX
	JLT       loop32
	VZEROUPPER

	// Clear the bits from n rounded up to 16 on.
	ADDQ      $15, DX
	ANDQ      $~15, DX
	CMPQ      DX, $64
	JGE       done32
	MOVQ      DX, CX
	MOVQ      $1, R10
	SHLQ      CX, R10
	DECQ      R10
	ANDQ      R10, R8
	ANDQ      R10, R9

done32:
	MOVQ      R8, b64+16(FP)
	MOVQ      R9, shift+24(FP)
	RET

// func screenBits(w *[screenPad]byte, n int) (b64, shift uint64)
TEXT ·screenBits(SB), NOSPLIT, $0-32
	CMPB      ·avx2(SB), $0
	JEQ       sse2
	JMP       ·screenBitsAVX2(SB)
sse2:
	JMP       ·screenBitsSSE2(SB)
