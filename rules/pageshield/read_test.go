package pageshield

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shieldscan/shieldscan/rules"
)

// fixture reads one of the shared Page Shield fixtures, copied into the repository's testdata.
func fixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "pageshield", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// summary is one line per resource: where it came from, what it is and Cloudflare's verdict.
func summary(in *Input) []string {
	var out []string
	for _, r := range in.Resources {
		s := fmt.Sprintf("%d %s", r.Origin.Line, r.Canonical)
		if o := r.PageShield; o != nil {
			s += fmt.Sprintf(" kind=%s site=%s", o.Kind, o.SiteHost)
			if o.Malicious {
				s += " malicious(" + strings.Join(o.Reasons, "; ") + ")"
			}
			if o.Unverified {
				s += " unverified"
			}
		}
		out = append(out, s)
	}
	return out
}

func TestRead(t *testing.T) {
	t.Parallel()
	scripts := fixture(t, "scripts-list.json")
	connections := fixture(t, "connections-list.json")
	skimmer := "5 https://cdn.skimmer-example.net/lib/checkout.js?v=3 kind=script site=shop.example.com " +
		"malicious(js_integrity_score 4 < 10; url_reported_malicious; malicious_url_categories: Malware)"
	bootstrap := "27 https://cdnjs.example.org/ajax/libs/bootstrap/4.6.0/js/bootstrap.min.js kind=script site=shop.example.com"
	exfil := "5 https://exfil.skimmer-example.net/ kind=connection site=shop.example.com " +
		"malicious(domain_reported_malicious; malicious_domain_categories: Malware, Spyware)"
	wss := "21 wss://203.0.113.77:8443/ kind=connection site=shop.example.com"
	shift := func(s string, by int) string { // the same resource, by lines further down
		var line int
		var rest string
		fmt.Sscanf(s, "%d", &line)
		_, rest, _ = strings.Cut(s, " ")
		return fmt.Sprintf("%d %s", line+by, rest)
	}
	scriptsLines := strings.Count(scripts, "\n")

	tests := []struct {
		name     string
		in       string
		format   string
		want     []string
		injected int
	}{
		{"scripts list", scripts, FormatScripts, []string{skimmer, bootstrap}, 1},
		{"connections list", connections, FormatConnections, []string{exfil, wss}, 0},
		{
			"script get", fixture(t, "script-get.json"), FormatScripts,
			[]string{"4 https://cdn.skimmer-example.net/lib/checkout.js?v=3 kind=script site=shop.example.com " +
				"malicious(js_integrity_score 4 < 10; url_reported_malicious; malicious_url_categories: Malware)"}, 0,
		},
		{
			"webhook", fixture(t, "alert-webhook.json"), FormatWebhook,
			[]string{"3 https://cdn.skimmer-example.net/lib/checkout.js?v=3 kind=script site=shop.example.com " +
				"malicious(alert scriptmonitor_alert_new_malicious_scripts)"}, 0,
		},
		{
			"webhook test button",
			`{"text": "Hello World! This is a test message sent from Cloudflare."}`, FormatWebhook, nil, 0,
		},
		{
			"concatenated responses", scripts + connections, FormatPageShield,
			[]string{skimmer, bootstrap, shift(exfil, scriptsLines), shift(wss, scriptsLines)}, 1,
		},
		{
			"array of responses", "[" + scripts + "," + connections + "]", FormatPageShield,
			[]string{skimmer, bootstrap, shift(exfil, scriptsLines), shift(wss, scriptsLines)}, 1,
		},
		{
			"BOM and CRLF", "\uFEFF" + strings.ReplaceAll(scripts, "\n", "\r\n"), FormatScripts,
			[]string{skimmer, bootstrap}, 1,
		},
		{
			"bare result array",
			`[{"url": "https://a.example.com/x.js", "host": "shop.example.com", "js_integrity_score": 9},` + "\n" +
				`{"url": "https://b.example.com/y.js", "host": "shop.example.com", "js_integrity_score": 10}]`,
			FormatScripts,
			[]string{
				"1 https://a.example.com/x.js kind=script site=shop.example.com malicious(js_integrity_score 9 < 10)",
				"2 https://b.example.com/y.js kind=script site=shop.example.com",
			}, 0,
		},
		{
			"bare result object",
			`{"id": "1", "url": "https://api.example.net", "host": "Shop.Example.com.", "status": "inactive"}`,
			FormatConnections, []string{"1 https://api.example.net/ kind=connection site=shop.example.com"}, 0,
		},
		{
			"null scores and missing optional fields",
			`{"result": [{"url": "https://a.example.com/x.js", "hash": null, "js_integrity_score": null,` +
				` "magecart_score": null, "malicious_url_categories": null, "page_urls": null}], "success": true}`,
			FormatScripts, []string{"1 https://a.example.com/x.js kind=script site="}, 0,
		},
		{
			"site host from a scheme-less first_page_url",
			`{"result": {"url": "https://cdn.example.org/a.js", "first_page_url": "Shop.Example.com/cart", "fetched_at": null}}`,
			FormatScripts, []string{"1 https://cdn.example.org/a.js kind=script site=shop.example.com"}, 0,
		},
		{
			"connections: scheme and host only, IPv6, wss with a port",
			"{\"result\": [\n{\"url\": \"https://collect.example.net\"},\n{\"url\": \"wss://[2001:DB8::1]:443\"},\n" +
				"{\"url\": \"wss://198.51.100.4:9001\", \"url_reported_malicious\": true}\n]}",
			FormatConnections, []string{
				"2 https://collect.example.net/ kind=connection site=",
				"3 wss://[2001:db8::1]:443/ kind=connection site=",
				"4 wss://198.51.100.4:9001/ kind=connection site= malicious(url_reported_malicious)",
			}, 0,
		},
		{
			"string verdicts and scores are read, not dropped",
			`[{"url": "https://a.example.com/x.js", "js_integrity_score": "3", "domain_reported_malicious": "true"}]`,
			FormatScripts, []string{"1 https://a.example.com/x.js kind=script site= malicious(js_integrity_score 3 < 10; domain_reported_malicious)"}, 0,
		},
		{
			"empty list", `{"result": [], "success": true, "errors": [], "result_info": {"total_pages": 0}}`,
			FormatPageShield, nil, 0,
		},
		{
			"plain list", "# alerts\nevil.example.com\r\n\n203.0.113.5 # c2\n", FormatList,
			[]string{"2 evil.example.com", "4 203.0.113.5"}, 0,
		},
		{"plain list starting with IPv6", "[2001:db8::1]:443\n", FormatList, []string{"1 [2001:db8::1]:443"}, 0},
		{
			"plain list starting with a bracketed scheme", "[https]://evil.example/x.js\nevil{dot}example\n", FormatList,
			[]string{"1 https://evil.example/x.js", "2 evil.example"}, 0,
		},
		{
			"plain list starting with a brace", "{hxxps}://evil.example/x.js\n(http)://cdn.evil.example/y.js\n", FormatList,
			[]string{"1 https://evil.example/x.js", "2 http://cdn.evil.example/y.js"}, 0,
		},
		{
			"plain list of defanged words", "[www].evil.example\nevil[dot]example # the C2\n", FormatList,
			[]string{"1 www.evil.example", "2 evil.example"}, 0,
		},
		{"empty file", "", FormatList, nil, 0},
		{
			"csv export, columns in any order",
			"Status,URL,Host,JS Integrity Score,malicious_url_categories,url_reported_malicious,url_contains_cdn_cgi_path,page_urls\n" +
				"active,https://cdn.evil.example.net/a.js,shop.example.com,4,\"Malware; Phishing\",false,false,\"https://shop.example.com/ https://shop.example.com/cart\"\n" +
				"active,https://shop.example.com/cdn-cgi/x.js,shop.example.com,,,,true,\n" +
				"infrequent,https://cdn.example.org/ok.js,shop.example.com,,,FALSE,false,shop.example.com/\n",
			FormatCSV, []string{
				"2 https://cdn.evil.example.net/a.js kind=script site=shop.example.com malicious(js_integrity_score 4 < 10; malicious_url_categories: Malware, Phishing)",
				"4 https://cdn.example.org/ok.js kind=script site=shop.example.com",
			}, 1,
		},
		{
			"csv connections with BOM and CRLF",
			"\uFEFFurl,host,domain_reported_malicious\r\nhttps://exfil.example.net,shop.example.com,true\r\n\r\nwss://203.0.113.9:8443,shop.example.com,\r\n",
			FormatCSV, []string{
				"2 https://exfil.example.net/ kind=connection site=shop.example.com malicious(domain_reported_malicious)",
				"4 wss://203.0.113.9:8443/ kind=connection site=shop.example.com",
			}, 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in, err := Read("in", []byte(tt.in))
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if in.Format != tt.format {
				t.Errorf("Format = %q, want %q", in.Format, tt.format)
			}
			if in.CloudflareInjected != tt.injected {
				t.Errorf("CloudflareInjected = %d, want %d", in.CloudflareInjected, tt.injected)
			}
			if got := summary(in); !slices.Equal(got, tt.want) {
				t.Errorf("resources:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(tt.want, "\n     "))
			}
			for _, r := range in.Resources {
				if r.Origin.File != "in" {
					t.Errorf("%s: Origin.File = %q, want %q", r.Canonical, r.Origin.File, "in")
				}
			}
		})
	}
}

