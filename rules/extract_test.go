package rules

import (
	"slices"
	"strings"
	"testing"
)

// extractTests are the Extract table; FuzzExtract is seeded from it.
var extractTests = []struct {
	name string
	in   string
	want []string // text[Start:End] of each mention
}{
	// Free text: alerts, webhooks, IOC lists.
	{"host and path", "see cdn.evil.example.com/x.js.", []string{"cdn.evil.example.com/x.js"}},
	{"url in parentheses", "(seen on https://shop.example.com/checkout)", []string{"https://shop.example.com/checkout"}},
	{"url after key", "url=https://a.example.com/x?y=1", []string{"https://a.example.com/x?y=1"}},
	{"addresses", "203.0.113.9 and 2001:db8::5; 198.51.100.1:443", []string{"203.0.113.9", "2001:db8::5", "198.51.100.1:443"}},
	{"bracketed ipv6 with port", "at [2001:db8::9]:8443.", []string{"[2001:db8::9]:8443"}},
	{"protocol relative", "<script src='//cdn.example.org/a.js'>", []string{"//cdn.example.org/a.js"}},
	{"idn", "Bücher.de 例え.jp", []string{"Bücher.de", "例え.jp"}},
	{"reserved suffix bare", "Bücher.example", nil},
	{"reserved suffix in url", "https://stats.shop-analytics.example/event", []string{"https://stats.shop-analytics.example/event"}},
	{"wildcard", "*.evil.example.com", []string{"*.evil.example.com"}},
	{"wildcard source in csp", "script-src https://*.stripe.com 'self'", []string{"*.stripe.com"}},
	{"defanged", "IOCs: hxxps://evil[.]example[.]com/a.js, bad[.]example.net", []string{"hxxps://evil[.]example[.]com/a.js", "bad[.]example.net"}},
	{"defanged dot word", "evil[dot]example[dot]com", []string{"evil[dot]example[dot]com"}},
	{"scheme-less path with at", "cdn.jsdelivr.net/npm/jquery@3.7.1/dist/jquery.min.js", []string{"cdn.jsdelivr.net/npm/jquery@3.7.1/dist/jquery.min.js"}},
	{"host with port", "proxy to api.example.net:8443 now", []string{"api.example.net:8443"}},
	{"ip with port in url", "proxy_pass http://127.0.0.1:8080;", []string{"http://127.0.0.1:8080"}},
	// Code.
	{"fetch call", `fetch("https://api.stripe.com/v1/x", {method: 'POST'})`, []string{"https://api.stripe.com/v1/x"}},
	{"quoted new suffix", `const host = 'cdn.shop.cloud';`, []string{"cdn.shop.cloud"}},
	{"unquoted new suffix", `host: cdn.shop.cloud`, nil},
	{"json escaped slashes", `"https:\/\/cdn.example.com\/a.js"`, nil},
	{"yaml value", "api: api.stripe.com\n", []string{"api.stripe.com"}},
	// Words, file names, versions, numbers, times and code stay what they are.
	{"words", "Hello World! e.g. i.e. etc.", nil},
	{"file names", "checkout.js index.html app.min.css package.json README.md main.py run.sh lib.rs x.tf", nil},
	{"quoted file names", `'README.md' "setup.py"`, nil},
	{"versions and times", "version 4.6.0 v1.2.3 build 1761130674 at 12:30:45", nil},
	{"e-mail and key=value", "mail admin@example.com or key=example.com", nil},
	{"unknown suffixes", "foo.invalidtld example.local ::", nil},
	{"other scheme", "ftp://files.example.com/x file:///etc/hosts", nil},
	{"property access", "logger.info(x); e.target.name = el.style; video.play(); Object.is(a, b); arr.at(-1)", nil},
	{"method call on com", "foo.com(1)", nil},
	{"unspecified address", "listen 0.0.0.0:80 and [::]:80", nil},
	{"scheme inside a word", "xhttps://a.example.com", nil},
	{"numeric host", "http://0xcb.0x0.0x71.0x7/ and https://0313.0.0161.07/x", nil},
	{"defanged ip", "also 203[.]0[.]113[.]7 which", []string{"203[.]0[.]113[.]7"}},
	{"quoted reserved suffix", `var h = "skim.evil-cdn.example";`, []string{"skim.evil-cdn.example"}},
	{"identifiers", "x := big.Int{}; errors.New; hdr.Info; SectionHeader.data; params.Gy; \"regs386.AX\"", nil},
	{"quoted settings", `git config "user.name" 'user.email'`, nil},
	{"upper case host", "block EVIL.COM and Shop.Example.com now", []string{"EVIL.COM", "Shop.Example.com"}},
}

