package decode

import (
	"bytes"
	"encoding/base64"
	"math/rand/v2"
	"testing"
)

// probe8 reports whether the first 8 characters of the base64 run r decode
// to 6 bytes of which at least 5 are printable.
func probe8(r []byte) bool {
	_ = r[7]
	acc := uint64(b64val[r[0]]&63)<<42 | uint64(b64val[r[1]]&63)<<36 |
		uint64(b64val[r[2]]&63)<<30 | uint64(b64val[r[3]]&63)<<24 |
		uint64(b64val[r[4]]&63)<<18 | uint64(b64val[r[5]]&63)<<12 |
		uint64(b64val[r[6]]&63)<<6 | uint64(b64val[r[7]]&63)
	return probe48(acc)
}

// decodeRunRef is decodeRun scoring every alignment in full.
func decodeRunRef(run []byte) (out []byte, off int, ok bool) {
	var buf [b64Probe]byte
	best, bestOff := -1, 0
	for o := range 4 {
		r := run[o:]
		if len(r) < minB64Run {
			break
		}
		if !probe8(r) {
			continue
		}
		r = r[:min(len(r), b64Probe)]
		r = r[:len(r)&^3]
		d := base64Decode(buf[:0], r)
		if score := printable(d) * 64 / len(d); score > best {
			best, bestOff = score, o
		}
	}
	if best < 0 || float64(best) < minPrintable*64 {
		return nil, 0, false
	}
	out = base64Decode(nil, run[bestOff:])
	if !mostlyPrintable(out) {
		return nil, 0, false
	}
	return out, bestOff, true
}

func checkDecodeRun(t *testing.T, run []byte) {
	t.Helper()
	got, goff, gok := decodeRun(run)
	want, woff, wok := decodeRunRef(run)
	if gok != wok || goff != woff || !bytes.Equal(got, want) {
		t.Fatalf("decodeRun(%q) = %q, %d, %v, want %q, %d, %v", run, got, goff, gok, want, woff, wok)
	}
}

// TestMinScore: minScore is minPrintable of 64, rounded up.
func TestMinScore(t *testing.T) {
	if float64(minScore) < minPrintable*64 || float64(minScore-1) >= minPrintable*64 {
		t.Errorf("minScore = %d, want the least integer at or above %v", minScore, minPrintable*64)
	}
}

// TestDecodeRun: decodeRun, which stops counting an alignment's printable
// bytes once it cannot be taken, decodes every run as scoring each in full
// does: runs that encode text with a share of other bytes around the
// threshold, at every alignment.
func TestDecodeRun(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(17, 18))
	const text = "https://example.com/a.js?q=1 \t\n\u00e9\u4e2d"
	for range 100000 {
		var plain []byte
		for range 1 + r.IntN(60) {
			if r.IntN(100) < 12 {
				plain = append(plain, byte(r.IntN(256)))
			} else {
				plain = append(plain, text[r.IntN(len(text))])
			}
		}
		enc := base64.RawStdEncoding.AppendEncode([]byte("QWxh"[:r.IntN(4)]), plain)
		if len(enc) >= minB64Run {
			checkDecodeRun(t, enc)
		}
	}
}

// FuzzDecodeRun: decodeRun decodes every run as scoring every alignment
// in full does.
func FuzzDecodeRun(f *testing.F) {
	f.Add("aHR0cHM6Ly9leGFtcGxlLmNvbS9hLmpz")
	f.Add("passwordConfirmation")
	f.Fuzz(func(t *testing.T, in string) {
		run := []byte(in)
		for _, c := range run {
			if b64val[c] < 0 {
				return
			}
		}
		if len(run) >= minB64Run {
			checkDecodeRun(t, run)
		}
	})
}

// probe48Ref is probe48 counting the six bytes' classes one by one.
func probe48Ref(acc uint64) bool {
	c0, c1, c2 := byteClass[byte(acc>>40)], byteClass[byte(acc>>32)], byteClass[byte(acc>>24)]
	c3, c4, c5 := byteClass[byte(acc>>16)], byteClass[byte(acc>>8)], byteClass[byte(acc)]
	n := c0&clASCII + c1&clASCII + c2&clASCII + c3&clASCII + c4&clASCII + c5&clASCII
	if n >= 5 {
		return true
	}
	seq := func(prev, cur, next uint8) uint8 {
		return ((cur>>2)&(next>>1) | (cur>>1)&((prev>>1)|(prev>>2))) & 1
	}
	m := seq(0, c0, c1) + seq(c0, c1, c2) + seq(c1, c2, c3) + seq(c2, c3, c4) + seq(c3, c4, c5) + seq(c4, c5, 0)
	if n+m < 5 {
		return false
	}
	d := [6]byte{byte(acc >> 40), byte(acc >> 32), byte(acc >> 24), byte(acc >> 16), byte(acc >> 8), byte(acc)}
	return printable(d[:]) >= 5
}

// TestProbe48: probe48's table answers as counting the classes does, for every
// combination of the six bytes' classes (each byte drawn from its class at random) and for
// random values.
func TestProbe48(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(23, 24))
	var of [4][]byte // the bytes of each byteCode
	for c, k := range byteCode {
		of[k] = append(of[k], byte(c))
	}
	check := func(acc uint64) {
		t.Helper()
		if got, want := probe48(acc), probe48Ref(acc); got != want {
			t.Fatalf("probe48(%012x) = %v, want %v", acc, got, want)
		}
	}
	for k := range 1 << 12 {
		for range 8 {
			var acc uint64
			for j := range 6 {
				bs := of[k>>(10-2*j)&3]
				acc = acc<<8 | uint64(bs[r.IntN(len(bs))])
			}
			check(acc)
		}
	}
	for range 200000 {
		check(r.Uint64() & (1<<48 - 1))
	}
}

// A run shorter than minB64Run decodes to nothing, as before the probes read
// the run's first eleven characters at once: no caller relies on its
// callers' lengths.
func TestDecodeRunShort(t *testing.T) {
	run := []byte("aGVsbG8gd29ybGQh") // "hello world!"
	if _, _, ok := decodeRun(run); !ok {
		t.Fatalf("decodeRun(%q) = not ok, want the 16-character run decoded", run)
	}
	for n := range minB64Run {
		if out, _, ok := decodeRun(run[:n:n]); ok { // no room past the run
			t.Errorf("decodeRun(%q) = %q, want nothing for %d characters", run[:n], out, n)
		}
	}
}
