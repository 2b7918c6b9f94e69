package investigate

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shieldscan/shieldscan/intel"
	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
)

const account = "0123456789abcdef0123456789abcdef"

func TestNew(t *testing.T) {
	t.Parallel()
	feed := filepath.Join(t.TempDir(), "feed.txt")
	os.WriteFile(feed, []byte("evil.example\tMalware\n"), 0o644)
	tests := []struct {
		name    string
		opts    Options
		err     error  // errors.Is
		note    string // a part of a note
		asksAPI bool
	}{
		{"nothing to ask", Options{}, intel.ErrNoToken, "", false},
		{"no account", Options{Token: "t0ken-0123456789"}, ErrNoAccount, "", false},
		{"bad account", Options{Token: "t0ken-0123456789", Account: "abc"}, rules.ErrInvalid, "", false},
		{"the API", Options{Token: "t0ken-0123456789", Account: account}, nil, "", true},
		{"a feed, no token", Options{Files: []string{feed}}, nil, "no CLOUDFLARE_API_TOKEN", false},
		{"a feed, no account", Options{Files: []string{feed}, Token: "t0ken-0123456789"}, nil, "no --cloudflare-account", false},
		{"offline", Options{Offline: true, Token: "t0ken-0123456789", Account: account}, nil, "only cached answers count", false},
		{"offline without cache", Options{Offline: true, NoCache: true}, nil, "every host is no data", false},
		{"a missing feed", Options{Files: []string{feed + ".missing"}}, os.ErrNotExist, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			iv, err := New(tt.opts)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("New(%+v) error = %v, want %v", tt.opts, err, tt.err)
				}
				if strings.Contains(err.Error(), "t0ken") {
					t.Errorf("New error %q shows the token", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("New(%+v): %v", tt.opts, err)
			}
			if got := iv.in.Client != nil && !iv.in.Offline; got != tt.asksAPI {
				t.Errorf("New(%+v) asks the API: %v, want %v", tt.opts, got, tt.asksAPI)
			}
			notes := strings.Join(iv.Notes(), "\n")
			if tt.note != "" && !strings.Contains(notes, tt.note) || tt.note == "" && notes != "" {
				t.Errorf("New(%+v) notes = %q, want %q", tt.opts, notes, tt.note)
			}
		})
	}
}

// TestLookupFaults: a refused token stops the run (exit 2, Intel Read named); a server that
// keeps failing marks the report incomplete and leaves its hosts "no data"; an unwritable
// cache is a note.
func TestLookupFaults(t *testing.T) {
	t.Parallel()
	status := map[string]int{"/forbidden/": http.StatusForbidden, "/broken/": http.StatusServiceUnavailable}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for prefix, code := range status {
			if strings.HasPrefix(r.URL.Path, prefix) {
				w.WriteHeader(code)
				w.Write([]byte(`{"success":false,"errors":[{"code":10000,"message":"nope"}],"result":null}`))
				return
			}
		}
		w.Write([]byte(`{"success":true,"errors":[],"result":[{"domain":"a.example","risk_types":[{"id":117,"name":"Malware","super_category_id":21}]},{"domain":"b.example"}]}`))
	}))
	defer srv.Close()
	file := filepath.Join(t.TempDir(), "not-a-dir")
	os.WriteFile(file, nil, 0o644)
	open := func(path string, cacheDir string) *Investigation {
		iv, err := New(Options{Token: "t0ken-0123456789", Account: account, APIURL: srv.URL + path, NoCache: cacheDir == "", CacheDir: cacheDir})
		if err != nil {
			t.Fatal(err)
		}
		iv.in.Client.MaxRetries = -1
		return iv
	}
	hosts := []string{"a.example", "b.example"}

	rep := &report.Report{}
	_, err := open("/forbidden", "").Lookup(t.Context(), rep, hosts)
	if err == nil || !strings.Contains(err.Error(), "Intel Read") || strings.Contains(err.Error(), "t0ken") {
		t.Errorf("Lookup after a 403: error %v, want one naming Intel Read, without the token", err)
	}

	rep = &report.Report{}
	got, err := open("/broken", "").Lookup(t.Context(), rep, hosts)
	if err != nil {
		t.Fatalf("Lookup after a 503: %v, want the report marked incomplete instead", err)
	}
	if !strings.Contains(rep.Incomplete, "Cloudflare Intel lookups failed") {
		t.Errorf("Incomplete = %q", rep.Incomplete)
	}
	for _, h := range hosts {
		if v := got[h]; v == nil || v.Verdict != report.VerdictNoData || v.Malicious {
			t.Errorf("Lookup(%s) after a 503 = %+v, want no data", h, v)
		}
	}

	rep = &report.Report{}
	iv := open("", filepath.Join(file, "cache"))
	got, err = iv.Lookup(t.Context(), rep, hosts)
	if err != nil || rep.Incomplete != "" {
		t.Fatalf("Lookup with an unwritable cache: %v, %q", err, rep.Incomplete)
	}
	if v := got["a.example"]; v == nil || !v.Malicious || v.Categories[0] != "Malware" {
		t.Errorf("Lookup(a.example) = %+v, want Malware", v)
	}
	if v := got["b.example"]; v == nil || v.Verdict != report.VerdictNoData {
		t.Errorf("Lookup(b.example) = %+v, want no data", v)
	}
	if n := strings.Join(iv.Notes(), "\n"); strings.Count(n, "the intel cache could not be written") != 1 {
		t.Errorf("notes = %q, want one about the cache", n)
	}
}
