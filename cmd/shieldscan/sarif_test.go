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

// TestSARIFFromCLI checks what the CLI writes, not only the golden files: the example scan, a
// history scan and a change scan each validate against the SARIF schema and our GitHub rules,
// and two runs give the same bytes.
func TestSARIFFromCLI(t *testing.T) {
	root := repoRoot(t)
	shop := filepath.Join(root, "testdata", "example-shop")
	repo := t.TempDir()
	wd, _ := os.Getwd()
	t.Chdir(repo)
	if err := os.WriteFile("index.html", []byte("<script src=\"https://cdn.evil.example/x.js\"></script>\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := gitcommit([]string{"add loader"}); err != nil {
		t.Fatal(err)
	}
	os.Remove("index.html")
	if err := gitcommit([]string{"remove loader"}); err != nil {
		t.Fatal(err)
	}
	// The schema checker finds its schema from the module's directory.
	t.Chdir(wd)
	tests := []struct {
		name string
		args []string
	}{
		{"example", []string{"scan", "--format", "sarif", "-f", filepath.Join(shop, "alert.txt"), shop}},
		{"history", []string{"scan", "--format", "sarif", "--history", "-r", "https://cdn.evil.example/x.js", "-r", "gone.example", repo}},
		{"since", []string{"scan", "--format", "sarif", "--since", "HEAD~1", "-r", "evil.example", repo}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var first []byte
			for i := range 2 {
				var stdout, stderr bytes.Buffer
				if code := run(context.Background(), tt.args, strings.NewReader(""), &stdout, &stderr); code == exitError {
					t.Fatalf("run(%q) = %d: %s", tt.args, code, stderr.String())
				}
				if err := sarifcheck.Validate(stdout.Bytes()); err != nil {
					t.Fatalf("run(%q) wrote invalid SARIF: %v", tt.args, err)
				}
				if i == 0 {
					first = stdout.Bytes()
				} else if !bytes.Equal(first, stdout.Bytes()) {
					t.Errorf("run(%q) gave different bytes on a second run", tt.args)
				}
			}
		})
	}
}
