// Package feed makes a deterministic threat-intelligence feed of hostnames for the benchmarks
// that scale the number of needles: typosquats of brands, keyword domains, subdomains of them
// and DGA-like random labels, over the TLDs such feeds are full of.
package feed

import (
	"math/rand/v2"
	"strings"
)

var (
	brands = []string{
		"google", "paypal", "stripe", "jquery", "cloudflare", "facebook", "analytics", "magento",
		"shopify", "amazon", "microsoft", "apple", "adobe", "hotjar", "segment", "jsdelivr",
		"unpkg", "bootstrap", "fontawesome", "recaptcha", "gstatic", "googleapis", "tagmanager",
		"braintree", "klarna", "adyen", "square", "woocommerce", "wordpress", "cdnjs",
	}
	keywords = []string{
		"cdn", "static", "js", "api", "secure", "login", "verify", "account", "update", "check",
		"pay", "payment", "checkout", "cart", "track", "stats", "metrics", "pixel", "tag", "sync",
		"assets", "img", "media", "web", "cloud", "host", "lib", "min", "proxy", "gateway",
		"service", "support", "billing", "wallet", "auth", "portal", "online", "store", "shop",
	}
	subs = []string{"www", "cdn", "js", "static", "api", "m", "app", "img", "s", "go", "t", "c"}
	tlds = []string{
		"com", "net", "org", "io", "xyz", "top", "info", "biz", "ru", "cn", "cc", "online",
		"site", "live", "pro", "club", "shop", "tk", "ml", "ga", "su", "pw", "icu", "app",
	}
)

// Hosts returns n distinct lowercase hostnames; the same seed and n give the same list, and a
// shorter list is a prefix of a longer one.
func Hosts(seed uint64, n int) []string {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	label := func(lo, hi int) string {
		const alnum = "abcdefghijklmnopqrstuvwxyz0123456789"
		b := make([]byte, lo+r.IntN(hi-lo+1))
		for i := range b {
			b[i] = alnum[r.IntN(len(alnum))]
		}
		b[0] = alnum[r.IntN(26)]
		return string(b)
	}
	typo := func(s string) string {
		b := []byte(s)
		i := r.IntN(len(b))
		switch r.IntN(3) {
		case 0: // a doubled letter
			b = append(b[:i+1], b[i:]...)
		case 1: // a look-alike digit
			b[i] = "0134"[r.IntN(4)]
		default: // a dropped letter
			if len(b) > 3 {
				b = append(b[:i], b[i+1:]...)
			}
		}
		return string(b)
	}
	seen := make(map[string]bool, n)
	out := make([]string, 0, n)
	for len(out) < n {
		var parts []string
		switch r.IntN(5) {
		case 0:
			parts = []string{typo(pick(brands)) + "-" + pick(keywords)}
		case 1:
			parts = []string{pick(keywords) + "-" + pick(brands) + "-" + pick(keywords)}
		case 2:
			parts = []string{pick(subs), pick(keywords) + pick(keywords) + label(1, 3)}
		case 3:
			parts = []string{label(8, 16)}
		default:
			parts = []string{pick(brands) + "-" + label(3, 6), pick(keywords)}
		}
		h := strings.Join(append(parts, pick(tlds)), ".")
		if !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	return out
}
