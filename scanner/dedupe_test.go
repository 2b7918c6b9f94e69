package scanner

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/shieldscan/shieldscan/rules"
)

// TestDedupeHitsMany: with many hits (a map) dedupeHits keeps what the pairwise comparison
// keeps, in the same order: one hit per resource and start, the strongest, where it first was.
func TestDedupeHitsMany(t *testing.T) {
	naive := func(hits []hit) []hit {
		var out []hit
		for _, h := range hits {
			i := slices.IndexFunc(out, func(o hit) bool { return o.res == h.res && o.start == h.start })
			switch {
			case i < 0:
				out = append(out, h)
			case h.strength > out[i].strength:
				out[i] = h
			}
		}
		return out
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{2, 10, 33, 200, 5000} {
		hits := make([]hit, n)
		for i := range hits {
			start := r.IntN(n/2 + 1)
			hits[i] = hit{res: r.IntN(3), start: start, end: start + 1 + r.IntN(9), strength: rules.Strength(1 + r.IntN(4))}
		}
		want := naive(hits)
		if got := dedupeHits(slices.Clone(hits)); !slices.Equal(got, want) {
			t.Errorf("dedupeHits(%d hits) kept %d, want the %d the pairwise comparison keeps, in its order", n, len(got), len(want))
		}
	}
}
