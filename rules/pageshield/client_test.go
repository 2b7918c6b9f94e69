package pageshield

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shieldscan/shieldscan/rules"
)

const (
	testZone  = "023e105f4ecef8ad9ca31a8372d0c353"
	testToken = "sEcReT-t0ken-value-1234567890abcdef"
)

// listPage is a list response holding items, on page of total.
func listPage(page, total int, items ...string) string {
	return fmt.Sprintf(`{"result": [%s], "success": true, "errors": [], "messages": [],`+
		` "result_info": {"page": %d, "per_page": 100, "count": %d, "total_count": 0, "total_pages": %d}}`,
		strings.Join(items, ","), page, len(items), total)
}

// zonePages serves the shared fixtures as the first pages of a zone with three pages of scripts
// and two of connections.
func zonePages(t *testing.T) map[string]string {
	scripts := strings.Replace(fixture(t, "scripts-list.json"), `"total_pages": 1`, `"total_pages": 3`, 1)
	connections := strings.Replace(fixture(t, "connections-list.json"), `"total_pages": 1`, `"total_pages": 2`, 1)
	return map[string]string{
		"scripts/1": scripts,
		// No script-only fields: the endpoint, not the fields, says these are scripts.
		"scripts/2":     listPage(2, 3, `{"url": "https://cdn.example.org/p2.js", "host": "shop.example.com", "status": "inactive"}`),
		"scripts/3":     listPage(3, 3, `{"url": "https://shop.example.com/js/app.js", "host": "shop.example.com", "js_integrity_score": null}`),
		"connections/1": connections,
		"connections/2": listPage(2, 2, `{"url": "wss://[2001:db8::7]:8443", "host": "shop.example.com"}`),
		// The get responses of the two scripts with an id: the skimmer, malicious now, and
		// bootstrap, clean now but a skimmer two versions ago.
		"script/" + skimmerID: scriptGet(skimmerID, "https://cdn.skimmer-example.net/lib/checkout.js?v=3", "9f2b", 4,
			version{hash: "9f2b", fetchedAt: "2026-10-21T16:58:07Z", scores: map[string]float64{"js_integrity": 4}}),
		"script/" + bootstrapID: scriptGet(bootstrapID, "https://cdnjs.example.org/ajax/libs/bootstrap/4.6.0/js/bootstrap.min.js", "aa01", 97,
			version{hash: "aa01", fetchedAt: "2026-10-21T16:58:07Z", scores: map[string]float64{"js_integrity": 97}},
			version{hash: "bb02", fetchedAt: "2026-10-02T11:00:00Z", scores: map[string]float64{"js_integrity": 2, "magecart": 1}}),
	}
}

// The ids of the scripts of scripts-list.json.
const (
	skimmerID   = "8337233faec2357ff84465a919534e4d"
	bootstrapID = "c9ef84a6bf5e47138c75d95e2f933e8f"
)

// scriptGet is a script get response, with only the fields that the schema requires, the current
// hash and integrity score, and versions.
func scriptGet(id, url, hash string, integrity int, versions ...version) string {
	var vs []string
	for _, v := range versions {
		fields := []string{fmt.Sprintf(`"hash": %q, "fetched_at": %q`, v.hash, v.fetchedAt)}
		for _, sf := range scoreFields {
			if n, ok := v.scores[sf.key]; ok {
				fields = append(fields, fmt.Sprintf(`%q: %v`, sf.field, n))
			}
		}
		vs = append(vs, "{"+strings.Join(fields, ", ")+"}")
	}
	return fmt.Sprintf(`{"result": {"id": %q, "url": %q, "added_at": "2026-08-18T10:51:10Z", "first_seen_at": "2026-08-18T10:51:08Z",`+
		` "last_seen_at": "2026-10-22T09:57:54Z", "host": "shop.example.com", "url_contains_cdn_cgi_path": false,`+
		` "hash": %q, "js_integrity_score": %d, "versions": [%s]}, "success": true, "errors": [], "messages": []}`,
		id, url, hash, integrity, strings.Join(vs, ", "))
}

// apiServer answers like the Page Shield API from pages, keyed "scripts/N"; fail, when it returns
// true, has written the response itself.
type apiServer struct {
	t     *testing.T
	pages map[string]string
	fail  func(w http.ResponseWriter, r *http.Request, n int) bool

	mu       sync.Mutex
	requests []string
}

