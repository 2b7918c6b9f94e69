package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"
)

// scriptCmds are the testscript commands that run inside the test process.
var scriptCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"intelserver": intelServer,
}

// intelTestToken is the token the fake Intel API accepts; any other gets a 403.
const intelTestToken = "intel-test-token-0123456789"

// intelServer starts a fake Cloudflare Intel API for the rest of the script: 'intelserver
// RECORDS.json' serves the records of the JSON object RECORDS (host or address → the API's
// record of it, as in testdata/intel) on the three endpoints that shieldscan asks, sets
// $INTEL_URL to its base URL and appends each request ("domain a.example", "bulk a.example
// b.example", "ipv4 192.0.2.1") to intel.log in $WORK. A host RECORDS does not hold gets an
// empty record: no data. 'intelserver -status CODE RECORDS.json' answers every request with CODE.
func intelServer(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("intelserver does not fail")
	}
	status := 0
	if len(args) == 3 && args[0] == "-status" {
		fmt.Sscan(args[1], &status)
		args = args[2:]
	}
	if len(args) != 1 {
		ts.Fatalf("usage: intelserver [-status CODE] RECORDS.json")
	}
	var records map[string]json.RawMessage
	ts.Check(json.Unmarshal([]byte(ts.ReadFile(args[0])), &records))
	logPath := ts.MkAbs("intel.log")
	var mu sync.Mutex
	logf := func(format string, a ...any) {
		mu.Lock()
		defer mu.Unlock()
		f, err := os.OpenFile(logPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err == nil {
			fmt.Fprintf(f, format+"\n", a...)
			f.Close()
		}
	}
	record := func(host, key string) string {
		if r, ok := records[host]; ok {
			return string(r)
		}
		b, _ := json.Marshal(map[string]string{key: host})
		return string(b)
	}
	const account = "/accounts/0123456789abcdef0123456789abcdef/intel/"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		q := r.URL.Query()
		switch {
		case status != 0:
			logf("status %d", status)
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"success":false,"errors":[{"code":10000,"message":"Authentication error"}],"messages":[],"result":null}`)
			return
		case r.Header.Get("Authorization") != "Bearer "+intelTestToken:
			logf("refused")
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprintf(w, `{"success":false,"errors":[{"code":10000,"message":"Authentication error"}],"messages":[],"result":null}`)
			return
		}
		var result string
		switch r.URL.Path {
		case account + "domain":
			logf("domain %s", q.Get("domain"))
			result = record(q.Get("domain"), "domain")
		case account + "domain/bulk":
			logf("bulk %s", strings.Join(q["domain"], " "))
			var items []string
			for _, d := range q["domain"] {
				items = append(items, record(d, "domain"))
			}
			result = "[" + strings.Join(items, ",") + "]"
		case account + "ip":
			ip, key := q.Get("ipv4"), "ipv4"
			if ip == "" {
				ip, key = q.Get("ipv6"), "ipv6"
			}
			logf("%s %s", key, ip)
			result = "[" + record(ip, "ip") + "]"
		default:
			logf("unknown %s", r.URL.Path)
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprintf(w, `{"success":false,"errors":[{"code":7003,"message":"Could not route"}],"messages":[],"result":null}`)
			return
		}
		fmt.Fprintf(w, `{"success":true,"errors":[],"messages":[],"result":%s}`, result)
	}))
	ts.Defer(srv.Close)
	ts.Setenv("INTEL_URL", srv.URL)
	ts.Setenv("INTEL_TOKEN", intelTestToken)
}
