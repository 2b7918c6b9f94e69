package inventory

import (
	"bytes"
	"slices"
	"strings"

	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner"
)

// A web server's configuration names its hosts bare, where rules.Extract, which must not take
// words of code for hosts, does not look: "server_name shop.example.cloud;", "server
// app1.internal.example:8080;", "ProxyPass /api http://api.vendor.cloud:8443/". Its
// directives say which words are hosts, so they are read by directive (serverHosts), and so
// are the sources of a Content-Security-Policy value wherever one is written (cspHosts).

// hostArgs says which arguments of a server directive name hosts, by the directive's lowercase
// name: all of them, or the one at an index (0 is the first argument), and whether each is a
// URL rather than a bare host[:port].
type hostArgs struct {
	all  bool
	at   int
	urls bool
}

var serverDirectives = map[string]hostArgs{
	// nginx
	"server_name": {all: true},
	"server":      {at: 0}, // inside an upstream block; "server {" opens a block and has none
	"proxy_pass":  {at: 0, urls: true}, "fastcgi_pass": {at: 0}, "uwsgi_pass": {at: 0}, "scgi_pass": {at: 0},
	"grpc_pass": {at: 0, urls: true}, "memcached_pass": {at: 0},
	// Apache
	"servername": {at: 0}, "serveralias": {all: true},
	"proxypass": {at: 1, urls: true}, "proxypassreverse": {at: 1, urls: true}, "balancermember": {at: 0, urls: true},
	// Caddy
	"reverse_proxy": {all: true, urls: true},
}

// haproxyServer is HAProxy's "server NAME ADDRESS[:PORT] options": the host is the second word.
var haproxyServer = hostArgs{at: 1}

// serverHosts returns the hosts that the directives of a server configuration (the file at p,
// text data) name, as mentions at their offsets in data.
func serverHosts(p string, data []byte) []rules.Mention {
	haproxy := strings.Contains(strings.ToLower(p), "haproxy")
	var out []rules.Mention
	for off := 0; off < len(data); {
		end := bytes.IndexByte(data[off:], '\n')
		if end < 0 {
			end = len(data) - off
		}
		line := data[off : off+end]
		out = append(out, directiveHosts(line, off, haproxy)...)
		off += end + 1
	}
	return out
}

// word is one whitespace-separated word of a line, at its offset in the file.
type word struct {
	text  string
	start int
}

// directiveHosts reads one line of a server configuration that starts at offset base.
func directiveHosts(line []byte, base int, haproxy bool) []rules.Mention {
	if i := bytes.IndexByte(line, '#'); i >= 0 {
		line = line[:i] // nginx, Apache and HAProxy comments
	}
	words := splitWords(line, base)
	if len(words) < 2 {
		return nil
	}
	name := strings.ToLower(strings.TrimLeft(words[0].text, "<"))
	args, ok := serverDirectives[name]
	if name == "server" && haproxy {
		args, ok = haproxyServer, true
	}
	if !ok || words[1].text == "{" {
		return nil
	}
	var out []rules.Mention
	for i, w := range words[1:] {
		if !args.all && i != args.at {
			continue
		}
		if m, ok := hostWord(unquote(w), args.urls); ok {
			out = append(out, m)
		}
	}
	return out
}

// splitWords splits line, which starts at offset base, at white space, dropping the ";" or ","
// that ends a word.
func splitWords(line []byte, base int) []word {
	var out []word
	for i := 0; i < len(line); {
		for i < len(line) && isBlank(line[i]) {
			i++
		}
		j := i
		for j < len(line) && !isBlank(line[j]) {
			j++
		}
		e := j
		for e > i && (line[e-1] == ';' || line[e-1] == ',') {
			e--
		}
		if e > i {
			out = append(out, word{string(line[i:e]), base + i})
		}
		i = j
	}
	return out
}

