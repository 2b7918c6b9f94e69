package scanner

import (
	"bytes"
	"net/netip"
	"slices"
	"strings"

	"golang.org/x/net/idna"

	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner/decode"
)

// needleKind says how a needle hit is confirmed.
type needleKind uint8

const (
	needleHost needleKind = iota // a hostname: whole-token rule, subdomains allowed
	needleIPv4                   // a dotted quad: whole-token rule, nothing dotted around it
	needleIPv6                   // one spelling of an IPv6 address: the token around it must parse to it
	needlePath                   // a first-party script's root-relative path: src="/js/checkout.js"
	needleSign                   // a mark of self-decoding code (signTexts), counted for the emulation's gate
)

// signTexts are the marks of self-decoding code that the matching pass counts when a scan
// emulates, in the order of Signs' fields: the automaton finds them in the pass it makes
// anyway, where a search of its own would read every script again.
var signTexts = []string{"fromcharcode", "charcodeat", "_0x", "wscript"}

// needle says what a string of the automaton stands for. It is small (12 bytes): a feed of
// 100,000 hosts makes 800,000 of them.
type needle struct {
	len   int32 // of the string
	res   int32 // index into matcher.resources
	kind  needleKind
	shift int8 // for Caesar-shifted host needles, the shift; 0 otherwise
	// unicode is set for a host spelled in Unicode: a neighbouring non-ASCII byte continues it.
	unicode bool
}

// matcher finds every resource of a set in a text in one pass, then confirms each candidate by
// the matching contract: whole hostname tokens, whole dotted quads, any spelling of an IPv6.
type matcher struct {
	resources []*rules.Resource
	needles   []needle
	ac        *automaton
}

// hit is one confirmed reference in a text.
type hit struct {
	res        int
	start, end int // the matched text: the host or address, extended to the URL when it is one
	strength   rules.Strength
	shift      int // a Caesar-shifted needle's shift
}

func newMatcher(resources []*rules.Resource) *matcher { return buildMatcher(resources, true, false) }

// newMatcherFor builds the matcher, with the Caesar-shifted spellings when caesar is set.
func newMatcherFor(resources []*rules.Resource, caesar bool) *matcher {
	return buildMatcher(resources, caesar, false)
}

// buildMatcher builds the matcher; caesar adds the Caesar-shifted spellings of the hosts, which
// only a decoding scan reports. They are 7 needles per host: without them the DFA's table is
// 104 KB instead of 781 KB for the 50 resources of bench/tree.sh, and stays in the cache. signs
// adds signTexts.
func buildMatcher(resources []*rules.Resource, caesar, signs bool) *matcher {
	m := &matcher{resources: resources}
	var texts []string // the automaton's strings, one per needle
	var shifted caesarTexts
	if caesar {
		m.needles = make([]needle, 0, len(resources)*(1+len(caesarShifts)))
		texts = make([]string, 0, cap(m.needles))
		shifted = shiftHosts(resources)
	}
	// A resource's own needles are told apart by text (its IPv6 spellings may repeat).
	var own []string
	add := func(res int, text string, kind needleKind) {
		if slices.Contains(own, text) {
			return
		}
		own = append(own, text)
		m.needles = append(m.needles, needle{len: int32(len(text)), res: int32(res), kind: kind, unicode: !isASCII(text)})
		texts = append(texts, text)
	}
	for i, r := range resources {
		own = own[:0]
		switch {
		case r.Addr.Is4():
			add(i, r.Addr.String(), needleIPv4)
		case r.Addr.Is6():
			for _, s := range ipv6Anchors(r.Addr) {
				add(i, s, needleIPv6)
			}
		default:
			add(i, r.Host, needleHost)
			if r.Unicode {
				// Written in Unicode in the alert, it is plain when the code writes it so too.
				if u, err := idna.ToUnicode(r.Host); err == nil && u != r.Host {
					add(i, strings.ToLower(u), needleHost)
				}
			}
			if caesar {
				for j, k := range caesarShifts {
					if text, ok := shifted.text(i, j); ok {
						m.needles = append(m.needles, needle{len: int32(len(text)), res: int32(i), kind: needleHost, shift: int8(k)})
						texts = append(texts, text)
					}
				}
			}
		}
		if r.FirstParty && r.Kind == rules.URL && len(r.Path) > 1 {
			add(i, r.Path, needlePath)
		}
	}
	if signs {
		for i, t := range signTexts {
			m.needles = append(m.needles, needle{len: int32(len(t)), res: int32(i), kind: needleSign})
			texts = append(texts, t)
		}
	}
	m.ac = newAutomaton(texts)
	return m
}

