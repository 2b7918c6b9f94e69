package decode

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestDeadTriggers holds the main loop to what it found before deadSlash and deadHigh, when every
// slash and non-ASCII byte was a trigger: Find's result is the same both ways for random texts
// of non-ASCII words, hostnames with non-ASCII labels (dots and the full stops IDNA maps to
// one), numeric addresses after "//", hxxp/hxxps/data: schemes, separators, literals and defang
// marks, at every alignment to the 64-byte blocks. It fails when deadHigh leaves out a byte that
// starts a hostname (a dot or a full stop not counted, a byte that does not end every token taken
// for one that does, a block's last token ended without a look at the next block), and when
// deadSlash leaves out a slash before "/" and a digit (at a block's end too).
func TestDeadTriggers(t *testing.T) {
	pieces := []string{
		"пример", "испытание", "ü", "bücher", "例え", "テスト", "\xce\xb1", "\xff", "\x80",
		".com", ".de", ".", ". ", ".1", "。com", "．de", "｡org", "。", "．", "｡", "\xe3\x80", "\xef\xbc",
		" ", "  ", "\t", "<", ">", "\n", "\r", "{", "}", "|", "^",
		"(.)", "(dot)", "[.]", "(", ")", "[", "]",
		"'", "\"", "`", "\\", "\\'", "\\\"",
		"a", "b", "x", "/", "//", "//1", "//0x7f.1", "//3232235777", "/2", ":", "%41", "&amp;", "&", "%",
		"xn--", "example", "http://", "hxxp://", "hxxps://", "hxxps[:]//", "data:", "data:text/html;base64,", "aHR0cDovL2V2aWwu", "=", ";", "+",
	}
	r := rand.New(rand.NewPCG(31, 32))
	found, ips := 0, 0
	for n := range 30000 {
		src := piecesText(r, pieces, 60)
		opt := Options{NoProseDefang: n%2 == 0}
		got := Find(src, opt)
		allTriggers = true
		want := Find(src, opt)
		allTriggers = false
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Find(%q) = %+v, want %+v (every non-ASCII byte a trigger)", src, got, want)
		}
		puny, ip := false, false
		for _, s := range want.Spans {
			puny = puny || len(s.Chain) > 0 && s.Chain[0] == Punycode
			ip = ip || len(s.Chain) > 0 && s.Chain[0] == IPNumeric && src[s.Start] == '/'
		}
		if puny {
			found++
		}
		if ip {
			ips++
		}
	}
	// The texts must hold hostnames that a non-ASCII byte starts and addresses that a slash
	// starts, or the test proves nothing.
	if found < 1000 || ips < 1000 {
		t.Fatalf("%d texts decoded to a Unicode hostname and %d to an address after //, want 1000 or more of each", found, ips)
	}
}

// FuzzFastPaths holds the main loop's shortcuts to the paths they replace: Find gives the same
// result with every trigger byte a trigger and every literal read by quote (allTriggers,
// plainOff).
func FuzzFastPaths(f *testing.F) {
	for _, s := range []string{
		"x = 'aGVsbG8gd29ybGQ='; y = \"пример.com\" + '//0x7f.0.0.1'",
		"$u = 'aHR0cDovL2V2aWwu';\n$u .= 'ZXhhbXBsZS5jb20v';\necho base64_decode($u);",
		"\"<a href='hxxps://evil[.]example/x.js'>\" data:text/html;base64,PHNjcmlwdD4=",
		"{\"key\": \"Über die Webseite: bücher.de/x\", \"k2\": [\"a\", 'b'].join('')}",
	} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, src []byte, prose bool) {
		opt := Options{NoProseDefang: !prose}
		got := Find(src, opt)
		allTriggers, plainOff = true, true
		want := Find(src, opt)
		allTriggers, plainOff = false, false
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Find(%q) = %+v, want %+v (every trigger byte a trigger, every literal read by quote)", src, got, want)
		}
	})
}

// piecesText is a random text for the tests that hold a shortcut to the path it replaces: up to
// 63 bytes of spaces, letters and newlines, so that what follows meets the 64-byte blocks at
// every alignment, then fewer than most of pieces.
func piecesText(r *rand.Rand, pieces []string, most int) []byte {
	var sb strings.Builder
	for range r.IntN(64) {
		sb.WriteByte(" a\n"[r.IntN(3)])
	}
	for range r.IntN(most) {
		sb.WriteString(pieces[r.IntN(len(pieces))])
	}
	return []byte(sb.String())
}
