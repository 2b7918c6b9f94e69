package decode

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// The searches that skip bytes (triggerBlock.next) must stop where a byte-by-byte
// search stops.

// triggerRef is triggerBlock.next byte by byte.
func triggerRef(src []byte, i int) int {
	for ; i < len(src) && (trigger[src[i]] == tNone || deadHighRef(src, i) || deadSlashRef(src, i)); i++ {
	}
	return i
}

// deadSlashRef is deadSlash byte by byte: whether src[k] is a slash that no
// slash follows.
func deadSlashRef(src []byte, k int) bool {
	return src[k] == '/' && (k+1 == len(src) || src[k+1] != '/')
}

// deadHighRef is deadHigh byte by byte: whether src[k] is a non-ASCII byte
// whose first separator, literal stop or dot from k on is no dot and lies in
// its block or the hostPeek bytes after it.
func deadHighRef(src []byte, k int) bool {
	if src[k] < 0x80 {
		return false
	}
	for j := k; j < len(src) && j < k&^63+64+hostPeek; j++ {
		switch src[j] {
		case '.', 0xe3, 0xef:
			return false
		case ' ', '\t', '<', '>', '\\', '\n', '\'', '"', '`':
			return true
		}
	}
	return false
}

func TestNextTrigger(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	const alphabet = "abc01 \n.=;\\'\"`([&%/:\x80\xe3\xff"
	var buf []byte
	for n := range 20000 {
		if n%2 == 0 {
			buf = randomText(r, buf, "", 80) // any byte
		} else {
			buf = randomText(r, buf, alphabet, 80)
		}
		if n%100 == 0 {
			buf = randomText(r, buf, "abc \n.", 300) // blocks without a trigger
			buf = append(buf, randomText(r, nil, alphabet, 300)...)
		}
		checkNextTrigger(t, buf)
	}
}

// randomText fills buf with up to n bytes drawn from alphabet (any byte when it is empty).
func randomText(r *rand.Rand, buf []byte, alphabet string, n int) []byte {
	buf = buf[:0]
	for range r.IntN(n) {
		if alphabet == "" {
			buf = append(buf, byte(r.IntN(256)))
		} else {
			buf = append(buf, alphabet[r.IntN(len(alphabet))])
		}
	}
	return buf
}

// b64RunsRef lists the runs that nextB64Run finds, one base64 character at
// a time: every whole run of minB64Run characters or more.
func b64RunsRef(t []byte) (runs [][2]int) {
	for s := 0; s < len(t); {
		if b64val[t[s]] < 0 {
			s++
			continue
		}
		e := s
		for e < len(t) && b64val[t[e]] >= 0 {
			e++
		}
		if e-s >= minB64Run {
			runs = append(runs, [2]int{s, e})
		}
		s = e
	}
	return runs
}

func TestNextB64Run(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(5, 6))
	// Mostly base64 characters, so that runs of every length around
	// minB64Run turn up.
	const alphabet = "aZ09+/-_aZ09+/-_ .=\"\xff"
	var buf []byte
	for range 50000 {
		buf = randomText(r, buf, alphabet, 100)
		checkB64Runs(t, buf)
	}
}

// checkNextTrigger fails when a triggerBlock (new, or asked in and out of
// order) and nextIn with inHighToken do not stop where a byte-by-byte search
// stops, from any offset of buf.
func checkNextTrigger(t *testing.T, buf []byte) {
	t.Helper()
	tb := triggerBlock{base: -1}
	var asked []int
	for i := 0; i <= len(buf); i++ {
		fresh := triggerBlock{base: -1}
		if got, want := fresh.next(buf, i), triggerRef(buf, i); got != want {
			t.Fatalf("triggerBlock.next(%q, %d) = %d, want %d", buf, i, got, want)
		}
		if got, want := tb.next(buf, i), triggerRef(buf, i); got != want {
			t.Fatalf("triggerBlock.next(%q, %d) after %v = %d, want %d", buf, i, asked, got, want)
		}
		asked = append(asked, i)
		// The main loop reads a literal's text again after quote searched it.
		{
			j := (i * 7919) % (len(buf) + 1)
			if got, want := tb.next(buf, j), triggerRef(buf, j); got != want {
				t.Fatalf("triggerBlock.next(%q, %d) after %v = %d, want %d", buf, j, asked, got, want)
			}
			asked = append(asked, j)
		}
		want := i
		for want < len(buf) && inHighToken[buf[want]] == 0 {
			want++
		}
		if got := nextIn(buf, i, &inHighToken); got != want {
			t.Fatalf("nextIn(%q, %d, inHighToken) = %d, want %d", buf, i, got, want)
		}
	}
}