// unquote drops the quotes around a word.
func unquote(w word) word {
	if t := w.text; len(t) >= 2 && (t[0] == '"' || t[0] == '\'') && t[len(t)-1] == t[0] {
		return word{t[1 : len(t)-1], w.start + 1}
	}
	return w
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' }

// hostWord parses one argument that names a host: a URL (when urls), or a host, "*.domain",
// ".domain" (nginx's wildcard), "host:port" or an address. A name without a dot (an upstream
// or backend name, localhost), a unix: socket, a regular expression or a variable is none.
func hostWord(w word, urls bool) (rules.Mention, bool) {
	t := w.text
	start := w.start
	if i := strings.Index(t, "://"); urls && i >= 0 {
		u := t[i+3:]
		if j := strings.IndexAny(u, "/?#"); j >= 0 {
			u = u[:j]
		}
		switch {
		case !strings.Contains(u, ".") && !strings.Contains(u, ":") || strings.ContainsAny(u, "$@"):
			return rules.Mention{}, false // http://backend: an upstream's name
		case strings.HasPrefix(u, "*."):
			return parsed(u, start+i+3) // https://*.example.com, a CSP source
		}
		return parsed(t, start)
	}
	if strings.HasPrefix(t, ".") && len(t) > 1 {
		t = "*" + t // nginx: ".example.com" is example.com and its subdomains
	}
	switch {
	case strings.ContainsAny(t, "~^$()[]\\/@=") && !strings.HasPrefix(t, "["),
		strings.HasPrefix(t, "unix:"), !strings.ContainsAny(t, ".:"):
		return rules.Mention{}, false
	}
	m, ok := parsed(t, start)
	if ok && t != w.text {
		m.Start, m.End = start, start+len(w.text)
	}
	return m, ok
}

func parsed(t string, start int) (rules.Mention, bool) {
	r, err := rules.Parse(t, rules.Origin{})
	if err != nil || r.Addr.IsValid() && r.Addr.IsUnspecified() {
		return rules.Mention{}, false
	}
	if !r.Addr.IsValid() && !strings.Contains(r.Host, ".") {
		return rules.Mention{}, false
	}
	return rules.Mention{Start: start, End: start + len(t), Resource: r}, true
}

// cspHosts returns the host sources of the Content-Security-Policy values in data (an HTTP
// header in a server configuration or a _headers file, a meta tag, a string in code): the
// words after each directive's name, up to the end of the line, that are not keywords
// ('self', 'nonce-…', data:, https:).
func cspHosts(data []byte) []rules.Mention {
	lower := lowerASCII(data) // as long as data: its offsets are data's
	var out []rules.Mention
	for from := 0; ; {
		i := bytes.Index(lower[from:], []byte("content-security-policy"))
		if i < 0 {
			return out
		}
		from = i + from + len("content-security-policy")
		end := bytes.IndexByte(data[from:], '\n')
		if end < 0 {
			end = len(data) - from
		}
		out = append(out, cspValue(data[from:from+end], from)...)
	}
}

// cspValue reads the directives of the CSP value in text, at offset base: header or markup
// syntax around it (":", content=", the closing quote) is skipped as white space or as words
// before a directive's name.
func cspValue(text []byte, base int) []rules.Mention {
	clean := make([]byte, len(text))
	for i, c := range text {
		if c == '"' || c == '<' || c == '>' || c == '`' || c == '=' {
			c = ' '
		}
		clean[i] = c
	}
	var out []rules.Mention
	off := 0
	for _, dir := range bytes.Split(clean, []byte(";")) {
		words := splitWords(dir, base+off)
		off += len(dir) + 1
		k := slices.IndexFunc(words, func(w word) bool { return cspDirective(w.text) })
		if k < 0 {
			continue
		}
		for _, w := range words[k+1:] {
			if strings.HasPrefix(w.text, "'") || strings.HasSuffix(w.text, ":") || w.text == "*" {
				continue // 'self', 'nonce-…', data:, https:
			}
			if m, ok := hostWord(w, true); ok {
				out = append(out, m)
			}
		}
	}
	return out
}

// cspDirective reports whether name is a CSP directive whose value lists sources or a URL.
func cspDirective(name string) bool {
	name = strings.ToLower(name)
	switch name {
	case "form-action", "frame-ancestors", "navigate-to", "report-uri", "base-uri":
		return true
	}
	return strings.HasSuffix(name, "-src") || strings.HasSuffix(name, "-src-elem") || strings.HasSuffix(name, "-src-attr")
}

// withConfigHosts adds to ms, what rules.Extract found in data (the file at p), the hosts of
// server directives (in a server configuration) and of CSP values that it did not find, in
// order of offset.
func withConfigHosts(p string, data []byte, ms []rules.Mention) []rules.Mention {
	var more []rules.Mention
	if scanner.ServerConfig(p) {
		more = serverHosts(p, data)
	}
	if bytes.Contains(data, []byte("ontent-")) || bytes.Contains(data, []byte("ONTENT-")) {
		more = append(more, cspHosts(data)...)
	}
	if len(more) == 0 {
		return ms
	}
	for _, m := range more {
		if !slices.ContainsFunc(ms, func(e rules.Mention) bool { return overlaps(e, m) }) {
			ms = append(ms, m)
		}
	}
	slices.SortStableFunc(ms, func(a, b rules.Mention) int { return a.Start - b.Start })
	return ms
}

// overlaps reports whether two mentions share text.
func overlaps(a, b rules.Mention) bool { return a.Start < b.End && b.Start < a.End }

// lowerASCII is data with its ASCII letters lowercased and every other byte kept, so that an
// offset in it is the same offset in data (bytes.ToLower turns invalid UTF-8 into U+FFFD and
// changes some letters' lengths).
func lowerASCII(data []byte) []byte {
	out := make([]byte, len(data))
	for i, c := range data {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}
