// Package inventory lists every third party that a codebase references: the external URLs,
// hostnames and IP addresses in script and link tags, imports, network calls, CSP headers and
// meta tags, Page Shield policies (Terraform cloudflare_page_shield_policy values, YAML) and
// server configs, grouped by registrable domain, with every location. It compares the list with
// what Page Shield observed (Against) and with a baseline file (NewSince).
//
// What is left out, and why:
//   - XML namespaces and schemas (w3.org, schema.org, json-schema.org…): no page loads them.
//   - Addresses that are not external: loopback, private, link-local, multicast, unspecified.
//   - Names reserved for documentation (example.com, example.net, example.org and anything under
//     .example, .test, .invalid or .localhost) when they appear in docs (Markdown, text) or
//     comments: there they illustrate. In code and configuration they are kept, since fixtures
//     and staging setups use them for real hosts.
//
// Hostnames without a scheme follow rules.Extract's conservative rules.
package inventory

import (
	"bytes"
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner"
	"github.com/shieldscan/shieldscan/scanner/analyze"
)

// Options tune an inventory.
type Options struct {
	// SiteHosts are the site's own hosts (--site-host): they and their subdomains are first party.
	SiteHosts []string
	// MaxFileSize skips larger blobs (0 means scanner.DefaultMaxFileSize).
	MaxFileSize int64
	// Workers is the number of goroutines that read and search blobs (0 means GOMAXPROCS).
	Workers int
	// Exclude are slash paths left out (the input files: a Page Shield export, the baseline),
	// compared with Prefix+path.
	Exclude []string
	// Prefix is put before every working-tree path: the scanned directory's path from the
	// repository's top, so that reports name files as the repository does.
	Prefix string
}

// Result is a codebase's inventory.
type Result struct {
	// Mode is the source's: tree, or change (--since: only what the change adds).
	Mode report.Mode `json:"mode"`
	// ThirdParty and FirstParty group the hosts by registrable domain, sorted.
	ThirdParty []Domain      `json:"thirdParty"`
	FirstParty []Domain      `json:"firstParty"`
	Files      int           `json:"files"`
	Skipped    []report.Skip `json:"skipped"`
}

// Domain is one registrable domain (eTLD+1, or the address of an IP) and its hosts.
type Domain struct {
	Domain string `json:"domain"`
	Hosts  []Host `json:"hosts"`
}

// Host is one host, wildcard or IP that the code references.
type Host struct {
	// Host is the canonical hostname, "*.domain" for a wildcard, or the address.
	Host   string     `json:"host"`
	Kind   rules.Kind `json:"kind"`
	Domain string     `json:"domain"`
	// URLs are the distinct URLs on the host that the code names (redacted), sorted.
	URLs []string `json:"urls"`
	// Contexts are the distinct contexts of its locations, sorted.
	Contexts  []rules.Context `json:"contexts"`
	Locations []Location      `json:"locations"`
	// Resource is the host as a resource (for reports).
	Resource *rules.Resource `json:"-"`
}

// Location is one place that names a host; reports carry it as it is (its strings are made
// safe when it is found).
type Location = report.Location

// Hosts returns every host of the result, third party first, each group sorted.
func (r *Result) Hosts(firstParty bool) []*Host {
	var out []*Host
	groups := r.ThirdParty
	if firstParty {
		groups = r.FirstParty
	}
	for i := range groups {
		for j := range groups[i].Hosts {
			out = append(out, &groups[i].Hosts[j])
		}
	}
	return out
}

// found is one mention in one blob, before grouping.
type found struct {
	res  *rules.Resource
	host string
	loc  Location
}

type blobResult struct {
	blob  scanner.Blob
	found []found
	skip  scanner.SkipReason
	why   string
}

