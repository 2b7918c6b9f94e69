package decode

import "testing"

func TestDefanged(t *testing.T) {
	t.Parallel()
	tests := []familyCase{
		{name: "hxxps and brackets", in: "// exfil: hxxps://skim[.]evil-cdn[.]example/c.js", chain: "defanged", text: testURL, at: "hxxps://skim[.]evil-cdn[.]example/c.js"},
		{name: "parens", in: "host skim(.)evil-cdn(.)example seen", chain: "defanged", text: "skim.evil-cdn.example"},
		{name: "dot word", in: "skim[dot]evil-cdn[dot]example", chain: "defanged", text: "skim.evil-cdn.example"},
		{name: "colon", in: "hxxps[:]//skim.evil-cdn.example", chain: "defanged", text: "https://skim.evil-cdn.example"},
		{name: "upper XX", in: "hXXp://skim.evil-cdn.example", chain: "defanged", text: "http://skim.evil-cdn.example"},
		{name: "in literal", in: "ioc = 'skim[.]evil-cdn[.]example'", chain: "defanged", text: "skim.evil-cdn.example"},
		{name: "ip", in: "203[.]0[.]113[.]7", chain: "defanged", text: "203.0.113.7"},

		{name: "regex class", in: "s.replace(/[.]/g, '')"},
		{name: "array index", in: "a[i](.5)"},
		{name: "word hxxp", in: "shxxp://x"},
		{name: "markdown link", in: "[.](./README.md)"},
	}
	runFamily(t, Defanged, tests)
}