// caesarTexts holds the Caesar-shifted spellings of a resource list's hosts: each shift of
// caesarShifts is one string, all the shifted hosts end to end, so that a feed of 100,000
// hosts makes 7 strings rather than 700,000.
type caesarTexts struct {
	at      []int32 // per resource, where its host starts in each string, or -1
	hosts   []string
	byShift []string // per shift of caesarShifts
}

// shiftHosts returns the Caesar-shifted spellings of the hosts that have them (caesarHost).
func shiftHosts(resources []*rules.Resource) caesarTexts {
	t := caesarTexts{at: make([]int32, len(resources)), hosts: make([]string, len(resources))}
	var all []byte
	for i, r := range resources {
		t.at[i] = -1
		if !r.Addr.IsValid() && caesarHost(r.Host) {
			t.at[i], t.hosts[i] = int32(len(all)), r.Host
			all = append(all, r.Host...)
		}
	}
	for _, k := range caesarShifts {
		t.byShift = append(t.byShift, string(decode.Shift(all, k)))
	}
	return t
}

// text returns resource res's host shifted by caesarShifts[j], when it has Caesar spellings.
func (t caesarTexts) text(res, j int) (string, bool) {
	if t.at[res] < 0 {
		return "", false
	}
	at := int(t.at[res])
	return t.byShift[j][at : at+len(t.hosts[res])], true
}

// caesarHost reports whether a host has Caesar-shifted needles: caesarMin characters or more,
// half of them letters (short shifted strings turn up by chance).
func caesarHost(host string) bool {
	letters := 0
	for i := 0; i < len(host); i++ {
		if c := host[i]; c >= 'a' && c <= 'z' {
			letters++
		}
	}
	return len(host) >= caesarMin && letters >= caesarMin/2
}

// served returns the first-party script resources that the file at p may be: its path ends with
// the script URL's path (public/js/checkout.js is served at /js/checkout.js).
func (m *matcher) served(p string) []int {
	var out []int
	for i, r := range m.resources {
		if r.FirstParty && r.Kind == rules.URL && len(r.Path) > 1 && strings.HasSuffix("/"+p, r.Path) {
			out = append(out, i)
		}
	}
	return out
}

// match returns the confirmed hits in data, the strongest one per resource and place.
func (m *matcher) match(data []byte) []hit { return m.matchSigns(data, nil) }

// matchSigns is match that also counts the marks of self-decoding code in signs, when not nil.
func (m *matcher) matchSigns(data []byte, signs *Signs) []hit {
	var hits []hit
	m.ac.find(data, func(id, end int) {
		n := &m.needles[id]
		start, res := end-int(n.len), int(n.res)
		var h hit
		var ok bool
		switch n.kind {
		case needleSign:
			if signs != nil {
				signs.add(res, start)
			}
			return
		case needleHost:
			if n.unicode {
				// A Unicode host: a neighbouring non-ASCII letter continues the name.
				if start > 0 && data[start-1] >= 0x80 || end < len(data) && data[end] >= 0x80 {
					return
				}
			}
			h, ok = m.confirmHost(data, res, start, end, n.shift != 0)
			h.shift = int(n.shift)
		case needleIPv4:
			h, ok = m.confirmIPv4(data, res, start, end)
		case needleIPv6:
			h, ok = m.confirmIPv6(data, res, start, end)
		case needlePath:
			h, ok = m.confirmPath(data, res, start, end)
		}
		if ok {
			hits = append(hits, h)
		}
	})
	return dedupeHits(hits)
}