// Inventory reads every blob of src once, on opts.Workers goroutines, and lists the hosts they
// reference. When src is a scanner.Attributor in change mode (history.Open with Since), only the
// lines that the change adds count (scanner.Place.Added), at the paths and commits that added them.
func Inventory(ctx context.Context, src scanner.Source, opts Options) (*Result, error) {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = scanner.DefaultMaxFileSize
	}
	res := &Result{Mode: report.ModeTree, ThirdParty: []Domain{}, FirstParty: []Domain{}, Skipped: []report.Skip{}}
	var matched []blobResult
	keep := func(b scanner.Blob) bool { return !slices.Contains(opts.Exclude, opts.Prefix+b.Path) }
	work := func(b scanner.Blob, buf *[]byte) blobResult { return readBlob(b, opts, buf) }
	err := scanner.Fanout(ctx, src, opts.Workers, keep, work, func(r blobResult) {
		if r.skip != "" {
			res.Skipped = append(res.Skipped, report.Skip{Path: opts.Prefix + r.blob.Path, ID: r.blob.ID, Reason: r.skip, Detail: r.why})
			return
		}
		res.Files++
		if len(r.found) > 0 {
			matched = append(matched, r)
		}
	})
	if err != nil {
		return nil, err
	}
	all, err := attribute(ctx, src, matched, res)
	if err != nil {
		return nil, err
	}
	group(res, all, opts.SiteHosts)
	slices.SortFunc(res.Skipped, func(a, b report.Skip) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), strings.Compare(a.ID, b.ID), strings.Compare(string(a.Reason), string(b.Reason)))
	})
	return res, nil
}

// attribute places history blobs: in change mode, only mentions on added lines, at each path
// and commit that added them. Working-tree blobs stay where they are.
func attribute(ctx context.Context, src scanner.Source, matched []blobResult, res *Result) ([]found, error) {
	att, ok := src.(scanner.Attributor)
	var ids []string
	for _, m := range matched {
		if m.blob.ID != "" {
			ids = append(ids, m.blob.ID)
		}
	}
	if !ok || len(ids) == 0 {
		var out []found
		for _, m := range matched {
			out = append(out, m.found...)
		}
		return out, nil
	}
	res.Mode = report.ModeChange
	places, err := att.Attribute(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []found
	for _, m := range matched {
		for _, p := range places[m.blob.ID] {
			for _, f := range m.found {
				if p.Added != nil && !slices.Contains(p.Added, f.loc.Line) {
					continue
				}
				f.loc.Path, f.loc.Commit = p.Path, p.Commit
				out = append(out, f)
			}
		}
	}
	return out, nil
}

// readBlob loads one blob, into *buf when its source reads into a buffer, and extracts its
// mentions (which hold copies of what they show, never the content).
func readBlob(b scanner.Blob, opts Options, buf *[]byte) blobResult {
	res := blobResult{blob: b}
	data, skip, why := scanner.Read(b, opts.MaxFileSize, buf)
	if skip != "" {
		res.skip, res.why = skip, why
		return res
	}
	res.found = mentions(opts.Prefix+b.Path, data)
	return res
}

// mentions returns the external hosts that data, the file at slash path p, references.
func mentions(p string, data []byte) []found {
	var out []found
	var lines *scanner.Lines
	for _, m := range withConfigHosts(p, data, rules.Extract(data)) {
		r := m.Resource
		if rules.Namespace(r) || r.Addr.IsValid() && !external(r) {
			continue
		}
		if lines == nil {
			lines = scanner.NewLines(data)
		}
		line, col := lines.Position(m.Start)
		_, endCol := lines.Position(m.End)
		text := lines.Line(line)
		start := m.Start - lineStart(data, m.Start)
		ctx := scanner.ContextOf(p, text, start)
		if (ctx == rules.CtxDocs || ctx == rules.CtxComment) && documentation(r.Host) {
			continue
		}
		host := r.Host
		if r.Kind == rules.Wildcard {
			host = "*." + host
		}
		out = append(out, found{res: r, host: host, loc: Location{
			Path: p, Line: line, Column: col, EndCol: max(endCol, col+1), Context: ctx,
			Match: report.Safe(string(data[m.Start:m.End])), Snippet: report.Safe(scanner.Snippet(text, start, start+m.End-m.Start)),
		}})
	}
	return out
}

func lineStart(data []byte, off int) int { return bytes.LastIndexByte(data[:off], '\n') + 1 }

// external reports whether an address is outside the machine and its network.
func external(r *rules.Resource) bool {
	return r.Addr.IsGlobalUnicast() && !r.Addr.IsPrivate()
}

// documentation reports whether host is a name reserved for documentation (RFC 2606, 6761).
func documentation(host string) bool {
	switch host {
	case "example.com", "example.net", "example.org", "localhost":
		return true
	}
	for _, s := range []string{".example.com", ".example.net", ".example.org", ".example", ".test", ".invalid", ".localhost"} {
		if strings.HasSuffix(host, s) {
			return true
		}
	}
	return false
}

// snippet is the line around col, cut to 200 bytes, trimmed.
// group sorts the mentions into hosts and domains, first party apart.
func group(res *Result, all []found, siteHosts []string) {
	byHost := map[string]*Host{}
	for _, f := range all {
		h, ok := byHost[f.host]
		if !ok {
			r := f.res
			hr, err := rules.Parse(f.host, rules.Origin{})
			if err == nil {
				r = hr
			}
			kind := rules.Host
			switch {
			case r.Addr.IsValid():
				kind = rules.IP
			case r.Kind == rules.Wildcard:
				kind = rules.Wildcard
			}
			h = &Host{Host: f.host, Kind: kind, Domain: analyze.Registrable(r), Resource: r}
			byHost[f.host] = h
		}
		if f.res.Kind == rules.URL {
			if u := rules.Redact(f.res.Canonical); !slices.Contains(h.URLs, u) {
				h.URLs = append(h.URLs, u)
			}
		}
		if !slices.Contains(h.Contexts, f.loc.Context) {
			h.Contexts = append(h.Contexts, f.loc.Context)
		}
		h.Locations = append(h.Locations, f.loc)
	}
	third, first := map[string]*Domain{}, map[string]*Domain{}
	for _, h := range byHost {
		slices.Sort(h.URLs)
		slices.Sort(h.Contexts)
		if h.URLs == nil {
			h.URLs = []string{}
		}
		slices.SortFunc(h.Locations, func(a, b Location) int {
			return cmp.Or(strings.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column), strings.Compare(a.Commit, b.Commit))
		})
		h.Locations = slices.CompactFunc(h.Locations, func(a, b Location) bool {
			return a.Path == b.Path && a.Line == b.Line && a.Column == b.Column && a.Commit == b.Commit
		})
		groups := third
		if firstParty(h.Resource.Host, siteHosts) {
			groups = first
		}
		d, ok := groups[h.Domain]
		if !ok {
			d = &Domain{Domain: h.Domain}
			groups[h.Domain] = d
		}
		d.Hosts = append(d.Hosts, *h)
	}
	res.ThirdParty, res.FirstParty = sorted(third), sorted(first)
}

