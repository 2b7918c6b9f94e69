//go:build !purego

package refang

import (
	"math/rand/v2"
	"testing"
)

// kernels lists the kernels that this processor runs.
func kernels() []kernel {
	ks := []kernel{kernelGo}
	for _, k := range []struct {
		k  kernel
		ok bool
	}{{kernelSSSE3, ssse3}, {kernelAVX2, avx2}, {kernelFine, vbmi}} {
		if k.ok {
			ks = append(ks, k.k)
		}
	}
	return ks
}

// TestFineBits: fineBlocksAVX512 sets the bits that fine gives, for every triple of bytes at
// every position of a block, as TestCoarseBits, each followed by the bytes that spells reads
// after a letter of a word or a separator, and on random blocks of the bytes that marks are made
// of, one block and eight at a time.
func TestFineBits(t *testing.T) {
	if !vbmi {
		t.Skip("no AVX512VBMI")
	}
	t.Parallel()
	var w [68 + 7*64]byte
	var got [8]uint64
	check := func(n int) {
		t.Helper()
		fineBlocksAVX512(&w[0], &got[0], n, &fineTab)
		for k := range n {
			if want := fineBitsGo((*[68]byte)(w[64*k:])); got[k] != want {
				t.Fatalf("fineBlocksAVX512(%q) = %064b, want %064b", w[64*k:64*k+68], got[k], want)
			}
		}
	}
	tails := []string{"ot", "un", "on", "oi", "t", "OT", "Un", "oI", "ox", "xt", "ut", "o", "", "//", "/x", ")x", " )", "]/", "x/"}
	for cn := range 1 << 16 {
		for p := 0; p < 256; p += 22 {
			for off := range 3 {
				for k := 0; off+3*k+2 < 68; k++ {
					w[off+3*k], w[off+3*k+1], w[off+3*k+2] = byte(p+k), byte(cn>>8), byte(cn)
				}
				check(1)
			}
		}
		if n := byte(cn); n|0x20 == 'd' || n|0x20 == 'p' || n|0x20 == 'a' || n == '/' || n == ':' || n == '-' || n == '@' {
			for _, tail := range tails {
				for off := range 5 {
					for k := 0; off+5*k+4 < 68; k++ {
						w[off+5*k], w[off+5*k+1], w[off+5*k+2] = byte(11*k), byte(cn>>8), byte(cn)
						copy(w[off+5*k+3:off+5*k+5], tail+"  ")
					}
					check(1)
				}
			}
		}
	}
	const alphabet = "..::,,//__--  [](){}<>\\^@dotpunkhxsawDPHXOUTNIA0123example\"'\n\x80\xbc\xbd\xe3\xef\xff"
	r := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		for k := range w {
			w[k] = alphabet[r.IntN(len(alphabet))]
		}
		check(8)
	}
}
