package tree_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/shieldscan/shieldscan/scanner"
	"github.com/shieldscan/shieldscan/scanner/tree"
)

// A library caller that raises scanner.Options.MaxFileSize above the default gets a file
// between the two limits scanned, as before 5d3aaba: no default of the walk's own may undercut
// the scanner's limit.
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

// Whatever the tree's options, no file is held whole when it is over the limit that
// scanner.Read is given: a library caller that leaves tree.Options as zero values (no Dir,
// files read through io/fs) gets the same bound on memory as the CLI.
func TestReadStopsAtTheScannersLimit(t *testing.T) {
	const size, max = 64 << 20, 1 << 20
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "big.js"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(size); err != nil { // sparse
		t.Fatal(err)
	}
	f.Close()
	for _, opts := range []tree.Options{{}, {Dir: dir}} {
		counted := &countingFS{FS: os.DirFS(dir)}
		var blobs []scanner.Blob
		src := tree.New(counted, opts)
		if err := src.Walk(t.Context(), func(b scanner.Blob) error { blobs = append(blobs, b); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(blobs) != 1 {
			t.Fatalf("walked %d blobs, want 1", len(blobs))
		}
		var buf []byte
		_, skip, why := scanner.Read(blobs[0], max, &buf)
		if skip != scanner.SkipTooLarge {
			t.Errorf("Dir %q: Read(%d-byte file, max %d) = skip %q, want %q", opts.Dir, size, max, skip, scanner.SkipTooLarge)
		}
		if want := fmt.Sprintf("%d bytes, over --max-file-size %d", size, max); why != want {
			t.Errorf("Dir %q: Read(…) detail %q, want %q", opts.Dir, why, want)
		}
		if cap(buf) > 2*max || counted.read > 2*max {
			t.Errorf("Dir %q: Read of a %d-byte file over the %d-byte limit grew the buffer to %d bytes and read %d: it should stop past the limit",
				opts.Dir, size, max, cap(buf), counted.read)
		}
	}
}

// countingFS counts the bytes read from its files.
type countingFS struct {
	fs.FS
	read int
}

func (c *countingFS) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if err != nil {
		return nil, err
	}
	return &countingFile{File: f, fs: c}, nil
}

type countingFile struct {
	fs.File
	fs *countingFS
}

func (f *countingFile) Read(p []byte) (int, error) {
	n, err := f.File.Read(p)
	f.fs.read += n
	return n, err
}

func (c *countingFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(c.FS, name) }

// A read error through io/fs names the file once in the skip's detail.
func TestReadErrorNamesFileOnce(t *testing.T) {
	fsys := failingFS{fstest.MapFS{"a.js": {Data: []byte("x")}}}
	var blobs []scanner.Blob
	if err := tree.New(fsys, tree.Options{}).Walk(t.Context(), func(b scanner.Blob) error { blobs = append(blobs, b); return nil }); err != nil {
		t.Fatal(err)
	}
	_, skip, why := scanner.Read(blobs[0], scanner.DefaultMaxFileSize, nil)
	if skip != scanner.SkipUnreadable || strings.Count(why, "a.js") != 1 {
		t.Errorf("Read(a.js that fails) = %q, %q; want %q naming a.js once", skip, why, scanner.SkipUnreadable)
	}
}

type failingFS struct{ fstest.MapFS }

func (f failingFS) Open(name string) (fs.File, error) {
	file, err := f.MapFS.Open(name)
	if err != nil || name == "." {
		return file, err
	}
	return failingFile{file}, nil
}

type failingFile struct{ fs.File }

func (failingFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: "a.js", Err: errors.New("input/output error")}
}
