package decode

import (
	"fmt"
	"strings"
	"testing"
)

func entities(s string, hexa bool) string {
	var b strings.Builder
	for i := range len(s) {
		if hexa {
			fmt.Fprintf(&b, "&#x%x;", s[i])
		} else {
			fmt.Fprintf(&b, "&#%d;", s[i])
		}
	}
	return b.String()
}

func TestHTMLEntity(t *testing.T) {
	t.Parallel()
	tests := []familyCase{
		{name: "decimal attribute", in: `<script src="` + entities(testURL, false) + `"></script>`, chain: "html-entity", text: testURL, at: entities(testURL, false)},
		{name: "hex attribute", in: `<script src='` + entities(testURL, true) + `'></script>`, chain: "html-entity", text: testURL},
		{name: "named", in: `<a href="https&colon;&sol;&sol;skim&period;evil-cdn&period;example">`, chain: "html-entity", text: "https://skim.evil-cdn.example"},
		{name: "no semicolons", in: `<a href="&#104&#116&#116&#112&#115://skim.evil-cdn.example">`, chain: "html-entity", text: "https://skim.evil-cdn.example"},
		{name: "text content", in: "<p>" + entities("skim.evil-cdn.example", false) + "</p>", chain: "html-entity", text: "skim.evil-cdn.example"},

		{name: "amp in query", in: `<a href="/x?a=1&amp;b=2&amp;c=3">`},
		{name: "quot in json attribute", in: `<div data-x="{&quot;a&quot;:&quot;b&quot;}">`},
		{name: "bare ampersand", in: `if (a && b) { c & d }`},
		{name: "unknown name", in: `<p>&notanentity;</p>`},
		{name: "typography", in: `<p>&copy; 2024 &mdash; &#8220;quoted&#8221; &#39;x&#39; &hellip;</p>`},
	}
	runFamily(t, HTMLEntity, tests)
}
