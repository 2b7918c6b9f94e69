//go:build unix

package tree_test

import (
	"os"
	"path/filepath"
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
	data, err := blobs[0].Load(&buf)
	if err != nil || len(data) != 0 {
		t.Errorf("Load of a FIFO without a writer = %q, %v; want no content and no error", data, err)
	}
}
