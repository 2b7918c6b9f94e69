package pageshield

import (
	"net/netip"
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/publicsuffix"

	"github.com/shieldscan/shieldscan/rules"
)

// siteKeys are the keys in an alert's data whose values name the zone, and pageKeys those whose
// values are the zone's pages: neither is an alerted resource.
var (
	siteKeys = map[string]bool{"zone_name": true, "zone": true, "zone_host": true, "host": true, "site": true, "site_host": true}
	pageKeys = map[string]bool{"page_url": true, "page_urls": true, "first_page_url": true, "pages": true}
)

// webhook reads an alert notification: URLs, hostnames and IPs in its text and in every string of
// its data. The zone's own host and pages are left out, except for first-party scripts.
func (r *jsonReader) webhook(n *node) error {
	r.formats[FormatWebhook] = true
	alert := ""
	if t := n.get("alert_type"); t != nil && t.kind == '"' {
		alert = t.str
	}
	label := alert
	if nm := n.get("name"); label == "" && nm != nil && nm.kind == '"' {
		label = nm.str
	}
	o := rules.Observation{}
	// Some alerts say that their resources are scripts (…_new_malicious_scripts); hosts and URLs
	// may be either, and stay without a kind.
	switch a := strings.TrimPrefix(strings.ToLower(alert), "scriptmonitor_"); {
	case strings.Contains(a, "script"), strings.Contains(a, "resources"), strings.Contains(a, "code_change"):
		o.Kind = KindScript
	}
	if strings.Contains(strings.ToLower(label), "malicious") {
		o.Malicious = true
		o.Reasons = []string{"alert " + label}
	}
	if ts := n.get("ts"); ts != nil && ts.kind == '0' {
		if sec, err := ts.num.Int64(); err == nil && sec > 0 && sec < 1<<40 {
			o.FirstSeen = time.Unix(sec, 0).UTC().Format(time.RFC3339)
		}
	}

	// The strings to read, in file order, and the site hosts named in data.
	var texts []*node
	var sites []string
	var walk func(key string, v *node)
	walk = func(key string, v *node) {
		switch v.kind {
		case '"':
			switch {
			case siteKeys[key] || pageKeys[key]:
				if h := canonicalSite(v.str); h != "" {
					sites = append(sites, h)
				}
			default:
				texts = append(texts, v)
			}
		case '[':
			for _, e := range v.elems {
				walk(key, e)
			}
		case '{':
			for i, k := range v.keys {
				walk(strings.ToLower(k), v.vals[i])
			}
		}
	}
	for i, k := range n.keys {
		switch k {
		case "text":
			if v := n.vals[i]; v.kind == '"' {
				texts = append(texts, v)
			}
		case "data":
			walk("", n.vals[i])
		}
	}
	if len(sites) > 0 {
		o.SiteHost = sites[0]
	}

	seen := map[string]bool{}
	for _, t := range texts {
		for _, c := range extract(t.str) {
			res, err := rules.Parse(c, rules.Origin{File: r.name, Line: lineAt(r.data, t.off)})
			if err != nil || seen[res.Canonical] || siteResource(res, sites) {
				continue
			}
			seen[res.Canonical] = true
			obs := o
			obs.Reasons = append([]string(nil), o.Reasons...)
			res.PageShield = &obs
			r.in.Resources = append(r.in.Resources, res)
		}
	}
	return nil
}

// siteResource reports whether res is the zone itself or one of its pages, and not one of its
// scripts: a host within a site host, unless it is a URL whose path names a script.
func siteResource(res *rules.Resource, sites []string) bool {
	for _, s := range sites {
		if res.Host == s || strings.HasSuffix(res.Host, "."+s) {
			return !(res.Kind == rules.URL && isScriptPath(res.Path))
		}
	}
	return false
}

func isScriptPath(p string) bool {
	p = strings.ToLower(p)
	for _, ext := range []string{".js", ".mjs", ".cjs"} {
		if strings.HasSuffix(p, ext) {
			return true
		}
	}
	return false
}

