package pageshield

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shieldscan/shieldscan/internal/refang/refangtest"
	"github.com/shieldscan/shieldscan/rules"
)

// FuzzRead checks that Read never panics, that every error wraps rules.ErrInvalid, and that every
// resource it returns has a canonical form that parses back to itself.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "pageshield", "*"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		`[{"url": "https://a.example.com/x.js", "js_integrity_score": 9}]`,
		`{"text": "IOCs: hxxps://evil[.]example[.]com/a.js, bad[.]example.net and [2001:db8::9]:8443."}`,
		"url,host,js_integrity_score\nhttps://a.example.com/x.js,shop.example.com,4\n",
		"# alerts\nevil.example.com\n[2001:db8::1]:443\n",
		"\uFEFF{\"result\": {\"url\": \"wss://203.0.113.77:8443\"}}",
		"[https]://evil.example/x.js\n{hxxps}://b.example/\n",
		"{\"result\": [\n{\"url\": \"https://a.example.com\",}]}",
		"id,host,status\n1,shop.example.com,active\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := Read("fuzz", data)
		if err != nil {
			if !errors.Is(err, rules.ErrInvalid) {
				t.Fatalf("Read error %v does not wrap rules.ErrInvalid", err)
			}
			return
		}
		checkResources(t, in, strings.Count(string(data), "\n")+1)
	})
}

// checkResources fails t unless every resource has an origin in file name and a canonical form
// that parses back to itself.
func checkResources(t *testing.T, in *Input, lines int) {
	t.Helper()
	for _, r := range in.Resources {
		again, err := rules.Parse(r.Canonical, rules.Origin{})
		if err != nil || again.Canonical != r.Canonical {
			t.Fatalf("Parse(Canonical %q) of %q = %v, %v; want it unchanged", r.Canonical, r.Raw, again, err)
		}
		if r.Origin.File != "fuzz" || r.Origin.Line < 1 || r.Origin.Line > lines {
			t.Fatalf("%q: Origin = %+v, want fuzz:N with N in 1…%d", r.Canonical, r.Origin, lines)
		}
	}
}

// FuzzCSV feeds the CSV reader directly: it never panics, its errors wrap rules.ErrInvalid and
// say where, and each row it keeps is a resource below the header.
func FuzzCSV(f *testing.F) {
	for _, c := range csvErrorCases() {
		f.Add(c.in)
	}
	f.Add(fixture(f, "scripts-dashboard.csv"))
	for _, s := range []string{
		"Name,Type,Domain,Path,Same site,HTTP only,Secure,Seen on host\nsid,First-party,shop.example.com,/,Lax,Yes,Yes,shop.example.com\n",
		"Connection,Status,URL match,Domain match,Category\nhttps://exfil.example.net,Active,Not present,Yes,\"Malware, Spyware\"\n",
		"Status,URL,Host,JS Integrity Score,malicious_url_categories\nactive,https://cdn.evil.example.net/a.js,shop.example.com,4,\"Malware; Phishing\"\n",
		"\uFEFFurl,host,domain_reported_malicious\r\nhttps://exfil.example.net,shop.example.com,true\r\n\r\n",
		"script_url,page_urls\nhxxps://evil[.]example/x.js,\"[\"\"https://shop.example.com/\"\"]\"\n",
		"url\n\"https://a.example.com/x.js\nmore\"\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		in, err := readCSV("fuzz", []byte(data), Options{})
		if err != nil {
			if !errors.Is(err, rules.ErrInvalid) {
				t.Fatalf("readCSV error %v does not wrap rules.ErrInvalid", err)
			}
			if !strings.HasPrefix(err.Error(), "fuzz") {
				t.Fatalf("readCSV error %q does not start with the file name", err)
			}
			return
		}
		checkResources(t, in, strings.Count(data, "\n")+1)
		for _, r := range in.Resources {
			if r.Origin.Line < 2 {
				t.Fatalf("%q at line %d: the header is line 1", r.Canonical, r.Origin.Line)
			}
		}
	})
}

// FuzzWebhook puts fuzzed text into an alert's text and data: Read takes it as a webhook, never
// fails on it, and every resource it finds is written in that text.
func FuzzWebhook(f *testing.F) {
	for _, c := range webhookCases(f) {
		var w struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal([]byte(c.in), &w); err == nil {
			f.Add(w.Text, "scriptmonitor_alert_new_hosts")
		}
	}
	for _, c := range refangtest.Cases(f) {
		f.Add("IOC: "+c.Input+".", "scriptmonitor_alert_new_malicious_url")
	}
	// Alerts as they really come: no type, an unknown type, links to Cloudflare's own sites.
	f.Add("Checkout watch: https://cdn.checkout-widget.example/v2/pay.js (details: https://dash.cloudflare.com/x/shop.example.com/security/page-shield)", "")
	f.Add("New resources: https://cdn.widgets.example/embed.js wss://203.0.113.80:9443", "scriptmonitor_alert_new_resources")
	f.Add("https://developers.cloudflare.com/page-shield/ and https://cdnjs.cloudflare.com/ajax/libs/x.js", "scriptmonitor_alert_something_new")
	f.Fuzz(func(t *testing.T, text, alert string) {
		payload, err := json.Marshal(map[string]any{
			"alert_type": alert, "text": text,
			"data": map[string]any{"zone_name": "shop.example.com", "hosts": []string{text}},
		})
		if err != nil {
			t.Skip()
		}
		in, err := Read("fuzz", payload)
		if err != nil {
			t.Fatalf("Read(webhook with text %q) error: %v", text, err)
		}
		if in.Format != FormatWebhook {
			t.Fatalf("Read(webhook with text %q).Format = %q", text, in.Format)
		}
		checkResources(t, in, strings.Count(string(payload), "\n")+1)
		// The text as the payload carries it: JSON has no invalid UTF-8.
		var sent struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(payload, &sent); err != nil {
			t.Fatal(err)
		}
		for _, r := range in.Resources {
			if !strings.Contains(sent.Text, r.Raw) {
				t.Fatalf("Read(webhook with text %q) found %q (raw %q), which the text does not hold", sent.Text, r.Canonical, r.Raw)
			}
		}
	})
}

// FuzzScriptGet feeds the pull's reader of script get responses, which come from the network: it
// never panics, its errors wrap ErrAPI, and an earlier version it finds makes a script malicious
// with one reason per version.
func FuzzScriptGet(f *testing.F) {
	for _, name := range []string{"script-get.json", "script-get-versions.json", "scripts-list.json"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "pageshield", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"result": {"url": "https://a.example.com/x.js", "hash": "a", "versions": [{"hash": "b", "js_integrity_score": 1}, null]}}`))
	f.Add([]byte(`{"result": {"url": "https://a.example.com/x.js", "versions": [{}, {"js_integrity_score": "2"}]}, "success": true}`))
	c := &Client{Token: testToken}
	f.Fuzz(func(t *testing.T, data []byte) {
		it, err := c.readScriptGet("GET x", data)
		if err != nil {
			if !errors.Is(err, ErrAPI) {
				t.Fatalf("readScriptGet error %v does not wrap ErrAPI", err)
			}
			return
		}
		o := &rules.Observation{Kind: KindScript, Reasons: []string{notScored}}
		addEarlier(o, it)
		earlier := len(o.Reasons) - 1
		if o.Malicious != (earlier > 0) || earlier > len(it.versions) || o.Reasons[len(o.Reasons)-1] != notScored {
			t.Fatalf("after %d versions: Malicious = %v, Reasons = %q", len(it.versions), o.Malicious, o.Reasons)
		}
	})
}