// TestReadObservation checks every field of one observation, and that host is never a resource.
func TestReadObservation(t *testing.T) {
	t.Parallel()
	in, err := Read("scripts-list.json", []byte(fixture(t, "scripts-list.json")))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range in.Resources {
		if r.Host == "shop.example.com" {
			t.Errorf("resource %s comes from the zone host", r.Canonical)
		}
	}
	o := in.Resources[0].PageShield
	want := rules.Observation{
		Kind:       "script",
		ID:         "8337233faec2357ff84465a919534e4d",
		SiteHost:   "shop.example.com",
		PageURLs:   []string{"https://shop.example.com/checkout", "https://shop.example.com/cart"},
		FirstSeen:  "2026-10-18T10:51:08Z",
		LastSeen:   "2026-10-22T09:57:54Z",
		Status:     "active",
		Categories: []string{"Malware"},
		Scores:     map[string]int{"js_integrity": 4, "magecart": 3, "malware": 8, "cryptomining": 92},
		Malicious:  true,
		Reasons:    []string{"js_integrity_score 4 < 10", "url_reported_malicious", "malicious_url_categories: Malware"},
	}
	if got := fmt.Sprintf("%+v", *o); got != fmt.Sprintf("%+v", want) {
		t.Errorf("Observation:\n got %s\nwant %+v", got, want)
	}
	o = in.Resources[1].PageShield
	if !slices.Equal(o.PageURLs, []string{"shop.example.com/", "shop.example.com/cart"}) {
		t.Errorf("PageURLs = %q, want the scheme-less URLs as given", o.PageURLs)
	}
	if len(o.Scores) != 1 || o.Scores["js_integrity"] != 97 {
		t.Errorf("Scores = %v, want only js_integrity 97 (the others are null)", o.Scores)
	}
	if in.Resources[0].Raw != "https://cdn.skimmer-example.net/lib/checkout.js?v=3" {
		t.Errorf("Raw = %q, want the API's url", in.Resources[0].Raw)
	}
}