// checkB64Runs fails when nextB64Run does not find the runs that a
// byte-by-byte search finds in buf.
func checkB64Runs(t *testing.T, buf []byte) {
	t.Helper()
	var got [][2]int
	for i := 0; ; {
		s, e := nextB64Run(buf, i)
		if s < 0 {
			break
		}
		got = append(got, [2]int{s, e})
		i = e + 1
	}
	if want := b64RunsRef(buf); !slices.Equal(got, want) {
		t.Fatalf("nextB64Run over %q found %v, want %v", buf, got, want)
	}
}

// FuzzSkips: the searches that skip bytes stop where the byte-by-byte
// searches stop, literals are read as byte by byte, and mayDefang passes
// every defang mark, on any input.
func FuzzSkips(f *testing.F) {
	f.Add("var s = 'aGVsbG8gd29ybGQgaGVsbG8=' + \"\u00e9t\u00e9\"; // 中文%s")
	f.Add("ABCDEFGHIJKLMNO ABCDEFGHIJKLMNOP-_+/0123456789abcdef")
	f.Fuzz(func(t *testing.T, in string) {
		checkNextTrigger(t, []byte(in))
		checkB64Runs(t, []byte(in))
		checkLiterals(t, []byte(in))
		checkMayDefang(t, []byte(in))
	})
}

// literalRef is literalScan byte by byte.
func literalRef(src []byte, i int, multiline bool) (content []byte, closeAt int, holds uint8, ok bool) {
	q := src[i]
	holds = lbTrigger
	for j := i + 1; j < len(src); j++ {
		switch c := src[j]; {
		case c == '\\':
			holds |= lbBackslash
		case c == '\n' && q != '`' && !multiline:
			return nil, 0, 0, false
		case c == q && !escaped(src, j):
			return src[i+1 : j], j, holds, true
		}
	}
	return nil, 0, 0, false
}

func TestLiteralScan(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 8))
	const alphabet = "ab \n\\\\'\"`(:\xff"
	var buf []byte
	for n := range 20000 {
		buf = randomText(r, buf, alphabet[:2+n%(len(alphabet)-1)], 240)
		if n%4 == 0 {
			// A literal of any length from any offset of a block, with few
			// bytes that end it early.
			q := "'\"`"[r.IntN(3)]
			buf = append(randomText(r, buf, "ab", 64), q)
			const body = "aaaaaaaaaaaaaaaaaaab (\\\n'\"`"
			for range r.IntN(200) {
				buf = append(buf, body[r.IntN(len(body))])
			}
			buf = append(buf, q, 'a')
		}
		checkLiterals(t, buf)
	}
}

