package decode

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestPlainLiteral holds plainLiteral to quote: Find's result is the same with every literal
// left to quote, for random texts of literals of every kind (short and long, across blocks,
// escaped, holding triggers or other quotes, of address bytes, of base64), joined by operators,
// calls and assignments, PHP variables before them, apostrophes and JSON keys, at every
// alignment to the 64-byte blocks. It fails when plainLiteral takes a literal that quote would
// join to an expression, record as a variable's value or read otherwise.
func TestPlainLiteral(t *testing.T) {
	pieces := []string{
		"'", "\"", "`", "'a'", "\"b\"", "'abc'", "\"key\":", "'0x7f.0.0.1'", "'2130706433'", "'12'",
		"'aGVsbG8gd29ybGQgaGVsbG8gd29ybGQ='", "\"ZXZpbC5leGFtcGxlLmNvbS9wYXlsb2FkLmpz\"", "'uggcf://rivy.rknzcyr'",
		"'a\\'b'", "\"x\\x41\"", "'\\u0041'", "'a b c d e f g h i j k l m n o p q r s t u v w x y z'",
		" + ", ".", " . ", "=", " = ", "$h", "$u = ", "$h . ", "$h .= ", "atob(", "base64_decode(", ")", "(", "[", "]", ",", ";",
		".split('').reverse().join('')", "don't", "it's", "\n", " ", "\t", "\\", "/", ":", "//", "%41", "&#x41;",
		"aaaaaaaaaaaaaaaaaaaaaaaa", "пример", ".com",
		// Statements: PHP variables assigned literals, appended to and decoded.
		"\n$u = 'aHR0cDovL2V2aWwu';", "\n$u .= 'ZXhhbXBsZS5jb20v';", "\n$v = \"ZXZpbC5leGFtcGxl\";", "\n$v .= '.com';",
		"\necho base64_decode($u);", "\n$x = base64_decode($v);", "\n$w = $u . 'Lw==';", "\n$h = 'http' . ':' . '//';",
		"\n$h . 'evil.example/x.js';", "$u . 'bW9yZQ==' ", "$v.'Lw'", "\n$p = '/c.js';", "$h.$p",
		// Literals that hold triggers, and literals inside them.
		"'%68%74%74%70'", "\"&#x68;&#x74;tp\"", "'//0x7f.0.0.1'", "\"hxxp://evil[.]example\"", "'пример.com'",
		"\"a ` b\"", "'x ` y'", "`", "`\n`", " + 'aGVsbG8=' ",
		"\"<a href='aHR0cDovL2V2aWwuZXhhbXBsZS5jb20v'>\"", "\"x 'abc' y\"", "'<b class=\"0x7f.0.0.1\">'",
	}
	r := rand.New(rand.NewPCG(41, 42))
	spans := 0
	for n := range 30000 {
		src := piecesText(r, pieces, 40)
		opt := Options{NoProseDefang: n%2 == 0}
		got := Find(src, opt)
		plainOff = true
		want := Find(src, opt)
		plainOff = false
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Find(%q) = %+v, want %+v (every literal read by quote)", src, got, want)
		}
		if len(want.Spans) > 0 {
			spans++
		}
	}
	// The texts must decode to something, or the test proves nothing.
	if spans < 5000 {
		t.Fatalf("%d texts decoded to anything, want 5000 or more", spans)
	}
}
