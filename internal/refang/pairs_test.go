package refang

import "testing"

func TestPairSet(t *testing.T) {
	var s PairSet
	in := [][2]byte{{0, 0}, {'a', 'b'}, {0xff, 0xff}, {'(', '.'}, {63, 64}}
	for _, p := range in {
		s.Add(p[0], p[1])
	}
	want := map[[2]byte]bool{}
	for _, p := range in {
		want[p] = true
	}
	for a := range 256 {
		for b := range 256 {
			p := [2]byte{byte(a), byte(b)}
			got := s.Has(p[0], p[1])
			bit := s.Bit(p[0], p[1])
			if got != want[p] || bit != 0 != got {
				t.Fatalf("pair %q: Has %v, Bit %d; want %v", p, got, bit, want[p])
			}
		}
	}
}
