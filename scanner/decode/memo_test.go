package decode

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// memoTexts are versions of a file: literals that hide nothing, repeated from one version to
// the next, beside literals that hide a host (base64, shifted text) and a literal that decodes
// to plain words, which a memo must never take for one that hides nothing.
func memoTexts() []string {
	plain := []string{
		`var a = 'Thank you for using our shop today';`,
		`var b = "The quick brown fox jumps over the lazy dog";`,
		`var c = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';`,
		`var d = "` + b64("just some words, nothing more") + `";`,
	}
	hidden := []string{
		`var e = '` + b64(testURL) + `';`,
		`var f = "` + shiftString(testURL, 3) + `";`,
	}
	var out []string
	rng := rand.New(rand.NewPCG(3, 4))
	for v := range 8 {
		var b strings.Builder
		for range 12 {
			b.WriteString(plain[rng.IntN(len(plain))] + "\n")
		}
		if v%3 == 1 {
			b.WriteString(hidden[rng.IntN(len(hidden))] + "\n")
		}
		b.WriteString(plain[v%len(plain)] + "\n")
		out = append(out, b.String())
	}
	return out
}

func shiftString(s string, k int) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'z':
			b[i] = 'a' + (c-'a'+byte(k))%26
		case c >= 'A' && c <= 'Z':
			b[i] = 'A' + (c-'A'+byte(k))%26
		}
	}
	return string(b)
}

// TestMemoSameResult checks that Find with a memo shared by a run of texts returns what it
// returns without one, whatever the budget, and that the memo does pass over repeated
// literals.
func TestMemoSameResult(t *testing.T) {
	t.Parallel()
	texts := memoTexts()
	files, _ := filepath.Glob("../../testdata/obfuscated/*.*")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err == nil {
			texts = append(texts, string(b), string(b)) // twice: the second is all memo
		}
	}
	for _, budget := range []int{0, 64, 200, 1000} {
		m := NewMemo()
		for i, text := range texts {
			opt := Options{Budget: budget}
			want := Find([]byte(text), opt)
			opt.Memo = m
			got := Find([]byte(text), opt)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("budget %d, text %d: Find with a memo differs (-without +with):\n%s", budget, i, diff)
			}
		}
		if m.hits == 0 {
			t.Errorf("budget %d: the memo passed over no literal", budget)
		}
	}
}

// FuzzMemo checks that a memo filled by one text changes nothing Find returns for another.
func FuzzMemo(f *testing.F) {
	for _, t := range memoTexts()[:3] {
		f.Add(t, t+"var x = '"+b64(testURL)+"';", 0)
	}
	f.Fuzz(func(t *testing.T, a, b string, budget int) {
		budget %= 1 << 12
		m := NewMemo()
		Find([]byte(a), Options{Budget: budget, Memo: m})
		want := Find([]byte(b), Options{Budget: budget})
		got := Find([]byte(b), Options{Budget: budget, Memo: m})
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("Find(%q) after Find(%q) with a memo differs (-without +with):\n%s", b, a, diff)
		}
	})
}