// readErrorCase is an input that Read refuses, and the error's text.
type readErrorCase struct {
	name string
	in   string
	want string
}

// csvErrorCases are the CSV exports that Read refuses.
func csvErrorCases() []readErrorCase {
	return []readErrorCase{
		{"csv header without url", "id,host,status\n1,shop.example.com,active\n", `in:1: CSV header has no url column (columns: "id", "host", "status"): name the resource column url, script_url or connection_url`},
		{"csv header after blank lines", "\n\n Script ID ; x,Zone\n", `in:3: CSV header has no url column (columns: "Script ID ; x", "Zone"): name the resource column url, script_url or connection_url`},
		{"csv bad score", "url,js_integrity_score\nhttps://a.example.com/x.js,high\n", `in:2: column js_integrity_score is "high", want a number from 1 to 99 or empty`},
		{"csv bad flag", "url,url_reported_malicious\nhttps://a.example.com/x.js,maybe\n", `in:2: column url_reported_malicious: "maybe" is not true or false`},
		{"csv no url", "url,host\n,shop.example.com\n", "in:2: row has no url"},
		{"csv bad quote", "url,host\n\"https://a.example.com,x\n", "in:2: malformed CSV: extraneous or missing \" in quoted-field"},
		{"csv bad url", "host,url\nshop.example.com,https://exa mple.com\n", `in:2: invalid resource "https://exa mple.com": contains white space`},
	}
}

