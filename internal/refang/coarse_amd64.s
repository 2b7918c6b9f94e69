//go:build !purego

#include "textflag.h"

// Constants, each byte repeated 32 times (coarseBits64Tables reads the first 16): the mask of a
// half byte; '0', the least byte that coarse counts as a host byte, and '-'; the class bits
// cFirst, cOpen, nFollow, cMayOpen|cComma and nDP (coarse.go); the bit that folds a letter to
// lower case, 'o' and 'u'.
DATA rb<>+0x00(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA rb<>+0x08(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA rb<>+0x10(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA rb<>+0x18(SB)/8, $0x0f0f0f0f0f0f0f0f
DATA rb<>+0x20(SB)/8, $0x3030303030303030
DATA rb<>+0x28(SB)/8, $0x3030303030303030
DATA rb<>+0x30(SB)/8, $0x3030303030303030
DATA rb<>+0x38(SB)/8, $0x3030303030303030
DATA rb<>+0x40(SB)/8, $0x2d2d2d2d2d2d2d2d
DATA rb<>+0x48(SB)/8, $0x2d2d2d2d2d2d2d2d
DATA rb<>+0x50(SB)/8, $0x2d2d2d2d2d2d2d2d
DATA rb<>+0x58(SB)/8, $0x2d2d2d2d2d2d2d2d
DATA rb<>+0x60(SB)/8, $0x0707070707070707
DATA rb<>+0x68(SB)/8, $0x0707070707070707
DATA rb<>+0x70(SB)/8, $0x0707070707070707
DATA rb<>+0x78(SB)/8, $0x0707070707070707
DATA rb<>+0x80(SB)/8, $0x3838383838383838
DATA rb<>+0x88(SB)/8, $0x3838383838383838
DATA rb<>+0x90(SB)/8, $0x3838383838383838
DATA rb<>+0x98(SB)/8, $0x3838383838383838
DATA rb<>+0xa0(SB)/8, $0x3f3f3f3f3f3f3f3f
DATA rb<>+0xa8(SB)/8, $0x3f3f3f3f3f3f3f3f
DATA rb<>+0xb0(SB)/8, $0x3f3f3f3f3f3f3f3f
DATA rb<>+0xb8(SB)/8, $0x3f3f3f3f3f3f3f3f
DATA rb<>+0xc0(SB)/8, $0xc0c0c0c0c0c0c0c0
DATA rb<>+0xc8(SB)/8, $0xc0c0c0c0c0c0c0c0
DATA rb<>+0xd0(SB)/8, $0xc0c0c0c0c0c0c0c0
DATA rb<>+0xd8(SB)/8, $0xc0c0c0c0c0c0c0c0
DATA rb<>+0xe0(SB)/8, $0x0c0c0c0c0c0c0c0c
DATA rb<>+0xe8(SB)/8, $0x0c0c0c0c0c0c0c0c
DATA rb<>+0xf0(SB)/8, $0x0c0c0c0c0c0c0c0c
DATA rb<>+0xf8(SB)/8, $0x0c0c0c0c0c0c0c0c
DATA rb<>+0x100(SB)/8, $0x2020202020202020
DATA rb<>+0x108(SB)/8, $0x2020202020202020
DATA rb<>+0x110(SB)/8, $0x2020202020202020
DATA rb<>+0x118(SB)/8, $0x2020202020202020
DATA rb<>+0x120(SB)/8, $0x6f6f6f6f6f6f6f6f
DATA rb<>+0x128(SB)/8, $0x6f6f6f6f6f6f6f6f
DATA rb<>+0x130(SB)/8, $0x6f6f6f6f6f6f6f6f
DATA rb<>+0x138(SB)/8, $0x6f6f6f6f6f6f6f6f
DATA rb<>+0x140(SB)/8, $0x7575757575757575
DATA rb<>+0x148(SB)/8, $0x7575757575757575
DATA rb<>+0x150(SB)/8, $0x7575757575757575
DATA rb<>+0x158(SB)/8, $0x7575757575757575
GLOBL rb<>(SB), RODATA|NOPTR, $0x160

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
	MOVOU   rb<>+0xc0(SB), X6; \
	PAND    X6, X5; \
	MOVOU   rb<>+0xa0(SB), X6; \
	PAND    X4, X6; \
	POR     X6, X5; \
	PCMPEQB X13, X5; \
	MOVOU   rb<>+0x60(SB), X6; \
	PAND    X3, X6; \
	PCMPEQB X13, X6; \
	POR     X6, X5; \
	MOVOU   rb<>+0x80(SB), X7; \
	PAND    X3, X7; \
	PCMPEQB X13, X7; \
	MOVOU   off(SI), X0; \
	MOVOU   X0, X1; \
	PMAXUB  X8, X1; \
	PCMPEQB X0, X1; \
	MOVOU   rb<>+0x40(SB), X2; \
	PCMPEQB X0, X2; \
	POR     X2, X1; \
	PANDN   X7, X1; \
	POR     X1, X5; \
	MOVOU   rb<>+0xe0(SB), X6; \
	PAND    X4, X6; \
	PCMPEQB X13, X6; \
	MOVOU   off+3(SI), X0; \
	MOVOU   rb<>+0x100(SB), X1; \
	POR     X1, X0; \
	MOVOU   rb<>+0x120(SB), X1; \
	PCMPEQB X0, X1; \
	POR     X1, X6; \
	MOVOU   rb<>+0x140(SB), X2; \
	PCMPEQB X0, X2; \
	POR     X2, X6; \
	PANDN   X6, X5; \
	PMOVMSKB X5, R

// func coarseBits64Tables(w *[67]byte, t *[2]nibbleTable) uint64
TEXT ·coarseBits64Tables(SB), NOSPLIT, $0-24
	MOVQ    w+0(FP), SI
	MOVQ    t+8(FP), DI
	MOVOU   rb<>+0x00(SB), X14
	PXOR    X13, X13
	MOVOU   0(DI), X12
	MOVOU   16(DI), X11
	MOVOU   32(DI), X10
	MOVOU   48(DI), X9
	MOVOU   rb<>+0x20(SB), X8
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

// BROADCAST sets the 64 bytes of Z to the byte repeated in the 32-bit constant c.
#define BROADCAST(c, Z) \
	MOVL    c, AX; \
	VPBROADCASTD AX, Z

// func fineBlocksAVX512(w *byte, out *uint64, n int, t *fineTables)
//
// fine for n blocks of 64 bytes, w[64k+1:64k+65] for k < n, at once each (AVX512F, AVX512BW
// and AVX512VBMI, for VPERMI2B): out[k] is fineBitsGo of w[64k:64k+68]. t holds the tables of
// fine.go, each 128 bytes, looked up by the low seven bits of a byte: the groups of c, those of
// n, the host bytes, the classes of spells and the bits of them that follow c.
TEXT ·fineBlocksAVX512(SB), NOSPLIT, $0-32
	MOVQ    w+0(FP), SI
	MOVQ    out+8(FP), DX
	MOVQ    n+16(FP), CX
	MOVQ    t+24(FP), DI
	VMOVDQU64 0(DI), Z31
	VMOVDQU64 64(DI), Z30
	VMOVDQU64 128(DI), Z29
	VMOVDQU64 192(DI), Z28
	VMOVDQU64 256(DI), Z27
	VMOVDQU64 320(DI), Z26
	VMOVDQU64 384(DI), Z25
	VMOVDQU64 448(DI), Z24
	VMOVDQU64 512(DI), Z23
	VMOVDQU64 576(DI), Z22
	VMOVDQU64 640(DI), Z21
	VMOVDQU64 704(DI), Z20
	VMOVDQU64 768(DI), Z19
	VMOVDQU64 832(DI), Z18
	BROADCAST($0x40404040, Z17) // spellNoScheme
	BROADCAST($0xe3e3e3e3, Z16)
	BROADCAST($0xefefefef, Z15)
	BROADCAST($0x80808080, Z14)
	BROADCAST($0xbcbcbcbc, Z13)
	BROADCAST($0xbdbdbdbd, Z12)
	BROADCAST($0x01010101, Z11) // the group of the opening brackets
	TESTQ   CX, CX
	JZ      fdone

fblock:
	VMOVDQU8 0(SI), Z0 // p
	VMOVDQU8 1(SI), Z1 // c
	VMOVDQU8 2(SI), Z2 // n
	VMOVDQU8 3(SI), Z3 // m
	VMOVDQU8 4(SI), Z4 // q
	// The groups of c in Z5, of n in Z6, the host bytes of p in Z7: by the low seven bits.
	VMOVDQA64 Z1, Z5
	VPERMI2B Z30, Z31, Z5
	VMOVDQA64 Z2, Z6
	VPERMI2B Z28, Z29, Z6
	VMOVDQA64 Z0, Z7
	VPERMI2B Z26, Z27, Z7
	// K3: a pair in a group, c and n below 0x80; or a full-width dot's lead and next byte.
	VPMOVB2M Z1, K1
	VPMOVB2M Z2, K2
	KORQ    K1, K2, K2
	VPTESTMB Z5, Z6, K3
	KANDNQ  K3, K2, K3
	VPCMPEQB Z16, Z1, K4
	VPCMPEQB Z14, Z2, K4, K4
	VPCMPEQB Z13, Z2, K5
	VPCMPEQB Z12, Z2, K6
	KORQ    K5, K6, K5
	VPCMPEQB Z15, Z1, K5, K5
	KORQ    K4, K3, K3
	KORQ    K5, K3, K3
	// K3 &= c opens a bracket, or p is a host byte.
	VPTESTMB Z11, Z5, K4
	VPTESTMB Z7, Z7, K5
	VPMOVB2M Z0, K6
	KORQ    K6, K5, K5
	KORQ    K4, K5, K5
	KANDQ   K5, K3, K3
	// K3 &= spells: the class of n (the bits of it that spellAfter gives c, but spellNoScheme
	// after a scheme's last letter) is none, or it has a bit in common with those of m and q.
	VPERMI2B Z24, Z25, Z2
	VPERMI2B Z22, Z23, Z3
	VPERMI2B Z20, Z21, Z4
	VMOVDQA64 Z1, Z9
	VPERMI2B Z18, Z19, Z9
	VPTERNLOGD $0x70, Z17, Z7, Z9 // Z9 &^= Z7 & spellNoScheme
	VPANDD  Z9, Z2, Z2
	VPTESTNMB Z2, Z2, K4
	VPANDD  Z4, Z3, Z3
	VPTESTMB Z3, Z2, K5
	KORQ    K4, K5, K4
	KANDQ   K4, K3, K3
	KMOVQ   K3, AX
	MOVQ    AX, 0(DX)
	ADDQ    $64, SI
	ADDQ    $8, DX
	DECQ    CX
	JNZ     fblock

fdone:
	VZEROUPPER
	RET

// YCLASS sets dst to the classes of the 32 bytes in src by the tables lo and hi (a nibbleTable,
// in each 16-byte lane); it overwrites src and uses tmp. Y14 holds 0x0F.
#define YCLASS(src, lo, hi, tmp, dst) \
	VPSRLW  $4, src, tmp; \
	VPAND   Y14, tmp, tmp; \
	VPAND   Y14, src, src; \
	VPSHUFB tmp, hi, dst; \
	VPSHUFB src, lo, tmp; \
	VPAND   tmp, dst, dst

// YCHUNK sets in R the bits of the 32 bytes at off+1(SI) where coarse holds, as CHUNK does for
// 16. Y14 holds 0x0F, Y13 zero, Y12 and Y11 the tables of c, Y10 and Y9 those of n, Y8 '0'; it
// uses Y0 to Y6.
#define YCHUNK(off, R) \
	VMOVDQU off+1(SI), Y0; \
	YCLASS(Y0, Y12, Y11, Y1, Y3); \
	VMOVDQU off+2(SI), Y0; \
	YCLASS(Y0, Y10, Y9, Y1, Y4); \
	VPAND   Y3, Y4, Y5; \
	VPAND   rb<>+0xc0(SB), Y5, Y5; \
	VPAND   rb<>+0xa0(SB), Y4, Y6; \
	VPOR    Y6, Y5, Y5; \
	VPCMPEQB Y13, Y5, Y5; \
	VPAND   rb<>+0x60(SB), Y3, Y6; \
	VPCMPEQB Y13, Y6, Y6; \
	VPOR    Y6, Y5, Y5; \
	VPAND   rb<>+0x80(SB), Y3, Y6; \
	VPCMPEQB Y13, Y6, Y6; \
	VMOVDQU off(SI), Y0; \
	VPMAXUB Y8, Y0, Y1; \
	VPCMPEQB Y0, Y1, Y1; \
	VPCMPEQB rb<>+0x40(SB), Y0, Y2; \
	VPOR    Y2, Y1, Y1; \
	VPANDN  Y6, Y1, Y1; \
	VPOR    Y1, Y5, Y5; \
	VPAND   rb<>+0xe0(SB), Y4, Y6; \
	VPCMPEQB Y13, Y6, Y6; \
	VMOVDQU off+3(SI), Y0; \
	VPOR    rb<>+0x100(SB), Y0, Y0; \
	VPCMPEQB rb<>+0x120(SB), Y0, Y1; \
	VPOR    Y1, Y6, Y6; \
	VPCMPEQB rb<>+0x140(SB), Y0, Y2; \
	VPOR    Y2, Y6, Y6; \
	VPANDN  Y6, Y5, Y5; \
	VPMOVMSKB Y5, R

// func coarseBlocksAVX2(w *byte, t *[2]nibbleTable, out *uint64, n int)
//
// coarse for n blocks of 64 bytes, w[64k+1:64k+65] for k < n, 32 bytes at a time (AVX2): out[k]
// is coarseBitsGo of w[64k:64k+67].
TEXT ·coarseBlocksAVX2(SB), NOSPLIT, $0-32
	MOVQ    w+0(FP), SI
	MOVQ    t+8(FP), DI
	MOVQ    out+16(FP), DX
	MOVQ    n+24(FP), CX
	VMOVDQU rb<>+0x00(SB), Y14
	VPXOR   Y13, Y13, Y13
	VBROADCASTI128 0(DI), Y12
	VBROADCASTI128 16(DI), Y11
	VBROADCASTI128 32(DI), Y10
	VBROADCASTI128 48(DI), Y9
	VMOVDQU rb<>+0x20(SB), Y8
	TESTQ   CX, CX
	JZ      ydone

yblock:
	YCHUNK(0, AX)
	YCHUNK(32, BX)
	SHLQ    $32, BX
	ORQ     BX, AX
	MOVQ    AX, 0(DX)
	ADDQ    $64, SI
	ADDQ    $8, DX
	DECQ    CX
	JNZ     yblock

ydone:
	VZEROUPPER
	RET