// made returns the requests made so far.
func (s *apiServer) made() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

func (s *apiServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	n := len(s.requests)
	s.requests = append(s.requests, r.URL.Path+"?"+r.URL.RawQuery)
	s.mu.Unlock()
	if s.fail != nil && s.fail(w, r, n) {
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+testToken {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	kind := strings.TrimPrefix(r.URL.Path, "/client/v4/zones/"+testZone+"/page_shield/")
	if id, ok := strings.CutPrefix(kind, "scripts/"); ok { // a script get
		body, ok := s.pages["script/"+id]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			body = `{"result": null, "success": false, "errors": [{"code": 10001, "message": "script not found"}]}`
		}
		fmt.Fprint(w, body)
		return
	}
	q := r.URL.Query()
	if q.Get("status") != "active,infrequent,inactive" || q.Get("per_page") != "100" {
		s.t.Errorf("query %q, want status=active,infrequent,inactive and per_page=100", r.URL.RawQuery)
	}
	// exclude_duplicates defaults to true: without false, scripts of the same content, URL host
	// and zone host fold into the most recent, and the other URL variants never arrive.
	if d, ok := q["exclude_duplicates"]; kind == "scripts" && (!ok || len(d) != 1 || d[0] != "false") {
		s.t.Errorf("scripts query %q, want exclude_duplicates=false", r.URL.RawQuery)
	} else if kind == "connections" && ok {
		s.t.Errorf("connections query %q has exclude_duplicates, a scripts-only parameter", r.URL.RawQuery)
	}
	body, ok := s.pages[kind+"/"+q.Get("page")]
	if !ok {
		body = listPage(0, 0)
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprint(w, body)
}

// newTestClient returns a client for srv whose sleeps are recorded, not slept.
func newTestClient(srv *httptest.Server, slept *[]time.Duration) *Client {
	return &Client{
		BaseURL:    srv.URL + "/client/v4",
		Token:      testToken,
		HTTP:       srv.Client(),
		MaxRetries: 3,
		MaxWait:    10 * time.Second,
		Sleep: func(ctx context.Context, d time.Duration) error {
			*slept = append(*slept, d)
			return ctx.Err()
		},
	}
}

func TestPull(t *testing.T) {
	t.Parallel()
	s := &apiServer{t: t, pages: zonePages(t)}
	srv := httptest.NewServer(s)
	defer srv.Close()
	var slept []time.Duration
	in, err := newTestClient(srv, &slept).Pull(t.Context(), testZone)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range in.Resources {
		got = append(got, fmt.Sprintf("%s %s malicious=%v", r.Canonical, r.PageShield.Kind, r.Malicious()))
		if r.Origin != (rules.Origin{}) {
			t.Errorf("%s: Origin = %+v, want none (the API is no file)", r.Canonical, r.Origin)
		}
	}
	want := []string{
		"https://cdn.skimmer-example.net/lib/checkout.js?v=3 script malicious=true",
		"https://cdnjs.example.org/ajax/libs/bootstrap/4.6.0/js/bootstrap.min.js script malicious=true", // an earlier version
		"https://cdn.example.org/p2.js script malicious=false",
		"https://shop.example.com/js/app.js script malicious=false",
		"https://exfil.skimmer-example.net/ connection malicious=true",
		"wss://203.0.113.77:8443/ connection malicious=false",
		"wss://[2001:db8::7]:8443/ connection malicious=false",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Pull resources:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	if in.CloudflareInjected != 1 || in.Format != FormatPageShield {
		t.Errorf("CloudflareInjected, Format = %d, %q; want 1, %q", in.CloudflareInjected, in.Format, FormatPageShield)
	}
	var pages []string
	for _, r := range s.made() {
		path, query, _ := strings.Cut(r, "?")
		pages = append(pages, strings.TrimSuffix(strings.TrimPrefix(path, "/client/v4/zones/"+testZone+"/page_shield/")+" "+query, " "))
	}
	q := "page=%d&per_page=100&status=active%%2Cinfrequent%%2Cinactive"
	sq := "exclude_duplicates=false&" + q // every URL variant of a script, and its own verdict
	wantPages := []string{
		"scripts " + fmt.Sprintf(sq, 1), "scripts " + fmt.Sprintf(sq, 2), "scripts " + fmt.Sprintf(sq, 3),
		"connections " + fmt.Sprintf(q, 1), "connections " + fmt.Sprintf(q, 2),
		// The scripts with an id, after the lists, in any order: their versions.
		"scripts/" + bootstrapID, "scripts/" + skimmerID,
	}
	slices.Sort(pages[len(pages)-2:])
	slices.Sort(wantPages[len(wantPages)-2:])
	if !slices.Equal(pages, wantPages) {
		t.Errorf("requests:\n got %s\nwant %s", strings.Join(pages, "\n     "), strings.Join(wantPages, "\n     "))
	}
	if len(slept) != 0 {
		t.Errorf("slept %v, want no retries", slept)
	}
	wantReasons := []string{
		"earlier version bb02 fetched 2026-10-02T11:00:00Z was malicious: js_integrity_score 2 < 10 (magecart 1); the current version aa01 is not",
	}
	if diff := cmp.Diff(wantReasons, in.Resources[1].PageShield.Reasons); diff != "" {
		t.Errorf("bootstrap's reasons mismatch (-want +got):\n%s", diff)
	}
	if len(in.Notes) != 0 {
		t.Errorf("Notes = %q, want none: every script was asked for", in.Notes)
	}
	if FirstParty(in.Resources[3], nil) != true || FirstParty(in.Resources[2], nil) != false {
		t.Errorf("FirstParty: app.js on the zone host must be first-party, p2.js not")
	}
}

func TestPullErrors(t *testing.T) {
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
	// firstN fails the first n requests with fail, then serves the zone.
	firstN := func(n int, fail func(http.ResponseWriter, *http.Request, int) bool) func(http.ResponseWriter, *http.Request, int) bool {
		return func(w http.ResponseWriter, r *http.Request, i int) bool {
			return i < n && fail(w, r, i)
		}
	}
	tests := []struct {
		name     string
		fail     func(http.ResponseWriter, *http.Request, int) bool
		token    string        // instead of testToken
		timeout  time.Duration // Client.Timeout
		wantErr  string        // a substring of the error; "" for success
		wantReqs int           // requests made
		slept    []time.Duration
	}{
		{
			name:     "401",
			fail:     status(401, `{"success": false, "errors": [{"code": 10000, "message": "Authentication error"}]}`),
			wantErr:  "GET zones/" + testZone + "/page_shield/scripts?exclude_duplicates=false&page=1&per_page=100&status=active%2Cinfrequent%2Cinactive: 401 Unauthorized: Authentication error (code 10000): the token needs the Page Shield Read permission",
			wantReqs: 1,
		},
		{
			name:     "403 without a body",
			fail:     status(403, ""),
			wantErr:  "403 Forbidden: the token needs the Page Shield Read permission",
			wantReqs: 1,
		},
		{
			name:     "wrong token",
			token:    "wrong-token-value",
			wantErr:  "401 Unauthorized: the token needs the Page Shield Read permission",
			wantReqs: 1,
		},
		{
			name:     "429 then success, Retry-After honoured",
			fail:     firstN(1, status(429, "", "Retry-After", "7")),
			wantReqs: 8,
			slept:    []time.Duration{7 * time.Second},
		},
		{
			name:     "429 with a long Retry-After is capped",
			fail:     firstN(2, status(429, "", "Retry-After", "3600")),
			wantReqs: 9,
			slept:    []time.Duration{10 * time.Second, 10 * time.Second},
		},
		{
			name:     "500 then success, with backoff",
			fail:     firstN(2, status(500, "oops")),
			wantReqs: 9,
			slept:    []time.Duration{time.Second, 2 * time.Second},
		},
		{
			name:     "500 forever",
			fail:     status(503, `{"success": false, "errors": [{"message": "try later"}]}`),
			wantErr:  "503 Service Unavailable: try later: gave up after 4 attempts in 7",
			wantReqs: 4,
			slept:    []time.Duration{time.Second, 2 * time.Second, 4 * time.Second},
		},
		{
			name:     "malformed JSON",
			fail:     status(200, `{"result": [{"url": "https://a.example.com/"}`),
			wantErr:  "200 OK: malformed response at byte offset 45: unexpected end of JSON input",
			wantReqs: 1,
		},
		{
			name:     "not a list response",
			fail:     status(200, `{"hello": 1}`),
			wantErr:  "200 OK: malformed response at byte offset 0: not a Page Shield list response",
			wantReqs: 1,
		},
		{
			name:     "success false with errors",
			fail:     status(200, `{"result": null, "success": false, "errors": [{"code": 1003, "message": "Invalid zone"}]}`),
			wantErr:  "200 OK: Invalid zone (code 1003)",
			wantReqs: 1,
		},
		{
			name:     "404",
			fail:     status(404, `{"success": false, "errors": [{"code": 7003, "message": "Could not route"}]}`),
			wantErr:  "404 Not Found: Could not route (code 7003): check the zone ID",
			wantReqs: 1,
		},
		{
			name:     "the token echoed in an error is redacted",
			fail:     status(400, `{"success": false, "errors": [{"message": "bad header Bearer `+testToken+`"}]}`),
			wantErr:  "400 Bad Request: bad header Bearer REDACTED",
			wantReqs: 1,
		},
		{
			name: "timeout",
			fail: func(w http.ResponseWriter, r *http.Request, _ int) bool {
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
				return true
			},
			timeout:  50 * time.Millisecond,
			wantErr:  "no response within 50ms; gave up after 4 attempts in 7.",
			wantReqs: 4,
			slept:    []time.Duration{time.Second, 2 * time.Second, 4 * time.Second},
		},
		{
			name:     "a bad item",
			fail:     status(200, listPage(1, 1, `{"url": "ftp://a.example.com/x.js"}`)),
			wantErr:  `invalid resource "ftp://a.example.com/x.js"`,
			wantReqs: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := &apiServer{t: t, pages: zonePages(t), fail: tt.fail}
			srv := httptest.NewServer(s)
			defer srv.Close()
			var slept []time.Duration
			c := newTestClient(srv, &slept)
			if tt.token != "" {
				c.Token = tt.token
			}
			c.Timeout = tt.timeout
			in, err := c.Pull(t.Context(), testZone)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Pull: %v", err)
			case tt.wantErr == "" && len(in.Resources) != 7:
				t.Errorf("Pull returned %d resources, want 7", len(in.Resources))
			case tt.wantErr != "" && err == nil:
				t.Fatalf("Pull succeeded, want error %q", tt.wantErr)
			case tt.wantErr != "":
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("Pull error = %q, want it to contain %q", err, tt.wantErr)
				}
				if !errors.Is(err, ErrAPI) {
					t.Errorf("Pull error %v does not wrap ErrAPI", err)
				}
				if strings.Contains(err.Error(), testToken) {
					t.Errorf("Pull error %q shows the token", err)
				}
			}
			if reqs := s.made(); len(reqs) != tt.wantReqs {
				t.Errorf("%d requests, want %d: %q", len(reqs), tt.wantReqs, reqs)
			}
			if !slices.Equal(slept, tt.slept) {
				t.Errorf("slept %v, want %v", slept, tt.slept)
			}
		})
	}
}

func TestPullInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		c    Client
		zone string
		want string
	}{
		{"zone too short", Client{Token: testToken}, "023e105f", `zone ID "023e105f" is not 32 hexadecimal digits`},
		{"zone not hex", Client{Token: testToken}, strings.Repeat("g", 32), "is not 32 hexadecimal digits"},
		{"zone with a path", Client{Token: testToken}, testZone + "/../x", "is not 32 hexadecimal digits"},
		{"no token", Client{}, testZone, "no API token"},
		{"base URL", Client{Token: testToken, BaseURL: "ftp://user:" + testToken + "@example.com"}, testZone, `API base URL "ftp://user:REDACTED@example.com" is not an http(s) URL`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := tt.c.Pull(t.Context(), tt.zone)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, rules.ErrInvalid) {
				t.Errorf("Pull(%q) error = %v, want %q wrapping rules.ErrInvalid", tt.zone, err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), testToken) {
				t.Errorf("Pull error %q shows the token", err)
			}
		})
	}
}

// TestPullURLErrorRedacted: a network error quotes the request URL; the token must not show even
// when it is part of that URL.
func TestPullURLErrorRedacted(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close() // nothing listens there now
	c := &Client{BaseURL: base + "/" + testToken, Token: testToken, MaxRetries: -1}
	_, err := c.Pull(t.Context(), testZone)
	if err == nil {
		t.Fatal("Pull succeeded against a closed server")
	}
	if strings.Contains(err.Error(), testToken) || !strings.Contains(err.Error(), "REDACTED") {
		t.Errorf("Pull error = %q, want the token redacted", err)
	}
	if !errors.Is(err, ErrAPI) {
		t.Errorf("Pull error %v does not wrap ErrAPI", err)
	}
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%+v", *c), fmt.Sprintf("%#v", c), fmt.Sprintf("%v", *c)} {
		if strings.Contains(s, testToken) {
			t.Errorf("printing the client shows the token: %s", s)
		}
	}
}

