// Package rules is shieldscan's model of what is being looked for: alerted resources (script URLs,
// hostnames, IPs) in their canonical forms, how they are classified once the code has been
// scanned, and the catalog of finding rules that every report format shares.
package rules

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/idna"

	"github.com/shieldscan/shieldscan/internal/refang"
)

// Kind says what sort of resource an alert names.
type Kind uint8

//go:generate go tool stringer -type=Kind,Class,Level,Strength -linecomment -output=names_string.go

const (
	// URL is a script or connection URL: matched by host and path.
	URL Kind = iota + 1 // url
	// Host is a hostname, matched with its subdomains.
	Host // host
	// Wildcard is "*.example.com": any subdomain, not the apex.
	Wildcard // wildcard
	// IP is an IPv4 or IPv6 address, matched in every textual spelling of that address.
	IP // ip
)

// Origin says where the user named a resource, so that a finding about it can point there.
type Origin struct {
	// File is the path of the resources file ("-" for stdin), or "" for a flag or an API.
	File string `json:"file,omitempty"`
	// Line is the 1-based line in File.
	Line int `json:"line,omitempty"`
	// Anchor is File's slash path relative to the scanned tree when the file lies inside it:
	// a finding about the resource can then point at the line that named it.
	Anchor string `json:"-"`
	// Refanged is set when the resource was written defanged ("hxxps://evil[.]example") and
	// its canonical form undoes that, so that outputs can say so.
	Refanged bool `json:"refanged,omitempty"`
}

func (o Origin) String() string {
	if o.File == "" {
		return "--resource"
	}
	return o.File + ":" + strconv.Itoa(o.Line)
}

// Resource is one alerted resource, parsed and canonicalised.
type Resource struct {
	// Raw is the resource exactly as the user gave it.
	Raw string `json:"resource"`
	// Canonical is the normalised form: lowercase punycode host, bracketed IPv6, defanging removed.
	Canonical string `json:"canonical"`
	Kind      Kind   `json:"kind"`
	// Scheme is the URL's scheme, "" for protocol-relative URLs and non-URLs.
	Scheme string `json:"-"`
	// Host is the canonical hostname (without "*." for wildcards), or the IP's text without brackets.
	Host string `json:"-"`
	// Addr is set for IP resources and for URLs whose host is an IP literal.
	Addr netip.Addr `json:"-"`
	Port string     `json:"-"`
	// Path is the URL's path ("/" at least) and Query its raw query; both empty for non-URLs.
	Path  string `json:"-"`
	Query string `json:"-"`
	// Unicode is true when the user wrote an internationalised name that Host holds as punycode.
	Unicode bool `json:"-"`
	// Origin is where the resource was first named; Origins lists every place when it was repeated.
	Origin Origin `json:"origin"`
	// PageShield carries Cloudflare's observation of the resource, when it came from Page Shield.
	PageShield *Observation `json:"pageshield,omitempty"`
	// Parent is the canonical form of the alerted script this resource was found in (scan --expand).
	Parent string `json:"parent,omitempty"`
	// FirstParty is set for a URL served from the site's own host (its Page Shield zone host or
	// a --site-host): the code refers to such a script by path, and may be the file itself.
	FirstParty bool `json:"firstParty,omitempty"`
}

// Observation is what Cloudflare Page Shield reported about a resource.
type Observation struct {
	Kind       string         `json:"kind"` // script or connection
	ID         string         `json:"id,omitempty"`
	SiteHost   string         `json:"siteHost,omitempty"`
	PageURLs   []string       `json:"pageURLs,omitempty"`
	FirstSeen  string         `json:"firstSeen,omitempty"`
	LastSeen   string         `json:"lastSeen,omitempty"`
	Status     string         `json:"status,omitempty"`
	Categories []string       `json:"categories,omitempty"`
	Scores     map[string]int `json:"scores,omitempty"`
	// Malicious is Cloudflare's verdict; Reasons says which signals made it, and what the data
	// could not say (a script that was not scored, an earlier malicious version).
	Malicious bool     `json:"malicious"`
	Reasons   []string `json:"reasons,omitempty"`
	// Unverified is set when the data carries no verdict to trust (an alert of unknown type):
	// the resource was alerted on, and references to it are at least warnings.
	Unverified bool `json:"unverified,omitempty"`
}

