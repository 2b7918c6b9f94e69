package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPageShieldShapes: the exit code and the level of each resource for Page Shield data as
// Cloudflare really serves it: schema-minimal scripts, alerts without alert_type, cookies.
func TestPageShieldShapes(t *testing.T) {
	fixtures := filepath.Join(repoRoot(t), "testdata", "pageshield")
	tree := t.TempDir()
	for name, data := range map[string]string{
		"index.html": "<script src=\"/js/app.js\"></script>\n<script src=\"https://cdn.widgets.example/embed/v1/loader\"></script>\n",
		"pay.html":   "<script src=\"https://cdn.checkout-widget.example/v2/pay.js\"></script>\n",
	} {
		if err := os.WriteFile(filepath.Join(tree, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	minimal := filepath.Join(fixtures, "scripts-list-minimal.json")
	appJS := "https://shop.example.com/js/app.js"
	payJS := "https://cdn.checkout-widget.example/v2/pay.js"
	tests := []struct {
		name   string
		args   []string
		want   int
		levels map[string]string // canonical → class/level
		notes  string
		stderr string
	}{
		{"schema-minimal scripts: the site's own script is declared", []string{"-f", minimal}, exitClean,
			map[string]string{appJS: "declared/note"}, "taken for scripts, a guess", ""},
		{"--kind script: no guess", []string{"--kind", "script", "-f", minimal}, exitClean,
			map[string]string{appJS: "declared/note"}, "", ""},
		{"--kind connection", []string{"--kind", "connection", "-f", minimal}, exitClean,
			map[string]string{appJS: "unknown/warning"}, "", ""},
		{"--kind of another value", []string{"--kind", "cookie", "-f", minimal}, exitError, nil, "", `--kind "cookie": want script or connection`},
		{"alert without alert_type: references are warnings", []string{"--fail-on", "warning", "-f", filepath.Join(fixtures, "alert-webhook-no-type.json")}, exitFindings,
			map[string]string{payJS: "declared/warning", "https://collect.checkout-widget.example/": "unknown/warning"}, "", ""},
		{"dashboard CSV", []string{"-f", filepath.Join(fixtures, "scripts-dashboard.csv")}, exitFindings,
			map[string]string{appJS: "declared/note", "https://cdn.skimmer-example.net/lib/checkout.js?v=3": "unknown/error"}, "the export looks filtered", ""},
		{"cookies", []string{"-f", filepath.Join(fixtures, "cookies-list.json")}, exitError, nil, "", "Page Shield cookies are not resources"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append(append([]string{"scan", "--format", "json"}, tt.args...), tree)
			if got := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); got != tt.want {
				t.Fatalf("run(%q) = %d, want %d; stderr: %s", args, got, tt.want, stderr.String())
			}
			if tt.stderr != "" {
				if !strings.Contains(stderr.String(), tt.stderr) || strings.Count(stderr.String(), "\n") != 1 {
					t.Errorf("stderr = %q, want one line with %q", stderr.String(), tt.stderr)
				}
				return
			}
			var rep struct {
				Notes     []string `json:"notes"`
				Resources []struct{ Canonical, Class, Level string }
			}
			if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, r := range rep.Resources {
				got[r.Canonical] = r.Class + "/" + r.Level
			}
			for c, want := range tt.levels {
				if got[c] != want {
					t.Errorf("%s = %q, want %q (all: %v)", c, got[c], want, got)
				}
			}
			notes := strings.Join(rep.Notes, "\n")
			if tt.notes != "" && !strings.Contains(notes, tt.notes) {
				t.Errorf("notes = %q, want %q", rep.Notes, tt.notes)
			}
			if tt.notes == "" && strings.Contains(notes, "a guess") {
				t.Errorf("notes = %q, want no guess", rep.Notes)
			}
		})
	}
}
