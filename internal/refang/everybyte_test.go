package refang

import (
	"slices"
	"strings"
	"testing"
)

// TestRegionsEveryByte: Regions (blockSearch, or the pair tables, with
// spelled) finds the same regions as regions looking at every byte, for each
// mark and scheme in mixed case, each placed across blockSearch's block edges.
func TestRegionsEveryByte(t *testing.T) {
	t.Parallel()
	every := func(_ []byte, i int) int { return i }
	marks := []string{
		"[.]", "(.)", "{.}", "<.>", "[DoT]", "(DOT)", " DoT ", " PuNkT ", " pUnTo ", " PoNtO ", " pOiNt ",
		"-DoT-", "-pUnKt-", "[ . ]", ". ]", ".   ]", ".]", "[.", "].[", "[[.]]", "\uFF0E", "\u3002", "\uFF61",
		"\\.", "^.", "__", "[:]", "(/)", "[-]", "[@]", "[At]", "[://]", "{ :// }", "[  /  ]", " dotx ", " pun ",
	}
	schemes := []string{"", "hxxp://", "HxXpS://", "hxxp:\\/\\/", "https:\\/\\/", "hxxps[://]", "hxxp(:)//", "hXxp ://", "http__", "[hTTps]://", "wXs://"}
	for _, m := range marks {
		for _, s := range schemes {
			for _, in := range []string{s + "evil" + m + "example" + m + "com/x", s + "[www]" + m + "evil.com", "203" + m + "0,113,7"} {
				for _, pad := range []int{0, 62, 63, 64, 65, 66, 127, 128} {
					for _, fill := range []string{"a", " "} {
						p := strings.Repeat(fill, pad)
						b := []byte(p + in + p)
						if got, want := spans(b, newSearch(len(b))), spans(b, every); !slices.Equal(got, want) {
							t.Fatalf("Regions(%q) = %v, want %v (every byte)", b, got, want)
						}
					}
				}
			}
		}
	}
}
