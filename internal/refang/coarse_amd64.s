//go:build !purego

#include "textflag.h"

// Constants, each byte repeated 16 times: the mask of a half byte; '0', the least byte that
// coarse counts as a host byte, and '-'; the class bits cFirst, cOpen, nFollow,
// cMayOpen|cComma and nDP (coarse.go); the bit that folds a letter to lower case, 'o' and 'u'.
DATA rc<>+0x00(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA rc<>+0x08(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA rc<>+0x10(SB)/8, $0x3030303030303030
DATA rc<>+0x18(SB)/8, $0x3030303030303030
DATA rc<>+0x20(SB)/8, $0x2d2d2d2d2d2d2d2d
DATA rc<>+0x28(SB)/8, $0x2d2d2d2d2d2d2d2d
DATA rc<>+0x30(SB)/8, $0x0707070707070707
DATA rc<>+0x38(SB)/8, $0x0707070707070707
DATA rc<>+0x40(SB)/8, $0x3838383838383838
DATA rc<>+0x48(SB)/8, $0x3838383838383838
DATA rc<>+0x50(SB)/8, $0x3f3f3f3f3f3f3f3f
DATA rc<>+0x58(SB)/8, $0x3f3f3f3f3f3f3f3f
DATA rc<>+0x60(SB)/8, $0xc0c0c0c0c0c0c0c0
DATA rc<>+0x68(SB)/8, $0xc0c0c0c0c0c0c0c0
DATA rc<>+0x70(SB)/8, $0x0c0c0c0c0c0c0c0c
DATA rc<>+0x78(SB)/8, $0x0c0c0c0c0c0c0c0c
DATA rc<>+0x80(SB)/8, $0x2020202020202020
DATA rc<>+0x88(SB)/8, $0x2020202020202020
DATA rc<>+0x90(SB)/8, $0x6f6f6f6f6f6f6f6f
DATA rc<>+0x98(SB)/8, $0x6f6f6f6f6f6f6f6f
DATA rc<>+0xa0(SB)/8, $0x7575757575757575
DATA rc<>+0xa8(SB)/8, $0x7575757575757575
GLOBL rc<>(SB), RODATA|NOPTR, $0xb0

// CLASS sets dst to the classes of the 16 bytes in src by the tables lo and hi (a nibbleTable);
// it overwrites src and uses tmp. X14 holds 0x0F.
#define CLASS(src, lo, hi, tmp, dst) \
	MOVOU   src, tmp; \
	PSRLW   $4, tmp; \
	PAND    X14, tmp; \
	PAND    X14, src; \
	MOVOU   hi, dst; \
	PSHUFB  tmp, dst; \
	MOVOU   lo, tmp; \
	PSHUFB  src, tmp; \
	PAND    tmp, dst

// CHUNK sets in R the bits of the 16 bytes at off+1(SI) where coarse holds, with the bytes
// before them at off(SI) and the two after each at off+2(SI) and off+3(SI). X14 holds 0x0F, X13 zero,
// X12 and X11 the tables of c, X10 and X9 those of n, X8 '0'; it uses X0 to X7.
#define CHUNK(off, R) \
	MOVOU   off+1(SI), X0; \
	CLASS(X0, X12, X11, X1, X3); \
	MOVOU   off+2(SI), X0; \
	CLASS(X0, X10, X9, X1, X4); \
	MOVOU   X3, X5; \
	PAND    X4, X5; \
	MOVOU   rc<>+0x60(SB), X6; \
	PAND    X6, X5; \
	MOVOU   rc<>+0x50(SB), X6; \
	PAND    X4, X6; \
	POR     X6, X5; \
	PCMPEQB X13, X5; \
	MOVOU   rc<>+0x30(SB), X6; \
	PAND    X3, X6; \
	PCMPEQB X13, X6; \
	POR     X6, X5; \
	MOVOU   rc<>+0x40(SB), X7; \
	PAND    X3, X7; \
	PCMPEQB X13, X7; \
	MOVOU   off(SI), X0; \
	MOVOU   X0, X1; \
	PMAXUB  X8, X1; \
	PCMPEQB X0, X1; \
	MOVOU   rc<>+0x20(SB), X2; \
	PCMPEQB X0, X2; \
	POR     X2, X1; \
	PANDN   X7, X1; \
	POR     X1, X5; \
	MOVOU   rc<>+0x70(SB), X6; \
	PAND    X4, X6; \
	PCMPEQB X13, X6; \
	MOVOU   off+3(SI), X0; \
	MOVOU   rc<>+0x80(SB), X1; \
	POR     X1, X0; \
	MOVOU   rc<>+0x90(SB), X1; \
	PCMPEQB X0, X1; \
	POR     X1, X6; \
	MOVOU   rc<>+0xa0(SB), X2; \
	PCMPEQB X0, X2; \
	POR     X2, X6; \
	PANDN   X6, X5; \
	PMOVMSKB X5, R

// func coarseBits64Tables(w *[67]byte, t *[2]nibbleTable) uint64
TEXT ·coarseBits64Tables(SB), NOSPLIT, $0-24
	MOVQ    w+0(FP), SI
	MOVQ    t+8(FP), DI
	MOVOU   rc<>+0x00(SB), X14
	PXOR    X13, X13
	MOVOU   0(DI), X12
	MOVOU   16(DI), X11
	MOVOU   32(DI), X10
	MOVOU   48(DI), X9
	MOVOU   rc<>+0x10(SB), X8
	CHUNK(0, AX)
	CHUNK(16, BX)
	CHUNK(32, CX)
	CHUNK(48, DX)
	SHLQ    $16, BX
	ORQ     BX, AX
	SHLQ    $32, CX
	ORQ     CX, AX
	SHLQ    $48, DX
	ORQ     DX, AX
	MOVQ    AX, ret+16(FP)
	RET

// func cpuid1ECX() uint32
TEXT ·cpuid1ECX(SB), NOSPLIT, $0-4
	MOVL    $1, AX
	XORL    CX, CX
	CPUID
	MOVL    CX, ret+0(FP)
	RET