func sorted(m map[string]*Domain) []Domain {
	out := make([]Domain, 0, len(m))
	for _, d := range m {
		slices.SortFunc(d.Hosts, func(a, b Host) int { return strings.Compare(a.Host, b.Host) })
		out = append(out, *d)
	}
	slices.SortFunc(out, func(a, b Domain) int { return strings.Compare(a.Domain, b.Domain) })
	return out
}

// firstParty reports whether host is one of the site's hosts or a subdomain of one.
func firstParty(host string, siteHosts []string) bool {
	for _, s := range siteHosts {
		s = strings.ToLower(strings.TrimSuffix(s, "."))
		if host == s || strings.HasSuffix(host, "."+s) {
			return true
		}
	}
	return false
}

// covers reports whether entry (a host, wildcard or IP resource) covers host: the same name, a
// subdomain of a host or wildcard entry, or the same address.
func covers(entry *rules.Resource, host string) bool {
	if entry.Addr.IsValid() {
		return entry.Host == host
	}
	h := strings.TrimPrefix(host, "*.")
	if entry.Kind == rules.Wildcard {
		return strings.HasSuffix(h, "."+entry.Host) || host == "*."+entry.Host
	}
	return h == entry.Host || strings.HasSuffix(h, "."+entry.Host)
}
