package inventory

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shieldscan/shieldscan/scanner/tree"
)

// TestServerConfigs: the hosts that server directives and CSP values name bare (host:port, new
// suffixes, nginx's .domain) are listed, at their lines, as server-config or csp; upstream and
// backend names, sockets, local addresses, comments and keywords are not.
func TestServerConfigs(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("..", "..", "testdata", "inventory", "servers")
	inv, err := Inventory(t.Context(), tree.New(os.DirFS(dir), tree.Options{}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"198.51.100.21 198.51.100.21: nginx/shop.conf:4(server-config)",
		"203.0.113.44 203.0.113.44: haproxy/haproxy.cfg:8(server-config)",
		"acs-bank.cloud 3ds.acs-bank.cloud: apache2/shop.vhost:6(csp)",
		"analytics-vendor.cloud tags.analytics-vendor.cloud: public/_headers:2(csp)",
		"chat-vendor.app widgets.chat-vendor.app: public/index.html:3(csp)",
		"example.cloud admin.shop.example.cloud: apache2/shop.vhost:2(server-config)",
		"example.cloud backoffice.shop.example.cloud: apache2/shop.vhost:3(server-config)",
		"example.cloud shop.example.cloud: nginx/shop.conf:10(server-config)",
		"example.cloud www.shop.example.cloud: nginx/shop.conf:10(server-config)",
		"fx-feed.cloud rates.fx-feed.cloud: nginx/shop.conf:17(server-config)",
		"partner-systems.cloud erp.partner-systems.cloud: apache2/shop.vhost:4(server-config) apache2/shop.vhost:5(server-config)",
		"pay-widgets.io *.pay-widgets.io: nginx/shop.conf:11(csp)",
		"reports.dev csp.reports.dev: nginx/shop.conf:11(csp)",
		"shop-cdn.store *.shop-cdn.store: nginx/shop.conf:10(server-config)",
		"shop-hosting.cloud web1.shop-hosting.cloud: haproxy/haproxy.cfg:7(server-config)",
		"shop-internal.cloud app1.shop-internal.cloud: nginx/shop.conf:3(server-config)",
		"shop-internal.cloud node2.shop-internal.cloud: apache2/shop.vhost:9(server-config)",
		"shop-internal.cloud php.shop-internal.cloud: nginx/shop.conf:20(server-config)",
		"vendor.shop api.vendor.shop: nginx/shop.conf:11(csp)",
		"vendor.shop cdn.vendor.shop: nginx/shop.conf:11(csp)",
		"vendor.shop live.vendor.shop: nginx/shop.conf:11(csp)",
	}
	if diff := cmp.Diff(want, summary(inv.ThirdParty)); diff != "" {
		t.Errorf("third parties mismatch (-want +got):\n%s", diff)
	}
}

func FuzzConfigHosts(f *testing.F) {
	for _, p := range []string{"nginx/shop.conf", "apache2/shop.vhost", "haproxy/haproxy.cfg", "public/_headers", "public/index.html"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "inventory", "servers", p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(p, b)
	}
	f.Add("haproxy.cfg", []byte("server a [2001:db8::1]:80\nContent-Security-Policy: script-src\xff 'self' https://*.\n"))
	f.Fuzz(func(t *testing.T, p string, data []byte) {
		for _, m := range withConfigHosts(p, data, nil) {
			if m.Start < 0 || m.End > len(data) || m.Start >= m.End {
				t.Fatalf("mention [%d,%d) outside the %d-byte input", m.Start, m.End, len(data))
			}
			if m.Resource == nil {
				t.Fatalf("mention [%d,%d) without a resource", m.Start, m.End)
			}
		}
	})
}