// TestPullCancel: a cancelled context stops the retries.
func TestPullCancel(t *testing.T) {
	t.Parallel()
	s := &apiServer{t: t, pages: zonePages(t), fail: func(w http.ResponseWriter, _ *http.Request, _ int) bool {
		w.WriteHeader(http.StatusServiceUnavailable)
		return true
	}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	ctx, cancel := context.WithCancel(t.Context())
	c := &Client{BaseURL: srv.URL + "/client/v4", Token: testToken, MaxRetries: 10, MaxWait: time.Hour}
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	_, err := c.Pull(ctx, testZone)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Pull error = %v, want context.Canceled", err)
	}
}

// TestPullRedirect: the token goes only where the base URL points; a redirect to another port,
// scheme or host gets no Authorization header.
func TestPullRedirect(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	auth := map[string]string{} // path → Authorization header received
	record := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auth[r.URL.Path] = r.Header.Get("Authorization")
		mu.Unlock()
		fmt.Fprint(w, listPage(0, 0))
	})
	other := httptest.NewServer(record)
	defer other.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("/client/v4/zones/"+testZone+"/page_shield/scripts", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/other-port", http.StatusFound)
	})
	mux.HandleFunc("/client/v4/zones/"+testZone+"/page_shield/connections", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/same-origin", http.StatusFound)
	})
	mux.Handle("/same-origin", record)
	srv := httptest.NewServer(mux)
	defer srv.Close()

	c := &Client{BaseURL: srv.URL + "/client/v4", Token: testToken, MaxRetries: -1}
	if _, err := c.Pull(t.Context(), testZone); err != nil {
		t.Fatalf("Pull: %v", err)
	}
	// Another scheme: from the TLS server's client, to a plain server on the same host.
	tlsMux := http.NewServeMux()
	tlsMux.HandleFunc("/client/v4/zones/"+testZone+"/page_shield/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/other-scheme", http.StatusFound)
	})
	tlsSrv := httptest.NewTLSServer(tlsMux)
	defer tlsSrv.Close()
	c = &Client{BaseURL: tlsSrv.URL + "/client/v4", Token: testToken, HTTP: tlsSrv.Client(), MaxRetries: -1}
	if _, err := c.Pull(t.Context(), testZone); err != nil {
		t.Fatalf("Pull: %v", err)
	}
	want := map[string]string{"/other-port": "", "/same-origin": "Bearer " + testToken, "/other-scheme": ""}
	mu.Lock()
	defer mu.Unlock()
	if diff := cmp.Diff(want, auth); diff != "" {
		t.Errorf("Authorization after redirects mismatch (-want +got):\n%s", diff)
	}
}

