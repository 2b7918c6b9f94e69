package decode

import (
	"bytes"
	"encoding/base64"
	"math/rand/v2"
	"testing"
)

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
