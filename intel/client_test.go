package intel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shieldscan/shieldscan/rules"
)

const (
	testAccount = "023e105f4ecef8ad9ca31a8372d0c353"
	testToken   = "sEcReT-int3l-token-value-0987654321fedcba"
	apiPrefix   = "/client/v4/accounts/" + testAccount + "/intel/"
)

func fixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "intel", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// fakeAPI answers like Cloudflare's Intel API: the fixtures for the hosts they describe, a
// generated record for the domains in known, and an empty record for any other domain.
type fakeAPI struct {
	t     *testing.T
	known map[string]string // domain → its record's JSON
	fail  func(w http.ResponseWriter, r *http.Request, n int) bool

	mu       sync.Mutex
	requests []string
}

func (s *fakeAPI) made() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

func (s *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	n := len(s.requests)
	s.requests = append(s.requests, strings.TrimPrefix(r.URL.Path, apiPrefix)+"?"+r.URL.RawQuery)
	s.mu.Unlock()
	if s.fail != nil && s.fail(w, r, n) {
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+testToken {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, fixture(s.t, "unauthorized.json"))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	q := r.URL.Query()
	switch strings.TrimPrefix(r.URL.Path, apiPrefix) {
	case "domain":
		d := q.Get("domain")
		if d == "cdn-skimmer.example" {
			fmt.Fprint(w, fixture(s.t, "domain.json"))
			return
		}
		fmt.Fprintf(w, `{"success": true, "errors": [], "messages": [], "result": %s}`, s.record(d))
	case "domain/bulk":
		ds := q["domain"]
		if slices.Equal(ds, []string{"login.phish.example", "popular.example", "never-seen.example"}) {
			fmt.Fprint(w, fixture(s.t, "bulk.json"))
			return
		}
		var items []string
		for _, d := range ds {
			items = append(items, s.record(d))
		}
		fmt.Fprintf(w, `{"success": true, "errors": [], "messages": [], "result": [%s]}`, strings.Join(items, ","))
	case "ip":
		switch {
		case q.Get("ipv4") == "203.0.113.7":
			fmt.Fprint(w, fixture(s.t, "ipv4.json"))
		case q.Get("ipv6") == "2001:db8::7":
			fmt.Fprint(w, fixture(s.t, "ipv6.json"))
		default:
			fmt.Fprint(w, `{"success": true, "errors": [], "messages": [], "result": []}`)
		}
	default:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"success": false, "errors": [{"code": 7003, "message": "Could not route"}], "messages": [], "result": null}`)
	}
}

func (s *fakeAPI) record(d string) string {
	if rec, ok := s.known[d]; ok {
		return rec
	}
	if d == "cdn-skimmer.example" { // domain.json's record, in a bulk answer
		var env struct{ Result json.RawMessage }
		if err := json.Unmarshal([]byte(fixture(s.t, "domain.json")), &env); err != nil {
			s.t.Error(err)
		}
		return string(env.Result)
	}
	return fmt.Sprintf(`{"domain": %q, "risk_types": [], "content_categories": []}`, d)
}

// newTestClient returns a client for srv whose sleeps are recorded, not slept.
func newTestClient(srv *httptest.Server, slept *[]time.Duration) *Client {
	return &Client{
		BaseURL:    srv.URL + "/client/v4",
		Token:      testToken,
		AccountID:  testAccount,
		HTTP:       srv.Client(),
		MaxRetries: 3,
		MaxWait:    10 * time.Second,
		Sleep: func(ctx context.Context, d time.Duration) error {
			*slept = append(*slept, d)
			return ctx.Err()
		},
	}
}

func f64(f float64) *float64 { return &f }

func TestDomain(t *testing.T) {
	t.Parallel()
	s := &fakeAPI{t: t}
	srv := httptest.NewServer(s)
	defer srv.Close()
	var slept []time.Duration
	d, err := newTestClient(srv, &slept).Domain(t.Context(), "cdn-skimmer.example")
	if err != nil {
		t.Fatal(err)
	}
	want := Verdict{
		Host: "cdn-skimmer.example", Known: true, Malicious: true,
		Reasons:           []string{"Malware", "risk score 0.97 (threshold 0.9)"},
		Categories:        []string{"Malware", "New Domains"},
		ContentCategories: []string{"Technology"},
		RiskScore:         f64(0.97),
		Source:            Source,
	}
	if diff := cmp.Diff(want, d.Verdict(0)); diff != "" {
		t.Errorf("Verdict mismatch (-want +got):\n%s", diff)
	}
	if got, want := s.made(), []string{"domain?domain=cdn-skimmer.example"}; !slices.Equal(got, want) {
		t.Errorf("requests %q, want %q", got, want)
	}
}

func TestDomainsBulkFixture(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(&fakeAPI{t: t})
	defer srv.Close()
	var slept []time.Duration
	ds := []string{"login.phish.example", "popular.example", "never-seen.example"}
	got, err := newTestClient(srv, &slept).Domains(t.Context(), ds)
	if err != nil {
		t.Fatal(err)
	}
	verdicts := map[string]Verdict{}
	for d, info := range got {
		verdicts[d] = info.Verdict(0)
	}
	want := map[string]Verdict{
		"login.phish.example": {
			Host: "login.phish.example", Known: true, Malicious: true,
			Reasons:           []string{"Phishing (inherited from phish.example)"},
			Categories:        []string{"Phishing (inherited from phish.example)"},
			ContentCategories: []string{"Login Screens"},
			InheritedFrom:     "phish.example",
			RiskScore:         f64(0.42),
			Source:            Source,
		},
		"popular.example": {
			Host: "popular.example", Known: true, ContentCategories: []string{"Technology"},
			RiskScore: f64(0), PopularityRank: 12, Source: Source,
		},
		"never-seen.example": {
			Host: "never-seen.example", Reasons: []string{"no data: Cloudflare Intel knows nothing about this domain"}, Source: Source,
		},
	}
	if diff := cmp.Diff(want, verdicts); diff != "" {
		t.Errorf("verdicts mismatch (-want +got):\n%s", diff)
	}
}

func TestDomainsBatching(t *testing.T) {
	t.Parallel()
	var ds []string
	for i := range 25 {
		ds = append(ds, fmt.Sprintf("host%02d.example", i))
	}
	s := &fakeAPI{t: t, known: map[string]string{
		"host07.example": `{"domain": "host07.example", "risk_types": [{"id": 83, "name": "Cryptomining", "super_category_id": 21}]}`,
	}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	var slept []time.Duration
	c := newTestClient(srv, &slept)
	got, err := c.Domains(t.Context(), ds)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 25 {
		t.Errorf("Domains returned %d records, want 25", len(got))
	}
	if !got["host07.example"].Verdict(0).Malicious || got["host08.example"].Verdict(0).Known {
		t.Errorf("host07 must be malicious, host08 unknown: %+v %+v", got["host07.example"], got["host08.example"])
	}
	var sizes []int
	for _, r := range s.made() {
		if !strings.HasPrefix(r, "domain/bulk?") || !strings.Contains(r, "include_ranking=true") {
			t.Errorf("request %q, want domain/bulk with include_ranking=true", r)
		}
		sizes = append(sizes, strings.Count(r, "domain="))
	}
	if want := []int{10, 10, 5}; !slices.Equal(sizes, want) {
		t.Errorf("batch sizes %v, want %v", sizes, want)
	}
}

// TestDomainsSplit: a batch the API refuses as too big is asked again in halves.
func TestDomainsSplit(t *testing.T) {
	t.Parallel()
	s := &fakeAPI{t: t}
	s.fail = func(w http.ResponseWriter, r *http.Request, _ int) bool {
		if len(r.URL.Query()["domain"]) > 3 {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"success": false, "errors": [{"code": 1001, "message": "too many domains"}], "messages": [], "result": null}`)
			return true
		}
		return false
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	var slept []time.Duration
	c := newTestClient(srv, &slept)
	ds := []string{"a.example", "b.example", "c.example", "d.example", "e.example", "f.example", "g.example", "h.example"}
	got, err := c.Domains(t.Context(), ds)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(ds) {
		t.Errorf("Domains returned %d records, want %d", len(got), len(ds))
	}
	var sizes []int
	for _, r := range s.made() {
		sizes = append(sizes, strings.Count(r, "domain="))
	}
	if want := []int{8, 4, 2, 2, 4, 2, 2}; !slices.Equal(sizes, want) {
		t.Errorf("batch sizes %v, want %v", sizes, want)
	}
}

