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

// scoreFields maps the API's score fields to the keys of Observation.Scores. obfuscation_score
// and dataflow_score are deprecated but still served: they stay in the evidence.
var scoreFields = []struct{ field, key string }{
	{"js_integrity_score", "js_integrity"},
	{"magecart_score", "magecart"},
	{"malware_score", "malware"},
	{"cryptomining_score", "cryptomining"},
	{"obfuscation_score", "obfuscation"},
	{"dataflow_score", "dataflow"},
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
	cat       []string           // categories without a side (the dashboard's "Category")
	scores    map[string]float64 // by Observation.Scores key; absent when null
	hash      string             // of the current version (an AST identifier, not a content hash)
	fetchedAt string
	versions  []version // a get response's last versions, newest first as served
}

// version is one version of a script, as a get response lists it.
type version struct {
	hash      string
	fetchedAt string
	scores    map[string]float64
}

// integrityReason is the integrity verdict on a set of scores: its reason, or "" when clean or
// not scored.
func integrityReason(scores map[string]float64) string {
	if v, ok := scores["js_integrity"]; ok && v < maliciousIntegrity {
		return fmt.Sprintf("js_integrity_score %s < %d", strconv.FormatFloat(v, 'f', -1, 64), maliciousIntegrity)
	}
	return ""
}

// scoreText lists scores in scoreFields order: "magecart 3, malware 8".
func scoreText(scores map[string]float64, skip string) string {
	var parts []string
	for _, sf := range scoreFields {
		if v, ok := scores[sf.key]; ok && sf.key != skip {
			parts = append(parts, sf.key+" "+strconv.FormatFloat(v, 'f', -1, 64))
		}
	}
	return strings.Join(parts, ", ")
}

// earlierMalicious are the reasons for the versions other than the current one whose scores
// were malicious: when each was fetched, its hash and its scores.
func (it *item) earlierMalicious() []string {
	var out []string
	for i, v := range it.versions {
		current := v.hash != "" && v.hash == it.hash || it.hash == "" && i == 0
		why := integrityReason(v.scores)
		if current || why == "" {
			continue
		}
		s := "earlier version"
		if v.hash != "" {
			s += " " + v.hash
		}
		if v.fetchedAt != "" {
			s += " fetched " + v.fetchedAt
		}
		s += " was malicious: " + why
		if rest := scoreText(v.scores, "js_integrity"); rest != "" {
			s += " (" + rest + ")"
		}
		if integrityReason(it.scores) == "" {
			s += "; the current version"
			if it.hash != "" {
				s += " " + it.hash
			}
			s += " is not"
		}
		out = append(out, s)
	}
	return out
}

// notScored is the reason of a script without a js_integrity_score.
const notScored = "js_integrity_score not scored: no verdict on the script's code"

// addEarlier adds to o, a script's observation read from a list, the earlier malicious versions
// that its get response shows: each is a reason, and makes the script malicious.
func addEarlier(o *rules.Observation, get *item) {
	earlier := get.earlierMalicious()
	if len(earlier) == 0 {
		return
	}
	for _, e := range earlier {
		if slices.Contains(o.Reasons, e) {
			continue
		}
		// Verdict reasons come before what the data could not say.
		i := slices.Index(o.Reasons, notScored)
		if i < 0 {
			i = len(o.Reasons)
		}
		o.Reasons = slices.Insert(o.Reasons, i, e)
		o.Malicious = true
	}
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
	for _, c := range slices.Concat(it.domainCat, it.urlCat, it.cat) {
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
	if why := integrityReason(it.scores); why != "" {
		o.Reasons = append(o.Reasons, why)
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
	if len(it.cat) > 0 {
		o.Reasons = append(o.Reasons, "malicious categories: "+strings.Join(it.cat, ", "))
	}
	o.Reasons = append(o.Reasons, it.earlierMalicious()...)
	o.Malicious = len(o.Reasons) > 0
	if _, scored := it.scores["js_integrity"]; it.kind == KindScript && !scored {
		// A script too large to score, or a plan without scores: no verdict on its code at all.
		o.Reasons = append(o.Reasons, notScored)
	}
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
