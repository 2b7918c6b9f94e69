package webtree

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"strings"
)

// Resource is one alerted resource of the generated tree, with the references planted for it.
type Resource struct {
	// Spec is the resource as an alert names it: a URL, a hostname, *.domain or an IPv4.
	Spec string
	// Needle is the plain string a literal search looks for: the host of a URL or wildcard, or
	// the address.
	Needle string
	// Plain counts the references planted in clear text in files that a scan reads.
	Plain int
	// Encoded counts the references planted in an encoded form (base64, hex escapes, char codes,
	// HTML entities), which only a decoding scan finds.
	Encoded int
	// Ignored counts references planted in files that .gitignore leaves out.
	Ignored int
	// NearMisses counts planted texts that contain Needle but are not a reference to it
	// (notcdn.example.com, 1.2.3.45).
	NearMisses int
}

// resourceSpec is a resource before planting: how many plain references it gets (a range),
// and whether some are encoded or ignored.
type resourceSpec struct {
	spec               string
	plainMin, plainMax int
	encoded, ignored   int
}

// specs lists the 50 alerted resources: 22 referenced a few times each, 28 referenced nowhere
// in clear text (five of those only in an encoded form, two only in ignored files).
var specs = []resourceSpec{
	{spec: "www.googletagmanager.com", plainMin: 3, plainMax: 8},
	{spec: "static.hotjar.com", plainMin: 1, plainMax: 3},
	{spec: "cdn.segment.com", plainMin: 1, plainMax: 4},
	{spec: "js.stripe.com", plainMin: 2, plainMax: 6},
	{spec: "connect.facebook.net", plainMin: 2, plainMax: 5},
	{spec: "cdn.jsdelivr.net", plainMin: 3, plainMax: 10},
	{spec: "unpkg.com", plainMin: 1, plainMax: 4},
	{spec: "cdnjs.cloudflare.com", plainMin: 3, plainMax: 12},
	{spec: "https://code.jquery.com/jquery-3.7.1.min.js", plainMin: 2, plainMax: 5},
	{spec: "https://polyfill.io/v3/polyfill.min.js?features=default", plainMin: 1, plainMax: 3},
	{spec: "https://www.google-analytics.com/analytics.js", plainMin: 1, plainMax: 4},
	{spec: "bat.bing.com", plainMin: 1, plainMax: 2},
	{spec: "snap.licdn.com", plainMin: 1, plainMax: 2},
	{spec: "203.0.113.45", plainMin: 1, plainMax: 3},
	{spec: "static.cloudflareinsights.com", plainMin: 1, plainMax: 2},
	{spec: "widget.intercom.io", plainMin: 1, plainMax: 3},
	{spec: "assets.adobedtm.com", plainMin: 1, plainMax: 2},
	{spec: "js.hs-scripts.com", plainMin: 1, plainMax: 2},
	{spec: "*.clarity.ms", plainMin: 1, plainMax: 3},
	{spec: "198.51.100.7", plainMin: 1, plainMax: 2},
	{spec: "https://cdn.cookielaw.org/scripttemplates/otSDKStub.js", plainMin: 1, plainMax: 3},
	{spec: "browser.sentry-cdn.com", plainMin: 1, plainMax: 3},
	{spec: "jquery-cdn.cc", encoded: 1},
	{spec: "analytics-gateway.net", encoded: 1},
	{spec: "cdn-stat.org"},
	{spec: "magento-analytics.com", encoded: 1},
	{spec: "payment-check.info", encoded: 1},
	{spec: "ga-tracker.live", ignored: 2},
	{spec: "fb-pixel-cdn.com"},
	{spec: "secure-checkout-api.com"},
	{spec: "https://cdn.statsjs.net/v2/collect.js"},
	{spec: "https://googletagmanager.cc/gtm.js?id=GTM-X1"},
	{spec: "192.0.2.77", encoded: 1},
	{spec: "198.51.100.23", ignored: 3},
	{spec: "203.0.113.200"},
	{spec: "cdnjs.cloudflare-static.com"},
	{spec: "webstatistics.biz"},
	{spec: "jsdelivr.cloud"},
	{spec: "googlecdn.pro"},
	{spec: "metrics-api.io"},
	{spec: "cart-sync.net"},
	{spec: "shop-assets.xyz"},
	{spec: "ajax-jquery.org"},
	{spec: "staticxx.click"},
	{spec: "tracking.adnxs-cdn.com"},
	{spec: "*.evil-cdn.example"},
	{spec: "pixel.trk-data.io"},
	{spec: "fonts-googleapis.net"},
	{spec: "api.checkout-verify.com"},
	{spec: "192.0.2.199"},
}

// parsed is a resource spec taken apart.
type parsed struct {
	host     string // hostname or address
	path     string // URL path and query, "" for hosts
	wildcard bool
	ip       bool
}

func parseSpec(spec string) parsed {
	var p parsed
	s := spec
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
		if j := strings.IndexByte(s, '/'); j >= 0 {
			p.path = s[j:]
			s = s[:j]
		}
	}
	if strings.HasPrefix(s, "*.") {
		p.wildcard = true
		s = s[2:]
	}
	p.host = s
	p.ip = strings.Trim(s, "0123456789.") == ""
	return p
}

// hostText is what a reference names: a subdomain for a wildcard, the host otherwise.
func (p parsed) hostText(r *rand.Rand) string {
	if p.wildcard {
		return pick(r, []string{"www", "c", "t", "scripts"}) + "." + p.host
	}
	return p.host
}