func TestExtract(t *testing.T) {
	t.Parallel()
	for _, tt := range extractTests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, m := range Extract([]byte(tt.in)) {
				got = append(got, tt.in[m.Start:m.End])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Extract(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestExtractLiteral(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"skim.evil-cdn.example", []string{"skim.evil-cdn.example"}},
		{" cdn.shop.cloud\n", []string{"cdn.shop.cloud"}},
		{"var u = x.cloud; logger.info", nil},
		{"README.md", nil},
		{"evil.shop", []string{"evil.shop"}},
	}
	for _, tt := range tests {
		var got []string
		for _, m := range ExtractLiteral([]byte(tt.in)) {
			got = append(got, tt.in[m.Start:m.End])
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("ExtractLiteral(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNamespace(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]bool{
		"http://www.w3.org/2000/svg": true, "https://schema.org/Product": true, "https://json-schema.org/draft/2020-12/schema": true,
		"https://js.stripe.com/v3/": false, "w3.org.evil.example": false,
	} {
		r, err := Parse(in, Origin{})
		if err != nil {
			t.Fatal(err)
		}
		if got := Namespace(r); got != want {
			t.Errorf("Namespace(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestExtractResource(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in        string
		canonical string
		kind      Kind
		quoted    bool
	}{
		{`src="https://JS.Stripe.com/v3/"`, "https://js.stripe.com/v3/", URL, true},
		{"hxxps://evil[.]example[.]com/a.js", "https://evil.example.com/a.js", URL, false},
		{"connect to 2001:DB8::5 now", "[2001:db8::5]", IP, false},
		{"'cdn.shop.cloud'", "cdn.shop.cloud", Host, true},
		{"https://*.stripe.com", "*.stripe.com", Wildcard, false},
	}
	for _, tt := range tests {
		ms := Extract([]byte(tt.in))
		if len(ms) != 1 {
			t.Errorf("Extract(%q) = %d mentions, want 1", tt.in, len(ms))
			continue
		}
		m := ms[0]
		if m.Resource.Canonical != tt.canonical || m.Resource.Kind != tt.kind || m.Quoted != tt.quoted {
			t.Errorf("Extract(%q) = %q (%v, quoted %v), want %q (%v, quoted %v)", tt.in,
				m.Resource.Canonical, m.Resource.Kind, m.Quoted, tt.canonical, tt.kind, tt.quoted)
		}
		if m.Resource.Raw != tt.in[m.Start:m.End] {
			t.Errorf("Extract(%q).Raw = %q, want %q", tt.in, m.Resource.Raw, tt.in[m.Start:m.End])
		}
	}
}

// FuzzExtract checks that Extract never panics, that every mention lies inside the input, in
// order, and that its text parses to the resource Extract returned.
func FuzzExtract(f *testing.F) {
	for _, tt := range extractTests {
		f.Add([]byte(tt.in))
	}
	f.Add([]byte("[2001:db8::1]:8443 [dot] (dot) [://] hxxs[:]//x[.]example[.]com https://[::1]/"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, ms := range [][]Mention{Extract(data), ExtractLiteral(data)} {
			last := 0
			for _, m := range ms {
				if m.Start < last || m.End <= m.Start || m.End > len(data) {
					t.Fatalf("mention [%d,%d) out of order or outside the input (len %d, last end %d)", m.Start, m.End, len(data), last)
				}
				last = m.End
				text := string(data[m.Start:m.End])
				r, err := Parse(text, Origin{})
				if err != nil {
					t.Fatalf("mention %q does not parse: %v", text, err)
				}
				if r.Canonical != m.Resource.Canonical || m.Resource.Raw != strings.TrimSpace(text) {
					t.Fatalf("mention %q: resource %q (raw %q), parsed %q", text, m.Resource.Canonical, m.Resource.Raw, r.Canonical)
				}
			}
		}
	})
}

func BenchmarkExtract(b *testing.B) {
	line := `  <script async src="https://www.googletagmanager.com/gtm.js?id=GTM-EXAMPLE"></script> const x = e.target.value; logger.info("done");` + "\n"
	data := []byte(strings.Repeat(line, 1000))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		Extract(data)
	}
}
