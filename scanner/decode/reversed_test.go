package decode

import "testing"

func rev(s string) string { return string(reverseBytes([]byte(s))) }

func TestReversed(t *testing.T) {
	t.Parallel()
	runFamily(t, Reversed, reversedCases())
}

func reversedCases() []familyCase {
	return []familyCase{
		{name: "split reverse join", in: "u='" + rev(testURL) + "'.split('').reverse().join('');", chain: "reversed", text: testURL, at: "'" + rev(testURL) + "'.split('').reverse().join('')"},
		{name: "double quotes and spaces", in: `u = "` + rev(testURL) + `".split("") .reverse() .join("")`, chain: "reversed", text: testURL},
		{name: "php strrev", in: "<?php $u = strrev('" + rev(testURL) + "'); ?>", chain: "reversed", text: testURL, at: "strrev('" + rev(testURL) + "')"},
		{name: "array reverse join", in: "u = ['c.js', 'skim.evil-cdn.example/', 'https://'].reverse().join('')", chain: "concat>reversed", text: testURL},
		{name: "reversed base64", in: "u = atob('" + rev(b64(testURL)) + "'.split('').reverse().join(''))", chain: "reversed>base64", text: testURL},
		{name: "base64 of reversed", in: "u = atob('" + b64(rev(testURL)) + "').split('').reverse().join('')", chain: "base64>reversed", text: testURL},
		{name: "php strrev of base64", in: "<?php $u = base64_decode(strrev('" + rev(b64(testURL)) + "')); ?>", chain: "reversed>base64", text: testURL},
		{name: "unicode", in: "u='ыкс'.split('').reverse().join('')", chain: "reversed", text: "скы"},

		{name: "split without reverse", in: "parts = 'a,b,c'.split(',')"},
		{name: "reverse of variable", in: "s.split('').reverse().join('')"},
		{name: "join missing", in: "x = 'abc'.split('').reverse()"},
	}
}
