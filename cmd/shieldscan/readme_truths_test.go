package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// TestReadmeConfig: the README's example .shieldscan.yml works in a repository whose branch is
// master (its history refs once said main, which such a repository does not have).
func TestReadmeConfig(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```yaml\n(version: 1\n.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no example .shieldscan.yml (a yaml block starting with version: 1)")
	}
	dir := t.TempDir()
	files := map[string]string{
		".shieldscan.yml":                 string(m[1]),
		"security/pageshield-alerts.json": "https://cdn.evil.example/x.js\n",
		"index.html":                      `<script src="https://cdn.evil.example/x.js"></script>` + "\n",
	}
	for name, data := range files {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	repo, err := git.PlainInit(dir, false) // go-git's default branch: master
	if err != nil {
		t.Fatal(err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		t.Fatal(err)
	}
	sig := &object.Signature{Name: "Dev", Email: "dev@example.com", When: time.Unix(0, 0).UTC()}
	if _, err := wt.Commit("init", &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
		t.Fatal(err)
	}
	if head, _ := repo.Head(); head.Name().Short() != "master" {
		t.Fatalf("the fixture's branch is %s, want master", head.Name().Short())
	}
	for _, args := range [][]string{{"scan", dir}, {"scan", "--history", dir}} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); code != 0 {
			t.Errorf("run(%q) with the README's .shieldscan.yml = %d, want 0\nstdout: %s\nstderr: %s", args, code, stdout.String(), stderr.String())
		}
	}
}

// TestReadmeGoVersion: the Go version the README requires is go.mod's.
func TestReadmeGoVersion(t *testing.T) {
	root := repoRoot(t)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	want := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(mod)
	got := regexp.MustCompile(`Requires Go (\S+) or later`).FindSubmatch(readme)
	if want == nil || got == nil || string(got[1]) != string(want[1]) {
		t.Errorf("README requires Go %q, go.mod says %q", got, want)
	}
}
