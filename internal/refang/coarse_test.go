package refang

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestCoarseCoversCandidate: coarse and fine hold wherever candidate does, for every byte with
// every byte before and after it, followed by each byte that spelled looks for: after a 'd', a
// 'p' or an 'a', every byte then the last letter of a word for "dot" or "at", and the second
// letter of one then every byte; after a separator, every byte then a closing bracket, and a
// slash, every byte and a closing bracket; after another byte, the last byte of a full-width
// dot, a ']' or none.
func TestCoarseCoversCandidate(t *testing.T) {
	t.Parallel()
	var anyM, someM []string
	for x := range 256 {
		for _, end := range []string{"t", "n", "i"} {
			anyM = append(anyM, string([]byte{byte(x)})+end)
		}
		for _, second := range []string{"o", "u", "t"} {
			anyM = append(anyM, second+string([]byte{byte(x)}))
		}
	}
	for _, m := range []string{"", "x", "]", "\x82", "\x8e", "\xa1", " ]", "  ]"} {
		someM = append(someM, m)
	}
	var sepM []string
	for x := range 256 {
		sepM = append(sepM, string([]byte{byte(x)})+")", "/"+string([]byte{byte(x)})+")")
	}
	w := make([]byte, 0, 8)
	var pad [5]byte
	for c := range 256 {
		if follow[c] == nil {
			continue
		}
		for p := range 256 {
			for n := range 256 {
				tails := someM
				if x := n | 0x20; x == 'd' || x == 'p' || x == 'a' {
					tails = anyM
				} else if n == '/' || n == ':' || n == '-' || n == '@' {
					tails = sepM
				}
				for _, tail := range tails {
					w = append(append(w[:0], byte(p), byte(c), byte(n)), tail...)
					if !candidate(w, 1) {
						continue
					}
					copy(pad[:], append(w, 0, 0))
					if !coarse(pad[0], pad[1], pad[2], pad[3]) {
						t.Fatalf("candidate(%q, 1) holds but coarse does not", w)
					}
					if !fine(pad[0], pad[1], pad[2], pad[3], pad[4]) {
						t.Fatalf("candidate(%q, 1) holds but fine does not", w)
					}
				}
			}
		}
	}
}

