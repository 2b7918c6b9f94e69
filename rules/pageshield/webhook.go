package pageshield

import (
	"slices"
	"strconv"
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

// alertTypes are the Page Shield alert types (Cloudflare's "Alert types" page), without their
// "scriptmonitor_" prefix: the malicious ones carry Cloudflare's verdict, the others none. kind
// is what every URL of such an alert is; "" when the alert names scripts and connections alike
// ("new resources" covers both) or hosts.
var alertTypes = map[string]struct {
	malicious bool
	kind      string
}{
	"alert_new_malicious_scripts":       {true, KindScript},
	"alert_new_malicious_url":           {true, ""},
	"alert_new_malicious_hosts":         {true, ""},
	"alert_new_resources":               {false, ""},
	"alert_new_hosts":                   {false, ""},
	"alert_new_max_length_resource_url": {false, ""},
	"alert_new_code_change_detections":  {false, KindScript},
}

// cloudflareHosts are Cloudflare's own sites that alerts link to (the dashboard, the docs): never
// resources. Hosts that serve scripts to sites (cdnjs, challenges, static.cloudflareinsights.com)
// are not among them.
var cloudflareHosts = map[string]bool{
	"cloudflare.com": true, "www.cloudflare.com": true, "dash.cloudflare.com": true,
	"one.dash.cloudflare.com": true, "developers.cloudflare.com": true, "support.cloudflare.com": true,
	"community.cloudflare.com": true, "blog.cloudflare.com": true, "api.cloudflare.com": true,
	"cloudflarestatus.com": true, "www.cloudflarestatus.com": true,
}

// dataKind is the kind that a key of an alert's data gives its values: "scripts" hold scripts.
func dataKind(key string) string {
	switch {
	case strings.Contains(key, "script"):
		return KindScript
	case strings.Contains(key, "connection"):
		return KindConnection
	}
	return ""
}

// webhook reads an alert notification: URLs, hostnames and IPs in its text and in every string of
// its data. The zone's own host and pages are left out, except for first-party scripts, and so
// are links to Cloudflare's own sites. The verdict comes from the alert type only, never from
// name, which is the user's own policy name: an alert whose type is missing or unknown is an
// alert without a verdict, whose resources are flagged unverified.
func (r *jsonReader) webhook(n *node) error {
	r.formats[FormatWebhook] = true
	alert := ""
	if t := n.get("alert_type"); t != nil && t.kind == '"' {
		alert = strings.TrimSpace(t.str)
	}
	o := rules.Observation{}
	typ, known := alertTypes[strings.TrimPrefix(strings.ToLower(alert), "scriptmonitor_")]
	switch {
	case known && typ.malicious:
		o.Malicious = true
		o.Reasons = []string{"alert " + alert}
	case known:
		o.Reasons = []string{"alert " + alert + ", which carries no verdict"}
	case alert == "":
		o.Unverified = true
		o.Reasons = []string{"alert without alert_type: no verdict to read; check the alert in the Page Shield dashboard"}
	default:
		o.Unverified = true
		o.Reasons = []string{"alert of unknown type " + strconv.Quote(alert) + ": no verdict to read; check the alert in the Page Shield dashboard"}
	}
	alertKind := typ.kind
	if r.opts.Kind != "" {
		alertKind = r.opts.Kind
	}
	if ts := n.get("ts"); ts != nil && ts.kind == '0' {
		if sec, err := ts.num.Int64(); err == nil && sec > 0 && sec < 1<<40 {
			o.FirstSeen = time.Unix(sec, 0).UTC().Format(time.RFC3339)
		}
	}

	// The strings to read, in file order, with the kind their key gives, and the site hosts
	// named in data.
	type text struct {
		n    *node
		kind string
	}
	var texts []text
	var sites []string
	var walk func(key, kind string, v *node)
	walk = func(key, kind string, v *node) {
		if k := dataKind(key); k != "" {
			kind = k
		}
		switch v.kind {
		case '"':
			switch {
			case siteKeys[key] || pageKeys[key]:
				if h := canonicalSite(v.str); h != "" {
					sites = append(sites, h)
				}
			case strings.Contains(key, "dashboard"):
				// a link into Cloudflare's dashboard, whatever its host
			default:
				texts = append(texts, text{v, kind})
			}
		case '[':
			for _, e := range v.elems {
				walk(key, kind, e)
			}
		case '{':
			for i, k := range v.keys {
				walk(strings.ToLower(k), kind, v.vals[i])
			}
		}
	}
	for i, k := range n.keys {
		switch k {
		case "text":
			if v := n.vals[i]; v.kind == '"' {
				texts = append(texts, text{v, ""})
			}
		case "data":
			walk("", "", n.vals[i])
		}
	}
	if len(sites) > 0 {
		o.SiteHost = sites[0]
	}

	seen := map[string]*rules.Resource{}
	for _, t := range texts {
		for _, m := range rules.Extract([]byte(t.n.str)) {
			res := m.Resource
			if cloudflareHosts[res.Host] || siteResource(res, sites) {
				continue
			}
			kind := alertKind
			if r.opts.Kind == "" && t.kind != "" {
				kind = t.kind
			}
			if res.Kind != rules.URL {
				kind = "" // a host or an IP is neither a script nor a connection
			}
			if prev := seen[res.Canonical]; prev != nil {
				if prev.PageShield.Kind == "" {
					prev.PageShield.Kind = kind
				}
				continue
			}
			res.Origin = rules.Origin{File: r.name, Line: lineAt(r.data, t.n.off)}
			obs := o
			obs.Kind = kind
			obs.Reasons = slices.Clone(o.Reasons)
			res.PageShield = &obs
			seen[res.Canonical] = res
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