func TestReadErrors(t *testing.T) {
	t.Parallel()
	tests := []readErrorCase{
		{"truncated JSON", "{\"result\": [\n{\"url\": \"https://a.example.com\"", "in:2: malformed JSON: unexpected end of JSON input (byte offset 44)"},
		{"bad JSON", "{\"result\": [\n  {\"url\" \"x\"}]}", `in:2: malformed JSON: invalid character '"' after object key (byte offset 22)`},
		{"BOM counted in offsets", "\uFEFF{\"a\" 1}", `in:1: malformed JSON: invalid character '1' after object key (byte offset 8)`},
		{"JSON error past the list's", "{\"result\": [\n  {\"url\": \"https://a.example.com\"},\n  {\"url\": \"https://b.example.com\",}\n]}\n",
			`in:3: malformed JSON: invalid character '}' looking for beginning of object key string (byte offset 83)`},
		{"list error past JSON's", "[2001:db8::1]\nevil.example\nexa mple.com\n", `in:3: invalid resource "exa mple.com": contains white space`},
		{"list error on JSON's line", "[www]evil example\n", `in:1: invalid resource "[www]evil example": contains white space`},
		{"array of arrays", "[[1, 2]", `in:1: malformed JSON: unexpected end of JSON input (byte offset 7)`},
		{"comma-separated resources are not a header", "a.example.com,b.example.com\n", `in:1: invalid resource "a.example.com,b.example.com": not a valid hostname: character ','`},
		{
			"success false", `{"result": null, "success": false, "errors": [{"code": 10000, "message": "Authentication error"}]}`,
			"in:1: the response reports a failure: Authentication error (code 10000) (byte offset 0)",
		},
		{"url not a string", "[{\"url\": 5, \"host\": \"a.example\"}]", "in:1: \"url\" is a number, want a string (byte offset 9)"},
		{"invalid url", "[\n{\"url\": \"ftp://a.example.com/x.js\", \"id\": \"1\"}]", `in:2: invalid resource "ftp://a.example.com/x.js": scheme "ftp" is not one of http, https, ws, wss`},
		{"score not a number", `{"url": "https://a.example.com/", "js_integrity_score": "low"}`, `in:1: "js_integrity_score" is "low", want a number from 1 to 99 or null (byte offset 56)`},
		{"flag not a bool", `{"url": "https://a.example.com/", "url_reported_malicious": 1}`, `in:1: "url_reported_malicious" is a number, want true or false (byte offset 60)`},
		{"categories not strings", `{"url": "https://a.example.com/", "malicious_url_categories": [1]}`, `in:1: "malicious_url_categories" holds a number, want strings (byte offset 63)`},
		{"unknown object", `{"name": "x"}`, `in:1: object is not a Page Shield response, script, connection or alert (it has no "url") (byte offset 0)`},
		{"result item without url", `{"result": [{"id": "x"}]}`, `in:1: object is not a Page Shield response, script, connection or alert (it has no "url") (byte offset 12)`},
		{"policies", fixture(t, "policies-list.json"), "in:3: a Page Shield policy is an allowlist, not scripts or connections (byte offset 20)"},
		{"top-level string", `"https://a.example.com"`, "in:1: a string is not a Page Shield response, script, connection or alert (byte offset 0)"},
		{"result a string", `{"result": "x"}`, "in:1: result is a string, want an object or an array (byte offset 11)"},
		{"too deep", strings.Repeat("[", 600), "in:1: malformed JSON: JSON nested too deeply (byte offset 513)"},
		{"list", "good.example.com\nexa mple.com\n", `in:2: invalid resource "exa mple.com": contains white space`},
	}
	for _, tt := range append(tests, csvErrorCases()...) {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Read("in", []byte(tt.in))
			if err == nil {
				t.Fatalf("Read(%q) succeeded, want error %q", tt.in, tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("Read error = %q, want %q", err, tt.want)
			}
			if !errors.Is(err, rules.ErrInvalid) {
				t.Errorf("Read error %v does not wrap rules.ErrInvalid", err)
			}
		})
	}
}

// webhookCase is an alert webhook and the resources Read finds in it, as summary writes them.
type webhookCase struct {
	name string
	in   string
	want []string
}