// dedupeHits keeps one hit per resource and start (IPv6 spellings and nested needles can
// confirm the same place twice), the strongest, in the order of their first confirmation. A
// blob with many hits looks them up in a map: a file where every line matches would otherwise
// cost the square of its matches.
func dedupeHits(hits []hit) []hit {
	if len(hits) < 2 {
		return hits
	}
	type place struct{ res, start int }
	var seen map[place]int
	if len(hits) > 32 {
		seen = make(map[place]int, len(hits))
	}
	out := hits[:0]
	for _, h := range hits {
		j := -1
		if seen != nil {
			if i, ok := seen[place{h.res, h.start}]; ok {
				j = i
			}
		} else {
			for i := range out {
				if out[i].res == h.res && out[i].start == h.start {
					j = i
					break
				}
			}
		}
		switch {
		case j >= 0:
			if h.strength > out[j].strength {
				out[j] = h
			}
		default:
			if seen != nil {
				seen[place{h.res, h.start}] = len(out)
			}
			out = append(out, h)
		}
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func isHostByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// percentBefore reports whether data[:i] ends in a percent-encoded byte (%2F in
// "https%3A%2F%2Fevil.example"), which delimits a token like the byte it encodes.
func percentBefore(data []byte, i int) bool {
	return i >= 3 && data[i-3] == '%' && isHex(data[i-2]) && isHex(data[i-1])
}

// confirmHost applies the whole-token rule: the text's hostname is the resource's host or a
// subdomain of it. notH, H.other.org, H-cdn.net and myH are not H.
func (m *matcher) confirmHost(data []byte, res, start, end int, shifted bool) (hit, bool) {
	r := m.resources[res]
	sub := false
	if start > 0 {
		c := data[start-1]
		switch {
		case c == '.':
			sub = true
		case isHostByte(c) && !percentBefore(data, start):
			return hit{}, false
		}
	}
	if r.Kind == rules.Wildcard && !sub {
		return hit{}, false
	}
	if end < len(data) {
		c := data[end]
		if isHostByte(c) || c == '.' && end+1 < len(data) && isHostByte(data[end+1]) {
			return hit{}, false
		}
	}
	h := hit{res: res, start: start, end: end, strength: rules.HostMatch}
	if sub {
		// Extend the reported text to the whole hostname token.
		for h.start > 0 && (isHostByte(data[h.start-1]) || data[h.start-1] == '.' || data[h.start-1] == '*') {
			h.start--
		}
	} else if r.Kind == rules.URL && !shifted {
		h = m.extendURL(data, r, h)
	}
	return h, true
}

// confirmIPv4 accepts a dotted quad that is not part of a longer number or dotted name:
// 1.2.3.4 is not in 11.2.3.4, 1.2.3.45 or 1.2.3.4.5.
func (m *matcher) confirmIPv4(data []byte, res, start, end int) (hit, bool) {
	if start > 0 {
		c := data[start-1]
		if isHostByte(c) && !percentBefore(data, start) || c == '.' && start > 1 && isHostByte(data[start-2]) {
			return hit{}, false
		}
	}
	if end < len(data) {
		c := data[end]
		if isHostByte(c) || c == '.' && end+1 < len(data) && isHostByte(data[end+1]) {
			return hit{}, false
		}
	}
	h := hit{res: res, start: start, end: end, strength: rules.IPMatch}
	if r := m.resources[res]; r.Kind == rules.URL {
		h = m.extendURL(data, r, h)
	}
	return h, true
}

// confirmIPv6 accepts a hit when the whole address-like token around it parses to the address.
func (m *matcher) confirmIPv6(data []byte, res, start, end int) (hit, bool) {
	isV6 := func(c byte) bool { return isHex(c) || c == ':' || c == '.' }
	s, e := start, end
	for s > 0 && isV6(data[s-1]) {
		s--
	}
	for e < len(data) && isV6(data[e]) {
		e++
	}
	tok := strings.TrimRight(string(data[s:e]), ".")
	e = s + len(tok)
	if s > 0 && isHostByte(data[s-1]) || e < len(data) && isHostByte(data[e]) && data[e] != '%' {
		return hit{}, false
	}
	a, err := netip.ParseAddr(tok)
	r := m.resources[res]
	if err != nil || a != r.Addr {
		return hit{}, false
	}
	h := hit{res: res, start: s, end: e, strength: rules.IPMatch}
	if r.Kind == rules.URL && s > 0 && data[s-1] == '[' && e < len(data) && data[e] == ']' {
		h.start, h.end = s-1, e+1
		h = m.extendURL(data, r, h)
	}
	return h, true
}

// confirmPath accepts a first-party script's path written root-relative: it must start a
// quoted string, an attribute value or a url(…), and end where the path ends. Paths are
// case-sensitive, so the automaton's case-folded hit is checked byte for byte.
func (m *matcher) confirmPath(data []byte, res, start, end int) (hit, bool) {
	r := m.resources[res]
	if string(data[start:end]) != r.Path || start == 0 {
		return hit{}, false
	}
	if strings.IndexByte("\"'=( \t`", data[start-1]) < 0 {
		return hit{}, false
	}
	if end < len(data) && isPathByte(data[end]) {
		return hit{}, false
	}
	return hit{res: res, start: start, end: end, strength: rules.PathMatch}, true
}

// extendURL looks past a URL resource's host for its port, path and query. Same path (and query,
// when the alert has one) is a url match, same path with another query a path match, and
// anything else stays a host match. Scheme does not matter: protocol-relative URLs count.
func (m *matcher) extendURL(data []byte, r *rules.Resource, h hit) hit {
	i := h.end
	if i < len(data) && data[i] == ':' {
		j := i + 1
		for j < len(data) && data[j] >= '0' && data[j] <= '9' {
			j++
		}
		if j > i+1 {
			if r.Port != "" && string(data[i+1:j]) != r.Port {
				return h
			}
			i = j
		}
	}
	rest := data[i:]
	n, ok := pathPrefix(rest, r.Path)
	if !ok {
		return h
	}
	rest = rest[n:]
	if len(rest) > 0 && isPathByte(rest[0]) {
		return h // a longer path: /x.js is not /x.json
	}
	// Extend the match to the scheme, when there is one, so the text reads as the URL.
	h.start = schemeStart(data, h.start)
	h.end = i + n
	if r.Query == "" {
		h.strength = rules.URLMatch
		return h
	}
	h.strength = rules.PathMatch
	if len(rest) > 0 && rest[0] == '?' {
		q, ok := pathPrefix(rest[1:], r.Query)
		if ok && (len(rest) == 1+q || !isQueryByte(rest[1+q])) {
			h.strength = rules.URLMatch
			h.end += 1 + q
		}
	}
	return h
}

// pathPrefix reports whether text starts with want, reading the JSON escape "\/" as "/" and the
// HTML entity "&amp;" as "&", and returns how many bytes of text it took. A want of "/" also
// accepts no path at all.
func pathPrefix(text []byte, want string) (int, bool) {
	i := 0
	for j := 0; j < len(want); j++ {
		switch {
		case want[j] == '&' && bytes.HasPrefix(text[i:], []byte("&amp;")):
			i += 5
		case i < len(text) && text[i] == want[j]:
			i++
		case want[j] == '/' && bytes.HasPrefix(text[i:], []byte(`\/`)):
			i += 2
		case want == "/" && j == 0:
			return 0, true
		default:
			return 0, false
		}
	}
	return i, true
}

func isPathByte(c byte) bool {
	return isHostByte(c) || strings.IndexByte(".~%/+@:!$*=", c) >= 0
}

func isQueryByte(c byte) bool { return isPathByte(c) || c == '&' || c == '?' || c == ';' }

// schemeStart moves start back over "scheme://" or "//" when they precede it.
func schemeStart(data []byte, start int) int {
	s := start
	switch {
	case s >= 2 && string(data[s-2:s]) == "//":
		s -= 2
	case s >= 4 && string(data[s-4:s]) == `\/\/`:
		s -= 4
	default:
		return start
	}
	if s > 0 && data[s-1] == ':' {
		j := s - 1
		for j > 0 && (data[j-1] >= 'a' && data[j-1] <= 'z' || data[j-1] >= 'A' && data[j-1] <= 'Z') {
			j--
		}
		if j < s-1 {
			return j
		}
	}
	return s
}

// ipv6Anchors returns needles that every spelling of a contains. A non-zero group's minimal hex
// is in every spelling (db8 is written db8 or 0db8), so the longest one is anchor enough when it
// has three digits or more; for addresses such as ::1 the common spellings are listed instead.
// Each hit is confirmed by parsing the whole token around it.
func ipv6Anchors(a netip.Addr) []string {
	b := a.As16()
	best := ""
	for i := 0; i < 16; i += 2 {
		g := strings.TrimLeft(hex4(uint16(b[i])<<8|uint16(b[i+1])), "0")
		if len(g) > len(best) {
			best = g
		}
	}
	if len(best) >= 3 {
		return []string{best}
	}
	return ipv6Spellings(a)
}

// ipv6Spellings lists the textual forms of an IPv6 address that code is likely to hold: RFC 5952,
// fully expanded, uncompressed, each zero run compressed, and for IPv4-mapped addresses the
// dotted and hex tails. Each hit is confirmed by parsing, so the list only needs to cover an
// anchor inside every spelling, not every spelling whole.
func ipv6Spellings(a netip.Addr) []string {
	b := a.As16()
	var g [8]uint16
	for i := range g {
		g[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	join := func(groups []uint16, pad bool) string {
		parts := make([]string, len(groups))
		for i, v := range groups {
			if pad {
				parts[i] = hex4(v)
			} else {
				parts[i] = strings.TrimLeft(hex4(v), "0")
				if parts[i] == "" {
					parts[i] = "0"
				}
			}
		}
		return strings.Join(parts, ":")
	}
	out := []string{a.String(), a.StringExpanded(), join(g[:], false)}
	for i := 0; i < 8; {
		if g[i] != 0 {
			i++
			continue
		}
		j := i
		for j < 8 && g[j] == 0 {
			j++
		}
		for _, pad := range []bool{false, true} {
			out = append(out, join(g[:i], pad)+"::"+join(g[j:], pad))
		}
		i = j
	}
	if a.Is4In6() {
		v4 := a.Unmap().String()
		out = append(out, "::ffff:"+v4, "0:0:0:0:0:ffff:"+v4, "::ffff:"+join(g[6:], false))
	}
	for i := range out {
		out[i] = strings.ToLower(out[i])
	}
	return out
}

func hex4(v uint16) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[v>>12], digits[v>>8&15], digits[v>>4&15], digits[v&15]})
}
