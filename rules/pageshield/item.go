package pageshield

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/shieldscan/shieldscan/rules"
)

// The observation kinds.
const (
	// KindScript is a script that pages of the zone loaded.
	KindScript = "script"
	// KindConnection is a connection that scripts on pages of the zone opened.
	KindConnection = "connection"
)

// maliciousIntegrity is the js_integrity_score below which a script is malicious (1 = surely
// malicious, 99 = surely benign).
const maliciousIntegrity = 10

// scriptOnly are the fields that only scripts carry: an item with one of them is a script.
var scriptOnly = []string{
	"hash", "fetched_at", "js_integrity_score", "magecart_score", "malware_score",
	"cryptomining_score", "obfuscation_score", "dataflow_score", "versions",
}

// scoreFields maps the API's score fields to the keys of Observation.Scores.
var scoreFields = []struct{ field, key string }{
	{"js_integrity_score", "js_integrity"},
	{"magecart_score", "magecart"},
	{"malware_score", "malware"},
	{"cryptomining_score", "cryptomining"},
}

// item is one script or connection, whichever format it came from.
type item struct {
	kind      string
	url       string
	line      int // of url
	id        string
	host      string // the zone host, not the item's
	firstPage string
	pageURLs  []string
	firstSeen string
	lastSeen  string
	status    string
	cdnCGI    bool
	domainMal bool
	urlMal    bool
	domainCat []string
	urlCat    []string
	scores    map[string]float64 // by Observation.Scores key; absent when null
}

// resource turns the item into a resource; the error wraps rules.ErrInvalid.
func (it *item) resource(name string) (*rules.Resource, error) {
	r, err := rules.Parse(it.url, rules.Origin{File: name, Line: it.line})
	if err != nil {
		return nil, err
	}
	o := &rules.Observation{
		Kind:      it.kind,
		ID:        it.id,
		SiteHost:  siteHost(it.host, it.firstPage, it.pageURLs),
		FirstSeen: it.firstSeen,
		LastSeen:  it.lastSeen,
		Status:    it.status,
	}
	for _, p := range append([]string{it.firstPage}, it.pageURLs...) {
		if p != "" && !slices.Contains(o.PageURLs, p) {
			o.PageURLs = append(o.PageURLs, p)
		}
	}
	for _, c := range append(slices.Clone(it.domainCat), it.urlCat...) {
		if c != "" && !slices.Contains(o.Categories, c) {
			o.Categories = append(o.Categories, c)
		}
	}
	for _, sf := range scoreFields {
		v, ok := it.scores[sf.key]
		if !ok {
			continue
		}
		if o.Scores == nil {
			o.Scores = map[string]int{}
		}
		o.Scores[sf.key] = int(v)
	}
	if v, ok := it.scores["js_integrity"]; ok && v < maliciousIntegrity {
		o.Reasons = append(o.Reasons, fmt.Sprintf("js_integrity_score %s < %d", strconv.FormatFloat(v, 'f', -1, 64), maliciousIntegrity))
	}
	if it.urlMal {
		o.Reasons = append(o.Reasons, "url_reported_malicious")
	}
	if it.domainMal {
		o.Reasons = append(o.Reasons, "domain_reported_malicious")
	}
	if len(it.urlCat) > 0 {
		o.Reasons = append(o.Reasons, "malicious_url_categories: "+strings.Join(it.urlCat, ", "))
	}
	if len(it.domainCat) > 0 {
		o.Reasons = append(o.Reasons, "malicious_domain_categories: "+strings.Join(it.domainCat, ", "))
	}
	o.Malicious = len(o.Reasons) > 0
	r.PageShield = o
	return r, nil
}

// siteHost is the zone host in canonical form: the item's host field, or else the host of the
// page it was first seen on (first_page_url may lack a scheme: "shop.example.com/").
func siteHost(host, firstPage string, pages []string) string {
	if host != "" {
		return canonicalSite(host)
	}
	for _, p := range append([]string{firstPage}, pages...) {
		if p == "" {
			continue
		}
		if r, err := rules.Parse(p, rules.Origin{}); err == nil && r.Kind != rules.Wildcard {
			return r.Host
		}
	}
	return ""
}

// canonicalSite canonicalises a site host given as a hostname, host:port or URL.
func canonicalSite(s string) string {
	s = strings.TrimSpace(s)
	if r, err := rules.Parse(s, rules.Origin{}); err == nil && r.Kind != rules.Wildcard {
		return r.Host
	}
	return strings.ToLower(s)
}

// FirstParty reports whether r is a first-party script: a URL served from the site's own host,
// which is the zone host Page Shield saw it on or one of siteHosts (hostnames, host:port or
// URLs, as --site-host takes them). Connections are never first-party scripts.
func FirstParty(r *rules.Resource, siteHosts []string) bool {
	if r == nil || r.Kind != rules.URL {
		return false
	}
	if o := r.PageShield; o != nil {
		if o.Kind == KindConnection {
			return false
		}
		if o.SiteHost != "" && canonicalSite(o.SiteHost) == r.Host {
			return true
		}
	}
	for _, h := range siteHosts {
		if h != "" && canonicalSite(h) == r.Host {
			return true
		}
	}
	return false
}
