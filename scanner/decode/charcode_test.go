package decode

import (
	"fmt"
	"strings"
	"testing"
)

// codes lists the bytes of s in decimal, or in hex with hexa.
func codes(s string, hexa bool) string {
	var parts []string
	for i := range len(s) {
		if hexa {
			parts = append(parts, fmt.Sprintf("0x%x", s[i]))
		} else {
			parts = append(parts, fmt.Sprint(s[i]))
		}
	}
	return strings.Join(parts, ",")
}

func chrChain(s string) string {
	var parts []string
	for i := range len(s) {
		parts = append(parts, fmt.Sprintf("chr(%d)", s[i]))
	}
	return strings.Join(parts, ".")
}

func TestCharCode(t *testing.T) {
	t.Parallel()
	runFamily(t, CharCode, charCodeCases())
}

func charCodeCases() []familyCase {
	return []familyCase{
		{name: "decimal", in: "u=String.fromCharCode(" + codes(testURL, false) + ");", chain: "charcode", text: testURL, at: "String.fromCharCode(" + codes(testURL, false) + ")"},
		{name: "hex", in: "u=String.fromCharCode(" + codes(testURL, true) + ")", chain: "charcode", text: testURL},
		{name: "spaces", in: "u = String.fromCharCode( 104, 116 ,116, 112, 115, 58, 47, 47 ) + 'skim.evil-cdn.example'", chain: "charcode>concat", text: "https://skim.evil-cdn.example"},
		{name: "apply", in: "String.fromCharCode.apply(null, [" + codes(testURL, false) + "])", chain: "charcode", text: testURL},
		{name: "spread", in: "String.fromCharCode(...[" + codes(testURL, false) + "])", chain: "charcode", text: testURL},
		{name: "array mapped later", in: "var a=[" + codes(testURL, false) + "];\nvar u=a.map(function(c){return String.fromCharCode(c)}).join('');", chain: "charcode", text: testURL, at: "[" + codes(testURL, false) + "]"},
		{name: "php chr chain", in: "<?php $u = " + chrChain(testURL) + "; ?>", chain: "charcode", text: testURL, at: chrChain(testURL)},
		{name: "php chr mixed", in: "<?php $u = 'htt'.chr(112).'s://skim.evil-cdn.example'; ?>", chain: "charcode>concat", text: "https://skim.evil-cdn.example"},
		{name: "concatenated calls", in: "String.fromCharCode(104,116)+String.fromCharCode(116,112)", chain: "charcode", text: "http"},

		{name: "bracket access", in: "u=String['fromCharCode'](" + codes(testURL, false) + ");", chain: "charcode", text: testURL, at: "String['fromCharCode'](" + codes(testURL, false) + ")"},
		{name: "bracket access in eval", in: "this['eval'](String[\"fromCharCode\"](" + codes(testURL, true) + "))", chain: "charcode", text: testURL},
		{name: "escaped bracket access", in: "u=String['\\x66romCharCode'](" + codes(testURL, false) + ")+'?a=1';", chain: "charcode>concat", text: testURL + "?a=1"},
		{name: "alias", in: "var f=String.fromCharCode; var u=f(" + codes(testURL, false) + ");", chain: "charcode", text: testURL, at: "f(" + codes(testURL, false) + ")"},
		{name: "computed call", in: "var u=a[b(3,9)](" + codes(testURL, false) + ");", chain: "charcode", text: testURL, at: "(" + codes(testURL, false) + ")"},
		{name: "host by value", in: "x(" + codes("skim.evil-cdn.example", true) + ")", chain: "charcode", text: "skim.evil-cdn.example"},
		{name: "ip by value", in: "g(" + codes("//203.0.113.7/p", false) + ")", chain: "charcode", text: "203.0.113.7"},
		{name: "call with this", in: "u=g.call(null, " + codes(testURL, false) + ");", chain: "charcode", text: testURL},
		{name: "numeric array without fromCharCode", in: "var table = [" + codes(testURL, false) + "];", chain: "charcode", text: testURL, at: "[" + codes(testURL, false) + "]"},

		{name: "data array of words", in: "var t = [" + codes("hello world, no host", false) + "];"},
		{name: "data call of words", in: "draw(" + codes("abcdefghijklmnop", false) + ");"},
		{name: "coordinates", in: "path([104, 116, 116, 112, 115, 58, 47, 47, 300, 400, 1000, 46, 99, 111, 109]);"},
		{name: "png header", in: "var sig = [137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82];"},
		{name: "key codes", in: "var keys = [8, 9, 13, 16, 17, 18, 27, 33, 34, 35, 36, 37, 38, 39, 40, 46];"},
		{name: "lookup table", in: "var b64 = [" + codes("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", false) + "];"},
		{name: "version numbers", in: "check(1, 2, 3, 4, 5, 6, 7, 8); v = [10, 20, 30, 40, 50, 60];"},
		{name: "dotted words are decoded: the matcher decides", in: "x(" + codes("a.b c.d 1.5 e.length", false) + ")", chain: "charcode", text: "e.length"},
		{name: "array of large numbers", in: "String.fromCharCode(x); var k = [1000000, 2000000, 3000000, 4000000, 5000000, 6000000];"},
		{name: "short array", in: "String.fromCharCode(x); var k = [104, 116, 116];"},
		{name: "variable argument", in: "String.fromCharCode(code)"},
		{name: "other method", in: "s.charCodeAt(104, 116)"},
	}
}

func TestCharCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   []int64
		want string
	}{
		{[]int64{104, 105}, "hi"},
		{[]int64{0xd83d, 0xde00}, "\U0001F600"},
		{[]int64{65536 + 65}, "A"},
		{[]int64{0xd800}, "\uFFFD"},
	}
	for _, tt := range tests {
		if got := string(charCodes(tt.in)); got != tt.want {
			t.Errorf("charCodes(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
