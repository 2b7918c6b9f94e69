package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPageShieldInputs scans a tree with each Page Shield input: the shared fixtures as files,
// and the same data pulled from a test server standing in for the API.
func TestPageShieldInputs(t *testing.T) {
	root := repoRoot(t)
	fixtures := filepath.Join(root, "testdata", "pageshield")
	tree := t.TempDir()
	os.WriteFile(filepath.Join(tree, "checkout.html"), []byte(
		"<script src=\"https://cdnjs.example.org/ajax/libs/bootstrap/4.6.0/js/bootstrap.min.js\"></script>\n"+
			"<script src=\"https://cdn.skimmer-example.net/lib/checkout.js?v=3\"></script>\n"), 0o644)

	mux := http.NewServeMux()
	mux.HandleFunc("/zones/0123456789abcdef0123456789abcdef/page_shield/scripts", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer secret-token" {
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`{"success":false,"errors":[{"code":10000,"message":"Authentication error"}]}`))
			return
		}
		http.ServeFile(w, r, filepath.Join(fixtures, "scripts-list.json"))
	})
	// A script get: bootstrap's shows an earlier malicious version (the versions of the shared
	// fixture); the skimmer is gone.
	getVersions, err := os.ReadFile(filepath.Join(fixtures, "script-get-versions.json"))
	if err != nil {
		t.Fatal(err)
	}
	getVersions = bytes.Replace(getVersions, []byte("https://cdn.widgets.example/pay/widget.js"), []byte("https://cdnjs.example.org/ajax/libs/bootstrap/4.6.0/js/bootstrap.min.js"), 1)
	mux.HandleFunc("/zones/0123456789abcdef0123456789abcdef/page_shield/scripts/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") != "c9ef84a6bf5e47138c75d95e2f933e8f" {
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"result":null,"success":false,"errors":[{"code":10001,"message":"not found"}]}`))
			return
		}
		w.Write(getVersions)
	})
	mux.HandleFunc("/zones/0123456789abcdef0123456789abcdef/page_shield/connections", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, filepath.Join(fixtures, "connections-list.json"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	tests := []struct {
		name     string
		args     []string
		token    string
		want     int
		classes  map[string]string // canonical → class
		levels   map[string]string // canonical → level
		notes    string
		stderrRE string
	}{
		{
			name: "scripts file",
			args: []string{"-f", filepath.Join(fixtures, "scripts-list.json")},
			want: exitFindings,
			classes: map[string]string{
				"https://cdn.skimmer-example.net/lib/checkout.js?v=3":                     "declared",
				"https://cdnjs.example.org/ajax/libs/bootstrap/4.6.0/js/bootstrap.min.js": "declared",
			},
			levels: map[string]string{
				"https://cdn.skimmer-example.net/lib/checkout.js?v=3":                     "error",
				"https://cdnjs.example.org/ajax/libs/bootstrap/4.6.0/js/bootstrap.min.js": "note",
			},
			notes: "1 Cloudflare-injected",
		},
		{
			name: "connections file",
			args: []string{"-f", filepath.Join(fixtures, "connections-list.json")},
			want: exitFindings,
			classes: map[string]string{
				"https://exfil.skimmer-example.net/": "unknown",
				"wss://203.0.113.77:8443/":           "unknown",
			},
		},
		{
			name:  "live pull",
			args:  []string{"--cloudflare-zone", "0123456789abcdef0123456789abcdef", "--cloudflare-api-url", srv.URL},
			token: "secret-token",
			want:  exitFindings,
			classes: map[string]string{
				"https://cdn.skimmer-example.net/lib/checkout.js?v=3": "declared",
				"https://exfil.skimmer-example.net/":                  "unknown",
			},
			levels: map[string]string{
				// clean now, but its get response shows an earlier malicious version
				"https://cdnjs.example.org/ajax/libs/bootstrap/4.6.0/js/bootstrap.min.js": "error",
			},
			notes: "Page Shield: 1 script that the list named was gone when asked for (404), so not checked for an earlier malicious version: https://cdn.skimmer-example.net/lib/checkout.js?v=3",
		},
		{
			name:  "live pull without versions",
			args:  []string{"--cloudflare-zone", "0123456789abcdef0123456789abcdef", "--cloudflare-api-url", srv.URL, "--cloudflare-max-versions", "0"},
			token: "secret-token",
			want:  exitFindings,
			levels: map[string]string{
				"https://cdnjs.example.org/ajax/libs/bootstrap/4.6.0/js/bootstrap.min.js": "note",
			},
			notes: "Page Shield: 2 scripts not checked for an earlier malicious version (--cloudflare-max-versions 0 asks for none",
		},
		{
			name:     "a negative cap",
			args:     []string{"--cloudflare-zone", "0123456789abcdef0123456789abcdef", "--cloudflare-max-versions", "-1"},
			token:    "secret-token",
			want:     exitError,
			stderrRE: "--cloudflare-max-versions -1: want a number of scripts, 0 for none",
		},
		{
			name: "only malicious",
			args: []string{"--only-malicious", "-f", filepath.Join(fixtures, "scripts-list.json"), "-r", "cdnjs.example.org"},
			want: exitFindings,
			classes: map[string]string{
				"https://cdn.skimmer-example.net/lib/checkout.js?v=3": "declared",
			},
		},
		{
			name:     "pull without token",
			args:     []string{"--cloudflare-zone", "0123456789abcdef0123456789abcdef", "--cloudflare-api-url", srv.URL},
			want:     exitError,
			stderrRE: "CLOUDFLARE_API_TOKEN",
		},
		{
			name:     "pull with a wrong token",
			args:     []string{"--cloudflare-zone", "0123456789abcdef0123456789abcdef", "--cloudflare-api-url", srv.URL},
			token:    "wrong",
			want:     exitError,
			stderrRE: "Page Shield Read",
		},
		{
			name:     "broken json",
			args:     []string{"-f", filepath.Join(root, "cmd", "shieldscan", "testdata", "broken.json")},
			want:     exitError,
			stderrRE: "broken.json:",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CLOUDFLARE_API_TOKEN", tt.token)
			var stdout, stderr bytes.Buffer
			args := append([]string{"scan", "--format", "json"}, tt.args...)
			got := run(context.Background(), append(args, tree), strings.NewReader(""), &stdout, &stderr)
			if got != tt.want {
				t.Fatalf("run(%q) = %d, want %d; stderr: %s", args, got, tt.want, stderr.String())
			}
			if tt.stderrRE != "" {
				if !strings.Contains(stderr.String(), tt.stderrRE) || strings.Count(stderr.String(), "\n") != 1 {
					t.Errorf("stderr = %q, want one line with %q", stderr.String(), tt.stderrRE)
				}
				if strings.Contains(stderr.String(), "secret-token") || strings.Contains(stderr.String(), "wrong") && tt.token == "wrong" && strings.Contains(stderr.String(), "Bearer") {
					t.Errorf("stderr leaks the token: %q", stderr.String())
				}
				return
			}
			var rep struct {
				Notes     []string `json:"notes"`
				Resources []struct {
					Canonical string `json:"canonical"`
					Class     string `json:"class"`
					Level     string `json:"level"`
				} `json:"resources"`
			}
			if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
				t.Fatal(err)
			}
			classes, levels := map[string]string{}, map[string]string{}
			for _, r := range rep.Resources {
				classes[r.Canonical], levels[r.Canonical] = r.Class, r.Level
			}
			for c, want := range tt.classes {
				if classes[c] != want {
					t.Errorf("class of %s = %q, want %q (all: %v)", c, classes[c], want, classes)
				}
			}
			if tt.name == "only malicious" && len(classes) != 1 {
				t.Errorf("--only-malicious kept %v, want only the malicious script", classes)
			}
			for c, want := range tt.levels {
				if levels[c] != want {
					t.Errorf("level of %s = %q, want %q", c, levels[c], want)
				}
			}
			if tt.notes != "" && !strings.Contains(strings.Join(rep.Notes, "\n"), tt.notes) {
				t.Errorf("notes = %q, want %q", rep.Notes, tt.notes)
			}
		})
	}
}
