package refang

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/shieldscan/shieldscan/internal/refang/refangtest"
)

// wideCandidate is the search that newSearch's replaces: every byte with a follow set is
// looked at whatever comes before it, and colons, slashes, commas and the lead bytes of
// full-width dots before any byte.
func wideCandidate(t []byte, i int) int {
	for ; i < len(t); i++ {
		switch t[i] {
		case ':', '/', ',', 0xE3, 0xEF:
			return i
		}
		if f := follow[t[i]]; f != nil && (i+1 == len(t) || f[t[i+1]]) {
			return i
		}
	}
	return i
}

// spans lists what regions yields.
func spans(t []byte, next func([]byte, int) int) [][2]int {
	var out [][2]int
	for s, e := range regions(t, next) {
		out = append(out, [2]int{s, e})
	}
	return out
}

// checkSameRegions fails when Regions, the pair search or the block search with any kernel that
// this processor runs, and the byte-by-byte search of wider follow sets yield different regions
// for in.
func checkSameRegions(t *testing.T, in []byte) {
	t.Helper()
	want := spans(in, wideCandidate)
	if got := spans(in, newSearch(len(in))); !slices.Equal(got, want) {
		t.Fatalf("Regions(%q) = %v, want %v (the byte-by-byte search)", in, got, want)
	}
	if got := spans(in, nextCandidatePairs); !slices.Equal(got, want) {
		t.Fatalf("regions(%q, nextCandidatePairs) = %v, want %v (the byte-by-byte search)", in, got, want)
	}
	for _, k := range kernels() {
		if got := spans(in, (&blockSearch{kernel: k}).next); !slices.Equal(got, want) {
			t.Fatalf("regions(%q) with %s = %v, want %v (the byte-by-byte search)", in, k, got, want)
		}
	}
}

// TestRegionsSkip: the search for the next byte worth a look, eight bytes at a time with the
// narrower follow sets, finds the same regions as the byte-by-byte search of the wide ones, on
// the styles file and on random text made of the bytes that marks are made of.
func TestRegionsSkip(t *testing.T) {
	t.Parallel()
	for _, c := range refangtest.Cases(t) {
		for _, in := range []string{c.Input, "seen: " + c.Input + ", " + c.Input + " today", "x," + c.Input + ":"} {
			checkSameRegions(t, []byte(in))
		}
	}
	for _, in := range []string{"1,0,0,0", "hxxp:\\/\\/evil.example", "hxxp://a.example", "hxxp//a.example", "a\u3002example", "a\uff0eb", "a\uff61b", "  evil [.] example", "\tevil[.]example", " [www].evil.example", "[https]://evil.example"} {
		checkSameRegions(t, []byte(in))
	}
	alphabets := []string{
		"..::,,//__--  [](){}<>\\^@dotpunkhxsaw0123example\"'\n\xe3\x80\x82\xef\xbc\x8e\xbd\xa1",
		"<>[]()  //:-@atATsSpPxXhw.e",
		"0123456789,,,,.: []ab",
	}
	r := rand.New(rand.NewPCG(1, 2))
	buf := make([]byte, 0, 256)
	for n := range 40000 {
		alphabet := alphabets[n%len(alphabets)]
		buf = buf[:0]
		size := 64
		if n%4 == 0 {
			size = 256 // past a block or three of blockSearch
		}
		for range r.IntN(size) {
			buf = append(buf, alphabet[r.IntN(len(alphabet))])
		}
		checkSameRegions(t, buf)
	}
}

// FuzzRegionsSkip: as TestRegionsSkip, on any input.
func FuzzRegionsSkip(f *testing.F) {
	for _, c := range refangtest.Cases(f) {
		f.Add("seen: " + c.Input + ", 203,0,113,7 " + c.Input)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkSameRegions(t, []byte(in))
		if len(in) > 0 && len(in) < 140 {
			// Long enough for blockSearch's blocks, at every offset of the text's bytes.
			checkSameRegions(t, []byte(strings.Repeat(in, 140/len(in)+1)))
		}
	})
}
