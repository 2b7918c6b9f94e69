package emulate

import (
	"net/url"
	"regexp"
	"sort"
	"strings"
)

// Candidate is a URL or host an event carries.
type Candidate struct {
	URL  string // as found, absolute or protocol-relative
	Host string // lowercase, without port
	Sink string
}

// urlInText finds absolute and protocol-relative URLs in code and command
// lines.
var urlInText = regexp.MustCompile(`(?i)(?:\b(?:https?|wss?|ftp):)?//[a-z0-9.\-\[\]:]+[^\s"'<>()\\]*`)

// Candidates extracts the URLs and hosts that events carry: each URL-valued
// event whose value is an absolute or protocol-relative URL, and the URLs
// inside code and command lines. Relative URLs (the page's own host) are
// left out. The result is sorted and has no duplicates.
func Candidates(events []Event) []Candidate {
	seen := map[Candidate]bool{}
	var out []Candidate
	add := func(raw, sink string) {
		raw = strings.TrimSpace(raw)
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" {
			return
		}
		h := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
		if h == "" || h == "shop.example.com" {
			return // the fake page's own host
		}
		c := Candidate{URL: raw, Host: h, Sink: sink}
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	for _, e := range events {
		if !e.Code && (strings.HasPrefix(e.Value, "//") || strings.Contains(e.Value, "://")) && !strings.ContainsAny(strings.TrimSpace(e.Value), " \t\n") {
			add(e.Value, e.Sink)
			continue
		}
		for _, m := range urlInText.FindAllString(e.Value, 64) {
			add(m, e.Sink)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Host != b.Host {
			return a.Host < b.Host
		}
		if a.URL != b.URL {
			return a.URL < b.URL
		}
		return a.Sink < b.Sink
	})
	return out
}
