package inventory

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/rules/pageshield"
)

// Comparison is an inventory set against what Page Shield observed.
type Comparison struct {
	// Undeclared are the resources Page Shield observed on hosts that the code never names.
	Undeclared []*rules.Resource `json:"undeclared"`
	// Stale are the third-party hosts the code names and Page Shield did not observe.
	Stale []*Host `json:"stale"`
	// Observed is how many resources Page Shield reported (first-party ones aside).
	Observed int `json:"observed"`
}

// Against compares inv with Page Shield's scripts and connections. An observed resource is
// declared when its host is one the code names (or lies under a wildcard the code names);
// first-party resources (Page Shield's own zone or the inventory's first-party hosts) and
// Cloudflare's /cdn-cgi/ scripts are left aside. A third-party host of the code is stale when no
// observed resource lies on it or under it.
func Against(inv *Result, in *pageshield.Input, siteHosts []string) *Comparison {
	c := &Comparison{Undeclared: []*rules.Resource{}, Stale: []*Host{}}
	all := append(inv.Hosts(false), inv.Hosts(true)...)
	named := func(host string) bool {
		return slices.ContainsFunc(all, func(h *Host) bool { return covers(h.Resource, host) })
	}
	var observed []string
	for _, r := range in.Resources {
		if pageshield.FirstParty(r, siteHosts) || firstParty(r.Host, siteHosts) {
			continue
		}
		c.Observed++
		observed = append(observed, r.Host)
		if !named(r.Host) {
			c.Undeclared = append(c.Undeclared, r)
		}
	}
	for _, h := range inv.Hosts(false) {
		seen := slices.ContainsFunc(observed, func(o string) bool { return covers(h.Resource, o) })
		if !seen {
			c.Stale = append(c.Stale, h)
		}
	}
	slices.SortFunc(c.Undeclared, func(a, b *rules.Resource) int { return strings.Compare(a.Canonical, b.Canonical) })
	return c
}

// Baseline is the list of third-party hosts a codebase is known to reference.
type Baseline struct {
	entries []*rules.Resource
}

// ReadBaseline reads a baseline file: one host, wildcard, registrable domain or IP per line,
// '#' comments. An entry covers its subdomains too. name is used in errors ("base.txt:3: …").
func ReadBaseline(r io.Reader, name string) (*Baseline, error) {
	list, err := rules.ReadList(r, name)
	if err != nil {
		return nil, err
	}
	for _, e := range list {
		if e.Kind == rules.URL {
			return nil, fmt.Errorf("%s: %w %q: a baseline lists hosts, not URLs", e.Origin, rules.ErrInvalid, e.Raw)
		}
	}
	return &Baseline{entries: list}, nil
}

// Covers reports whether the baseline lists host, or a domain or wildcard above it.
func (b *Baseline) Covers(host string) bool {
	return slices.ContainsFunc(b.entries, func(e *rules.Resource) bool { return covers(e, host) })
}

// WriteBaseline writes the third-party hosts of inv, sorted, one per line, after a header.
func WriteBaseline(w io.Writer, inv *Result) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "# shieldscan inventory baseline: the third-party hosts this code references, one per line.")
	fmt.Fprintln(bw, "# A host covers its subdomains; a registrable domain (stripe.com) covers all of them.")
	fmt.Fprintln(bw, "# Written by 'shieldscan inventory --write-baseline'; checked by 'inventory --baseline FILE --since REF'.")
	var hosts []string
	for _, h := range inv.Hosts(false) {
		hosts = append(hosts, h.Host)
	}
	slices.Sort(hosts)
	for _, h := range slices.Compact(hosts) {
		fmt.Fprintln(bw, h)
	}
	return bw.Flush()
}

// NewSince returns the third-party hosts of inv that base does not cover: in change mode, the
// hosts a change introduces.
func NewSince(inv *Result, base *Baseline) []*Host {
	out := []*Host{}
	for _, h := range inv.Hosts(false) {
		if !base.Covers(h.Host) {
			out = append(out, h)
		}
	}
	return out
}
