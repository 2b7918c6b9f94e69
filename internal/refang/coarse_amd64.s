//go:build !purego

#include "textflag.h"

// The constants of coarse (coarse.go), each byte repeated 16 times. A range lo to lo+w-1 is
// tested by adding the bias 0x80-lo, which moves it to the lowest w signed bytes, and comparing
// with the bound 0x80+w.
// mask that folds a letter to upper case and '{' to '['
DATA rc<>+0x00(SB)/8, $0xdfdfdfdfdfdfdfdf
DATA rc<>+0x08(SB)/8, $0xdfdfdfdfdfdfdfdf
// the space, and the bit that folds a letter to lower case
DATA rc<>+0x10(SB)/8, $0x2020202020202020
DATA rc<>+0x18(SB)/8, $0x2020202020202020
// bias of the range '(' to '/'
DATA rc<>+0x20(SB)/8, $0x5858585858585858
DATA rc<>+0x28(SB)/8, $0x5858585858585858
// bound of a range of 8
DATA rc<>+0x30(SB)/8, $0x8888888888888888
DATA rc<>+0x38(SB)/8, $0x8888888888888888
// bias of the range ':' to '>'
DATA rc<>+0x40(SB)/8, $0x4646464646464646
DATA rc<>+0x48(SB)/8, $0x4646464646464646
// bound of a range of 5
DATA rc<>+0x50(SB)/8, $0x8585858585858585
DATA rc<>+0x58(SB)/8, $0x8585858585858585
// bias of the range '[' to '_'
DATA rc<>+0x60(SB)/8, $0x2525252525252525
DATA rc<>+0x68(SB)/8, $0x2525252525252525
// bias of the range 'a' to 'z'
DATA rc<>+0x70(SB)/8, $0x1f1f1f1f1f1f1f1f
DATA rc<>+0x78(SB)/8, $0x1f1f1f1f1f1f1f1f
// bound of a range of 26
DATA rc<>+0x80(SB)/8, $0x9a9a9a9a9a9a9a9a
DATA rc<>+0x88(SB)/8, $0x9a9a9a9a9a9a9a9a
// bias of the range '0' to '9'
DATA rc<>+0x90(SB)/8, $0x5050505050505050
DATA rc<>+0x98(SB)/8, $0x5050505050505050
// bound of a range of 10
DATA rc<>+0xa0(SB)/8, $0x8a8a8a8a8a8a8a8a
DATA rc<>+0xa8(SB)/8, $0x8a8a8a8a8a8a8a8a
// lead byte of U+3002
DATA rc<>+0xb0(SB)/8, $0xe3e3e3e3e3e3e3e3
DATA rc<>+0xb8(SB)/8, $0xe3e3e3e3e3e3e3e3
// lead byte of U+FF0E and U+FF61
DATA rc<>+0xc0(SB)/8, $0xefefefefefefefef
DATA rc<>+0xc8(SB)/8, $0xefefefefefefefef
// '['
DATA rc<>+0xd0(SB)/8, $0x5b5b5b5b5b5b5b5b
DATA rc<>+0xd8(SB)/8, $0x5b5b5b5b5b5b5b5b
// '('
DATA rc<>+0xe0(SB)/8, $0x2828282828282828
DATA rc<>+0xe8(SB)/8, $0x2828282828282828
// '<'
DATA rc<>+0xf0(SB)/8, $0x3c3c3c3c3c3c3c3c
DATA rc<>+0xf8(SB)/8, $0x3c3c3c3c3c3c3c3c
// ','
DATA rc<>+0x100(SB)/8, $0x2c2c2c2c2c2c2c2c
DATA rc<>+0x108(SB)/8, $0x2c2c2c2c2c2c2c2c
// '-'
DATA rc<>+0x110(SB)/8, $0x2d2d2d2d2d2d2d2d
DATA rc<>+0x118(SB)/8, $0x2d2d2d2d2d2d2d2d
// '_'
DATA rc<>+0x120(SB)/8, $0x5f5f5f5f5f5f5f5f
DATA rc<>+0x128(SB)/8, $0x5f5f5f5f5f5f5f5f
// '@'
DATA rc<>+0x130(SB)/8, $0x4040404040404040
DATA rc<>+0x138(SB)/8, $0x4040404040404040
// 'd'
DATA rc<>+0x140(SB)/8, $0x6464646464646464
DATA rc<>+0x148(SB)/8, $0x6464646464646464
// 'p'
DATA rc<>+0x150(SB)/8, $0x7070707070707070
DATA rc<>+0x158(SB)/8, $0x7070707070707070
// second byte of U+3002
DATA rc<>+0x160(SB)/8, $0x8080808080808080
DATA rc<>+0x168(SB)/8, $0x8080808080808080
// mask that folds 0xBD to 0xBC
DATA rc<>+0x170(SB)/8, $0xfefefefefefefefe
DATA rc<>+0x178(SB)/8, $0xfefefefefefefefe
// second byte of U+FF0E and U+FF61
DATA rc<>+0x180(SB)/8, $0xbcbcbcbcbcbcbcbc
DATA rc<>+0x188(SB)/8, $0xbcbcbcbcbcbcbcbc
// 'a'
DATA rc<>+0x190(SB)/8, $0x6161616161616161
DATA rc<>+0x198(SB)/8, $0x6161616161616161
// 'h'
DATA rc<>+0x1a0(SB)/8, $0x6868686868686868
DATA rc<>+0x1a8(SB)/8, $0x6868686868686868
// 'w'
DATA rc<>+0x1b0(SB)/8, $0x7777777777777777
DATA rc<>+0x1b8(SB)/8, $0x7777777777777777
// 'x'
DATA rc<>+0x1c0(SB)/8, $0x7878787878787878
DATA rc<>+0x1c8(SB)/8, $0x7878787878787878
GLOBL rc<>(SB), RODATA|NOPTR, $0x1d0

