package analyze

import "github.com/shieldscan/shieldscan/rules"

// Expand returns the hosts and IP addresses that the alerted script parent contains (src is its
// source), plain or hidden, as resources of their own: each once, with Parent set to parent's
// canonical form and parent's Origin, in sorted order. The parent's own host, namespace hosts
// and addresses that are not external (loopback, private) are left out.
func Expand(parent *rules.Resource, src []byte) []*rules.Resource {
	return ExpandResult(parent, Analyze(parent.Canonical, src, Options{}))
}

// ExpandResult is Expand on the analysis res of parent's source, for a caller that keeps the
// analysis (where and how each host is written).
func ExpandResult(parent *rules.Resource, res *Result) []*rules.Resource {
	set := rules.NewSet()
	for _, m := range res.Mentions {
		if !m.External() || m.Resource.Host == parent.Host {
			continue
		}
		r, err := rules.Parse(m.Host, parent.Origin)
		if err != nil || r.Canonical == parent.Canonical {
			continue
		}
		r.Parent = parent.Canonical
		set.Add(r)
	}
	return set.All()
}