// Malicious reports whether Page Shield called the resource malicious.
func (r *Resource) Malicious() bool { return r.PageShield != nil && r.PageShield.Malicious }

// ErrInvalid is wrapped by every parse error, so callers can map it to a usage exit code.
var ErrInvalid = errors.New("invalid resource")

// InvalidError says why one resource could not be parsed, and where it was written.
type InvalidError struct {
	Origin Origin
	Input  string
	Reason string
}

func (e *InvalidError) Error() string {
	if e.Origin.File == "" {
		return fmt.Sprintf("--resource %q: %s", e.Input, e.Reason)
	}
	return fmt.Sprintf("%s: invalid resource %q: %s", e.Origin, e.Input, e.Reason)
}

func (e *InvalidError) Unwrap() error { return ErrInvalid }

var schemes = map[string]bool{"http": true, "https": true, "ws": true, "wss": true}

// Parse turns one resource, as written in an alert, into its canonical form. Defanging is undone
// (package internal/refang lists the styles) and recorded in the Origin. The error, when there is
// one, wraps ErrInvalid and names origin.
func Parse(s string, origin Origin) (*Resource, error) {
	raw := strings.TrimSpace(s)
	fanged, refanged := refang.String(raw)
	r, reason := parse(fanged)
	if reason != "" {
		return nil, &InvalidError{Origin: origin, Input: s, Reason: reason}
	}
	r.Raw = raw
	r.Origin = origin
	r.Origin.Refanged = refanged
	return r, nil
}

func parse(s string) (*Resource, string) {
	if s == "" {
		return nil, "empty"
	}
	if strings.ContainsAny(s, " \t\r\n") {
		return nil, "contains white space"
	}
	if i := strings.Index(s, "://"); i >= 0 {
		scheme := strings.ToLower(s[:i])
		if !schemes[scheme] {
			return nil, fmt.Sprintf("scheme %q is not one of http, https, ws, wss", s[:i])
		}
		return parseURL(scheme, s[i+1:])
	}
	if strings.HasPrefix(s, "//") {
		return parseURL("", s)
	}
	// A scheme-less "host/path", as Page Shield writes first_page_url, is a URL too.
	if i := strings.IndexAny(s, "/?#"); i > 0 && !strings.HasPrefix(s, "[") {
		return parseURL("", "//"+s)
	}
	r := &Resource{}
	host, port, reason := splitHostPort(s)
	if reason != "" {
		return nil, reason
	}
	if reason := r.setHost(host); reason != "" {
		return nil, reason
	}
	r.Port = port
	if r.Kind == 0 {
		r.Kind = Host
	}
	r.Canonical = r.hostPort()
	if r.Kind == Wildcard {
		r.Canonical = "*." + r.Canonical
	}
	return r, ""
}

// parseURL parses rest, which starts with "//", under scheme ("" when protocol-relative).
func parseURL(scheme, rest string) (*Resource, string) {
	u, err := url.Parse(rest)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, "not a URL: " + err.Error()
	}
	if u.Host == "" {
		return nil, "URL has no host"
	}
	if u.User != nil {
		// Keep the credential out of the canonical form: it is not part of the resource.
		u.User = nil
	}
	r := &Resource{Kind: URL, Scheme: scheme}
	host, port, reason := splitHostPort(u.Host)
	if reason != "" {
		return nil, reason
	}
	if reason := r.setHost(host); reason != "" {
		return nil, reason
	}
	if r.Kind == Wildcard {
		return nil, "a URL cannot have a wildcard host"
	}
	r.Kind = URL
	r.Port = port
	r.Path = u.EscapedPath()
	if r.Path == "" {
		r.Path = "/"
	}
	r.Query = u.RawQuery
	var b strings.Builder
	if scheme != "" {
		b.WriteString(scheme)
		b.WriteString(":")
	}
	b.WriteString("//")
	b.WriteString(r.hostPort())
	b.WriteString(r.Path)
	if r.Query != "" {
		b.WriteString("?")
		b.WriteString(r.Query)
	}
	r.Canonical = b.String()
	return r, ""
}