// TestPullPages: the pull reads every page however result_info announces them: total_pages, the
// SDKs' schema without it (count, page, per_page, total_count), or nothing but full pages.
func TestPullPages(t *testing.T) {
	t.Parallel()
	item := func(i int) string {
		return fmt.Sprintf(`{"url": "https://cdn.example.org/v%d.js", "host": "shop.example.com"}`, i)
	}
	items := func(from, to int) string {
		var out []string
		for i := from; i < to; i++ {
			out = append(out, item(i))
		}
		return strings.Join(out, ",")
	}
	page := func(items, info string) string {
		return `{"result": [` + items + `], "success": true, "errors": [], "messages": []` + info + `}`
	}
	tests := []struct {
		name  string
		pages map[string]string
		want  []string // scripts pages asked for
		n     int      // resources
	}{
		{
			"total_count and the server's own per_page",
			map[string]string{
				"scripts/1": page(items(0, 2), `, "result_info": {"page": 1, "per_page": 2, "count": 2, "total_count": 5}`),
				"scripts/2": page(items(2, 4), `, "result_info": {"page": 2, "per_page": 2, "count": 2, "total_count": 5}`),
				"scripts/3": page(items(4, 5), `, "result_info": {"page": 3, "per_page": 2, "count": 1, "total_count": 5}`),
			},
			[]string{"1", "2", "3"}, 5,
		},
		{
			"no result_info: a full page asks for the next",
			map[string]string{
				"scripts/1": page(items(0, 100), ""),
				"scripts/2": page(items(100, 130), ""),
			},
			[]string{"1", "2"}, 130,
		},
		{
			"total_pages wins over a short total_count",
			map[string]string{
				"scripts/1": page(items(0, 1), `, "result_info": {"page": 1, "per_page": 100, "total_count": 1, "total_pages": 2}`),
				"scripts/2": page(items(1, 2), `, "result_info": {"page": 2, "per_page": 100, "total_count": 1, "total_pages": 2}`),
			},
			[]string{"1", "2"}, 2,
		},
		{
			"an empty page ends the pull",
			map[string]string{
				"scripts/1": page(items(0, 100), `, "result_info": {"page": 1, "per_page": 100, "total_count": 900}`),
			},
			[]string{"1", "2"}, 100,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := &apiServer{t: t, pages: tt.pages}
			srv := httptest.NewServer(s)
			defer srv.Close()
			var slept []time.Duration
			in, err := newTestClient(srv, &slept).Pull(t.Context(), testZone)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range s.made() {
				if strings.Contains(r, "/scripts?") {
					_, q, _ := strings.Cut(r, "?")
					got = append(got, regexpPage.FindStringSubmatch(q)[1])
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("scripts pages asked for = %q, want %q", got, tt.want)
			}
			if len(in.Resources) != tt.n {
				t.Errorf("Pull returned %d resources, want %d", len(in.Resources), tt.n)
			}
		})
	}
}

