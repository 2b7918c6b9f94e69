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
		strings.HasPrefix(base, "haproxy") && (strings.HasSuffix(base, ".cfg") || strings.HasSuffix(base, ".conf")),
		strings.HasSuffix(base, ".conf") || strings.HasSuffix(base, ".vhost"),
		strings.Contains(p, "nginx/"), strings.Contains(p, "apache2/"), strings.Contains(p, "httpd/"):
		return true
	}
	return false
}

// contextWindow is how far around a reference its context is read.
const contextWindow = 1 << 10

// contextOf labels what line does with the reference that starts at col (0-based) in it. It is
// a best-effort reading of one line, not a parse.
func contextOf(p string, line []byte, col int) rules.Context {
	ext := strings.ToLower(path.Ext(p))
	if col > len(line) {
		col = len(line)
	}
	// Read the reference's neighbourhood only: this runs once per reference, and a minified
	// bundle's line can be megabytes long; reading it whole would also label a reference by a
	// url( far away.
	from, to := max(0, col-contextWindow), min(len(line), col+contextWindow)
	lower := bytes.ToLower(line[from:to])
	before := lower[:col-from]
	// The line's start, for comment markers.
	lead := bytes.TrimLeft(line, " \t")
	trimmed := bytes.TrimSpace(bytes.ToLower(lead[:min(len(lead), 8)]))
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
	case isComment(trimmed, before, ext, from > 0):
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
// cut says before does not start at the line's start (so its first byte's left side is unknown).
func isComment(trimmed, before []byte, ext string, cut bool) bool {
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
	i := 0
	if cut {
		i = 1
	}
	for ; i+1 < len(before); i++ {
		if before[i] == '/' && before[i+1] == '/' && (i == 0 || before[i-1] != ':' && before[i-1] != '"' && before[i-1] != '\'' && before[i-1] != '(' && before[i-1] != '=') {
			if i == 0 || before[i-1] == ' ' || before[i-1] == ';' || before[i-1] == '\t' {
				return true
			}
		}
	}
	return bytes.Contains(before, []byte("<!--")) && !bytes.Contains(before, []byte("-->"))
}