// TestTriggerBits64: the block classification (in assembly on amd64) sets
// the bit of every byte that trigger holds, and no other, and those of the
// backslashes, newlines and quotes, for every byte value at every position
// of a block.
func TestTriggerBits64(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(11, 12))
	var w [64]byte
	variants := triggerBitsVariants()
	hostVariants := hostBitsVariants()
	check := func() {
		t.Helper()
		var want, wantEsc, wantHigh, wantSlash, wantSep, wantDot uint64
		for k, c := range w {
			if trigger[c] != tNone {
				want |= 1 << k
			}
			if c == '\\' || c == '\n' || c == '\'' || c == '"' || c == '`' {
				wantEsc |= 1 << k
			}
			if c >= 0x80 {
				wantHigh |= 1 << k
			}
			if c == '/' {
				wantSlash |= 1 << k
			}
			if c == ' ' || c == '\t' || c == '<' || c == '>' {
				wantSep |= 1 << k
			}
			if c == '.' || c == 0xe3 || c == 0xef {
				wantDot |= 1 << k
			}
		}
		if got, esc, high, slash := triggerBits64(&w); got != want || esc != wantEsc || high != wantHigh || slash != wantSlash {
			t.Fatalf("triggerBits64(%q) = %064b, %064b, %064b, %064b, want %064b, %064b, %064b, %064b", w[:], got, esc, high, slash, want, wantEsc, wantHigh, wantSlash)
		}
		if got, esc, high, slash := triggerBitsGo(&w); got != want || esc != wantEsc || high != wantHigh || slash != wantSlash {
			t.Fatalf("triggerBitsGo(%q) = %064b, %064b, %064b, %064b, want %064b, %064b, %064b, %064b", w[:], got, esc, high, slash, want, wantEsc, wantHigh, wantSlash)
		}
		for name, f := range variants {
			if got, esc, high, slash := f(&w); got != want || esc != wantEsc || high != wantHigh || slash != wantSlash {
				t.Fatalf("triggerBits64 (%s) (%q) = %064b, %064b, %064b, %064b, want %064b, %064b, %064b, %064b", name, w[:], got, esc, high, slash, want, wantEsc, wantHigh, wantSlash)
			}
		}
		if sep, dot := hostBits64(&w); sep != wantSep || dot != wantDot {
			t.Fatalf("hostBits64(%q) = %064b, %064b, want %064b, %064b", w[:], sep, dot, wantSep, wantDot)
		}
		if sep, dot := hostBitsGo(&w); sep != wantSep || dot != wantDot {
			t.Fatalf("hostBitsGo(%q) = %064b, %064b, want %064b, %064b", w[:], sep, dot, wantSep, wantDot)
		}
		for name, f := range hostVariants {
			if sep, dot := f(&w); sep != wantSep || dot != wantDot {
				t.Fatalf("hostBits64 (%s) (%q) = %064b, %064b, want %064b, %064b", name, w[:], sep, dot, wantSep, wantDot)
			}
		}
	}
	for c := range 256 {
		for k := range w {
			for j := range w {
				w[j] = 'a'
			}
			w[k] = byte(c)
			check()
		}
	}
	for range 100000 {
		for j := range w {
			w[j] = byte(r.IntN(256))
		}
		check()
	}
}

// checkLiterals fails when literalScan, or a triggerBlock that reads a
// literal from its bits, reads a literal of buf otherwise than a byte-by-byte
// reading does.
func checkLiterals(t *testing.T, buf []byte) {
	t.Helper()
	p := parser{src: buf}
	var tb triggerBlock
	for i, c := range buf {
		if c != '\'' && c != '"' && c != '`' {
			continue
		}
		// The block's bits, as the main loop holds them at a quote.
		tb.base = i &^ 63
		tb.mask, tb.stop = triggerBits(buf, tb.base)
		if cl, holds, trig, ok, decided := tb.literal(buf, i); decided {
			wlit, wcl, wholds, wok := literalRef(buf, i, false)
			wtrig := wok && triggerRef(buf, i+1) < wcl
			if cl != wcl || holds != wholds || ok != wok || (ok && trig != wtrig) {
				t.Fatalf("triggerBlock.literal(%q, %d) = %d, %b, %v, %v, want %d (%q), %b, %v, %v",
					buf, i, cl, holds, trig, ok, wcl, wlit, wholds, wtrig, wok)
			}
		} else if wlit, wcl, _, wok := literalRef(buf, i, false); wok && wcl&^63 <= i&^63+64*literalBlocks {
			t.Fatalf("triggerBlock.literal(%q, %d) left %q (closed at %d) to literalScan", buf, i, wlit, wcl)
		}
		// The main loop reads on with the blocks' bits that literal leaves.
		if m, e := triggerBits(buf, tb.base); tb.base&63 != 0 || tb.mask != m || tb.stop != e {
			t.Fatalf("triggerBlock.literal(%q, %d) left the bits of block %d wrong", buf, i, tb.base)
		}
		for _, ml := range []bool{false, true} {
			lit, cl, holds, ok := p.literalScan(i, ml)
			wlit, wcl, wholds, wok := literalRef(buf, i, ml)
			if string(lit) != string(wlit) || cl != wcl || holds != wholds || ok != wok {
				t.Fatalf("literalScan(%q, %d, %v) = %q, %d, %b, %v, want %q, %d, %b, %v",
					buf, i, ml, lit, cl, holds, ok, wlit, wcl, wholds, wok)
			}
		}
	}
}
