package scanner_test

import (
	"bytes"
	"context"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/shieldscan/shieldscan/bench/gen-tree/webtree"
	"github.com/shieldscan/shieldscan/internal/benchcpu"
	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner"
	"github.com/shieldscan/shieldscan/scanner/tree"
)

// The benchmarks scan a generated tree of web code (bench/gen-tree/webtree) with its 50
// alerted resources. bench/tree.sh times the CLI against ripgrep on the 200 MB version; these
// measure the library on a 16 MB one, so that -benchtime=3x takes seconds:
//
//	go test ./scanner -run '^$' -bench . -benchtime=3x
//
// BenchmarkScanDir scans a tree made by bench/gen-tree on disk, for profiling:
//
//	SHIELDSCAN_BENCH_TREE=bench/out go test ./scanner -run '^$' -bench ScanDir -benchtime=3x -cpuprofile /tmp/cpu.prof

const benchSize = 16 << 20

type generated struct {
	fsys fstest.MapFS
	man  *webtree.Manifest
}

var benchTree = sync.OnceValues(func() (*generated, error) {
	g := &generated{fsys: fstest.MapFS{}}
	var err error
	g.man, err = webtree.Generate(webtree.Config{Seed: 1, Size: benchSize}, func(name string, data []byte) error {
		g.fsys[name] = &fstest.MapFile{Data: data, Mode: 0o644}
		return nil
	})
	return g, err
})

func loadTree(b *testing.B) *generated {
	b.Helper()
	g, err := benchTree()
	if err != nil {
		b.Fatalf("generating the benchmark tree: %v", err)
	}
	return g
}

func resourceSet(b *testing.B, list []byte, name string) *rules.Set {
	b.Helper()
	res, err := rules.ReadList(bytes.NewReader(list), name)
	if err != nil {
		b.Fatal(err)
	}
	set := rules.NewSet()
	for _, r := range res {
		set.Add(r)
	}
	return set
}

// blobs is a source of in-memory blobs.
type blobs []scanner.Blob

func (s blobs) Walk(ctx context.Context, yield func(scanner.Blob) error) error {
	for _, b := range s {
		if err := yield(b); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkMatch is the matcher alone, on one core: one blob of generated JavaScript (all the
// hand-written files, or all the minified bundles, concatenated), so that walking, reading and
// scheduling cost nothing beside it.
func BenchmarkMatch(b *testing.B) {
	g := loadTree(b)
	set := resourceSet(b, g.man.NeedlesTxt(), "needles.txt")
	var js, minjs []byte
	for name, f := range g.fsys {
		switch {
		case strings.HasPrefix(name, "node_modules/"):
		case strings.HasSuffix(name, ".min.js"):
			minjs = append(minjs, f.Data...)
		case path.Ext(name) == ".js":
			js = append(js, f.Data...)
		}
	}
	for _, text := range []struct {
		name string
		data []byte
	}{{"js", js}, {"minified", minjs}} {
		for _, decode := range []bool{false, true} {
			name := text.name
			if decode {
				name += "/decode"
			}
			b.Run(name, func(b *testing.B) {
				data := text.data
				src := blobs{{Path: "bundle.js", Size: int64(len(data)), Load: func(*[]byte, int64) ([]byte, error) { return data, nil }}}
				opts := scanner.Options{Workers: 1, Decode: decode}
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				benchcpu.Loop(b, func() {
					if _, err := scanner.Scan(b.Context(), src, set, opts); err != nil {
						b.Fatal(err)
					}
				})
			})
		}
	}
}

// BenchmarkScan is Scan over the generated tree, written to a temporary directory, through the
// working-tree source (.gitignore, binary files and all), on every core. (fstest.MapFS is no
// stand-in for a disk: each directory listing walks the whole map, which made that variant 4×
// slower than the disk.)
func BenchmarkScan(b *testing.B) {
	g := loadTree(b)
	set := resourceSet(b, g.man.NeedlesTxt(), "needles.txt")
	dir := b.TempDir()
	for name, f := range g.fsys {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for _, decode := range []bool{false, true} {
		name := "plain"
		if decode {
			name = "decode"
		}
		b.Run(name, func(b *testing.B) {
			benchScan(b, tree.New(os.DirFS(dir), tree.Options{}), set, g.man, decode)
		})
	}
}

// BenchmarkScanDir scans $SHIELDSCAN_BENCH_TREE/tree with $SHIELDSCAN_BENCH_TREE/needles.txt, as
// written by bench/gen-tree (bench/tree.sh leaves them in bench/out).
func BenchmarkScanDir(b *testing.B) {
	dir := os.Getenv("SHIELDSCAN_BENCH_TREE")
	if dir == "" {
		b.Skip("SHIELDSCAN_BENCH_TREE is not set: run bench/tree.sh, then set it to bench/out")
	}
	list, err := os.ReadFile(filepath.Join(dir, "needles.txt"))
	if err != nil {
		b.Fatal(err)
	}
	set := resourceSet(b, list, "needles.txt")
	for _, decode := range []bool{false, true} {
		name := "plain"
		if decode {
			name = "decode"
		}
		b.Run(name, func(b *testing.B) {
			root := filepath.Join(dir, "tree")
			benchScan(b, tree.New(os.DirFS(root), tree.Options{Dir: root}), set, nil, decode)
		})
	}
}

// benchScan times Scan and, when the tree's manifest is known, checks once that the plain
// references found are the planted ones.
func benchScan(b *testing.B, src scanner.Source, set *rules.Set, man *webtree.Manifest, decode bool) {
	b.Helper()
	opts := scanner.Options{Decode: decode}
	rep, err := scanner.Scan(b.Context(), src, set, opts)
	if err != nil {
		b.Fatal(err)
	}
	if man != nil {
		planted := map[string]int{}
		for _, r := range man.Resources {
			planted[r.Spec] = r.Plain
		}
		for _, rr := range rep.Resources {
			if got, want := rr.References-rr.Encoded, planted[rr.Raw]; got != want {
				b.Errorf("Scan found %d plain references to %s, want %d (as planted)", got, rr.Raw, want)
			}
		}
	}
	b.SetBytes(rep.Stats.Bytes)
	b.ReportAllocs()
	benchcpu.Loop(b, func() {
		if _, err := scanner.Scan(b.Context(), src, set, opts); err != nil {
			b.Fatal(err)
		}
	})
}
