package rules

import (
	"bytes"
	"net/netip"
	"strings"

	"golang.org/x/net/publicsuffix"

	"github.com/shieldscan/shieldscan/internal/refang"
)

// Mention is one URL, hostname or IP address that Extract found in a text.
type Mention struct {
	// Start and End are byte offsets: text[Start:End] is the mention as written, defanged or not,
	// and Parse accepts it.
	Start, End int
	// Resource is text[Start:End] parsed: Kind URL, Host, Wildcard or IP, Raw the text as
	// written, Origin empty (the caller knows where the text came from).
	Resource *Resource
	// Quoted is set when the mention is a whole string literal: a quote on each side.
	Quoted bool
}

// Extract finds the URLs, hostnames and IP addresses in free text or code, in order. It is
// conservative, so that words, file names, version numbers and property accesses stay what
// they are:
//
//   - A URL starts with http, https, ws or wss and "://" (hxxp and the bracketed defangings too),
//     or with "//" and a host. Its host may be any name Parse accepts: "cdn.example/x.js" is not a
//     URL without a scheme, "https://stats.shop.example/e" is.
//   - A hostname or "host/path" without a scheme needs a dot and a public suffix that ICANN
//     delegates (golang.org/x/net/publicsuffix), with at least one label of its own: not
//     "example.local", "checkout.js" or "com".
//   - A suffix that is also a common file extension (md, py, sh, pl, rs, tf, zip, mov, java, map…)
//     never makes a bare hostname: "README.md" is a file.
//   - A bare hostname written outside quotes must end in com, net, org, edu, gov, mil or biz, or
//     have three labels (or a non-ASCII one) and end in a two-letter country code that is not also a short word of
//     code (is, at, to, id, it, in, me, no, do…): newer suffixes are ordinary words of code (logger.info, e.target.name,
//     video.play, el.style), so a name such as "cdn.shop.cloud" counts only as a whole string
//     literal of three labels or more ("cdn.shop.cloud" in quotes, not "user.name"), or as the
//     whole of a decoded literal (ExtractLiteral: "evil.shop"). A bare
//     hostname directly followed by "(" is a call, and one spelt as code (big.Int, errors.New,
//     SectionHeader.data: a mixed-case last label or a camel-case label) is an identifier.
//   - A quoted name of three labels (or the whole of a decoded literal) may also end in a suffix
//     that RFC 2606 reserves for examples and tests (example, test): "cdn.evil.example" in
//     quotes, not in prose, and not "main.test" (a Go test binary).
//   - A URL whose host is all numbers ("http://0xcb.0x0.0x71.0x7/") is left to the numeric-IP
//     decoder of scanner/decode.
//   - An e-mail address, key=value, or a URL with another scheme (ftp://, file://) is none of these.
//   - An IP address is an IPv4 or IPv6 address (bracketed or bare, with or without a port) other
//     than the unspecified address.
//
// Every mention's text parses with Parse; Mention.Resource is the result.
func Extract(text []byte) []Mention { return extract(text, false) }

// ExtractLiteral is Extract for the value of one string literal, such as a decoded string: when
// the whole text (white space aside) is one token, it counts as quoted.
func ExtractLiteral(text []byte) []Mention { return extract(text, true) }

func extract(text []byte, literal bool) []Mention {
	var out []Mention
	toks := tokens(text)
	for _, t := range toks {
		whole := literal && len(toks) == 1 && len(bytes.TrimSpace(text[:t.start])) == 0 && len(bytes.TrimSpace(text[t.end:])) == 0
		if m, ok := mention(text, t, whole); ok {
			out = append(out, m)
		}
	}
	return out
}

// span is a token's bounds in the text.
type span struct{ start, end int }

// separator marks the bytes that end a token.
var separator = func() (t [256]bool) {
	for _, c := range []byte(" \t\r\n\f\v\"'`<>()[]{},;|\\") {
		t[c] = true
	}
	return t
}()

