package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeFlags keeps the README true: every flag that 'scan --help' lists is documented there.
func TestReadmeFlags(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	fs, _ := newFlags(scanCommand)
	for _, name := range regexp.MustCompile(`--[a-z][a-z-]+`).FindAllString(help(scanCommand, fs), -1) {
		if name == "--help" {
			continue
		}
		if !strings.Contains(string(readme), "`"+name) {
			t.Errorf("README.md does not document %s", name)
		}
	}
}

// TestReadmeExamples keeps the README's workflow and hook examples identical to the files that
// CI checks with actionlint, action-validator and pre-commit.
func TestReadmeExamples(t *testing.T) {
	root := repoRoot(t)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"examples/workflows/pull-request.yml", "examples/workflows/nightly-pageshield.yml", "examples/pre-commit-config.yaml"} {
		data, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(readme), "```yaml\n"+string(data)+"```") {
			t.Errorf("README.md does not quote %s verbatim", name)
		}
	}
}
