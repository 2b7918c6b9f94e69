//go:build !purego

#include "textflag.h"

// The bytes of the trigger table (spans.go), each repeated 16 times: the
// quotes ", ' and `, '/', ':' and '[' are compared one by one; '%', '&', '''
// and '(' are the range 0x25 to 0x28, which adding 0x5b moves to the lowest
// four signed bytes, below -124. Bytes of 0x80 and above are their own high
// bits. Then the backslash and the newline, which with the quotes may stop a
// literal's reading (isStop), and the quote '.
DATA trig<>+0x00(SB)/8, $0x2222222222222222
DATA trig<>+0x08(SB)/8, $0x2222222222222222
DATA trig<>+0x10(SB)/8, $0x2f2f2f2f2f2f2f2f
DATA trig<>+0x18(SB)/8, $0x2f2f2f2f2f2f2f2f
DATA trig<>+0x20(SB)/8, $0x3a3a3a3a3a3a3a3a
DATA trig<>+0x28(SB)/8, $0x3a3a3a3a3a3a3a3a
DATA trig<>+0x30(SB)/8, $0x5b5b5b5b5b5b5b5b
DATA trig<>+0x38(SB)/8, $0x5b5b5b5b5b5b5b5b
DATA trig<>+0x40(SB)/8, $0x6060606060606060
DATA trig<>+0x48(SB)/8, $0x6060606060606060
DATA trig<>+0x50(SB)/8, $0x5b5b5b5b5b5b5b5b
DATA trig<>+0x58(SB)/8, $0x5b5b5b5b5b5b5b5b
DATA trig<>+0x60(SB)/8, $0x8484848484848484
DATA trig<>+0x68(SB)/8, $0x8484848484848484
DATA trig<>+0x70(SB)/8, $0x5c5c5c5c5c5c5c5c
DATA trig<>+0x78(SB)/8, $0x5c5c5c5c5c5c5c5c
DATA trig<>+0x80(SB)/8, $0x0a0a0a0a0a0a0a0a
DATA trig<>+0x88(SB)/8, $0x0a0a0a0a0a0a0a0a
DATA trig<>+0x90(SB)/8, $0x2727272727272727
DATA trig<>+0x98(SB)/8, $0x2727272727272727
GLOBL trig<>(SB), RODATA|NOPTR, $0xa0

// CHUNK sets the bits of the triggers among the 16 bytes at off(SI) in R8,
// those of the backslashes, newlines and quotes in R9, those of the bytes of
// 0x80 and above in R10 and those of the slashes in R11 (the low 16 bits of
// each), and ORs them, shifted by off, into AX, BX, CX and DI. It uses X0 to
// X3.
#define CHUNK(off) \
	MOVOU   off(SI), X0; \
	PMOVMSKB X0, R10; \
	MOVOU   X0, X1; \
	PCMPEQB X8, X1; \
	MOVOU   X0, X2; \
	PCMPEQB X12, X2; \
	POR     X2, X1; \
	MOVOU   X0, X2; \
	PCMPEQB X7, X2; \
	POR     X2, X1; \
	MOVOU   X0, X2; \
	PCMPEQB X4, X2; \
	POR     X1, X2; \
	MOVOU   X0, X3; \
	PCMPEQB X5, X3; \
	POR     X3, X2; \
	PMOVMSKB X2, R9; \
	MOVOU   X0, X2; \
	PCMPEQB X9, X2; \
	PMOVMSKB X2, R11; \
	POR     X2, X1; \
	MOVOU   X0, X2; \
	PCMPEQB X10, X2; \
	POR     X2, X1; \
	MOVOU   X0, X2; \
	PCMPEQB X11, X2; \
	POR     X2, X1; \
	PADDB   X13, X0; \
	MOVOU   X14, X3; \
	PCMPGTB X0, X3; \
	POR     X3, X1; \
	PMOVMSKB X1, R8; \
	ORL     R10, R8; \
	SHLQ    $off, R8; \
	ORQ     R8, AX; \
	SHLQ    $off, R9; \
	ORQ     R9, BX; \
	SHLQ    $off, R10; \
	ORQ     R10, CX; \
	SHLQ    $off, R11; \
	ORQ     R11, DI