// refURL is a URL that references the resource: the alerted URL itself for URL resources (or,
// once in a while, another path on the same host), any path on the host otherwise.
func (p parsed) refURL(r *rand.Rand) string {
	scheme := pick(r, []string{"https://", "https://", "https://", "//", "http://"})
	if p.path != "" && r.IntN(4) != 0 {
		return scheme + p.host + p.path
	}
	return scheme + p.hostText(r) + "/" + pick(r, words) + "/" + pick(r, words) + ".js"
}

// nearMiss returns a text that contains the needle but names something else.
func (p parsed) nearMiss(r *rand.Rand) string {
	if p.ip {
		switch r.IntN(3) {
		case 0:
			return "1" + p.host
		case 1:
			return p.host + "5"
		default:
			return p.host + ".7"
		}
	}
	switch r.IntN(5) {
	case 0:
		return "https://not" + p.host + "/" + pick(r, words) + ".js"
	case 1:
		return "https://" + p.host + ".proxy-cache.org/" + pick(r, words)
	case 2:
		return "//my" + p.host + "/assets/" + pick(r, words) + ".css"
	case 3:
		return "https://" + p.host + "-cdn.net/" + pick(r, words) + ".js"
	default:
		if p.wildcard {
			return "https://" + p.host + "/" + pick(r, words) // the apex is not *.host
		}
		return "https://x" + p.host + "/" + pick(r, words) + ".js"
	}
}

// plainRef is a line (or, for minified kinds, a statement) that references u in the style of kind.
func plainRef(r *rand.Rand, k kind, p parsed, u string) string {
	w := pick(r, words)
	if p.ip && p.path == "" {
		switch k {
		case kindPHP:
			return fmt.Sprintf("    $allowedProxies = ['%s', '10.0.0.1']; // %s", p.host, w)
		case kindHTML, kindMD:
			return fmt.Sprintf(`<p class="%s">Fallback endpoint: http://%s:8080/%s</p>`, w, p.host, w)
		case kindConf:
			return fmt.Sprintf("    proxy_pass http://%s:8080; # %s", p.host, w)
		case kindJSON:
			return fmt.Sprintf(`  "%sHost": "%s",`, w, p.host)
		case kindCSS:
			return fmt.Sprintf(".%s{background:url(http://%s/i/%s.png)}", w, p.host, w)
		case kindMinJS:
			return fmt.Sprintf(`var %s="http://%s/%s"`, w[:1], p.host, w)
		default:
			return fmt.Sprintf("  const %sEndpoint = 'http://%s/api/%s';", w, p.host, w)
		}
	}
	switch k {
	case kindHTML:
		switch r.IntN(3) {
		case 0:
			return fmt.Sprintf(`    <script src="%s" async></script>`, u)
		case 1:
			return fmt.Sprintf(`    <link rel="preconnect" href="%s" crossorigin>`, u)
		default:
			return fmt.Sprintf(`    <script>(function(d){var s=d.createElement('script');s.src='%s';d.head.appendChild(s)})(document);</script>`, u)
		}
	case kindPHP:
		if r.IntN(2) == 0 {
			return fmt.Sprintf(`        header("Content-Security-Policy: script-src 'self' %s");`, u)
		}
		return fmt.Sprintf(`        '%s_script' => '%s',`, w, u)
	case kindCSS:
		return fmt.Sprintf(`@import url("%s");`, strings.TrimSuffix(u, ".js")+".css")
	case kindMinJS:
		return fmt.Sprintf(`n.p=%q,e.src=n.p+"?v=%d"`, u, r.IntN(100))
	case kindJSON:
		return fmt.Sprintf(`  "%sUrl": %q,`, w, u)
	case kindConf:
		return fmt.Sprintf(`Header set Content-Security-Policy "script-src 'self' %s"`, u)
	case kindMD:
		return fmt.Sprintf("Load the %s script from `%s` before the app bundle.", w, u)
	default: // kindJS and kindLog
		switch r.IntN(3) {
		case 0:
			return fmt.Sprintf("  fetch('%s', { method: 'POST', body: JSON.stringify(%s) });", u, w)
		case 1:
			return fmt.Sprintf("  new Image().src = '%s?%s=' + encodeURIComponent(%s);", u, w, w)
		default:
			return fmt.Sprintf("  loadScript('%s').then(() => init%s());", u, strings.ToUpper(w[:1])+w[1:])
		}
	}
}

// encodedRef hides u the way skimmers do, in a statement for kind; it returns the text and the
// kind of file it belongs in.
func encodedRef(r *rand.Rand, n int, u string) (string, kind) {
	switch n % 5 {
	case 0: // base64 in atob
		return fmt.Sprintf("  var _0x%x = atob('%s'); loadScript(_0x%x);", r.IntN(1<<16), base64.StdEncoding.EncodeToString([]byte(u)), r.IntN(1<<16)), kindJS
	case 1: // hex escapes inside a minified bundle
		var b strings.Builder
		for i := range len(u) {
			fmt.Fprintf(&b, `\x%02x`, u[i])
		}
		return fmt.Sprintf(`var _a="%s";e.src=_a`, b.String()), kindMinJS
	case 2: // HTML entities in a template
		var b strings.Builder
		for i := range len(u) {
			fmt.Fprintf(&b, "&#%d;", u[i])
		}
		return fmt.Sprintf(`    <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-u="%s" hidden>`, b.String()), kindHTML
	case 3: // PHP base64_decode
		return fmt.Sprintf(`        $u = base64_decode('%s'); echo "<script src=\"$u\"></script>";`, base64.StdEncoding.EncodeToString([]byte(u))), kindPHP
	default: // String.fromCharCode
		codes := make([]string, len(u))
		for i := range len(u) {
			codes[i] = fmt.Sprint(int(u[i]))
		}
		return fmt.Sprintf("  var s = document.createElement('script'); s.src = String.fromCharCode(%s);", strings.Join(codes, ",")), kindJS
	}
}
