package investigate

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/shieldscan/shieldscan/report"
)

// TestCacheScopedByAPI: an answer cached from one API (a test server, a proxy: --cloudflare-api-url)
// is not another API's answer: a "no data" of the first must not hide the second's "malicious"
// for the cache's day.
func TestCacheScopedByAPI(t *testing.T) {
	t.Parallel()
	serve := func(body string) *httptest.Server {
		return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(body)) }))
	}
	empty := serve(`{"success":true,"errors":[],"result":{"domain":"a.example"}}`)
	defer empty.Close()
	real := serve(`{"success":true,"errors":[],"result":{"domain":"a.example","risk_types":[{"id":117,"name":"Malware","super_category_id":21}]}}`)
	defer real.Close()
	dir := t.TempDir()
	lookup := func(api string) *report.Intel {
		iv, err := New(Options{Token: "t0ken-0123456789", Account: account, APIURL: api, CacheDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		got, err := iv.Lookup(t.Context(), &report.Report{}, []string{"a.example"})
		if err != nil {
			t.Fatal(err)
		}
		return got["a.example"]
	}
	if v := lookup(empty.URL); v.Verdict != report.VerdictNoData {
		t.Fatalf("first API: %+v, want no data", v)
	}
	if v := lookup(real.URL); !v.Malicious || v.Cached {
		t.Errorf("second API after the first's answer was cached: %+v, want its own malicious verdict", v)
	}
	if v := lookup(real.URL); !v.Malicious || !v.Cached {
		t.Errorf("second API again: %+v, want its cached malicious verdict", v)
	}
}