func TestIP(t *testing.T) {
	t.Parallel()
	s := &fakeAPI{t: t}
	srv := httptest.NewServer(s)
	defer srv.Close()
	var slept []time.Duration
	c := newTestClient(srv, &slept)
	tests := []struct {
		addr string
		want Verdict
	}{
		{"203.0.113.7", Verdict{
			Host: "203.0.113.7", Known: true, Malicious: true,
			Reasons: []string{"Command and Control & Botnet"}, Categories: []string{"Command and Control & Botnet"},
			AS:     &ASRef{ID: "autonomous-system--2fa28d71-3549-5a38-af05-770b79ad6ea8", Value: "64500", Description: "EXAMPLE-HOSTING", Country: "US", Type: "hosting_provider"},
			Source: Source,
		}},
		{"::ffff:203.0.113.7", Verdict{
			Host: "203.0.113.7", Known: true, Malicious: true,
			Reasons: []string{"Command and Control & Botnet"}, Categories: []string{"Command and Control & Botnet"},
			AS:     &ASRef{ID: "autonomous-system--2fa28d71-3549-5a38-af05-770b79ad6ea8", Value: "64500", Description: "EXAMPLE-HOSTING", Country: "US", Type: "hosting_provider"},
			Source: Source,
		}},
		{"2001:db8::7", Verdict{
			Host: "2001:db8::7", Known: true,
			AS:     &ASRef{ID: "autonomous-system--9f3c2b7e-5d1a-5c8e-b0a4-3e2f1d6c7b8a", Value: "64501", Description: "EXAMPLE-ISP", Country: "NL", Type: "isp"},
			Source: Source,
		}},
		{"192.0.2.200", Verdict{Host: "192.0.2.200", Reasons: []string{"no data: Cloudflare Intel knows nothing about this address"}, Source: Source}},
	}
	for _, tt := range tests {
		info, err := c.IP(t.Context(), netip.MustParseAddr(tt.addr))
		if err != nil {
			t.Fatalf("IP(%s): %v", tt.addr, err)
		}
		if diff := cmp.Diff(tt.want, info.Verdict()); diff != "" {
			t.Errorf("IP(%s) verdict mismatch (-want +got):\n%s", tt.addr, diff)
		}
	}
	want := []string{"ip?ipv4=203.0.113.7", "ip?ipv4=203.0.113.7", "ip?ipv6=2001%3Adb8%3A%3A7", "ip?ipv4=192.0.2.200"}
	if got := s.made(); !slices.Equal(got, want) {
		t.Errorf("requests %q, want %q", got, want)
	}
}

