package scanner

import (
	"bytes"
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// indexFind is naiveFind's contract (every occurrence, by end offset, then longest first, then
// by needle index) computed with bytes.Index, fast enough for needles of a thousand bytes.
func indexFind(needles []string, data []byte) []occ {
	var occs []occ
	low := bytes.ToLower(data) // ASCII only in these tests
	for id, n := range needles {
		n := []byte(strings.ToLower(n))
		for off := 0; ; {
			i := bytes.Index(low[off:], n)
			if i < 0 {
				break
			}
			occs = append(occs, occ{id, off + i + len(n)})
			off += i + 1
		}
	}
	slices.SortFunc(occs, func(x, y occ) int {
		return cmp.Or(cmp.Compare(x.end, y.end), cmp.Compare(len(needles[y.id]), len(needles[x.id])), cmp.Compare(x.id, y.id))
	})
	return occs
}

// occ is one hit: a needle's index and the offset just past its end.
type occ struct{ id, end int }

func findOccs(a *automaton, data []byte) []occ {
	var out []occ
	a.find(data, func(id, end int) { out = append(out, occ{id, end}) })
	return out
}

// TestFindQuarters compares find with indexFind on inputs of 4096 to 4103 and 4196 to 4200
// bytes (every length mod 4; random and periodic), with needles cut from the text across each
// quarter boundary k*q: ending just before, at and just after it, as long as a quarter, one
// byte shorter and one longer (maxLen-1 = q, the largest overlap the four walks take), plus
// short needles that end together with them. A needle of q+2 bytes makes ov > q, the single
// walk.
func TestFindQuarters(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	for _, periodic := range []bool{false, true} {
		for size := 4096; size <= 4200; size++ {
			if size > 4103 && size < 4196 {
				continue // slow under -race; every length mod 4 is kept
			}
			text := make([]byte, size)
			for i := range text {
				if periodic {
					text[i] = "aabAb"[i%5] // overlapping occurrences of every needle
				} else {
					text[i] = "abAB"[r.IntN(4)]
				}
			}
			q := size / walks
			for _, long := range []int{q - 1, q, q + 1, q + 2} {
				needles := []string{"a", "ab", "ba", "aab", "bab"}
				for k := 1; k <= 4; k++ {
					for _, d := range []int{-1, 0, 1} {
						end := min(k*q+d, size)
						if end-long >= 0 {
							needles = append(needles, string(text[end-long:end]))
						}
						needles = append(needles, string(text[end-3:end]))
					}
				}
				needles = append(needles, string(text[size-long:]))
				a := buildAutomaton(needles, denseMax)
				if want, got := indexFind(needles, text), findOccs(a, text); !slices.Equal(got, want) {
					i := 0
					for i < min(len(got), len(want)) && got[i] == want[i] {
						i++
					}
					t.Fatalf("size %d, q %d, needles of %d bytes (periodic %v): find gives %d hits, want %d; first difference at hit %d: %v, want %v",
						size, q, long, periodic, len(got), len(want), i, got[i:min(i+3, len(got))], want[i:min(i+3, len(want))])
				}
			}
		}
	}
}

// TestIndexFind checks indexFind against naiveFind, the contract it stands in for.
func TestIndexFind(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	for range 200 {
		text := make([]byte, r.IntN(300))
		for i := range text {
			text[i] = "abAB."[r.IntN(5)]
		}
		var needles []string
		for range 1 + r.IntN(8) {
			n := make([]byte, 1+r.IntN(4))
			for i := range n {
				n[i] = "abAB."[r.IntN(5)]
			}
			needles = append(needles, string(n))
		}
		var got []string
		for _, o := range indexFind(needles, text) {
			got = append(got, fmt.Sprintf("%d@%d", o.id, o.end))
		}
		if want := naiveFind(needles, text); !slices.Equal(got, want) {
			t.Fatalf("indexFind(%q, %q) = %v, want %v", needles, text, got, want)
		}
	}
}
