package decode

import (
	"math/rand/v2"
	"testing"
)

// TestScreenBits: the literal classification (in assembly on amd64) sets
// the bit of every base64 character, and of every byte that starts "://" or
// "%2F" shifted by 1 to maxShift either way (without the F, which may be
// either case), and no other, at every position of the 16-byte chunks that
// hold the first n bytes, for every byte value at every position.
func TestScreenBits(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(13, 14))
	var w [screenPad]byte
	variants := screenBitsVariants()
	check := func(n int) {
		t.Helper()
		var b64, shift uint64
		for k := range min(maxScreened, (n+15)/16*16) {
			c := w[k]
			if b64val[c] >= 0 {
				b64 |= 1 << k
			}
			for d := -maxShift; d <= maxShift; d++ {
				if d != 0 && (string(w[k:k+3]) == string([]byte{byte(':' + d), byte('/' + d), byte('/' + d)}) ||
					w[k] == byte('%'+d) && w[k+1] == byte('2'+d) && w[k+3] == byte('%'+d)) {
					shift |= 1 << k
				}
			}
		}
		if gb, gs := screenBits(&w, n); gb != b64 || gs != shift {
			t.Fatalf("screenBits(%q, %d) = %064b, %064b, want %064b, %064b", w[:], n, gb, gs, b64, shift)
		}
		if gb, gs := screenBitsGo(&w, n); gb != b64 || gs != shift {
			t.Fatalf("screenBitsGo(%q, %d) = %064b, %064b, want %064b, %064b", w[:], n, gb, gs, b64, shift)
		}
		for name, f := range variants {
			if gb, gs := f(&w, n); gb != b64 || gs != shift {
				t.Fatalf("screenBits (%s) (%q, %d) = %064b, %064b, want %064b, %064b", name, w[:], n, gb, gs, b64, shift)
			}
		}
	}
	for c := range 256 {
		for k := range w {
			for j := range w {
				w[j] = byte(j)
			}
			w[k] = byte(c)
			check(maxScreened)
			if k+3 < len(w) {
				w[k+1], w[k+2], w[k+3] = byte(c)-11, byte(c)-11, byte(c)
				check(maxScreened)
				w[k+1] = byte(c) + 13
				check(maxScreened)
			}
		}
	}
	const alphabet = " !\"$%&'()*+,-./0123456789:;<=>?@AZ[\\]^_`az{\x7f\x80\xff"
	for range 100000 {
		for j := range w {
			w[j] = alphabet[r.IntN(len(alphabet))]
		}
		check(1 + r.IntN(maxScreened))
	}
}

// checkScreen fails when screen (or mayShift, or hasB64Run) reports no shift indicator in a literal of
// buf where shiftKey finds one, or reports a base64 run otherwise than
// nextB64Run: the literal of every length up to 3 windows from every offset
// of buf, both inside buf (screenBits reads the bytes after it) and on its
// own.
func checkScreen(t *testing.T, buf []byte) {
	t.Helper()
	for i := range buf {
		for n := 0; n <= 3*maxScreened && i+n <= len(buf); n++ {
			for _, lit := range [][]byte{buf[i : i+n], buf[i : i+n : i+n]} {
				shift, b64, mask := screen(lit)
				if n <= maxScreened {
					checkMaskRuns(t, lit, mask)
				}
				if mayShift(lit) != shift || hasB64Run(lit) != b64 {
					t.Fatalf("screen(%q) = %v, %v; mayShift, hasB64Run = %v, %v", lit, shift, b64, mayShift(lit), hasB64Run(lit))
				}
				if !shift && shiftKey(lit) != 0 {
					t.Fatalf("screen(%q): no shift, shiftKey finds %d", lit, shiftKey(lit))
				}
				if s, _ := nextB64Run(lit, 0); b64 != (s >= 0) {
					t.Fatalf("screen(%q): base64 run %v, nextB64Run finds one at %d", lit, b64, s)
				}
			}
		}
	}
}

// checkMaskRuns fails when maskRun, from the base64 characters of t as
// screen finds them, lists t's runs otherwise than nextB64Run.
func checkMaskRuns(t *testing.T, lit []byte, mask uint64) {
	t.Helper()
	for i := 0; ; {
		s, e := nextB64Run(lit, i)
		if ms, me := maskRun(mask, i); ms != s || me != e {
			t.Fatalf("maskRun(%q, %d) = %d, %d; nextB64Run gives %d, %d", lit, i, ms, me, s, e)
		}
		if s < 0 {
			return
		}
		i = e + 1
	}
}

func TestScreen(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"iuuqt;00fybnqmf/dpn0b/kt", // https://example.com/a.js shifted by +1
		"gsstr9..dwzlokd-bnl.z-ir", // shifted by -1
		"00fybnqmf/dpn0b/kt",       // //example.com/a.js shifted by +1
		"iuuqt&3G&3Gfybnqmf/dpn0b", // https%2F%2Fexample.com/a shifted by +1
	} {
		if shiftKey([]byte(s)) == 0 {
			t.Fatalf("shiftKey(%q) = 0, want a shift", s)
		}
		checkScreen(t, []byte(s+"'; x = 1;"))
	}
	for _, s := range []string{
		"ZXhhbXBsZS5jb20vYS5qcw==",
		"sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC",
		"aaaaaaaaaaaaaaa.aaaaaaaaaaaaaaa_aaaaaaaaaaaaaaaa",
		"Record status position select status redirect",
		"a  b  c  d  e  f  g  h  i  j  k  l  m  n  o  p  q  r  s  t  u  v",
	} {
		checkScreen(t, []byte(s+"'; x = 1;"))
	}
	r := rand.New(rand.NewPCG(15, 16))
	const alphabet = "aZ09+/-_=. %:;<,123\x80"
	var buf []byte
	// checkScreen screens every substring of its input: a few hundred inputs take seconds
	// (minutes under -race); FuzzScreen searches further.
	for range 500 {
		buf = randomText(r, buf, alphabet, 100)
		checkScreen(t, buf)
	}
	// Runs of 1 to 40 base64 characters across the windows' edges.
	for range 100 {
		buf = buf[:0]
		for len(buf) < 250 {
			for range 1 + r.IntN(40) {
				buf = append(buf, 'a')
			}
			buf = append(buf, " .:;00%&3"[r.IntN(9)])
		}
		checkScreen(t, buf)
	}
}

// FuzzScreen: screen passes every literal that shiftKey finds an indicator
// in, and finds a base64 run exactly when nextB64Run does, on any input.
func FuzzScreen(f *testing.F) {
	f.Add("iuuqt;00fybnqmf/dpn0b/kt'")
	f.Add("ZXhhbXBsZS5jb20vYS5qcw== iuuqt&3B&3G&3Gfybnqmf/dpn")
	f.Fuzz(func(t *testing.T, in string) {
		checkScreen(t, []byte(in))
	})
}