// tokens splits text at white space, quotes, brackets and list punctuation, keeping defanging
// marks (refang.At: those without spaces) and bracketed IPv6 addresses inside their tokens, and trims the punctuation that ends a
// sentence.
func tokens(s []byte) []span {
	var out []span
	start := 0
	flush := func(end int) {
		for start < end && strings.IndexByte(".:;,!?", s[start]) >= 0 {
			start++
		}
		for end > start && strings.IndexByte(".:;,!?", s[end-1]) >= 0 {
			end--
		}
		if end > start {
			out = append(out, span{start, end})
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		if n := refang.At(s, i); n > 0 {
			i += n
			continue
		}
		if c == '[' || c == '(' || c == '{' {
			if c == '[' {
				if end := bytes.IndexByte(s[i:min(len(s), i+48)], ']'); end > 0 {
					if a, err := netip.ParseAddr(string(s[i+1 : i+end])); err == nil && a.Is6() {
						i += end + 1
						continue
					}
				}
			}
		}
		if separator[c] {
			flush(i)
			start = i + 1
		}
		i++
	}
	flush(len(s))
	return out
}

// mention decides whether the token at t names a resource, and which part of it does.
func mention(text []byte, t span, whole bool) (Mention, bool) {
	tok := text[t.start:t.end]
	if bytes.IndexByte(tok, '.') < 0 && bytes.IndexByte(tok, ':') < 0 && !strings.ContainsAny(refangString(string(tok)), ".:") {
		return Mention{}, false
	}
	quoted := whole || t.start > 0 && t.end < len(text) && isQuote(text[t.start-1]) && text[t.end] == text[t.start-1]
	found := func(start int) (Mention, bool) {
		r, err := Parse(string(text[start:t.end]), Origin{})
		if err != nil || r.Addr.IsValid() && r.Addr.IsUnspecified() || r.Kind == URL && !r.Addr.IsValid() && numericName(r.Host) {
			return Mention{}, false
		}
		return Mention{Start: start, End: t.end, Resource: r, Quoted: quoted}, true
	}
	if at, rest, ok := schemeAt(tok); ok {
		if m, ok := found(t.start + at); ok {
			return m, true
		}
		// "https://*.example.com" (a CSP source) names the wildcard.
		if bytes.HasPrefix(tok[rest:], []byte("*.")) {
			host := tok[rest:]
			if i := bytes.IndexAny(host, "/?#"); i >= 0 {
				return Mention{}, false
			}
			return found(t.start + rest)
		}
		return Mention{}, false
	}
	if bytes.Contains(tok, []byte("://")) {
		return Mention{}, false // an unsupported scheme
	}
	body := tok
	if bytes.HasPrefix(body, []byte("//")) {
		body = body[2:]
		if a, err := netip.ParseAddr(string(hostOf(body))); err == nil && !a.IsUnspecified() {
			return found(t.start)
		}
		if !publicHost(hostOf(body), true, whole) {
			return Mention{}, false
		}
		return found(t.start)
	}
	hostPort := body
	if i := bytes.IndexAny(hostPort, "/?#"); i >= 0 {
		hostPort = hostPort[:i]
	}
	hostPort = []byte(refangString(string(hostPort)))
	if bytes.ContainsAny(hostPort, "@=") {
		return Mention{}, false // an e-mail address or key=value
	}
	if bytes.HasPrefix(hostPort, []byte("[")) {
		return found(t.start) // a bracketed IPv6 address, checked by tokens
	}
	if a, err := netip.ParseAddr(string(hostPort)); err == nil {
		if a.IsUnspecified() {
			return Mention{}, false
		}
		return found(t.start)
	}
	if ap, err := netip.ParseAddrPort(string(hostPort)); err == nil {
		if ap.Addr().IsUnspecified() {
			return Mention{}, false
		}
		return found(t.start)
	}
	if t.end < len(text) && text[t.end] == '(' {
		return Mention{}, false // a call: video.play(…)
	}
	if !publicHost(hostOf(body), quoted, whole) {
		return Mention{}, false
	}
	return found(t.start)
}

// numericName reports whether every label of a hostname is a number (decimal, 0x hex, octal):
// a numeric spelling of an IPv4 address that is not one of netip's, which scanner/decode turns
// into the address.
func numericName(host string) bool {
	for l := range strings.SplitSeq(host, ".") {
		l = strings.TrimPrefix(l, "0x")
		if l == "" || strings.Trim(l, "0123456789abcdef") != "" {
			return false
		}
	}
	return true
}

// refangString is s with its defanging undone.
func refangString(s string) string {
	out, _ := refang.String(s)
	return out
}

func isQuote(c byte) bool { return c == '"' || c == '\'' || c == '`' }

// schemeAt finds a supported scheme, defanged or not, that starts a word of tok. at is its
// offset, rest the offset of what follows "://".
func schemeAt(tok []byte) (at, rest int, ok bool) {
	for from := 0; from < len(tok); {
		i := bytes.IndexAny(tok[from:], ":[")
		if i < 0 {
			return 0, 0, false
		}
		i += from
		var sep int
		switch {
		case bytes.HasPrefix(tok[i:], []byte("://")):
			sep = 3
		case bytes.HasPrefix(tok[i:], []byte("[://]")):
			sep = 5
		case bytes.HasPrefix(tok[i:], []byte("[:]//")):
			sep = 5
		}
		if sep > 0 {
			j := i
			for j > 0 && isLetter(tok[j-1]) {
				j--
			}
			if j == 0 || !isWordByte(tok[j-1]) {
				switch strings.ToLower(string(tok[j:i])) {
				case "http", "https", "ws", "wss", "hxxp", "hxxps", "hxxs":
					return j, i + sep, true
				}
			}
		}
		from = i + 1
	}
	return 0, 0, false
}

func isLetter(c byte) bool   { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isWordByte(c byte) bool { return isLetter(c) || c >= '0' && c <= '9' || c == '_' }

// hostOf returns the host of "host:port/path", defanging undone, "*." dropped.
func hostOf(s []byte) string {
	if i := bytes.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	host := refangString(string(s))
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	return strings.TrimPrefix(host, "*.")
}

// fileSuffixes are public suffixes that are also common file extensions: never a bare hostname.
var fileSuffixes = map[string]bool{
	"md": true, "py": true, "sh": true, "rs": true, "pl": true, "pm": true, "ps": true, "tf": true,
	"mk": true, "cc": true, "ml": true, "sc": true, "st": true, "so": true, "zip": true, "mov": true,
	"java": true, "map": true, "in": true, "cs": true, "gz": true, "lua": true,
}

// codeCountries are two-letter country codes that are also short words or names in code.
var codeCountries = map[string]bool{
	"as": true, "at": true, "be": true, "by": true, "cd": true, "do": true, "gl": true, "id": true,
	"in": true, "is": true, "it": true, "me": true, "ms": true, "no": true, "re": true, "so": true,
	"to": true, "us": true, "ws": true, "am": true, "ai": true, "fm": true, "tv": true,
}

// reservedSuffixes are the suffixes that RFC 2606 reserves for documentation and tests: a quoted
// name under them is a hostname, so that samples and fixtures read as they are meant.
var reservedSuffixes = map[string]bool{"example": true, "test": true}

// classicSuffixes are the generic suffixes that name hosts unquoted.
var classicSuffixes = map[string]bool{
	"com": true, "net": true, "org": true, "edu": true, "gov": true, "mil": true, "biz": true,
}

// publicHost reports whether host is a name under a public suffix that ICANN delegates, with at
// least one label of its own ("cdn.example.com", not "checkout.js", "e.g" or "com"), under the
// rules of Extract for bare names; quoted says the name is a whole string literal, whole that
// it is the whole of a decoded one (ExtractLiteral).
func publicHost(host string, quoted, whole bool) bool {
	dot := strings.LastIndexByte(host, '.')
	if dot <= 0 || dot == len(host)-1 {
		return false
	}
	tld := strings.ToLower(host[dot+1:])
	if fileSuffixes[tld] {
		return false
	}
	c, idn, reason := CanonicalHost(host)
	if reason != "" {
		return false
	}
	suffix, icann := publicsuffix.PublicSuffix(c)
	if quoted && reservedSuffixes[suffix] && suffix != c {
		return whole || strings.Count(c, ".") >= 2
	}
	if !icann || suffix == c {
		return false
	}
	if _, err := publicsuffix.EffectiveTLDPlusOne(c); err != nil {
		return false
	}
	if identifier(host) {
		return false
	}
	tld = c[strings.LastIndexByte(c, '.')+1:]
	switch {
	case classicSuffixes[tld], strings.HasPrefix(tld, "xn--"):
		return true
	case len(tld) == 2:
		// Unquoted, a country code needs three labels or an internationalised name: t.mu and
		// m.sz are fields in code, Bücher.de is not.
		return quoted || !codeCountries[tld] && (idn || strings.Count(c, ".") >= 2)
	}
	// A newer suffix (info, name, app, cloud…) needs quotes and three labels: "cdn.shop.cloud",
	// not user.name or "user.email" (git settings).
	// The whole of a decoded literal may have two.
	return quoted && (whole || strings.Count(c, ".") >= 2)
}

// identifier reports whether a name is spelt as code rather than as a hostname: a last label in
// mixed case (big.Int, errors.New, hdr.Info), an upper-case one after lower-case ones (regs.AX)
// or a label in camel case (SectionHeader.data).
func identifier(host string) bool {
	dot := strings.LastIndexByte(host, '.')
	last := host[dot+1:]
	if strings.ToLower(last) != last && (strings.ToUpper(last) != last || strings.ToUpper(host[:dot]) != host[:dot]) {
		return true // regs.AX: an upper-case last label after lower-case ones is a constant
	}
	for i := 1; i < len(host); i++ {
		if host[i] >= 'A' && host[i] <= 'Z' && host[i-1] >= 'a' && host[i-1] <= 'z' {
			return true
		}
	}
	return false
}

// namespaceHosts name XML namespaces and schemas: URLs that identify a vocabulary and that no
// browser loads (xmlns="http://www.w3.org/2000/svg", "$schema", schema.org types).
var namespaceHosts = map[string]bool{
	"w3.org": true, "www.w3.org": true, "schema.org": true, "schemas.xmlsoap.org": true, "purl.org": true,
	"ns.adobe.com": true, "schemas.microsoft.com": true, "schemas.openxmlformats.org": true,
	"json-schema.org": true, "xmlns.com": true, "www.schema.org": true,
}

// Namespace reports whether r names an XML namespace or a schema rather than something a page
// loads: its host is w3.org, schema.org, json-schema.org, purl.org or another vocabulary host.
func Namespace(r *Resource) bool { return namespaceHosts[r.Host] }
