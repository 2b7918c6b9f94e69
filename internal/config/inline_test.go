package config

import (
	"strings"
	"testing"
)

func TestInlineIgnored(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, line string
		want       bool
	}{
		{"html", `<script src="https://cdn.example/x.js"></script> <!-- shieldscan:ignore vendor widget -->`, true},
		{"line comment", `fetch("https://api.example/v1") // shieldscan:ignore: reviewed in SEC-12`, true},
		{"line comment no space", `fetch(u)//shieldscan:ignore`, true},
		{"block comment", `const u = "https://api.example/v1"; /* shieldscan:ignore */`, true},
		{"css", `@import url(https://fonts.example/a.css); /*shieldscan:ignore*/`, true},
		{"hash", `proxy_pass https://api.example; # shieldscan:ignore`, true},
		{"hash at start", `#shieldscan:ignore`, true},
		{"yaml", `  script: https://cdn.example/x.js  # shieldscan:ignore`, true},
		{"sql", `SELECT 'evil.example' -- shieldscan:ignore`, true},
		{"ini", `host = evil.example ; shieldscan:ignore`, true},
		{"tex", `\url{https://evil.example} % shieldscan:ignore`, true},
		{"jinja", `<script src="{{ cdn }}/x.js"></script> {# shieldscan:ignore #}`, true},
		{"go template", `{{/* shieldscan:ignore */}} https://cdn.example/x.js`, true},
		{"handlebars", `{{! shieldscan:ignore }} https://cdn.example/x.js`, true},
		{"erb", `<%# shieldscan:ignore %> https://cdn.example/x.js`, true},
		{"razor", `@* shieldscan:ignore *@ https://cdn.example/x.js`, true},
		{"block continuation", `   * https://cdn.example/x.js shieldscan:ignore`, true},
		{"second occurrence counts", `x = "shieldscan:ignore" // shieldscan:ignore`, true},

		{"no marker", `<script src="https://cdn.example/x.js"></script>`, false},
		{"no comment", `shieldscan:ignore https://cdn.example/x.js`, false},
		{"string literal", `const marker = "shieldscan:ignore";`, false},
		{"hash in string", `x = "#shieldscan:ignore"`, false},
		{"url fragment", `https://cdn.example/#shieldscan:ignore`, false},
		{"url is not a comment", `https://cdn.example/shieldscan:ignore`, false},
		{"longer word", `// shieldscan:ignored`, false},
		{"prefix word", `// notshieldscan:ignore`, false},
		{"other directive", `// shieldscan:ignore-next-line`, false},
		{"hyphen before", `// x-shieldscan:ignore`, false},
		{"upper case", `// SHIELDSCAN:IGNORE`, false},
		{"star mid line", `a * shieldscan:ignore`, false},
		{"percent format", `printf("%shieldscan:ignore")`, false},
		{"empty", ``, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := InlineIgnored(tt.line); got != tt.want {
				t.Errorf("InlineIgnored(%q) = %v, want %v", tt.line, got, tt.want)
			}
		})
	}
}

func FuzzInlineIgnored(f *testing.F) {
	for _, s := range []string{`// shieldscan:ignore`, `"shieldscan:ignore"`, `<!--shieldscan:ignore-->`, `*`, `:`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if InlineIgnored(line) && !strings.Contains(line, InlineMarker) {
			t.Errorf("InlineIgnored(%q) = true without the marker", line)
		}
	})
}