// func triggerBits64SSE2(w *[64]byte) (trig, stop, high, slash uint64)
TEXT ·triggerBits64SSE2(SB), NOSPLIT, $0-40
	MOVQ    w+0(FP), SI
	MOVOU   trig<>+0x00(SB), X8
	MOVOU   trig<>+0x10(SB), X9
	MOVOU   trig<>+0x20(SB), X10
	MOVOU   trig<>+0x30(SB), X11
	MOVOU   trig<>+0x40(SB), X12
	MOVOU   trig<>+0x50(SB), X13
	MOVOU   trig<>+0x60(SB), X14
	MOVOU   trig<>+0x70(SB), X4
	MOVOU   trig<>+0x80(SB), X5
	MOVOU   trig<>+0x90(SB), X7
	XORQ    AX, AX
	XORQ    BX, BX
	XORQ    CX, CX
	XORQ    DI, DI
	CHUNK(0)
	CHUNK(16)
	CHUNK(32)
	CHUNK(48)
	MOVQ    AX, trig+8(FP)
	MOVQ    BX, stop+16(FP)
	MOVQ    CX, high+24(FP)
	MOVQ    DI, slash+32(FP)
	RET

// The tables of triggerBits64AVX2, each 32 bytes (two lanes of 16): the low
// half byte's mask; the classes of a byte's low and high half bytes, whose
// AND is the byte's classes; the classes that are triggers and those that
// stop a literal. The classes: 1 the quotes " and ', 2 the quote `, 4 '%',
// '&' and '(', 8 ':', 16 '[', 32 the newline, 64 the backslash, 128 '/'
// (whose bits are the classes' high bits). A byte of 0x80 or above has no
// class (its low half byte's lookup gives 0): it is a trigger by its high
// bit.
DATA nib<>+0x00(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA nib<>+0x08(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA nib<>+0x10(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA nib<>+0x18(SB)/8, $0x0f0f0f0f0f0f0f0f
// low: [0]=2 [2]=1 [5]=4 [6]=4 [7]=1 [8]=4 [a]=8|32 [b]=16 [c]=64 [f]=128
DATA nib<>+0x20(SB)/8, $0x0104040000010002
DATA nib<>+0x28(SB)/8, $0x8000004010280004
DATA nib<>+0x30(SB)/8, $0x0104040000010002
DATA nib<>+0x38(SB)/8, $0x8000004010280004
// high: [0]=32 [2]=1|4|128 [3]=8 [5]=16|64 [6]=2
DATA nib<>+0x40(SB)/8, $0x0002500008850020
DATA nib<>+0x48(SB)/8, $0x0000000000000000
DATA nib<>+0x50(SB)/8, $0x0002500008850020
DATA nib<>+0x58(SB)/8, $0x0000000000000000
DATA nib<>+0x60(SB)/8, $0x9f9f9f9f9f9f9f9f
DATA nib<>+0x68(SB)/8, $0x9f9f9f9f9f9f9f9f
DATA nib<>+0x70(SB)/8, $0x9f9f9f9f9f9f9f9f
DATA nib<>+0x78(SB)/8, $0x9f9f9f9f9f9f9f9f
DATA nib<>+0x80(SB)/8, $0x6363636363636363
DATA nib<>+0x88(SB)/8, $0x6363636363636363
DATA nib<>+0x90(SB)/8, $0x6363636363636363
DATA nib<>+0x98(SB)/8, $0x6363636363636363
GLOBL nib<>(SB), RODATA|NOPTR, $0xa0

// CHUNK32 sets the bits of the triggers among the 32 bytes at off(SI) in R,
// those of the bytes that stop a literal in E, those of the bytes of 0x80
// and above in H and those of the slashes in S (the low 32 bits of each). It
// uses Y0 to Y3.
#define CHUNK32(off, R, E, H, S) \
	VMOVDQU   off(SI), Y0; \
	VPMOVMSKB Y0, H; \
	VPSRLW    $4, Y0, Y1; \
	VPAND     Y4, Y1, Y1; \
	VPSHUFB   Y0, Y5, Y2; \
	VPSHUFB   Y1, Y6, Y3; \
	VPAND     Y2, Y3, Y3; \
	VPMOVMSKB Y3, S; \
	VPAND     Y7, Y3, Y1; \
	VPCMPEQB  Y8, Y1, Y1; \
	VPMOVMSKB Y1, R; \
	NOTL      R; \
	ORL       H, R; \
	VPAND     Y9, Y3, Y3; \
	VPCMPEQB  Y8, Y3, Y3; \
	VPMOVMSKB Y3, E; \
	NOTL      E

// func triggerBits64AVX2(w *[64]byte) (trig, stop, high, slash uint64)
//
// triggerBits64SSE2 thirty-two bytes at a time, each byte's classes looked
// up by its half bytes (VPSHUFB).
TEXT ·triggerBits64AVX2(SB), NOSPLIT, $0-40
	MOVQ      w+0(FP), SI
	VMOVDQU   nib<>+0x00(SB), Y4
	VMOVDQU   nib<>+0x20(SB), Y5
	VMOVDQU   nib<>+0x40(SB), Y6
	VMOVDQU   nib<>+0x60(SB), Y7
	VMOVDQU   nib<>+0x80(SB), Y9
	VPXOR     Y8, Y8, Y8
	CHUNK32(0, AX, R8, R10, R12)
	CHUNK32(32, BX, R9, R11, R13)
	SHLQ      $32, BX
	ORQ       BX, AX
	MOVQ      AX, trig+8(FP)
	SHLQ      $32, R9
	ORQ       R9, R8
	MOVQ      R8, stop+16(FP)
	SHLQ      $32, R11
	ORQ       R11, R10
	MOVQ      R10, high+24(FP)
	SHLQ      $32, R13
	ORQ       R13, R12
	MOVQ      R12, slash+32(FP)
	VZEROUPPER
	RET

// func triggerBits64(w *[64]byte) (trig, stop, high, slash uint64)
TEXT ·triggerBits64(SB), NOSPLIT, $0-40
	CMPB    ·avx2(SB), $0
	JEQ     sse2
	JMP     ·triggerBits64AVX2(SB)
sse2:
	JMP     ·triggerBits64SSE2(SB)

// The bytes that hostBits64 compares with, each repeated 16 times: the
// separators ' ', '\t', '<' and '>', then the dot and the lead bytes 0xe3
// and 0xef of the full stops that IDNA maps to one.
DATA host<>+0x00(SB)/8, $0x2020202020202020
DATA host<>+0x08(SB)/8, $0x2020202020202020
DATA host<>+0x10(SB)/8, $0x0909090909090909
DATA host<>+0x18(SB)/8, $0x0909090909090909
DATA host<>+0x20(SB)/8, $0x3c3c3c3c3c3c3c3c
DATA host<>+0x28(SB)/8, $0x3c3c3c3c3c3c3c3c
DATA host<>+0x30(SB)/8, $0x3e3e3e3e3e3e3e3e
DATA host<>+0x38(SB)/8, $0x3e3e3e3e3e3e3e3e
DATA host<>+0x40(SB)/8, $0x2e2e2e2e2e2e2e2e
DATA host<>+0x48(SB)/8, $0x2e2e2e2e2e2e2e2e
DATA host<>+0x50(SB)/8, $0xe3e3e3e3e3e3e3e3
DATA host<>+0x58(SB)/8, $0xe3e3e3e3e3e3e3e3
DATA host<>+0x60(SB)/8, $0xefefefefefefefef
DATA host<>+0x68(SB)/8, $0xefefefefefefefef
GLOBL host<>(SB), RODATA|NOPTR, $0x70

// HOST sets the bits of the separators among the 16 bytes at off(SI) in S
// and those of the dots in D (the low 16 bits of each). It uses X0 to X2.
#define HOST(off, S, D) \
	MOVOU   off(SI), X0; \
	MOVOU   X0, X1; \
	PCMPEQB X8, X1; \
	MOVOU   X0, X2; \
	PCMPEQB X9, X2; \
	POR     X2, X1; \
	MOVOU   X0, X2; \
	PCMPEQB X10, X2; \
	POR     X2, X1; \
	MOVOU   X0, X2; \
	PCMPEQB X11, X2; \
	POR     X2, X1; \
	PMOVMSKB X1, S; \
	MOVOU   X0, X1; \
	PCMPEQB X12, X1; \
	MOVOU   X0, X2; \
	PCMPEQB X13, X2; \
	POR     X2, X1; \
	PCMPEQB X14, X0; \
	POR     X0, X1; \
	PMOVMSKB X1, D

// func hostBits64SSE2(w *[64]byte) (sep, dot uint64)
TEXT ·hostBits64SSE2(SB), NOSPLIT, $0-24
	MOVQ    w+0(FP), SI
	MOVOU   host<>+0x00(SB), X8
	MOVOU   host<>+0x10(SB), X9
	MOVOU   host<>+0x20(SB), X10
	MOVOU   host<>+0x30(SB), X11
	MOVOU   host<>+0x40(SB), X12
	MOVOU   host<>+0x50(SB), X13
	MOVOU   host<>+0x60(SB), X14
	HOST(0, AX, R8)
	HOST(16, BX, R9)
	HOST(32, CX, R10)
	HOST(48, DI, R11)
	SHLQ    $16, BX
	ORQ     BX, AX
	SHLQ    $32, CX
	ORQ     CX, AX
	SHLQ    $48, DI
	ORQ     DI, AX
	MOVQ    AX, sep+8(FP)
	SHLQ    $16, R9
	ORQ     R9, R8
	SHLQ    $32, R10
	ORQ     R10, R8
	SHLQ    $48, R11
	ORQ     R11, R8
	MOVQ    R8, dot+16(FP)
	RET

// HOST32 is HOST on the 32 bytes at off(SI), with AVX2: the constants are
// broadcast from the first eight bytes of each of host's rows.
#define HOST32(off, S, D) \
	VMOVDQU   off(SI), Y0; \
	VPCMPEQB  Y8, Y0, Y1; \
	VPCMPEQB  Y9, Y0, Y2; \
	VPOR      Y2, Y1, Y1; \
	VPCMPEQB  Y10, Y0, Y2; \
	VPOR      Y2, Y1, Y1; \
	VPCMPEQB  Y11, Y0, Y2; \
	VPOR      Y2, Y1, Y1; \
	VPMOVMSKB Y1, S; \
	VPCMPEQB  Y12, Y0, Y1; \
	VPCMPEQB  Y13, Y0, Y2; \
	VPOR      Y2, Y1, Y1; \
	VPCMPEQB  Y14, Y0, Y2; \
	VPOR      Y2, Y1, Y1; \
	VPMOVMSKB Y1, D

// func hostBits64AVX2(w *[64]byte) (sep, dot uint64)
TEXT ·hostBits64AVX2(SB), NOSPLIT, $0-24
	MOVQ         w+0(FP), SI
	VPBROADCASTB host<>+0x00(SB), Y8
	VPBROADCASTB host<>+0x10(SB), Y9
	VPBROADCASTB host<>+0x20(SB), Y10
	VPBROADCASTB host<>+0x30(SB), Y11
	VPBROADCASTB host<>+0x40(SB), Y12
	VPBROADCASTB host<>+0x50(SB), Y13
	VPBROADCASTB host<>+0x60(SB), Y14
	HOST32(0, AX, R8)
	HOST32(32, BX, R9)
	SHLQ         $32, BX
	ORQ          BX, AX
	MOVQ         AX, sep+8(FP)
	SHLQ         $32, R9
	ORQ          R9, R8
	MOVQ         R8, dot+16(FP)
	VZEROUPPER
	RET

// func hostBits64(w *[64]byte) (sep, dot uint64)
TEXT ·hostBits64(SB), NOSPLIT, $0-24
	CMPB    ·avx2(SB), $0
	JEQ     sse2
	JMP     ·hostBits64AVX2(SB)
sse2:
	JMP     ·hostBits64SSE2(SB)
