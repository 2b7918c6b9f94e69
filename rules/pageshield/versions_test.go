package pageshield

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// gets are the script get requests among reqs, by script id, sorted: the workers ask in any order.
func gets(reqs []string) []string {
	var out []string
	for _, r := range reqs {
		path, _, _ := strings.Cut(r, "?")
		if id, ok := strings.CutPrefix(path, "/client/v4/zones/"+testZone+"/page_shield/scripts/"); ok {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// TestPullVersions: the pull asks for the get response of the scripts with an id, up to
// MaxVersions, and says in a note what it left unchecked; a script gone by then is a note too,
// any other failure fails the pull.
func TestPullVersions(t *testing.T) {
	t.Parallel()
	getOf := func(id string) func(*http.Request) bool {
		return func(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/scripts/"+id) }
	}
	tests := []struct {
		name        string
		maxVersions int
		pages       map[string]string        // replacing zonePages' entries; "" deletes one
		fail        func(*http.Request) bool // these requests get failStatus
		failStatus  int                      // with failBody
		failBody    string                   //
		wantGets    []string                 // ids asked for
		wantNotes   []string                 //
		bootstrap   bool                     // whether bootstrap.min.js comes out malicious
		wantErr     string                   //
	}{
		{
			name:      "default: every script",
			wantGets:  []string{skimmerID, bootstrapID},
			bootstrap: true,
		},
		{
			// bootstrap, not called malicious yet, is asked for before the skimmer.
			name:        "a cap of 1",
			maxVersions: 1,
			wantGets:    []string{bootstrapID},
			wantNotes: []string{"Page Shield: 1 script not checked for an earlier malicious version " +
				"(--cloudflare-max-versions 1 asks for the versions of 1 script at most; raise it to check every script)"},
			bootstrap: true,
		},
		{
			name:        "off",
			maxVersions: -1,
			wantNotes: []string{"Page Shield: 2 scripts not checked for an earlier malicious version " +
				"(--cloudflare-max-versions 0 asks for none; give a number of scripts to check every script)"},
		},
		{
			name:     "a script gone",
			pages:    map[string]string{"script/" + bootstrapID: ""},
			wantGets: []string{skimmerID, bootstrapID},
			wantNotes: []string{"Page Shield: 1 script that the list named was gone when asked for (404), so not checked " +
				"for an earlier malicious version: https://cdnjs.example.org/ajax/libs/bootstrap/4.6.0/js/bootstrap.min.js"},
		},
		{
			name:       "a get that fails",
			fail:       getOf(bootstrapID),
			failStatus: http.StatusForbidden,
			wantErr:    "GET zones/" + testZone + "/page_shield/scripts/" + bootstrapID + ": 403 Forbidden: the token needs the Page Shield Read permission",
		},
		{
			name:       "a get that keeps failing",
			fail:       getOf(skimmerID),
			failStatus: http.StatusServiceUnavailable,
			wantErr:    "/page_shield/scripts/" + skimmerID + ": 503 Service Unavailable: gave up after 4 attempts",
		},
		{
			name:       "a get response that is a list",
			fail:       getOf(skimmerID),
			failStatus: http.StatusOK,
			failBody:   listPage(1, 1),
			wantErr:    "/page_shield/scripts/" + skimmerID + ": 200 OK: malformed response at byte offset 0: not a Page Shield script get response",
		},
		{
			name:       "a get response that reports a failure",
			fail:       getOf(skimmerID),
			failStatus: http.StatusOK,
			failBody:   `{"result": null, "success": false, "errors": [{"code": 10002, "message": "internal"}]}`,
			wantErr:    "/page_shield/scripts/" + skimmerID + ": 200 OK: internal (code 10002)",
		},
		{
			name:       "a get response with bad versions",
			fail:       getOf(skimmerID),
			failStatus: http.StatusOK,
			failBody:   `{"result": {"url": "https://cdn.skimmer-example.net/lib/checkout.js?v=3", "versions": {}}, "success": true}`,
			wantErr:    `"versions" is an object, want an array`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pages := zonePages(t)
			for k, v := range tt.pages {
				if v == "" {
					delete(pages, k)
				} else {
					pages[k] = v
				}
			}
			s := &apiServer{t: t, pages: pages}
			if tt.fail != nil {
				s.fail = func(w http.ResponseWriter, r *http.Request, _ int) bool {
					if !tt.fail(r) {
						return false
					}
					w.WriteHeader(tt.failStatus)
					fmt.Fprint(w, tt.failBody)
					return true
				}
			}
			srv := httptest.NewServer(s)
			defer srv.Close()
			var slept []time.Duration
			c := newTestClient(srv, &slept)
			c.MaxVersions = tt.maxVersions
			in, err := c.Pull(t.Context(), testZone)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, ErrAPI) {
					t.Fatalf("Pull error = %v, want %q wrapping ErrAPI", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Pull: %v", err)
			}
			want := slices.Clone(tt.wantGets)
			slices.Sort(want)
			if got := gets(s.made()); !slices.Equal(got, want) {
				t.Errorf("script gets = %q, want %q", got, want)
			}
			if diff := cmp.Diff(tt.wantNotes, in.Notes); diff != "" {
				t.Errorf("Notes mismatch (-want +got):\n%s", diff)
			}
			if got := in.Resources[1].Malicious(); got != tt.bootstrap {
				t.Errorf("bootstrap.min.js malicious = %v, want %v", got, tt.bootstrap)
			}
			if len(in.Resources) != 7 {
				t.Errorf("Pull returned %d resources, want 7", len(in.Resources))
			}
		})
	}
}

// TestPullVersionsConcurrency: the get requests run four at a time, never more. Each get waits
// until four are in flight (or every script was asked for), so a pull that asked fewer at a time
// would stall, and one that asked more at a time sends a fifth while four are held.
func TestPullVersionsConcurrency(t *testing.T) {
	t.Parallel()
	const n = 11
	var items []string
	pages := map[string]string{}
	for i := range n {
		id := fmt.Sprintf("%032x", i+1)
		u := fmt.Sprintf("https://cdn.example.org/s%d.js", i)
		items = append(items, fmt.Sprintf(`{"id": %q, "url": %q, "host": "shop.example.com", "js_integrity_score": 90}`, id, u))
		pages["script/"+id] = scriptGet(id, u, "h", 90)
	}
	pages["scripts/1"] = listPage(1, 1, items...)
	s := &apiServer{t: t, pages: pages}
	var mu sync.Mutex
	inFlight, most, arrived := 0, 0, 0
	gate := make(chan struct{})
	s.fail = func(_ http.ResponseWriter, r *http.Request, _ int) bool {
		if !strings.Contains(r.URL.Path, "/scripts/") {
			return false
		}
		mu.Lock()
		inFlight++
		arrived++
		most = max(most, inFlight)
		g := gate
		release := inFlight == 4 || arrived == n
		if release {
			gate = make(chan struct{})
		}
		mu.Unlock()
		if release {
			// Four are held: a pull that asks more at a time sends a fifth meanwhile. (The
			// pause can only let a wrong pull pass, never fail a right one.)
			time.Sleep(20 * time.Millisecond)
			close(g)
		}
		select {
		case <-g:
		case <-time.After(10 * time.Second): // a failure only: the pull never had four in flight
			t.Errorf("a get waited for four in flight in vain")
		}
		mu.Lock()
		inFlight--
		mu.Unlock()
		return false // served from pages
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	var slept []time.Duration
	if _, err := newTestClient(srv, &slept).Pull(t.Context(), testZone); err != nil {
		t.Fatal(err)
	}
	if got := len(gets(s.made())); got != n {
		t.Errorf("%d script gets, want %d", got, n)
	}
	if most != 4 {
		t.Errorf("at most %d gets in flight, want 4", most)
	}
}
