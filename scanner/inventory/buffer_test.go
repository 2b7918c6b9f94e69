package inventory

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shieldscan/shieldscan/scanner"
	"github.com/shieldscan/shieldscan/scanner/tree"
)

// capSource records the capacity of the read buffer that each blob's Load is given.
type capSource struct {
	scanner.Source
	caps map[string]int
}

func (s capSource) Walk(ctx context.Context, yield func(scanner.Blob) error) error {
	return s.Source.Walk(ctx, func(b scanner.Blob) error {
		load := b.Load
		b.Load = func(buf *[]byte, max int64) ([]byte, error) {
			s.caps[b.Path] = cap(*buf)
			return load(buf, max)
		}
		return yield(b)
	})
}

// A worker does not keep a read buffer that a large file grew past 4 MiB for the rest of the
// inventory: each worker would hold one as large as the largest file it read.
func TestInventoryLetsLargeBufferGo(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a.txt": strings.Repeat("https://big.example.net/x\n", 8<<20/26),
		"b.txt": "https://small.example.net/y\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src := capSource{tree.New(os.DirFS(dir), tree.Options{Dir: dir}), map[string]int{}}
	if _, err := Inventory(t.Context(), src, Options{Workers: 1}); err != nil {
		t.Fatal(err)
	}
	if c := src.caps["b.txt"]; c > 4<<20 {
		t.Errorf("the file read after an 8 MiB one was given a buffer of %d bytes, want at most 4 MiB", c)
	}
}