func TestClientErrors(t *testing.T) {
	t.Parallel()
	status := func(code int, body string, headers ...string) func(http.ResponseWriter, *http.Request, int) bool {
		return func(w http.ResponseWriter, _ *http.Request, _ int) bool {
			for i := 0; i+1 < len(headers); i += 2 {
				w.Header().Set(headers[i], headers[i+1])
			}
			w.WriteHeader(code)
			fmt.Fprint(w, body)
			return true
		}
	}
	firstN := func(n int, fail func(http.ResponseWriter, *http.Request, int) bool) func(http.ResponseWriter, *http.Request, int) bool {
		return func(w http.ResponseWriter, r *http.Request, i int) bool {
			return i < n && fail(w, r, i)
		}
	}
	hang := func(w http.ResponseWriter, r *http.Request, _ int) bool {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
		return true
	}
	tests := []struct {
		name     string
		fail     func(http.ResponseWriter, *http.Request, int) bool
		token    string
		timeout  time.Duration
		wantErr  string
		wantReqs int
		slept    []time.Duration
	}{
		{
			name:     "401",
			fail:     status(401, `{"success": false, "errors": [{"code": 10000, "message": "Authentication error"}]}`),
			wantErr:  "GET accounts/" + testAccount + "/intel/domain?domain=cdn-skimmer.example: 401 Unauthorized: Authentication error (code 10000): the token needs the Intel Read permission",
			wantReqs: 1,
		},
		{
			name:     "403 without a body",
			fail:     status(403, ""),
			wantErr:  "403 Forbidden: the token needs the Intel Read permission (Account > Intel > Read) on this account",
			wantReqs: 1,
		},
		{
			name:     "wrong token",
			token:    "wrong-token-value",
			wantErr:  "401 Unauthorized: Authentication error (code 10000): the token needs the Intel Read permission",
			wantReqs: 1,
		},
		{
			name:     "429 then success, Retry-After honoured",
			fail:     firstN(1, status(429, "", "Retry-After", "7")),
			wantReqs: 2,
			slept:    []time.Duration{7 * time.Second},
		},
		{
			name:     "429 with a long Retry-After is capped",
			fail:     firstN(2, status(429, "", "Retry-After", "3600")),
			wantReqs: 3,
			slept:    []time.Duration{10 * time.Second, 10 * time.Second},
		},
		{
			name:     "500 then success, with backoff",
			fail:     firstN(2, status(500, "oops")),
			wantReqs: 3,
			slept:    []time.Duration{time.Second, 2 * time.Second},
		},
		{
			name:     "503 forever",
			fail:     status(503, `{"success": false, "errors": [{"message": "try later"}]}`),
			wantErr:  "503 Service Unavailable: try later: gave up after 4 attempts in 7",
			wantReqs: 4,
			slept:    []time.Duration{time.Second, 2 * time.Second, 4 * time.Second},
		},
		{
			name:     "hang: timeout on every attempt",
			fail:     hang,
			timeout:  50 * time.Millisecond,
			wantErr:  "no response within 50ms; gave up after 4 attempts in 7.",
			wantReqs: -1, // a request may time out before the server sees it
			slept:    []time.Duration{time.Second, 2 * time.Second, 4 * time.Second},
		},
		{
			name:     "malformed JSON",
			fail:     status(200, `{"result": {"domain": "a.example"`),
			wantErr:  "200 OK: malformed response: unexpected end of JSON input",
			wantReqs: 1,
		},
		{
			name:     "unexpected result",
			fail:     status(200, `{"success": true, "result": {"risk_types": "Malware"}}`),
			wantErr:  "200 OK: unexpected result: cannot unmarshal string",
			wantReqs: 1,
		},
		{
			name:     "success false",
			fail:     status(200, `{"success": false, "errors": [{"code": 1003, "message": "Invalid account"}], "result": null}`),
			wantErr:  "200 OK: Invalid account (code 1003)",
			wantReqs: 1,
		},
		{
			name:     "404",
			fail:     status(404, `{"success": false, "errors": [{"code": 7003, "message": "Could not route"}]}`),
			wantErr:  "404 Not Found: Could not route (code 7003): check the account ID (--cloudflare-account)",
			wantReqs: 1,
		},
		{
			name:     "the token echoed in an error is redacted",
			fail:     status(400, `{"success": false, "errors": [{"message": "bad header Bearer `+testToken+`"}]}`),
			wantErr:  "400 Bad Request: bad header Bearer REDACTED",
			wantReqs: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := &fakeAPI{t: t, fail: tt.fail}
			srv := httptest.NewServer(s)
			defer srv.Close()
			var slept []time.Duration
			c := newTestClient(srv, &slept)
			if tt.token != "" {
				c.Token = tt.token
			}
			c.Timeout = tt.timeout
			d, err := c.Domain(t.Context(), "cdn-skimmer.example")
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Domain: %v", err)
			case tt.wantErr == "" && !d.Verdict(0).Malicious:
				t.Errorf("Domain verdict %+v, want malicious", d.Verdict(0))
			case tt.wantErr != "" && err == nil:
				t.Fatalf("Domain succeeded, want error %q", tt.wantErr)
			case tt.wantErr != "":
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("Domain error = %q, want it to contain %q", err, tt.wantErr)
				}
				if !errors.Is(err, ErrAPI) {
					t.Errorf("Domain error %v does not wrap ErrAPI", err)
				}
				if strings.Contains(err.Error(), testToken) || strings.Contains(fmt.Sprintf("%+v %#v", err, err), testToken) {
					t.Errorf("Domain error %q shows the token", err)
				}
			}
			if reqs := s.made(); tt.wantReqs >= 0 && len(reqs) != tt.wantReqs {
				t.Errorf("%d requests, want %d: %q", len(reqs), tt.wantReqs, reqs)
			}
			if !slices.Equal(slept, tt.slept) {
				t.Errorf("slept %v, want %v", slept, tt.slept)
			}
		})
	}
}

func TestClientInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		c    Client
		want string
	}{
		{"no token", Client{AccountID: testAccount}, "no API token for Cloudflare Intel: set CLOUDFLARE_API_TOKEN to a token with the Intel Read permission"},
		{"blank token", Client{Token: " \t", AccountID: testAccount}, "CLOUDFLARE_API_TOKEN"},
		{"no account", Client{Token: testToken}, `Cloudflare account ID "" is not 32 hexadecimal digits (--cloudflare-account)`},
		{"bad account", Client{Token: testToken, AccountID: "acct/../zones"}, `account ID "acct/../zones" is not 32 hexadecimal digits`},
		{"bad base URL", Client{Token: testToken, AccountID: testAccount, BaseURL: "ftp://user:pw@api.example/"}, `API base URL "ftp://user:REDACTED@api.example/" is not an http(s) URL`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := tt.c.Domain(t.Context(), "a.example")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Domain error = %v, want it to contain %q", err, tt.want)
			}
			if !errors.Is(err, rules.ErrInvalid) {
				t.Errorf("error %v does not match rules.ErrInvalid", err)
			}
			if tt.name == "no token" && !errors.Is(err, ErrNoToken) {
				t.Errorf("error %v is not ErrNoToken", err)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("error %q shows the token", err)
			}
			if _, err := tt.c.Domains(t.Context(), []string{"a.example"}); err == nil {
				t.Errorf("Domains succeeded")
			}
			if _, err := tt.c.IP(t.Context(), netip.MustParseAddr("192.0.2.1")); err == nil {
				t.Errorf("IP succeeded")
			}
		})
	}
}

