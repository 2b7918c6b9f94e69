package intel

import (
	"context"
	"errors"
	"net/netip"
	"strings"

	"github.com/shieldscan/shieldscan/rules"
)

// Investigator looks hosts up the way a responder does in Security Center Investigate: first
// in the team's own intel file, then in the cache of earlier answers, then in Cloudflare's
// Intel API.
type Investigator struct {
	// List is the intel file; nil when there is none.
	List *List
	// Cache keeps the API's answers; nil caches nothing (--no-cache).
	Cache *Cache
	// Client asks Cloudflare; nil, or Offline, never asks (--offline, or no account).
	Client *Client
	// Offline never calls the API, even with a Client: only the list and the cache answer.
	Offline bool
	// RiskThreshold is the risk score that makes a domain malicious; DefaultRiskThreshold when 0.
	RiskThreshold float64
	// CacheFailed, when set, is told of each answer the cache could not store, and the lookup
	// goes on: an unwritable cache only costs a repeated request next time. When nil, the
	// first such error is Lookup's error (unless the API gave one first).
	CacheFailed func(err error)
}

// Lookup returns a verdict for each host (hostnames or IP addresses, as written: the map is keyed
// by the strings given). A host that no source knows is Known: false, with a reason saying which
// sources were asked. The error is the first one the API or the cache gave; the verdicts of the
// hosts that could not be looked up then say so, and the others are still filled in.
func (in *Investigator) Lookup(ctx context.Context, hosts []string) (map[string]Verdict, error) {
	out := make(map[string]Verdict, len(hosts))
	type pending struct {
		keys []string // the strings given
		addr netip.Addr
	}
	todo := map[string]*pending{} // by canonical host
	var order []string
	for _, h := range hosts {
		if _, done := out[h]; done {
			continue
		}
		canon, addr, reason := canonical(h)
		if reason != "" {
			out[h] = Verdict{Host: h, Reasons: []string{"no data: " + reason}}
			continue
		}
		if in.List != nil {
			if v := in.List.Verdict(canon); v.Malicious {
				out[h] = v
				continue
			}
		}
		if e, ok := in.Cache.get(canon); ok {
			v := e.verdict(in.RiskThreshold)
			v.Host, v.Cached = canon, true
			out[h] = in.withList(v)
			continue
		}
		p := todo[canon]
		if p == nil {
			p = &pending{addr: addr}
			todo[canon] = p
			order = append(order, canon)
		}
		p.keys = append(p.keys, h)
	}
	set := func(canon string, v Verdict) {
		v.Host = canon
		v = in.withList(v)
		for _, k := range todo[canon].keys {
			out[k] = v
		}
	}
	if in.Client == nil || in.Offline {
		var asked []string
		if in.List != nil {
			asked = append(asked, "the intel file")
		}
		if in.Cache != nil {
			asked = append(asked, "the cache")
		}
		why := "no data: Cloudflare Intel was not asked (offline)"
		if len(asked) > 0 {
			why = "no data: not in " + strings.Join(asked, " or ") + ", and Cloudflare Intel was not asked (offline)"
		}
		for _, canon := range order {
			set(canon, Verdict{Reasons: []string{why}})
		}
		return out, nil
	}
	var firstErr error
	fail := func(canon string, err error) {
		if firstErr == nil {
			firstErr = err
		}
		set(canon, Verdict{Reasons: []string{"no data: the lookup failed"}})
	}
	var domains []string
	for _, canon := range order {
		if addr := todo[canon].addr; addr.IsValid() {
			if firstErr != nil && stops(firstErr) {
				fail(canon, firstErr)
				continue
			}
			info, err := in.Client.IP(ctx, addr)
			if err != nil {
				fail(canon, err)
				continue
			}
			set(canon, info.Verdict())
			in.store(&cached{Host: canon, IP: info}, &firstErr)
			continue
		}
		domains = append(domains, canon)
	}
	if len(domains) > 0 && (firstErr == nil || !stops(firstErr)) {
		var infos map[string]*DomainInfo
		var err error
		if len(domains) == 1 {
			var d *DomainInfo
			d, err = in.Client.Domain(ctx, domains[0])
			if err == nil {
				infos = map[string]*DomainInfo{domains[0]: d}
			}
		} else {
			infos, err = in.Client.Domains(ctx, domains)
		}
		if err != nil && firstErr == nil {
			firstErr = err
		}
		for _, canon := range domains {
			d := infos[canon]
			if d == nil {
				fail(canon, err)
				continue
			}
			d.Domain = canon
			set(canon, d.Verdict(in.RiskThreshold))
			in.store(&cached{Host: canon, Domain: d}, &firstErr)
		}
	} else {
		for _, canon := range domains {
			fail(canon, firstErr)
		}
	}
	return out, firstErr
}

// store caches e; a failure goes to CacheFailed, or else becomes *firstErr when that is nil.
func (in *Investigator) store(e *cached, firstErr *error) {
	err := in.Cache.put(e)
	switch {
	case err == nil:
	case in.CacheFailed != nil:
		in.CacheFailed(err)
	case *firstErr == nil:
		*firstErr = err
	}
}

// stops reports an error after which no further request can succeed: a bad setting, a refused
// token, a cancelled context.
func stops(err error) bool {
	var ae *APIError
	if errors.As(err, &ae) && (ae.Status == 401 || ae.Status == 403) {
		return true
	}
	return errors.Is(err, rules.ErrInvalid) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// withList adds what the list says of a host it does not call malicious (URLs on it).
func (in *Investigator) withList(v Verdict) Verdict {
	if in.List == nil {
		return v
	}
	lv := in.List.Verdict(v.Host)
	if !lv.Known {
		return v
	}
	if !v.Known {
		lv.Host = v.Host
		return lv
	}
	v.Reasons = append(v.Reasons, lv.Reasons...)
	for _, c := range lv.Categories {
		if !contains(v.Categories, c) {
			v.Categories = append(v.Categories, c)
		}
	}
	return v
}

func (e *cached) verdict(threshold float64) Verdict {
	if e.IP != nil {
		return e.IP.Verdict()
	}
	return e.Domain.Verdict(threshold)
}

// canonical is host's canonical form: a lowercase punycode hostname, or an IP address
// (brackets, zones and IPv4-mapping removed). reason says why host is neither.
func canonical(host string) (canon string, addr netip.Addr, reason string) {
	h := strings.TrimSpace(host)
	if a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")); err == nil {
		a = a.Unmap().WithZone("")
		return a.String(), a, ""
	}
	c, _, why := rules.CanonicalHost(h)
	if why != "" {
		return "", netip.Addr{}, why
	}
	return c, netip.Addr{}, ""
}
