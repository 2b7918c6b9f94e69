package scope

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestOpen: the top of the work tree and the prefix of a subdirectory; anchors inside and outside.
func TestOpen(t *testing.T) {
	repo := t.TempDir()
	for _, d := range []string{".git", "web/js", "other"} {
		if err := os.MkdirAll(filepath.Join(repo, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(filepath.Join(repo, "other"))
	tests := []struct {
		root, prefix, anchor, repoAnchor, path string
	}{
		{root: repo, prefix: "", anchor: "web/js/a.js", repoAnchor: "web/js/a.js", path: "web/js/a.js"},
		{root: filepath.Join(repo, "web"), prefix: "web/", anchor: "web/js/a.js", repoAnchor: "web/js/a.js", path: "web/js/a.js"},
		{root: filepath.Join(repo, "web", "js"), prefix: "web/js/", anchor: "web/js/a.js", repoAnchor: "web/js/a.js", path: "web/js/a.js"},
		{root: filepath.Join(repo, "other"), prefix: "other/", anchor: "", repoAnchor: "web/js/a.js", path: "web/js/a.js"},
	}
	file := filepath.Join(repo, "web", "js", "a.js")
	for _, tt := range tests {
		s, err := Open(tt.root)
		if err != nil {
			t.Fatal(err)
		}
		if s.Top != repo || s.Prefix != tt.prefix {
			t.Errorf("Open(%q) = top %q prefix %q, want %q %q", tt.root, s.Top, s.Prefix, repo, tt.prefix)
		}
		if got := s.Anchor(file); got != tt.anchor {
			t.Errorf("Open(%q).Anchor(a.js) = %q, want %q", tt.root, got, tt.anchor)
		}
		if got := s.RepoAnchor(file); got != tt.repoAnchor {
			t.Errorf("Open(%q).RepoAnchor(a.js) = %q, want %q", tt.root, got, tt.repoAnchor)
		}
		if got := s.Path(file); got != tt.path {
			t.Errorf("Open(%q).Path(a.js) = %q, want %q", tt.root, got, tt.path)
		}
		if got := s.Anchor("-"); got != "" {
			t.Errorf("Anchor(-) = %q, want none", got)
		}
	}
}

// TestOpenOutsideRepo: outside a work tree, paths start at the current directory.
func TestOpenOutsideRepo(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "site", "js"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	s, err := Open("site")
	if err != nil {
		t.Fatal(err)
	}
	if s.Top != "" || s.Prefix != "site/" {
		t.Errorf("Open(site) = top %q prefix %q, want none and site/", s.Top, s.Prefix)
	}
	if got := s.Base(); len(got) != 1 || got[0] != "site" {
		t.Errorf("Base() = %q, want [site]", got)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f.txt")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(file); !errors.Is(err, ErrNotDir) {
		t.Errorf("Open(file) = %v, want ErrNotDir", err)
	}
	if _, err := Open(filepath.Join(dir, "nope")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open(missing) = %v, want not exist", err)
	}
}
