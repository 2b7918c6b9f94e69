package pageshield

import (
	"strings"
	"time"

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
		for _, m := range rules.Extract([]byte(t.str)) {
			res := m.Resource
			if seen[res.Canonical] || siteResource(res, sites) {
				continue
			}
			res.Origin = rules.Origin{File: r.name, Line: lineAt(r.data, t.off)}
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