// TestCoarse: table cases of what coarse lets through and what it rules out.
func TestCoarse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want bool
	}{
		{"e[.x", true}, {"e.]x", true}, {"e dot", true}, {"e Pun", true}, {"e:/x", true}, {"e,1x", true},
		{"1,2x", true}, {" [hx", true}, {"\"{ww", true}, {"a-do", true}, {"a__x", true}, {"a\\.x", true},
		{"\xe3\xe3\x80\x82", true}, {"\xe3\xef\xbd\xa1", true}, {"\x80\xef\xbc\x8e", true},
		{"x(ax", true}, {"e {x", true}, {"x(@)", true},
		// Ruled out: the byte before is no host byte and c opens nothing; c has no follow set;
		// n follows nothing; a 'd' or 'p' without an 'o' or a 'u' after it.
		{"\": x", false}, {"\", x", false}, {"{\"ax", false}, {"\"e x", false}, {"e\"dx", false},
		{"e ex", false}, {"e.cx", false}, {"e{\"x", false}, {"\n  x", false}, {"e-1x", false},
		{"e hx", false}, {"{ hx", false}, {"[h x", false}, {"e\xe3\x81x", false}, {"e de ", false},
		{"e par", false}, {"e,+x", false}, {"a>+0", false},
	}
	for _, tt := range tests {
		if got := coarse(tt.in[0], tt.in[1], tt.in[2], tt.in[3]); got != tt.want {
			t.Errorf("coarse(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestCoarseBits: every kernel of coarse that this processor runs (kernels: SSSE3 and AVX2 on
// amd64) sets the bits that coarse gives, for every triple of bytes at every position
// of a block (each block holds 22 triples p, c, n for one pair c, n, starting at one of three
// offsets, and the triples that straddle them) and on random blocks of the bytes that marks are
// made of.
func TestCoarseBits(t *testing.T) {
	t.Parallel()
	var w [67]byte
	var got [1]uint64
	check := func() {
		t.Helper()
		want := coarseBitsGo(&w)
		for _, k := range kernels() {
			if k == kernelFine {
				continue
			}
			if blockBits(k, w[:], 1, got[:]); got[0] != want {
				t.Fatalf("blockBits(%s, %q) = %064b, want %064b", k, w[:], got[0], want)
			}
		}
	}
	for cn := range 1 << 16 {
		for p := 0; p < 256; p += 22 {
			for off := range 3 {
				for k := 0; off+3*k+2 < len(w); k++ {
					w[off+3*k], w[off+3*k+1], w[off+3*k+2] = byte(p+k), byte(cn>>8), byte(cn)
				}
				check()
			}
		}
	}
	const alphabet = "..::,,//__--  [](){}<>\\^@dotpunkhxsawDPHXOU0123example\"'\n\x80\xbc\xbd\xe3\xef\xff"
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		for k := range w {
			w[k] = alphabet[r.IntN(len(alphabet))]
		}
		check()
	}
}

func (k kernel) String() string {
	return [...]string{"kernelGo", "kernelSSSE3", "kernelAVX2", "kernelFine"}[k]
}

// BenchmarkCoarseBits: each kernel over eight blocks of prose.
func BenchmarkCoarseBits(b *testing.B) {
	t := []byte(strings.Repeat(`"Goals_Description": "Die Ziele (evil[.]example) werden f\u00fcr die Website`, 8))
	var out [8]uint64
	for _, k := range kernels() {
		b.Run(k.String(), func(b *testing.B) {
			b.SetBytes(8 * 64)
			for b.Loop() {
				blockBits(k, t, 1, out[:])
			}
			if out[0] == 0 {
				b.Fatal("no bits")
			}
		})
	}
}

// TestBlockSearch: the search 64 bytes at a time, with each of its kernels (kernels),
// finds the same bytes as the search of the pair tables, on random texts of the bytes that marks
// are made of: from every offset in order with one search (which then starts in the blocks it
// kept most often), and from random offsets.
func TestBlockSearch(t *testing.T) {
	t.Parallel()
	const alphabet = "..::,,//__--  [](){}<>\\^@dotpunkhxsawDPHXOTNIA0123example\"'\n\x80\xbc\xbd\xe3\xef"
	r := rand.New(rand.NewPCG(5, 6))
	buf := make([]byte, 0, 1200)
	for n := range 3000 {
		size := 300
		if n%8 == 0 {
			size = 1200 // past the eight blocks a search keeps
		}
		buf = buf[:r.IntN(size)]
		for k := range buf {
			buf[k] = alphabet[r.IntN(len(alphabet))]
		}
		for _, kern := range kernels() {
			s := blockSearch{kernel: kern}
			for i := range len(buf) + 1 {
				if got, want := s.next(buf, i), nextCandidatePairs(buf, i); got != want {
					t.Fatalf("blockSearch{%s}.next(%q, %d) = %d, want %d", kern, buf, i, got, want)
				}
			}
			for range 50 {
				i := r.IntN(len(buf) + 1)
				if got, want := s.next(buf, i), nextCandidatePairs(buf, i); got != want {
					t.Fatalf("blockSearch{%s}.next(%q, %d) = %d, want %d", kern, buf, i, got, want)
				}
			}
		}
	}
}

// TestFine: table cases of what fine lets through and what it rules out, five bytes p, c, n, m
// and q each.
func TestFine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want bool
	}{
		{"e[.]x", true}, {"e.]xx", true}, {"e dot", true}, {"e Pun", true}, {"e poi", true}, {"e pON", true},
		{"x(at)", true}, {"x[/]x", true}, {"x( : ", true}, {"x(://", true}, {"x{-}x", true}, {"x<@>x", true},
		{"p :/x", true}, {"s //x", true}, {"X //x", true}, {"e. ]x", true}, {"e.  ]", true}, {"1,2,3", true},
		{"\x80\xe3\x80\x82x", true}, {"a\xef\xbc\x8ex", true}, {"a:\\/\\", true}, {"a__xx", true},
		// Ruled out: a pair in no follow set; no host byte or bracket before; a word that is not
		// one for "dot"; a separator after a bracket with no closing bracket after it; a colon or
		// a slash after a space with no scheme's last letter before it; ". " with no ']'.
		{"e Max", false}, {"e_dot", false}, {"/\\/\\x", false}, {"\" dot", false}, {"e dos", false},
		{"e dut", false}, {"e pan", false}, {"e pot", false}, {"x(ax)", false}, {"1</na", false},
		{"x[:/x", false}, {"n />x", false}, {"e :/x", false}, {"e. Tx", false}, {"e. \tx", false},
		{"\xaf\xef\xbc\x8cx", true}, // a full-width comma: fine does not read the third byte
	}
	for _, tt := range tests {
		if got := fine(tt.in[0], tt.in[1], tt.in[2], tt.in[3], tt.in[4]); got != tt.want {
			t.Errorf("fine(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestBlockBitsBounds: blockBits panics, with every kernel, when a block's bytes (the byte
// before it, its own and those after it that the kernel reads: three for fine, two for coarse)
// are not all in t, even where t's capacity holds them: the kernels in assembly check nothing.
func TestBlockBitsBounds(t *testing.T) {
	t.Parallel()
	buf := make([]byte, 1024)
	var out [8]uint64
	for _, k := range kernels() {
		after := 2
		if k == kernelFine {
			after = 3
		}
		for n := 1; n <= len(out); n++ {
			need := 1 + 64*n + after
			blockBits(k, buf[:need], 1, out[:n])
			for _, tt := range []struct {
				name string
				text []byte
				base int
			}{{"one byte short", buf[:need-1], 1}, {"no byte before", buf[:need], 0}} {
				func() {
					defer func() {
						if recover() == nil {
							t.Errorf("blockBits(%s, %d blocks, %s) did not panic", k, n, tt.name)
						}
					}()
					blockBits(k, tt.text, tt.base, out[:n])
				}()
			}
		}
	}
}