// schemeRE finds the start of a URL, defanged or not.
var schemeRE = regexp.MustCompile(`(?i)\b(?:https?|wss?|hxxps?|hxxs)(?:://|\[://\]|\[:\]//)`)

// defangs are the bracketed defanging marks that belong inside a token.
var defangs = []string{"[.]", "(.)", "{.}", "[dot]", "(dot)", "[DOT]", "(DOT)", "[:]", "[://]", "[/]"}

// extract finds the URLs, hostnames and IP addresses in free text. It is conservative: a
// hostname needs a dot and a public suffix that ICANN knows, so words, file names and version
// numbers stay words.
func extract(s string) []string {
	var out []string
	for _, tok := range tokens(s) {
		if c, ok := classify(tok); ok {
			out = append(out, c)
		}
	}
	return out
}

// tokens splits free text at white space, quotes, brackets and list punctuation, keeping
// defanging marks and bracketed IPv6 addresses inside their tokens, and trims the punctuation
// that ends a sentence.
func tokens(s string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		t := strings.TrimRight(cur.String(), ".:;,!?")
		t = strings.TrimLeft(t, ".:;,!?")
		if t != "" {
			out = append(out, t)
		}
		cur.Reset()
	}
	for i := 0; i < len(s); {
		if m := defangAt(s[i:]); m != "" {
			cur.WriteString(m)
			i += len(m)
			continue
		}
		if s[i] == '[' {
			if end := strings.IndexByte(s[i:], ']'); end > 0 {
				if a, err := netip.ParseAddr(s[i+1 : i+end]); err == nil && a.Is6() {
					cur.WriteString(s[i : i+end+1])
					i += end + 1
					continue
				}
			}
		}
		switch s[i] {
		case ' ', '\t', '\r', '\n', '"', '\'', '`', '<', '>', '(', ')', '[', ']', '{', '}', ',', ';', '|', '\\':
			flush()
		default:
			cur.WriteByte(s[i])
		}
		i++
	}
	flush()
	return out
}

func defangAt(s string) string {
	for _, d := range defangs {
		if strings.HasPrefix(s, d) {
			return d
		}
	}
	return ""
}

// classify returns the resource a token names, if it names one.
func classify(tok string) (string, bool) {
	if loc := schemeRE.FindStringIndex(tok); loc != nil {
		return tok[loc[0]:], true // rules.Parse decides whether it is a URL
	}
	if strings.ContainsAny(tok, "@=") || strings.Contains(tok, "://") {
		return "", false // an e-mail address, key=value, or an unsupported scheme
	}
	hostPort, _, _ := strings.Cut(strings.TrimPrefix(tok, "//"), "/")
	if i := strings.IndexAny(hostPort, "?#"); i >= 0 {
		hostPort = hostPort[:i]
	}
	if strings.HasPrefix(hostPort, "[") {
		return tok, true // a bracketed IPv6 address, checked by tokens
	}
	if a, err := netip.ParseAddr(hostPort); err == nil {
		return tok, !a.IsUnspecified()
	}
	if ap, err := netip.ParseAddrPort(hostPort); err == nil {
		return tok, !ap.Addr().IsUnspecified()
	}
	host := hostPort
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	host = strings.NewReplacer("[.]", ".", "(.)", ".", "{.}", ".", "[dot]", ".", "(dot)", ".", "[DOT]", ".", "(DOT)", ".").Replace(host)
	host = strings.TrimPrefix(host, "*.")
	return tok, publicHost(host)
}

// publicHost reports whether host is a name under a public suffix that ICANN knows, with at
// least one label of its own: "cdn.example.com", not "checkout.js", "e.g" or "com".
func publicHost(host string) bool {
	if !strings.Contains(host, ".") {
		return false
	}
	c, _, reason := rules.CanonicalHost(host)
	if reason != "" {
		return false
	}
	suffix, icann := publicsuffix.PublicSuffix(c)
	if !icann || suffix == c {
		return false
	}
	_, err := publicsuffix.EffectiveTLDPlusOne(c)
	return err == nil
}
