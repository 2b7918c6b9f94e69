package scanner

import (
	"bytes"
	"path"
	"strings"

	"github.com/shieldscan/shieldscan/rules"
)

var docExts = map[string]bool{".md": true, ".markdown": true, ".rst": true, ".txt": true, ".adoc": true}
var configExts = map[string]bool{
	".json": true, ".yml": true, ".yaml": true, ".toml": true, ".ini": true, ".env": true,
	".xml": true, ".properties": true, ".tf": true, ".tfvars": true, ".hcl": true, ".cfg": true,
}

// cStyle files use '#' for something other than comments (CSS ids, JS private fields, colours).
var cStyle = map[string]bool{".css": true, ".scss": true, ".less": true, ".js": true, ".mjs": true, ".cjs": true,
	".ts": true, ".tsx": true, ".jsx": true, ".html": true, ".htm": true, ".vue": true, ".svelte": true, ".json": true}

// serverConfig reports whether a file is a web server's configuration.
func serverConfig(p string) bool {
	base := strings.ToLower(path.Base(p))
	switch {
	case base == ".htaccess", base == "caddyfile", base == "web.config", base == "_headers",
		strings.HasSuffix(base, ".conf") || strings.HasSuffix(base, ".vhost"),
		strings.Contains(p, "nginx/"), strings.Contains(p, "apache2/"), strings.Contains(p, "httpd/"):
		return true
	}
	return false
}

// contextOf labels what line does with the reference that starts at col (0-based) in it. It is
// a best-effort reading of one line, not a parse.
func contextOf(p string, line []byte, col int) rules.Context {
	ext := strings.ToLower(path.Ext(p))
	if col > len(line) {
		col = len(line)
	}
	lower := bytes.ToLower(line)
	before := lower[:col]
	trimmed := bytes.TrimSpace(lower)
	has := func(b []byte, subs ...string) bool {
		for _, s := range subs {
			if bytes.Contains(b, []byte(s)) {
				return true
			}
		}
		return false
	}
	switch {
	case has(lower, "content-security-policy", "script-src", "connect-src", "default-src", "frame-src", "img-src"):
		return rules.CtxCSP
	case docExts[ext]:
		return rules.CtxDocs
	case isComment(trimmed, before, ext):
		return rules.CtxComment
	case has(before, "<script"):
		return rules.CtxScriptSrc
	case has(before, "<link"):
		return rules.CtxLink
	case has(before, "url(", "@import"):
		return rules.CtxCSSURL
	case has(before, "import ", "import(", "require(", "from '", `from "`, "importscripts("):
		return rules.CtxJSImport
	case has(before, "fetch(", "xmlhttprequest", ".open(", "websocket(", "new image", "sendbeacon(",
		"eventsource(", "axios", "$.ajax", "$.get", "$.post", ".src =", ".src=", "curl_init", "file_get_contents(", "http.get("):
		return rules.CtxJSNetwork
	case serverConfig(p):
		return rules.CtxServerConfig
	case configExts[ext]:
		return rules.CtxConfig
	}
	return rules.CtxOther
}

// isComment reports whether the reference sits in a line comment or a comment block's line.
func isComment(trimmed, before []byte, ext string) bool {
	hashComments := !cStyle[ext]
	for _, p := range []string{"//", "/*", "* ", "<!--", "--"} {
		if bytes.HasPrefix(trimmed, []byte(p)) {
			return true
		}
	}
	if hashComments && (bytes.HasPrefix(trimmed, []byte("#")) || bytes.Contains(before, []byte(" # ")) || bytes.Contains(before, []byte("\t# "))) {
		return true
	}
	// A "//" that does not belong to a scheme ("https://") opens a comment.
	for i := 0; i+1 < len(before); i++ {
		if before[i] == '/' && before[i+1] == '/' && (i == 0 || before[i-1] != ':' && before[i-1] != '"' && before[i-1] != '\'' && before[i-1] != '(' && before[i-1] != '=') {
			if i == 0 || before[i-1] == ' ' || before[i-1] == ';' || before[i-1] == '\t' {
				return true
			}
		}
	}
	return bytes.Contains(before, []byte("<!--")) && !bytes.Contains(before, []byte("-->"))
}
