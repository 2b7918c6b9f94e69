package decode

import (
	"strings"
	"testing"
)

// TestScreenEdges: screen agrees with shiftKey and nextB64Run on literals of
// the lengths at the windows' edges, with an indicator or a run at every
// offset, and with 0 to 3 bytes of capacity past the literal (so that the
// window is read in place or from a copy).
func TestScreenEdges(t *testing.T) {
	t.Parallel()
	shifted := func(s string, k int) string {
		b := []byte(s)
		for i := range b {
			b[i] = byte(int(b[i]) + k)
		}
		return string(b)
	}
	var pieces []string
	for _, k := range []int{-5, -1, 1, 5} {
		pieces = append(pieces, shifted("a://example.com", k), shifted("a%2F%2Fexample.com", k))
	}
	pieces = append(pieces, "ZXhhbXBsZS5jb20v", "ZXhhbXBsZS5jb20", "ZXhhbXBsZS5jb20vYS5qcw", strings.Repeat("A", 70))
	for _, n := range []int{12, 15, 16, 17, 63, 64, 65, 66, 67, 127, 128, 129} {
		for _, p := range pieces {
			for off := 0; off <= n; off++ {
				lit := []byte(strings.Repeat(" ", n))
				copy(lit[off:], p)
				for extra := range 4 {
					buf := append(append([]byte(nil), lit...), strings.Repeat("'", extra)...)
					l := buf[: n : n+extra]
					shift, b64, mask := screen(l)
					if n <= maxScreened {
						checkMaskRuns(t, l, mask)
					}
					if !shift && shiftKey(l) != 0 {
						t.Fatalf("screen(%q) (cap %d): no shift, shiftKey finds %d", l, cap(l), shiftKey(l))
					}
					if s, _ := nextB64Run(l, 0); b64 != (s >= 0) {
						t.Fatalf("screen(%q) (cap %d): base64 run %v, nextB64Run finds one at %d", l, cap(l), b64, s)
					}
				}
			}
		}
	}
}