func webhookCases(t testing.TB) []webhookCase {
	return []webhookCase{
		{
			"everything in data, zone and pages left out",
			`{"alert_type": "scriptmonitor_alert_new_hosts", "text": "New hosts on shop.example.com: cdn.new-example.net",` + "\n" +
				`"data": {"zone_name": "shop.example.com", "hosts": ["cdn.new-example.net", "stats.example.org:8443"],` + "\n" +
				`"nested": {"ips": "203.0.113.5, 2001:db8::7", "page_url": "https://shop.example.com/checkout"}, "count": 2}}`,
			[]string{
				"1 cdn.new-example.net kind= site=shop.example.com",
				"2 stats.example.org:8443 kind= site=shop.example.com",
				"3 203.0.113.5 kind= site=shop.example.com",
				"3 [2001:db8::7] kind= site=shop.example.com",
			},
		},
		{
			"a first-party script is kept",
			`{"alert_type": "scriptmonitor_alert_new_malicious_url", "text": "Malicious URL on shop.example.com: https://shop.example.com/js/app.js (page https://shop.example.com/)",` +
				` "data": {"zone_name": "shop.example.com"}}`,
			[]string{"1 https://shop.example.com/js/app.js kind= site=shop.example.com malicious(alert scriptmonitor_alert_new_malicious_url)"},
		},
		{
			"defanged and bracketed",
			`{"text": "IOCs: hxxps://evil[.]example[.]com/a.js, bad[.]example.net and [2001:db8::9]:8443."}`,
			[]string{"1 https://evil.example.com/a.js kind= site= unverified", "1 bad.example.net kind= site= unverified", "1 [2001:db8::9]:8443 kind= site= unverified"},
		},
		{
			"a policy name is never a verdict: no alert_type is unverified",
			`{"name": "New Malicious Host Alert", "data": {"x": ["evil.example.com"]}}`,
			[]string{"1 evil.example.com kind= site= unverified"},
		},
		{
			"a policy name is never a verdict: a known type without one",
			`{"name": "malicious stuff watch", "policy_name": "malicious stuff watch", "alert_type": "scriptmonitor_alert_new_hosts",` +
				` "text": "New host cdn.new-example.net"}`,
			[]string{"1 cdn.new-example.net kind= site="},
		},
		{
			"no alert_type under the user's policy name",
			fixture(t, "alert-webhook-no-type.json"),
			[]string{
				"3 https://cdn.checkout-widget.example/v2/pay.js kind= site=shop.example.com unverified",
				"3 https://collect.checkout-widget.example/ kind= site=shop.example.com unverified",
			},
		},
		{
			"unknown alert type",
			`{"alert_type": "scriptmonitor_alert_something_new", "text": "https://a.example.net/x.js"}`,
			[]string{"1 https://a.example.net/x.js kind= site= unverified"},
		},
		{
			"new resources: scripts and connections, each by its key",
			fixture(t, "alert-webhook-new-resources.json"),
			[]string{
				"8 https://cdn.widgets.example/embed.js kind=script site=shop.example.com",
				"9 https://telemetry.widgets.example/ kind=connection site=shop.example.com",
				"9 wss://203.0.113.80:9443/ kind=connection site=shop.example.com",
			},
		},
		{
			"duplicates once, with the kind its data key gives",
			`{"text": "https://a.example.com/x.js", "data": {"scripts": ["https://a.example.com/x.js"]}}`,
			[]string{"1 https://a.example.com/x.js kind=script site= unverified"},
		},
		{
			"defanged in the styles of the alert's readers",
			`{"text": "IOCs: evil{dot}example[.]com and hXXps://cdn[.]evil[.]example/x.js; 203[.]0[.]113[.]7"}`,
			[]string{"1 evil.example.com kind= site= unverified", "1 https://cdn.evil.example/x.js kind= site= unverified", "1 203.0.113.7 kind= site= unverified"},
		},
	}
}

func TestWebhook(t *testing.T) {
	t.Parallel()
	for _, tt := range webhookCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in, err := Read("in", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if in.Format != FormatWebhook {
				t.Errorf("Format = %q, want %q", in.Format, FormatWebhook)
			}
			if got := summary(in); !slices.Equal(got, tt.want) {
				t.Errorf("resources:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(tt.want, "\n     "))
			}
		})
	}
}

func TestFirstParty(t *testing.T) {
	t.Parallel()
	parse := func(s, kind, site string) *rules.Resource {
		r, err := rules.Parse(s, rules.Origin{})
		if err != nil {
			t.Fatal(err)
		}
		if kind != "" {
			r.PageShield = &rules.Observation{Kind: kind, SiteHost: site}
		}
		return r
	}
	tests := []struct {
		name  string
		r     *rules.Resource
		sites []string
		want  bool
	}{
		{"zone host", parse("https://shop.example.com/js/checkout.js", "script", "shop.example.com"), nil, true},
		{"zone host in another case", parse("https://Shop.Example.com/js/a.js", "script", "SHOP.example.com"), nil, true},
		{"third party", parse("https://cdn.example.org/a.js", "script", "shop.example.com"), nil, false},
		{"subdomain is not the site", parse("https://static.shop.example.com/a.js", "script", "shop.example.com"), nil, false},
		{"--site-host", parse("https://www.example.com/a.js", "script", "shop.example.com"), []string{"www.example.com"}, true},
		{"--site-host as a URL", parse("https://www.example.com/a.js", "", ""), []string{"https://WWW.example.com/"}, true},
		{"plain resource without site hosts", parse("https://www.example.com/a.js", "", ""), nil, false},
		{"connection", parse("https://shop.example.com/api", "connection", "shop.example.com"), nil, false},
		{"host resource", parse("shop.example.com", "script", "shop.example.com"), nil, false},
		{"nil", nil, []string{"x.example.com"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := FirstParty(tt.r, tt.sites); got != tt.want {
				t.Errorf("FirstParty(%v, %q) = %v, want %v", tt.r, tt.sites, got, tt.want)
			}
		})
	}
}
