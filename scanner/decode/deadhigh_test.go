package decode

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestDeadHigh holds the main loop to what it found before deadHigh, when every non-ASCII byte
// was a trigger: Find's result is the same both ways for random texts of non-ASCII words,
// hostnames with non-ASCII labels (dots and the full stops IDNA maps to one), separators,
// literals and defang marks, at every alignment to the 64-byte blocks. It fails when deadHigh
// leaves out a byte that starts a hostname: a dot or a full stop not counted, a byte that does
// not end every token taken for one that does, a block's last token ended without a look at
// the next block.
func TestDeadHigh(t *testing.T) {
	pieces := []string{
		"пример", "испытание", "ü", "bücher", "例え", "テスト", "\xce\xb1", "\xff", "\x80",
		".com", ".de", ".", ". ", ".1", "。com", "．de", "｡org", "。", "．", "｡", "\xe3\x80", "\xef\xbc",
		" ", "  ", "\t", "<", ">", "\n", "\r", "{", "}", "|", "^",
		"(.)", "(dot)", "[.]", "(", ")", "[", "]",
		"'", "\"", "`", "\\", "\\'", "\\\"",
		"a", "b", "x", "/", "//1", ":", "%41", "&amp;", "&", "%",
		"xn--", "example", "http://", "hxxp://", "=", ";", "+",
	}
	r := rand.New(rand.NewPCG(31, 32))
	var sb strings.Builder
	found := 0
	for n := range 30000 {
		sb.Reset()
		pad := r.IntN(64)
		for range pad {
			sb.WriteByte(" a\n"[r.IntN(3)])
		}
		for range r.IntN(60) {
			sb.WriteString(pieces[r.IntN(len(pieces))])
		}
		src := []byte(sb.String())
		opt := Options{NoProseDefang: n%2 == 0}
		got := Find(src, opt)
		allHigh = true
		want := Find(src, opt)
		allHigh = false
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Find(%q) = %+v, want %+v (every non-ASCII byte a trigger)", src, got, want)
		}
		for _, s := range want.Spans {
			if len(s.Chain) > 0 && s.Chain[0] == Punycode {
				found++
				break
			}
		}
	}
	// The texts must hold hostnames that a non-ASCII byte starts, or the test proves nothing.
	if found < 1000 {
		t.Fatalf("%d texts decoded to a Unicode hostname, want 1000 or more", found)
	}
}
