package intel

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func testList(t *testing.T) *List {
	t.Helper()
	l, err := Read(strings.NewReader("listed.example\tSkimmer\nhttps://static.example/bad.js\tInjected\n"), "team-feed.txt")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestLookup(t *testing.T) {
	t.Parallel()
	s := &fakeAPI{t: t, known: map[string]string{
		"static.example": `{"domain": "static.example", "content_categories": [{"id": 81, "name": "Content Servers", "super_category_id": 26}], "popularity_rank": 900}`,
	}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	var slept []time.Duration
	clk := &clock{time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC)}
	in := &Investigator{
		List:   testList(t),
		Cache:  &Cache{Dir: t.TempDir(), TTL: time.Hour, Now: clk.now},
		Client: newTestClient(srv, &slept),
	}
	hosts := []string{"listed.example", "js.listed.example", "CDN-Skimmer.Example.", "cdn-skimmer.example", "static.example", "quiet.example", "203.0.113.7", "[2001:db8::7]", "not a host", "203.0.113.7"}
	got, err := in.Lookup(t.Context(), hosts)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Verdict{
		"listed.example":    {Host: "listed.example", Known: true, Malicious: true, Reasons: []string{"listed in team-feed.txt:1 as listed.example (Skimmer)"}, Categories: []string{"Skimmer"}, Source: "team-feed.txt"},
		"js.listed.example": {Host: "js.listed.example", Known: true, Malicious: true, Reasons: []string{"listed in team-feed.txt:1 as listed.example (Skimmer)"}, Categories: []string{"Skimmer"}, Source: "team-feed.txt"},
		"CDN-Skimmer.Example.": {Host: "cdn-skimmer.example", Known: true, Malicious: true, Reasons: []string{"Malware", "risk score 0.97 (threshold 0.9)"},
			Categories: []string{"Malware", "New Domains"}, ContentCategories: []string{"Technology"}, RiskScore: f64(0.97), Source: Source},
		"cdn-skimmer.example": {Host: "cdn-skimmer.example", Known: true, Malicious: true, Reasons: []string{"Malware", "risk score 0.97 (threshold 0.9)"},
			Categories: []string{"Malware", "New Domains"}, ContentCategories: []string{"Technology"}, RiskScore: f64(0.97), Source: Source},
		"static.example": {Host: "static.example", Known: true, Reasons: []string{"team-feed.txt:2 lists the URL https://static.example/bad.js on this host"},
			Categories: []string{"Injected"}, ContentCategories: []string{"Content Servers"}, PopularityRank: 900, Source: Source},
		"quiet.example": {Host: "quiet.example", Reasons: []string{"no data: Cloudflare Intel knows nothing about this domain"}, Source: Source},
		"203.0.113.7": {Host: "203.0.113.7", Known: true, Malicious: true, Reasons: []string{"Command and Control & Botnet"}, Categories: []string{"Command and Control & Botnet"},
			AS: &ASRef{ID: "autonomous-system--2fa28d71-3549-5a38-af05-770b79ad6ea8", Value: "64500", Description: "EXAMPLE-HOSTING", Country: "US", Type: "hosting_provider"}, Source: Source},
		"[2001:db8::7]": {Host: "2001:db8::7", Known: true,
			AS: &ASRef{ID: "autonomous-system--9f3c2b7e-5d1a-5c8e-b0a4-3e2f1d6c7b8a", Value: "64501", Description: "EXAMPLE-ISP", Country: "NL", Type: "isp"}, Source: Source},
		"not a host": {Host: "not a host", Reasons: []string{`no data: not a valid hostname: character ' '`}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Lookup mismatch (-want +got):\n%s", diff)
	}
	wantReqs := []string{
		"ip?ipv4=203.0.113.7",
		"ip?ipv6=2001%3Adb8%3A%3A7",
		"domain/bulk?domain=cdn-skimmer.example&domain=static.example&domain=quiet.example&include_ranking=true",
	}
	if diff := cmp.Diff(wantReqs, s.made()); diff != "" {
		t.Errorf("requests mismatch (-want +got):\n%s", diff)
	}

	// The second run is answered from the cache, bulk fixture domain aside.
	got2, err := in.Lookup(t.Context(), hosts)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.made()) != len(wantReqs) {
		t.Errorf("second Lookup made requests: %q", s.made()[len(wantReqs):])
	}
	for h, v := range got2 {
		w := want[h]
		w.Cached = w.Source == Source
		if diff := cmp.Diff(w, v); diff != "" {
			t.Errorf("second Lookup(%q) mismatch (-want +got):\n%s", h, diff)
		}
	}

	// Once the TTL has passed, the API is asked again: one domain goes to the single endpoint.
	clk.t = clk.t.Add(2 * time.Hour)
	if _, err := in.Lookup(t.Context(), []string{"quiet.example"}); err != nil {
		t.Fatal(err)
	}
	if reqs := s.made(); reqs[len(reqs)-1] != "domain?domain=quiet.example" {
		t.Errorf("after the TTL: requests %q, want a new domain?domain=quiet.example", reqs)
	}
}

func TestLookupOffline(t *testing.T) {
	t.Parallel()
	s := &fakeAPI{t: t}
	srv := httptest.NewServer(s)
	defer srv.Close()
	var slept []time.Duration
	cache := &Cache{Dir: t.TempDir()}
	warm := &Investigator{Cache: cache, Client: newTestClient(srv, &slept)}
	if _, err := warm.Lookup(t.Context(), []string{"cdn-skimmer.example"}); err != nil {
		t.Fatal(err)
	}
	n := len(s.made())
	tests := []struct {
		name string
		in   *Investigator
		host string
		want Verdict
	}{
		{"offline, from the cache", &Investigator{Cache: cache, Client: newTestClient(srv, &slept), Offline: true}, "cdn-skimmer.example",
			Verdict{Host: "cdn-skimmer.example", Known: true, Malicious: true, Reasons: []string{"Malware", "risk score 0.97 (threshold 0.9)"},
				Categories: []string{"Malware", "New Domains"}, ContentCategories: []string{"Technology"}, RiskScore: f64(0.97), Source: Source, Cached: true}},
		{"offline, not cached", &Investigator{Cache: cache, Offline: true}, "other.example",
			Verdict{Host: "other.example", Reasons: []string{"no data: not in the cache, and Cloudflare Intel was not asked (offline)"}}},
		{"no client, with a list", &Investigator{List: testList(t)}, "other.example",
			Verdict{Host: "other.example", Reasons: []string{"no data: not in the intel file, and Cloudflare Intel was not asked (offline)"}}},
		{"a higher threshold applies to cached answers", &Investigator{Cache: cache, Offline: true, RiskThreshold: 0.99}, "cdn-skimmer.example",
			Verdict{Host: "cdn-skimmer.example", Known: true, Malicious: true, Reasons: []string{"Malware"},
				Categories: []string{"Malware", "New Domains"}, ContentCategories: []string{"Technology"}, RiskScore: f64(0.97), Source: Source, Cached: true}},
	}
	for _, tt := range tests {
		got, err := tt.in.Lookup(t.Context(), []string{tt.host})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if diff := cmp.Diff(map[string]Verdict{tt.host: tt.want}, got); diff != "" {
			t.Errorf("%s: Lookup mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
	if len(s.made()) != n {
		t.Errorf("offline lookups made requests: %q", s.made()[n:])
	}
	// Without a cache (--no-cache), every lookup asks the API.
	nc := &Investigator{Client: newTestClient(srv, &slept)}
	for range 2 {
		if _, err := nc.Lookup(t.Context(), []string{"cdn-skimmer.example"}); err != nil {
			t.Fatal(err)
		}
	}
	if got := len(s.made()) - n; got != 2 {
		t.Errorf("no-cache lookups made %d requests, want 2", got)
	}
}

func TestLookupErrors(t *testing.T) {
	t.Parallel()
	s := &fakeAPI{t: t, fail: func(w http.ResponseWriter, _ *http.Request, _ int) bool {
		w.WriteHeader(http.StatusForbidden)
		return true
	}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	var slept []time.Duration
	cache := &Cache{Dir: t.TempDir()}
	in := &Investigator{Cache: cache, Client: newTestClient(srv, &slept)}
	got, err := in.Lookup(t.Context(), []string{"192.0.2.1", "192.0.2.2", "a.example", "b.example"})
	if err == nil || !strings.Contains(err.Error(), "403 Forbidden: the token needs the Intel Read permission") {
		t.Fatalf("Lookup error = %v, want a 403 naming Intel Read", err)
	}
	if !errors.Is(err, ErrAPI) || strings.Contains(err.Error(), testToken) {
		t.Errorf("Lookup error %q: want ErrAPI, without the token", err)
	}
	if reqs := s.made(); len(reqs) != 1 {
		t.Errorf("requests after a 403: %q, want the first only", reqs)
	}
	for h, v := range got {
		if v.Known || v.Malicious || !slices.Equal(v.Reasons, []string{"no data: the lookup failed"}) {
			t.Errorf("Lookup(%q) = %+v, want no data: the lookup failed", h, v)
		}
		if _, ok := cache.get(h); ok {
			t.Errorf("a failed lookup of %q was cached", h)
		}
	}
	if len(got) != 4 {
		t.Errorf("Lookup returned %d verdicts, want 4", len(got))
	}
	// No token: an error naming CLOUDFLARE_API_TOKEN and the permission, before any request.
	in = &Investigator{Client: &Client{AccountID: testAccount, BaseURL: srv.URL}}
	_, err = in.Lookup(t.Context(), []string{"a.example", "b.example", "192.0.2.1"})
	if !errors.Is(err, ErrNoToken) || !strings.Contains(err.Error(), "CLOUDFLARE_API_TOKEN") || !strings.Contains(err.Error(), "Intel Read") {
		t.Errorf("Lookup without a token: error %v", err)
	}
	if reqs := s.made(); len(reqs) != 1 {
		t.Errorf("requests without a token: %q", reqs[1:])
	}
}

// TestLookupCacheFailed: a cache that cannot be written costs nothing but a note: with
// CacheFailed set the lookup succeeds and each failure is told; without it, the failure is the
// error.
func TestLookupCacheFailed(t *testing.T) {
	t.Parallel()
	s := &fakeAPI{t: t}
	srv := httptest.NewServer(s)
	defer srv.Close()
	var slept []time.Duration
	file := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(file, nil, 0o644)
	var told []error
	in := &Investigator{Cache: &Cache{Dir: filepath.Join(file, "cache")}, Client: newTestClient(srv, &slept), CacheFailed: func(err error) { told = append(told, err) }}
	got, err := in.Lookup(t.Context(), []string{"cdn-skimmer.example"})
	if err != nil || !got["cdn-skimmer.example"].Malicious || len(told) != 1 {
		t.Errorf("Lookup with CacheFailed = %+v, %v; told %v: want the verdict, no error, one failure told", got, err, told)
	}
	in.CacheFailed = nil
	got, err = in.Lookup(t.Context(), []string{"cdn-skimmer.example"})
	if err == nil || !strings.Contains(err.Error(), "intel cache") || !got["cdn-skimmer.example"].Malicious {
		t.Errorf("Lookup without CacheFailed = %+v, %v: want the verdict and the cache's error", got, err)
	}
}

// TestListMerge: several intel files answer as one, each entry naming its own file.
func TestListMerge(t *testing.T) {
	t.Parallel()
	a, err := Read(strings.NewReader("evil.example\tSkimmer\n"), "a.txt")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Read(strings.NewReader("# b\nevil.example\tOther\n203.0.113.9,C2\n"), "b.txt")
	if err != nil {
		t.Fatal(err)
	}
	a.Merge(b)
	if v := a.Verdict("evil.example"); v.Source != "a.txt" || v.Reasons[0] != "listed in a.txt:1 as evil.example (Skimmer)" {
		t.Errorf("Verdict(evil.example) = %+v, want a.txt's entry", v)
	}
	if v := a.Verdict("203.0.113.9"); !v.Malicious || v.Source != "b.txt" || v.Reasons[0] != "listed in b.txt:3 as 203.0.113.9 (C2)" {
		t.Errorf("Verdict(203.0.113.9) = %+v, want b.txt's entry", v)
	}
}
