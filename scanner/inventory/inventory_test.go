package inventory

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules/pageshield"
	"github.com/shieldscan/shieldscan/scanner"
	"github.com/shieldscan/shieldscan/scanner/tree"
)

var shop = filepath.Join("..", "..", "testdata", "example-shop")

func shopInventory(t *testing.T, siteHosts ...string) *Result {
	t.Helper()
	inv, err := Inventory(t.Context(), tree.New(os.DirFS(shop), tree.Options{}), Options{SiteHosts: siteHosts, Exclude: []string{"alert.txt"}})
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// summary is "domain host: path:line(context) …" for each host.
func summary(groups []Domain) []string {
	var out []string
	for _, d := range groups {
		for _, h := range d.Hosts {
			var locs []string
			for _, l := range h.Locations {
				locs = append(locs, fmt.Sprintf("%s:%d(%s)", l.Path, l.Line, l.Context))
			}
			out = append(out, d.Domain+" "+h.Host+": "+strings.Join(locs, " "))
		}
	}
	return out
}

func TestExampleShop(t *testing.T) {
	t.Parallel()
	inv := shopInventory(t, "shop.example.com")
	want := []string{
		"fonts.googleapis.com fonts.googleapis.com: config/nginx.conf:6(csp) templates/layout.html:6(html-link) templates/layout.html:7(html-link)",
		"googletagmanager.com www.googletagmanager.com: config/nginx.conf:6(csp) templates/layout.html:10(html-script-src)",
		"gstatic.com fonts.gstatic.com: config/nginx.conf:6(csp) public/css/site.css:3(css-url)",
		"jsdelivr.net cdn.jsdelivr.net: config/nginx.conf:6(csp) templates/layout.html:11(html-script-src)",
		"shop-analytics.example stats.shop-analytics.example: config/app.yml:8(config) config/nginx.conf:6(csp) public/js/checkout.js:14(js-network)",
		"stripe.com api.stripe.com: config/app.yml:6(config) config/nginx.conf:6(csp)",
		"stripe.com js.stripe.com: README.md:4(docs) config/nginx.conf:6(csp) templates/checkout.html:8(html-script-src)",
	}
	if diff := cmp.Diff(want, summary(inv.ThirdParty)); diff != "" {
		t.Errorf("third parties (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"example.com shop.example.com: config/nginx.conf:3(server-config)"}, summary(inv.FirstParty)); diff != "" {
		t.Errorf("first party (-want +got):\n%s", diff)
	}
	if inv.Files != 8 || len(inv.Skipped) != 1 || inv.Skipped[0].Reason != scanner.SkipBinary {
		t.Errorf("Files = %d, Skipped = %v; want 8 files and the logo skipped as binary", inv.Files, inv.Skipped)
	}
	js := inv.ThirdParty[len(inv.ThirdParty)-1].Hosts[1]
	if want := []string{"https://js.stripe.com/", "https://js.stripe.com/v3/"}; !slices.Equal(js.URLs, want) {
		t.Errorf("js.stripe.com URLs = %q, want %q", js.URLs, want)
	}
	if l := js.Locations[2]; l.Column != 16 || l.EndCol != 41 || l.Match != "https://js.stripe.com/v3/" || l.Snippet != `<script src="https://js.stripe.com/v3/"></script>` {
		t.Errorf("checkout.html location = %+v", l)
	}
	// Without --site-host the shop's own host is a third party like any other.
	if got := len(shopInventory(t).FirstParty); got != 0 {
		t.Errorf("without site hosts, %d first-party domains, want 0", got)
	}
}

func TestNoise(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"index.html": {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg>
<meta http-equiv="Content-Security-Policy" content="script-src 'self' https://*.stripe.com https://cdn.vendor.com">
<script>fetch("http://127.0.0.1:8080/x"); fetch("http://10.1.2.3/y"); fetch("https://203.0.113.9/z")</script>
<!-- see https://docs.example.com/setup -->`)},
		"README.md":          {Data: []byte("Point it at https://api.example.com or https://cdn.realvendor.com.\n")},
		"config/staging.yml": {Data: []byte("api: https://api.staging.example.com\n")},
		"infra/pageshield.tf": {Data: []byte(`resource "cloudflare_page_shield_policy" "csp" {
  zone_id = var.zone_id
  action  = "allow"
  value   = "script-src 'self' https://js.stripe.com https://policy.vendor.net"
}
`)},
		"policy.yaml": {Data: []byte("page_shield:\n  - value: \"connect-src https://collect.vendor.io\"\n")},
	}
	inv, err := Inventory(t.Context(), tree.New(fsys, tree.Options{}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range inv.Hosts(false) {
		got = append(got, h.Host+" "+string(h.Locations[0].Context))
	}
	want := []string{
		"203.0.113.9 html-script-src",
		"api.staging.example.com config",
		"cdn.realvendor.com docs",
		"*.stripe.com csp",
		"js.stripe.com csp",
		"cdn.vendor.com csp",
		"collect.vendor.io csp",
		"policy.vendor.net csp",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("hosts (-want +got):\n%s", diff)
	}
}

// changeSource is a source of two blobs whose attribution says which lines a change added.
type changeSource struct{ blobs map[string]string }

func (s changeSource) Walk(ctx context.Context, yield func(scanner.Blob) error) error {
	for _, id := range slices.Sorted(func(yield func(string) bool) {
		for k := range s.blobs {
			if !yield(k) {
				return
			}
		}
	}) {
		data := []byte(s.blobs[id])
		if err := yield(scanner.Blob{Path: "old/" + id, ID: id, Size: int64(len(data)), Load: func(*[]byte, int64) ([]byte, error) { return data, nil }}); err != nil {
			return err
		}
	}
	return nil
}

func (s changeSource) Attribute(ctx context.Context, ids []string) (map[string][]scanner.Place, error) {
	out := map[string][]scanner.Place{}
	for _, id := range ids {
		switch id {
		case "b1":
			out[id] = []scanner.Place{{Path: "web/index.html", Commit: "c1", Added: []int{2}}}
		case "b2":
			out[id] = []scanner.Place{{Path: "web/new.js", Commit: "c2"}} // a new file: every line
		}
	}
	return out, nil
}

func TestChangeMode(t *testing.T) {
	t.Parallel()
	src := changeSource{blobs: map[string]string{
		"b1": "<script src=\"https://js.stripe.com/v3/\"></script>\n<script src=\"https://cdn.new-vendor.com/a.js\"></script>\n",
		"b2": "fetch('https://collect.other.net/x')\n",
	}}
	inv, err := Inventory(t.Context(), src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"new-vendor.com cdn.new-vendor.com: web/index.html:2(html-script-src)",
		"other.net collect.other.net: web/new.js:1(js-network)",
	}
	if diff := cmp.Diff(want, summary(inv.ThirdParty)); diff != "" {
		t.Errorf("change inventory (-want +got):\n%s", diff)
	}
	if inv.Mode != report.ModeChange || inv.ThirdParty[0].Hosts[0].Locations[0].Commit != "c1" {
		t.Errorf("Mode = %s, commit %q; want change and c1", inv.Mode, inv.ThirdParty[0].Hosts[0].Locations[0].Commit)
	}
	base, err := ReadBaseline(strings.NewReader("# known\nnew-vendor.com\n"), "base.txt")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range NewSince(inv, base) {
		got = append(got, h.Host)
	}
	if want := []string{"collect.other.net"}; !slices.Equal(got, want) {
		t.Errorf("NewSince = %q, want %q", got, want)
	}
}

func TestBaseline(t *testing.T) {
	t.Parallel()
	inv := shopInventory(t, "shop.example.com")
	var buf bytes.Buffer
	if err := WriteBaseline(&buf, inv); err != nil {
		t.Fatal(err)
	}
	var hosts []string
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if !strings.HasPrefix(l, "#") {
			hosts = append(hosts, l)
		}
	}
	want := []string{"api.stripe.com", "cdn.jsdelivr.net", "fonts.googleapis.com", "fonts.gstatic.com", "js.stripe.com",
		"stats.shop-analytics.example", "www.googletagmanager.com"}
	if !slices.Equal(hosts, want) {
		t.Errorf("baseline hosts = %q, want %q", hosts, want)
	}
	base, err := ReadBaseline(&buf, "base.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got := NewSince(inv, base); len(got) != 0 {
		t.Errorf("NewSince(own baseline) = %d hosts, want none", len(got))
	}
	tests := []struct {
		entry, host string
		want        bool
	}{
		{"stripe.com", "js.stripe.com", true},
		{"js.stripe.com", "api.stripe.com", false},
		{"*.stripe.com", "js.stripe.com", true},
		{"*.stripe.com", "stripe.com", false},
		{"203.0.113.9", "203.0.113.9", true},
		{"stripe.com", "notstripe.com", false},
	}
	for _, tt := range tests {
		b, err := ReadBaseline(strings.NewReader(tt.entry), "b")
		if err != nil {
			t.Fatal(err)
		}
		if got := b.Covers(tt.host); got != tt.want {
			t.Errorf("baseline %q Covers(%q) = %v, want %v", tt.entry, tt.host, got, tt.want)
		}
	}
	for _, bad := range []string{"https://js.stripe.com/v3/", "exa mple.com"} {
		if _, err := ReadBaseline(strings.NewReader("ok.com\n"+bad+"\n"), "base.txt"); err == nil || !strings.HasPrefix(err.Error(), "base.txt:2: ") {
			t.Errorf("ReadBaseline(%q) error = %v, want base.txt:2: …", bad, err)
		}
	}
}

func TestAgainst(t *testing.T) {
	t.Parallel()
	inv := shopInventory(t, "shop.example.com")
	in, err := pageshield.Read("observed.txt", []byte(`https://js.stripe.com/v3/
https://www.googletagmanager.com/gtm.js?id=GTM-EXAMPLE
https://cdn.jsdelivr.net/npm/jquery@3.7.1/dist/jquery.min.js
https://stats.shop-analytics.example/event
https://cdn.skimmer.example.net/c.js
https://shop.example.com/js/checkout.js
`))
	if err != nil {
		t.Fatal(err)
	}
	c := Against(inv, in, []string{"shop.example.com"})
	var undeclared, stale []string
	for _, r := range c.Undeclared {
		undeclared = append(undeclared, r.Canonical)
		if r.Origin.File != "observed.txt" || r.Origin.Line != 5 {
			t.Errorf("undeclared %s: Origin %v, want observed.txt:5", r.Canonical, r.Origin)
		}
	}
	for _, h := range c.Stale {
		stale = append(stale, h.Host)
	}
	if want := []string{"https://cdn.skimmer.example.net/c.js"}; !slices.Equal(undeclared, want) {
		t.Errorf("Undeclared = %q, want %q", undeclared, want)
	}
	if want := []string{"fonts.googleapis.com", "fonts.gstatic.com", "api.stripe.com"}; !slices.Equal(stale, want) {
		t.Errorf("Stale = %q, want %q", stale, want)
	}
	if c.Observed != 5 {
		t.Errorf("Observed = %d, want 5 (the first-party script aside)", c.Observed)
	}
}

func BenchmarkInventory(b *testing.B) {
	src := tree.New(os.DirFS(shop), tree.Options{})
	for b.Loop() {
		if _, err := Inventory(context.Background(), src, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