// RANGE sets the bytes of dst where src is in the range of bias boff and bound toff; it uses tmp.
#define RANGE(src, boff, toff, tmp, dst) \
	MOVOU   src, tmp; \
	MOVOU   rc<>+boff(SB), dst; \
	PADDB   dst, tmp; \
	MOVOU   rc<>+toff(SB), dst; \
	PCMPGTB tmp, dst

// EQ sets the bytes of dst where src equals the constant at off.
#define EQ(src, off, dst) \
	MOVOU   rc<>+off(SB), dst; \
	PCMPEQB src, dst

// CHUNK sets in R the bits of the 16 bytes at off+1(SI) where coarse holds, with the bytes
// before them at off(SI) and those after them at off+2(SI). X13 holds 0xDF and X12 0x20; it
// uses X0 to X11.
#define CHUNK(off, R) \
	MOVOU   off(SI), X0; \
	MOVOU   off+1(SI), X1; \
	MOVOU   off+2(SI), X2; \
	MOVOU   X1, X8; \
	PAND    X13, X8; \
	RANGE(X1, 0x20, 0x30, X10, X3); \
	RANGE(X1, 0x40, 0x50, X10, X11); \
	POR     X11, X3; \
	RANGE(X8, 0x60, 0x50, X10, X11); \
	POR     X11, X3; \
	MOVOU   X12, X11; \
	PCMPEQB X1, X11; \
	POR     X11, X3; \
	EQ(X1, 0xb0, X11); \
	POR     X11, X3; \
	EQ(X1, 0xc0, X11); \
	POR     X11, X3; \
	EQ(X8, 0xd0, X4); \
	EQ(X1, 0xe0, X11); \
	POR     X11, X4; \
	EQ(X1, 0xf0, X11); \
	POR     X11, X4; \
	MOVOU   X0, X9; \
	POR     X12, X9; \
	RANGE(X9, 0x70, 0x80, X10, X5); \
	RANGE(X0, 0x90, 0xa0, X10, X11); \
	POR     X11, X5; \
	EQ(X0, 0x110, X11); \
	POR     X11, X5; \
	EQ(X0, 0x120, X11); \
	POR     X11, X5; \
	PXOR    X11, X11; \
	PCMPGTB X0, X11; \
	POR     X11, X5; \
	POR     X4, X5; \
	PAND    X5, X3; \
	RANGE(X2, 0x20, 0x30, X10, X6); \
	RANGE(X2, 0x40, 0x50, X10, X11); \
	POR     X11, X6; \
	EQ(X2, 0x130, X11); \
	POR     X11, X6; \
	MOVOU   X2, X9; \
	PAND    X13, X9; \
	RANGE(X9, 0x60, 0x50, X10, X11); \
	POR     X11, X6; \
	MOVOU   X12, X11; \
	PCMPEQB X2, X11; \
	POR     X11, X6; \
	EQ(X2, 0x160, X11); \
	POR     X11, X6; \
	MOVOU   rc<>+0x170(SB), X9; \
	PAND    X2, X9; \
	EQ(X9, 0x180, X11); \
	POR     X11, X6; \
	MOVOU   X2, X9; \
	POR     X12, X9; \
	EQ(X9, 0x140, X11); \
	POR     X11, X6; \
	EQ(X9, 0x150, X11); \
	POR     X11, X6; \
	EQ(X9, 0x190, X7); \
	EQ(X9, 0x1a0, X11); \
	POR     X11, X7; \
	EQ(X9, 0x1b0, X11); \
	POR     X11, X7; \
	EQ(X9, 0x1c0, X11); \
	POR     X11, X7; \
	PAND    X4, X7; \
	POR     X7, X6; \
	EQ(X1, 0x100, X7); \
	RANGE(X2, 0x90, 0xa0, X10, X11); \
	PAND    X11, X7; \
	POR     X7, X6; \
	PAND    X6, X3; \
	PMOVMSKB X3, R

// func coarseBits64(w *[66]byte) uint64
TEXT ·coarseBits64(SB), NOSPLIT, $0-16
	MOVQ    w+0(FP), SI
	MOVOU   rc<>+0x00(SB), X13
	MOVOU   rc<>+0x10(SB), X12
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
	MOVQ    AX, ret+8(FP)
	RET
