package scanner

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/idna"

	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner/decode"
)

func mustParse(t testing.TB, s string) *rules.Resource {
	t.Helper()
	r, err := rules.Parse(s, rules.Origin{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// matchOne returns "strength:matched text" for each hit of resource in text.
func matchOne(t testing.TB, resource, text string) []string {
	t.Helper()
	m := newMatcher([]*rules.Resource{mustParse(t, resource)})
	var out []string
	for _, h := range m.match([]byte(text)) {
		out = append(out, fmt.Sprintf("%s:%s", h.strength, text[h.start:h.end]))
	}
	return out
}

func TestMatchContract(t *testing.T) {
	tests := []struct {
		name, resource, text string
		want                 []string
	}{
		// Host H: a hostname token equal to H or ending in .H, case-insensitively.
		{"host exact", "evil.example", `x = "evil.example"`, []string{"host:evil.example"}},
		{"host case", "evil.example", `x = "EVIL.Example"`, []string{"host:EVIL.Example"}},
		{"host subdomain", "evil.example", `src="https://cdn.evil.example/a.js"`, []string{"host:cdn.evil.example"}},
		{"host in url with port", "evil.example", `ws://evil.example:8080/x`, []string{"host:evil.example"}},
		{"host end of sentence", "evil.example", `see evil.example.`, []string{"host:evil.example"}},
		{"host email", "evil.example", `mail admin@evil.example`, []string{"host:evil.example"}},
		{"host percent-encoded url", "evil.example", `?u=https%3A%2F%2Fevil.example%2Fx`, []string{"host:evil.example"}},
		{"not notH", "evil.example", `notevil.example`, nil},
		{"not H.other.org", "evil.example", `evil.example.other.org`, nil},
		{"not H-cdn.net", "evil.example", `evil.example-cdn.net`, nil},
		{"not myH", "evil.example", `myevil.example`, nil},
		{"not H_x", "evil.example", `evil.example_x`, nil},
		{"not prefix of longer tld", "evil.example", `evil.examples`, nil},
		// Wildcard: subdomains only.
		{"wildcard sub", "*.example.com", `cdn.example.com`, []string{"host:cdn.example.com"}},
		{"wildcard literal", "*.example.com", `script-src *.example.com`, []string{"host:*.example.com"}},
		{"wildcard not apex", "*.example.com", `example.com`, nil},
		// URL U: url, path, host strengths.
		{"url exact", "https://cdn.example.com/x.js", `<script src="https://cdn.example.com/x.js">`, []string{"url:https://cdn.example.com/x.js"}},
		{"url other scheme", "https://cdn.example.com/x.js", `"http://cdn.example.com/x.js"`, []string{"url:http://cdn.example.com/x.js"}},
		{"url protocol relative", "https://cdn.example.com/x.js", `src='//cdn.example.com/x.js'`, []string{"url:/" + "/cdn.example.com/x.js"}},
		{"url scheme-less", "https://cdn.example.com/x.js", `cdn.example.com/x.js`, []string{"url:cdn.example.com/x.js"}},
		{"url with extra query", "https://cdn.example.com/x.js", `https://cdn.example.com/x.js?v=3`, []string{"url:https://cdn.example.com/x.js"}},
		{"url json escaped", "https://cdn.example.com/x.js", `"https:\/\/cdn.example.com\/x.js"`, []string{`url:https:\/\/cdn.example.com\/x.js`}},
		{"url query same", "https://cdn.example.com/x.js?id=7", `https://cdn.example.com/x.js?id=7"`, []string{"url:https://cdn.example.com/x.js?id=7"}},
		{"url query other is path", "https://cdn.example.com/x.js?id=7", `https://cdn.example.com/x.js?id=8"`, []string{"path:https://cdn.example.com/x.js"}},
		{"url query longer is path", "https://cdn.example.com/x.js?id=7", `https://cdn.example.com/x.js?id=77`, []string{"path:https://cdn.example.com/x.js"}},
		{"url query html entity", "https://cdn.example.com/x.js?a=1&b=2", `href="https://cdn.example.com/x.js?a=1&amp;b=2"`, []string{"url:https://cdn.example.com/x.js?a=1&amp;b=2"}},
		{"url other path is host", "https://cdn.example.com/x.js", `https://cdn.example.com/y.js`, []string{"host:cdn.example.com"}},
		{"url longer path is host", "https://cdn.example.com/x.js", `https://cdn.example.com/x.json`, []string{"host:cdn.example.com"}},
		{"url subdomain is host", "https://cdn.example.com/x.js", `https://a.cdn.example.com/x.js`, []string{"host:a.cdn.example.com"}},
		{"url root", "https://evil.example/", `fetch("https://evil.example")`, []string{"url:https://evil.example"}},
		{"url port mismatch", "https://evil.example:8443/x", `https://evil.example:9000/x`, []string{"host:evil.example"}},
		{"url port match", "https://evil.example:8443/x", `https://evil.example:8443/x`, []string{"url:https://evil.example:8443/x"}},
		// IPv4: whole dotted quads only.
		{"ipv4", "1.2.3.4", `ip = "1.2.3.4"`, []string{"ip:1.2.3.4"}},
		{"ipv4 in url", "1.2.3.4", `http://1.2.3.4:8080/c`, []string{"ip:1.2.3.4"}},
		{"not 11.2.3.4", "1.2.3.4", `11.2.3.4`, nil},
		{"not 1.2.3.45", "1.2.3.4", `1.2.3.45`, nil},
		{"not 1.2.3.4.5", "1.2.3.4", `1.2.3.4.5`, nil},
		{"not 0.1.2.3.4", "1.2.3.4", `0.1.2.3.4`, nil},
		{"not version", "1.2.3.4", `v1.2.3.4`, nil},
		{"ip url", "http://203.0.113.7/c.php", `x="http://203.0.113.7/c.php"`, []string{"url:http://203.0.113.7/c.php"}},
		// IPv6: every spelling.
		{"ipv6 compressed", "2001:db8::1", `addr 2001:db8::1 here`, []string{"ip:2001:db8::1"}},
		{"ipv6 upper", "2001:db8::1", `2001:DB8::1`, []string{"ip:2001:DB8::1"}},
		{"ipv6 expanded", "2001:db8::1", `2001:0db8:0000:0000:0000:0000:0000:0001`, []string{"ip:2001:0db8:0000:0000:0000:0000:0000:0001"}},
		{"ipv6 partial", "2001:db8::1", `[2001:db8:0::0:1]:443`, []string{"ip:2001:db8:0::0:1"}},
		{"ipv6 other address", "2001:db8::1", `2001:db8::2`, nil},
		{"ipv6 longer", "2001:db8::1", `2001:db8::1:5`, nil},
		{"ipv4 mapped dotted", "::ffff:192.0.2.1", `::ffff:192.0.2.1`, []string{"ip:::ffff:192.0.2.1"}},
		{"ipv4 mapped hex", "::ffff:192.0.2.1", `::FFFF:c000:0201`, []string{"ip:::FFFF:c000:0201"}},
		{"loopback v6", "::1", `listen [::1]:80`, []string{"ip:::1"}},
		{"loopback not in cpp", "::1", `Foo::1x`, nil},
		// IDN: the alert's Unicode spelling in the code is plain, and so is the A-label.
		{"idn unicode", "bücher.example", `src="https://Bücher.example/x.js"`, []string{"host:Bücher.example"}},
		{"idn a-label", "bücher.example", `src="https://xn--bcher-kva.example/x.js"`, []string{"host:xn--bcher-kva.example"}},
		{"idn inside a longer name", "bücher.example", `übücher.example`, nil},
		// Caesar spellings share the automaton (a decoding scan reports them as encoded).
		{"caesar rot13", "https://cdn.evil.example/x.js", `"uggcf://pqa.rivy.rknzcyr/k.wf"`, []string{"host:pqa.rivy.rknzcyr"}},
		{"caesar shift 1 and 3", "analytics.example", `bobmzujdt.fybnqmf dqdobwlfv.hadpsoh`, []string{"host:bobmzujdt.fybnqmf", "host:dqdobwlfv.hadpsoh"}},
		{"caesar whole token", "analytics.example", `xbobmzujdt.fybnqmf`, nil},
		{"caesar not for short hosts", "evil.io", `rivy.vb`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := matchOne(t, tt.resource, tt.text)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("match(%q, %q) = %q, want %q", tt.resource, tt.text, got, tt.want)
			}
		})
	}
}

func TestAutomatonOverlapping(t *testing.T) {
	a := newAutomaton([]string{"he", "she", "his", "hers"})
	var got []string
	a.find([]byte("uSHErs his"), func(id, end int) { got = append(got, fmt.Sprintf("%d@%d", id, end)) })
	want := "1@4 0@4 3@6 2@10"
	if strings.Join(got, " ") != want {
		t.Errorf("find = %v, want %s", got, want)
	}
}

func FuzzMatch(f *testing.F) {
	f.Add("https://cdn.evil.example/x.js", `<script src="https://cdn.evil.example/x.js?v=1"></script>`)
	f.Add("evil.example", "a.evil.example.b notevil.example")
	f.Add("1.2.3.4", "11.2.3.4 1.2.3.4 1.2.3.4.5")
	f.Add("2001:db8::1", "[2001:DB8::0:1]")
	f.Add("*.example.com", "*.example.com example.com")
	f.Add("https://cdn.evil.example/x.js", `var u = "uggcf://pqa.rivy.rknzcyr/k.wf"`) // ROT13
	f.Add("analytics.example", "x=bobmzujdt.fybnqmf; y=dqdobwlfv.hadpsoh")            // shifts 1 and 3
	f.Add("bücher.example", `src="https://Bücher.example/x.js"`)
	f.Fuzz(func(t *testing.T, resource, text string) {
		r, err := rules.Parse(resource, rules.Origin{})
		if err != nil {
			return
		}
		m := newMatcher([]*rules.Resource{r})
		data := []byte(text)
		lines := NewLines(data)
		for _, h := range m.match(data) {
			if h.start < 0 || h.end > len(data) || h.start >= h.end {
				t.Fatalf("hit [%d,%d) outside text of %d bytes", h.start, h.end, len(data))
			}
			// The matched text maps back to the resource: it holds its host or address, in
			// one of its spellings (an IDN's Unicode one too), once a Caesar-shifted hit is
			// shifted back by its shift. (IPv6 hits are confirmed by parsing instead.)
			matched := []byte(text[h.start:h.end])
			if h.shift != 0 {
				if !slices.Contains(caesarShifts, h.shift) || r.Addr.IsValid() {
					t.Fatalf("hit %q of %q has shift %d", matched, resource, h.shift)
				}
				matched = decode.Shift(matched, -h.shift)
			}
			got := strings.ToLower(string(matched))
			spellings := []string{strings.ToLower(r.Host)}
			if u, err := idna.ToUnicode(r.Host); err == nil && r.Unicode {
				spellings = append(spellings, strings.ToLower(u))
			}
			if !r.Addr.Is6() && !slices.ContainsFunc(spellings, func(s string) bool { return strings.Contains(got, s) }) {
				t.Fatalf("hit %q (shift %d) does not hold %q", got, h.shift, spellings)
			}
			ref := locate("f.js", data, lines, h, h.start, h.end, "plain", "")
			_, ls, le := lines.span(h.start)
			if ref.col < 1 || ref.endCol <= ref.col || ref.col > len([]rune(string(data[ls:le])))+1 {
				t.Fatalf("columns %d-%d outside the line %q", ref.col, ref.endCol, data[ls:le])
			}
		}
	})
}

// TestShiftHosts checks the batched Caesar spellings against shifting each host alone: same
// hosts (caesarHost), same texts, in the order of caesarShifts; IP resources have none.
func TestShiftHosts(t *testing.T) {
	var res []*rules.Resource
	for _, s := range []string{"evil.example", "a.io", "12345678.io", "abcd1234.io", "cdn.Example.com", "10.1.2.3", "2001:db8::1", "https://pay.evil.example/x.js", "*.wild-card.example"} {
		res = append(res, mustParse(t, s))
	}
	res = append(res, feedResources(t, 300)...)
	shifted := shiftHosts(res)
	for i, r := range res {
		for j, k := range caesarShifts {
			got, ok := shifted.text(i, j)
			want := string(decode.Shift([]byte(r.Host), k))
			if wantOK := !r.Addr.IsValid() && caesarHost(r.Host); ok != wantOK || ok && got != want {
				t.Errorf("%s shifted by %d = %q, %v; want %q, %v", r.Raw, k, got, ok, want, wantOK)
			}
		}
	}
	if shifted.at[0] < 0 || shifted.at[1] >= 0 || shifted.at[2] >= 0 || shifted.at[5] >= 0 {
		t.Errorf("caesarHost: evil.example %v, a.io %v, 12345678.io %v, 10.1.2.3 %v; want true, false, false, false",
			shifted.at[0] >= 0, shifted.at[1] >= 0, shifted.at[2] >= 0, shifted.at[5] >= 0)
	}
}
