package tree_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/shieldscan/shieldscan/scanner"
	"github.com/shieldscan/shieldscan/scanner/tree"
)

// A library caller that raises only scanner.Options.MaxFileSize above the default (leaving
// tree.Options.MaxFileSize 0, which used to mean "no limit of the walk's own") gets a file
// between the two limits scanned, as before 5d3aaba: the walk's default must not undercut the
// scanner's limit.
func TestMaxFileSizeScannerLimitWins(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "big.js"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(scanner.DefaultMaxFileSize + 1); err != nil { // sparse
		t.Fatal(err)
	}
	f.Close()
	var blobs []scanner.Blob
	src := tree.New(os.DirFS(dir), tree.Options{Dir: dir})
	if err := src.Walk(t.Context(), func(b scanner.Blob) error { blobs = append(blobs, b); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(blobs) != 1 {
		t.Fatalf("walked %d blobs, want 1", len(blobs))
	}
	var buf []byte
	const max = 2 * scanner.DefaultMaxFileSize // as scanner.Options{MaxFileSize: max} passes it
	if _, skip, why := scanner.Read(blobs[0], max, &buf); skip == scanner.SkipTooLarge {
		t.Errorf("Read(%d-byte file, max %d) skipped it as too large: %s", scanner.DefaultMaxFileSize+1, max, why)
	}
}
