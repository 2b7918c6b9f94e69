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
	fs, _ := newScanFlags()
	for _, name := range regexp.MustCompile(`--[a-z][a-z-]+`).FindAllString(scanUsage(fs), -1) {
		if name == "--help" {
			continue
		}
		if !strings.Contains(string(readme), "`"+name) {
			t.Errorf("README.md does not document %s", name)
		}
	}
}
