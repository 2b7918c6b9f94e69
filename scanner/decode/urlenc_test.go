package decode

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

func pctAll(s string) string {
	var b strings.Builder
	for i := range len(s) {
		fmt.Fprintf(&b, "%%%02X", s[i])
	}
	return b.String()
}

func TestURLEncoded(t *testing.T) {
	t.Parallel()
	tests := []familyCase{
		{name: "all in literal", in: "u='" + pctAll(testURL) + "'", chain: "url-encoded", text: testURL, at: pctAll(testURL)},
		{name: "lower case", in: "u=\"" + strings.ToLower(pctAll(testURL)) + "\"", chain: "url-encoded", text: testURL},
		{name: "only dots", in: `<img src="https://skim%2Eevil-cdn%2Eexample/p.gif">`, chain: "url-encoded", text: "https://skim.evil-cdn.example/p.gif"},
		{name: "unquoted attribute", in: "<a href=" + pctAll("https://skim.evil-cdn.example") + ">x</a>", chain: "url-encoded", text: "https://skim.evil-cdn.example"},
		{name: "unescape call", in: "document.write(unescape('%3Cscript src=%22https://skim.evil-cdn.example/c.js%22%3E'))", chain: "url-encoded", text: `<script src="https://skim.evil-cdn.example/c.js">`},
		{name: "percent u", in: "u=unescape('%u0068%u0074tps://skim.evil-cdn.example')", chain: "url-encoded", text: "https://skim"},
		{name: "nested redirect", in: `<a href="/go?to=https%3A%2F%2Fskim.evil-cdn.example">`, chain: "url-encoded", text: "https://skim.evil-cdn.example"},

		{name: "space in query", in: `<a href="/search?q=a%20b">`},
		{name: "encoded code in link", in: `<a href="https://play.example/?code=%5D%0A%23!%5Bfeature%5D%0A%7D&amp;edition=2024">`},
		{name: "modulo", in: `x = a%b + c%2;`},
		{name: "bad hex", in: `s = '100%zz'`},
	}
	runFamily(t, URLEncoded, tests)
}

// TestHasPercentEscape holds decodeURLEscapes's quick test to percentDecode: a text it passes
// over is one that percentDecode leaves unchanged, for random texts of '%', 'u', hex digits and
// other bytes, and it passes no text that percentDecode changes over.
func TestHasPercentEscape(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(51, 52))
	const alphabet = "%%%uU0aFF0gz. \n"
	var buf []byte
	changed := 0
	for range 200000 {
		buf = buf[:0]
		for range r.IntN(16) {
			buf = append(buf, alphabet[r.IntN(len(alphabet))])
		}
		_, ch, _ := percentDecode(buf)
		if ch != hasPercentEscape(buf) {
			t.Fatalf("hasPercentEscape(%q) = %v, percentDecode changed it: %v", buf, !ch, ch)
		}
		if ch {
			changed++
		}
	}
	if changed < 5000 {
		t.Fatalf("%d texts held an escape, want 5000 or more", changed)
	}
}