// TestTokenNeverPrinted: no way of printing a client shows its token.
func TestTokenNeverPrinted(t *testing.T) {
	t.Parallel()
	c := Client{Token: testToken, AccountID: testAccount, BaseURL: "https://api.example/?token=" + testToken}
	for _, s := range []string{c.String(), fmt.Sprint(c), fmt.Sprintf("%v %+v %#v %s", c, c, c, &c)} {
		if strings.Contains(s, testToken) {
			t.Errorf("printed client %q shows the token", s)
		}
	}
}

func TestClientCancel(t *testing.T) {
	t.Parallel()
	s := &fakeAPI{t: t, fail: func(w http.ResponseWriter, _ *http.Request, _ int) bool {
		w.WriteHeader(http.StatusServiceUnavailable)
		return true
	}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	ctx, cancel := context.WithCancel(t.Context())
	c := &Client{BaseURL: srv.URL + "/client/v4", Token: testToken, AccountID: testAccount, MaxRetries: 10, MaxWait: time.Hour}
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	_, err := c.Domain(ctx, "a.example")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Domain error = %v, want context.Canceled", err)
	}
}

// TestRedirect: the token goes only where the base URL points; a redirect to another port or
// scheme gets no Authorization header.
func TestRedirect(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	auth := map[string]string{}
	record := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auth[r.URL.Path] = r.Header.Get("Authorization")
		mu.Unlock()
		if r.URL.Path == "/same-origin" { // an IP lookup's redirect: a list
			fmt.Fprint(w, `{"success": true, "errors": [], "messages": [], "result": []}`)
			return
		}
		fmt.Fprint(w, `{"success": true, "errors": [], "messages": [], "result": {"domain": "a.example"}}`)
	})
	other := httptest.NewServer(record)
	defer other.Close()
	mux := http.NewServeMux()
	mux.HandleFunc(apiPrefix+"domain", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/other-port", http.StatusFound)
	})
	mux.HandleFunc(apiPrefix+"ip", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/same-origin", http.StatusFound)
	})
	mux.Handle("/same-origin", record)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := &Client{BaseURL: srv.URL + "/client/v4", Token: testToken, AccountID: testAccount, MaxRetries: -1}
	if _, err := c.Domain(t.Context(), "a.example"); err != nil {
		t.Fatalf("Domain: %v", err)
	}
	if _, err := c.IP(t.Context(), netip.MustParseAddr("192.0.2.1")); err != nil {
		t.Fatalf("IP: %v", err)
	}
	tlsMux := http.NewServeMux()
	tlsMux.HandleFunc(apiPrefix, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/other-scheme", http.StatusFound)
	})
	tlsSrv := httptest.NewTLSServer(tlsMux)
	defer tlsSrv.Close()
	c = &Client{BaseURL: tlsSrv.URL + "/client/v4", Token: testToken, AccountID: testAccount, HTTP: tlsSrv.Client(), MaxRetries: -1}
	if _, err := c.Domain(t.Context(), "a.example"); err != nil {
		t.Fatalf("Domain: %v", err)
	}
	want := map[string]string{"/other-port": "", "/same-origin": "Bearer " + testToken, "/other-scheme": ""}
	mu.Lock()
	defer mu.Unlock()
	if diff := cmp.Diff(want, auth); diff != "" {
		t.Errorf("Authorization after redirects mismatch (-want +got):\n%s", diff)
	}
}