// splitHostPort splits "host:port", "[v6]:port", "[v6]" and bare IPv6.
func splitHostPort(s string) (host, port, reason string) {
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return "", "", "unclosed '[' in IPv6 address"
		}
		host, rest := s[1:end], s[end+1:]
		if rest == "" {
			return host, "", ""
		}
		if !strings.HasPrefix(rest, ":") {
			return "", "", fmt.Sprintf("unexpected %q after IPv6 address", rest)
		}
		return host, rest[1:], checkPort(rest[1:])
	}
	if strings.Count(s, ":") > 1 {
		return s, "", "" // bare IPv6
	}
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		return s[:i], s[i+1:], checkPort(s[i+1:])
	}
	return s, "", ""
}

func checkPort(p string) string {
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 || n > 65535 || strings.HasPrefix(p, "+") {
		return fmt.Sprintf("port %q is not a number from 1 to 65535", p)
	}
	return ""
}

// setHost validates host and stores its canonical form, as a name or as an address.
func (r *Resource) setHost(host string) string {
	if host == "" {
		return "no host"
	}
	if a, err := netip.ParseAddr(host); err == nil {
		if a.Zone() != "" {
			return "an IPv6 zone is local to one machine and cannot be alerted"
		}
		r.Kind, r.Addr, r.Host = IP, a, a.String()
		return ""
	}
	if strings.Contains(host, ":") {
		return "not a valid IPv6 address"
	}
	if strings.HasPrefix(host, "*.") {
		r.Kind = Wildcard
		host = host[2:]
	}
	if strings.Contains(host, "*") {
		return "a wildcard is allowed only as the leftmost label (*.example.com)"
	}
	h, unicode, reason := CanonicalHost(host)
	if reason != "" {
		return reason
	}
	r.Host, r.Unicode = h, unicode
	return ""
}

// lookup is IDNA's lookup profile with underscores allowed: they appear in real hostnames
// (DKIM-style labels, some CDNs), and an alert that names one must still parse.
var lookup = idna.New(idna.MapForLookup(), idna.BidiRule(), idna.VerifyDNSLength(true), idna.StrictDomainName(false))

// CanonicalHost lowercases a hostname, drops a trailing dot and converts an IDN to punycode. It
// rejects names that no browser would resolve, and single labels, which would match ordinary words.
func CanonicalHost(host string) (canonical string, unicode bool, reason string) {
	host = strings.TrimSuffix(host, ".")
	for i := 0; i < len(host); i++ {
		if host[i] >= 0x80 {
			unicode = true
			break
		}
	}
	a, err := lookup.ToASCII(strings.ToLower(host))
	if err != nil {
		return "", false, "not a valid hostname: " + strings.TrimPrefix(err.Error(), "idna: ")
	}
	for _, c := range a {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_') {
			return "", false, fmt.Sprintf("not a valid hostname: character %q", c)
		}
	}
	if !strings.Contains(a, ".") {
		return "", false, "a hostname needs a dot: a single label would match ordinary words"
	}
	labels := strings.Split(a, ".")
	for _, l := range labels {
		if l == "" {
			return "", false, "not a valid hostname: empty label"
		}
	}
	if tld := labels[len(labels)-1]; strings.Trim(tld, "0123456789") == "" {
		return "", false, "not a valid IP address or hostname"
	}
	return a, unicode, ""
}

func (r *Resource) hostPort() string {
	h := r.Host
	if r.Addr.Is6() {
		h = "[" + h + "]"
	}
	if r.Port != "" {
		return h + ":" + r.Port
	}
	return h
}