var regexpPage = regexp.MustCompile(`(?:^|&)page=(\d+)`)

// TestPullPageCap: a pull stops at its page cap, and when the list goes on past the cap every
// output says so, with the items read; a list that ends at the cap is no cut.
func TestPullPageCap(t *testing.T) {
	t.Parallel()
	full := func(page, total int) string {
		var items []string
		for i := range perPage {
			items = append(items, fmt.Sprintf(`{"url": "https://cdn.example.org/p%d-%d.js", "host": "shop.example.com"}`, page, i))
		}
		return listPage(page, total, items...)
	}
	tests := []struct {
		name      string
		scripts   int // pages the API announces
		wantPages int // pages asked for: the cap's, and one past it when the API announces more
		wantNotes []string
	}{
		{"more pages than the cap", 5, 4, []string{
			"Page Shield: the script list was cut at 3 pages (300 scripts read); the zone has more that were not read"}},
		// The last full page announces a next one, which is empty.
		{"as many pages as the cap", 3, 4, nil},
		{"fewer pages than the cap", 2, 3, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pages := map[string]string{"connections/1": listPage(1, 1, `{"url": "https://api.example.org/c", "host": "shop.example.com"}`)}
			for p := 1; p <= tt.scripts; p++ {
				pages[fmt.Sprintf("scripts/%d", p)] = full(p, tt.scripts)
			}
			s := &apiServer{t: t, pages: pages}
			srv := httptest.NewServer(s)
			defer srv.Close()
			var slept []time.Duration
			c := newTestClient(srv, &slept)
			c.pageCap = 3
			in, err := c.Pull(t.Context(), testZone)
			if err != nil {
				t.Fatal(err)
			}
			asked := 0
			for _, r := range s.made() {
				if strings.Contains(r, "/scripts?") {
					asked++
				}
			}
			if asked != tt.wantPages {
				t.Errorf("asked for %d pages of scripts, want %d", asked, tt.wantPages)
			}
			if want := min(tt.scripts, 3)*perPage + 1; len(in.Resources) != want {
				t.Errorf("Pull returned %d resources, want %d", len(in.Resources), want)
			}
			if diff := cmp.Diff(tt.wantNotes, in.Notes); diff != "" {
				t.Errorf("Notes (-want +got):\n%s", diff)
			}
		})
	}
}
