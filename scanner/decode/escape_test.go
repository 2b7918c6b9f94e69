package decode

import (
	"fmt"
	"strings"
	"testing"
)

// hexEsc escapes every byte of s as \xHH; every n-th byte only when n > 1.
func hexEsc(s string, n int) string {
	var b strings.Builder
	for i := range len(s) {
		if i%n == 0 {
			fmt.Fprintf(&b, `\x%02x`, s[i])
		} else {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func uniEsc(s string) string {
	var b strings.Builder
	for _, r := range s {
		fmt.Fprintf(&b, `\u%04x`, r)
	}
	return b.String()
}

func octEsc(s string) string {
	var b strings.Builder
	for i := range len(s) {
		fmt.Fprintf(&b, `\%o`, s[i])
	}
	return b.String()
}

func TestHexEscape(t *testing.T) {
	t.Parallel()
	runFamily(t, HexEscape, hexCases())
}

func hexCases() []familyCase {
	return []familyCase{
		{name: "all escaped", in: "var u = '" + hexEsc(testURL, 1) + "';", chain: "hex-escape", text: testURL, at: hexEsc(testURL, 1)},
		{name: "upper case", in: `var u = "` + strings.ToUpper(hexEsc(testURL, 1)) + `";`, chain: "hex-escape", text: testURL},
		{name: "partial", in: "u='" + hexEsc(testURL, 3) + "'", chain: "hex-escape", text: testURL},
		{name: "only dots", in: `u="https://skim\x2eevil-cdn\x2eexample/c.js"`, chain: "hex-escape", text: testURL},
		{name: "php double quoted", in: `<?php $u = "` + hexEsc(testURL, 2) + `"; ?>`, chain: "hex-escape", text: testURL},
		{name: "template literal", in: "u=`" + hexEsc(testURL, 1) + "`", chain: "hex-escape", text: testURL},
		{name: "escaped quote inside", in: `u='it\'s \x68ttps://skim.evil-cdn.example'`, chain: "hex-escape", text: "it's https://skim.evil-cdn.example"},
		{name: "after apostrophe in html", in: `<p>Don't</p><script>var u='` + hexEsc(testURL, 1) + `'</script>`, chain: "hex-escape", text: testURL},

		{name: "simple escapes only", in: `var s = 'line\nnext\t\'quoted\'';`},
		{name: "short x", in: `var s = '\x6';`},
		{name: "not in a literal", in: `re = /\x68/;`},
	}
}

func TestUnicodeEscape(t *testing.T) {
	t.Parallel()
	tests := []familyCase{
		{name: "four digits", in: "u='" + uniEsc(testURL) + "'", chain: "unicode-escape", text: testURL, at: uniEsc(testURL)},
		{name: "braces", in: `u="\u{68}\u{74}\u{74}\u{70}s://skim.evil-cdn.example"`, chain: "unicode-escape", text: "https://skim.evil-cdn.example"},
		{name: "mixed, unicode most", in: `u="\u0068\u0074\u0074\x70s://skim.evil-cdn.example"`, chain: "unicode-escape", text: "https://skim"},

		{name: "too few digits", in: `u='\u068'`},
		{name: "escaped emoji", in: `u="\ud83d\ude00 https://skim.evil-cdn.example"`},
		{name: "escaped accents", in: `msg = "\u00e9t\u00e9 \u2014 caf\u00e9";`},
		{name: "brace out of range", in: `u='\u{110000}'`},
	}
	runFamily(t, UnicodeEscape, tests)
}

func TestOctalEscape(t *testing.T) {
	t.Parallel()
	tests := []familyCase{
		{name: "all", in: `u="` + octEsc(testURL) + `"`, chain: "octal-escape", text: testURL, at: octEsc(testURL)},
		{name: "php", in: `<?php $h = "\163\153\151\155.evil-cdn.example"; ?>`, chain: "octal-escape", text: "skim.evil-cdn.example"},

		{name: "nul only", in: `s = 'a\0b';`},
		{name: "eight and nine", in: `s = '\8\9';`},
	}
	runFamily(t, OctalEscape, tests)
}

func TestUnescape(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		fam      Family
		n        int
	}{
		{`\x41\u0042\103`, "ABC", HexEscape, 3},
		{`\u{1F600}`, "\U0001F600", 0, 0},
		{`\u{2e}`, ".", UnicodeEscape, 1},
		{`a\
b`, "ab", 0, 0},
		{`\q\'\"\\`, `q'"\`, 0, 0},
		{`\xe9`, "é", 0, 0},
		{`\377\400\056`, "ÿ\x200.", OctalEscape, 1},
		{`trailing\`, `trailing\`, 0, 0},
		{`\ud800x`, "\uFFFDx", 0, 0},
	}
	for _, tt := range tests {
		got, fam, n := unescape([]byte(tt.in))
		if string(got) != tt.want || fam != tt.fam || n != tt.n {
			t.Errorf("unescape(%q) = %q, %v, %d, want %q, %v, %d", tt.in, got, fam, n, tt.want, tt.fam, tt.n)
		}
	}
}
