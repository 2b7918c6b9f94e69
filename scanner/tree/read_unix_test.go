//go:build unix && !aix && !solaris

// (Not on aix, solaris and illumos: their syscall package has no Mkfifo.)

package tree_test

import (
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"

	"github.com/shieldscan/shieldscan/scanner"
	"github.com/shieldscan/shieldscan/scanner/tree"
)

// A file that became a FIFO between the walk and the read does not hang the scan (a FIFO
// without a writer blocks a plain open).
func TestLoadFIFO(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.js")
	if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	var blobs []scanner.Blob
	if err := tree.New(os.DirFS(dir), tree.Options{Dir: dir}).Walk(t.Context(), func(b scanner.Blob) error {
		blobs = append(blobs, b)
		return nil
	}); err != nil || len(blobs) != 1 {
		t.Fatalf("walk: %d blobs, %v", len(blobs), err)
	}
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	var buf []byte
	data, err := blobs[0].Load(&buf, scanner.DefaultMaxFileSize)
	if err != nil || len(data) != 0 {
		t.Errorf("Load of a FIFO without a writer = %q, %v; want no content and no error", data, err)
	}
}

// An ignore file that is a FIFO is not read (git reads only regular files): the walk does not
// hang on it, in a directory or as .git/info/exclude.
func TestIgnoreFIFO(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"sub/a.js", ".git/info/x"} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "sub", "a.js"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"sub/.gitignore", ".git/info/exclude"} {
		if err := syscall.Mkfifo(filepath.Join(dir, filepath.FromSlash(p)), 0o644); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}
	var paths []string
	err := tree.New(os.DirFS(dir), tree.Options{Dir: dir}).Walk(t.Context(), func(b scanner.Blob) error {
		paths = append(paths, b.Path)
		return nil
	})
	if err != nil || len(paths) != 1 || paths[0] != "sub/a.js" {
		t.Errorf("walk = %v, %v; want [sub/a.js]", paths, err)
	}
}

// A .gitignore that is a symbolic link is not followed, as git (2.32 on) does not: in the
// scanned directory or above it (a scan of sub sees the files that a scan of the top sees there).
func TestIgnoreSymlink(t *testing.T) {
	for _, tt := range []struct {
		link, target string
		sub          []string // the walk of sub: a link that leads out of it is a skip
	}{
		{"sub/.gitignore", "../rules", []string{".gitignore", "a.js", "b.js"}},
		{".gitignore", "rules", []string{"a.js", "b.js"}},
	} {
		t.Run(tt.link, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
				t.Fatal(err)
			}
			for name, text := range map[string]string{"rules": "a.js\n", "sub/a.js": "x", "sub/b.js": "x"} {
				if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Symlink(tt.target, filepath.Join(dir, filepath.FromSlash(tt.link))); err != nil {
				t.Skipf("symlink: %v", err)
			}
			walk := func(root string, opts tree.Options) []string {
				var paths []string
				opts.Dir = root
				err := tree.New(os.DirFS(root), opts).Walk(t.Context(), func(b scanner.Blob) error {
					paths = append(paths, b.Path)
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				return paths
			}
			if got, want := walk(dir, tree.Options{}), []string{"rules", "sub/a.js", "sub/b.js"}; !slices.Equal(got, want) {
				t.Errorf("walk of the top = %v, want %v", got, want)
			}
			sub := walk(filepath.Join(dir, "sub"), tree.Options{Top: os.DirFS(dir), Base: []string{"sub"}})
			if !slices.Equal(sub, tt.sub) {
				t.Errorf("walk of sub = %v, want %v", sub, tt.sub)
			}
		})
	}
}
