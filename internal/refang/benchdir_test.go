package refang

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shieldscan/shieldscan/internal/benchcpu"
)

// BenchmarkRegionsDir runs Regions over every file of the tree $SHIELDSCAN_REFANG_DIR in which
// the decoder looks for prose defanging (documents, data and configuration files, as
// scanner.prose chooses them), the input of the decoder's defangRegions:
//
//	SHIELDSCAN_REFANG_DIR=/tmp/matomo go test ./internal/refang -run '^$' -bench RegionsDir
func BenchmarkRegionsDir(b *testing.B) {
	dir := os.Getenv("SHIELDSCAN_REFANG_DIR")
	if dir == "" {
		b.Skip("SHIELDSCAN_REFANG_DIR is not set")
	}
	var files [][]byte
	var size int64
	dirFiles(b, dir, func(p string, data []byte) {
		if proseFile(p) {
			files = append(files, data)
			size += int64(len(data))
		}
	})
	b.SetBytes(size)
	useKernel(b)
	n := 0
	// CPU time beside wall time: on a shared machine wall time moves with the other jobs' load,
	// CPU time far less.
	c0 := benchcpu.Now()
	for b.Loop() {
		for _, f := range files {
			for range Regions(f) {
				n++
			}
		}
	}
	b.ReportMetric(float64(n)/float64(b.N), "regions/op")
	if c0 != 0 {
		b.ReportMetric(float64(benchcpu.Now()-c0)/float64(b.N), "cpu-ns/op")
	}
}

// dirFiles calls visit with the path and the bytes of each regular file of the tree dir but
// those under .git and those over 50 MiB, and fails tb when the tree cannot be read.
func dirFiles(tb testing.TB, dir string, visit func(p string, data []byte)) {
	tb.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && d.Name() == ".git":
			return filepath.SkipDir
		case !d.Type().IsRegular():
			return nil
		}
		data, err := os.ReadFile(p)
		if err == nil && len(data) <= 50<<20 {
			visit(p, data)
		}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// proseFile copies the scanner's choice of the files it searches for prose defanging, lock files
// left out.
func proseFile(p string) bool {
	switch base := filepath.Base(p); base {
	case "package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml":
		return false
	}
	switch strings.ToLower(filepath.Ext(p)) {
	case "", ".md", ".markdown", ".rst", ".txt", ".adoc", ".csv", ".tsv", ".json", ".yml", ".yaml", ".toml", ".ini", ".xml", ".eml":
		return true
	}
	return false
}

// BenchmarkTextDir runs Text over the strings between double quotes, of 12 bytes to 4 KiB, of
// every file of the tree $SHIELDSCAN_REFANG_DIR: the string literals of code and data that the
// decoder gives Text, most of them shorter than a block.
//
//	SHIELDSCAN_REFANG_DIR=/tmp/matomo go test ./internal/refang -run '^$' -bench TextDir
func BenchmarkTextDir(b *testing.B) {
	dir := os.Getenv("SHIELDSCAN_REFANG_DIR")
	if dir == "" {
		b.Skip("SHIELDSCAN_REFANG_DIR is not set")
	}
	var lits [][]byte
	var size int64
	dirFiles(b, dir, func(_ string, data []byte) {
		for k, q := range bytes.Split(data, []byte{'"'}) {
			if k%2 == 1 && len(q) >= 12 && len(q) <= 4096 {
				lits = append(lits, q)
				size += int64(len(q))
			}
		}
	})
	b.SetBytes(size)
	useKernel(b)
	n := 0
	c0 := benchcpu.Now()
	for b.Loop() {
		for _, l := range lits {
			if Text(l) != nil {
				n++
			}
		}
	}
	b.ReportMetric(float64(len(lits)), "texts")
	b.ReportMetric(float64(n)/float64(b.N), "refanged/op")
	if c0 != 0 {
		b.ReportMetric(float64(benchcpu.Now()-c0)/float64(b.N), "cpu-ns/op")
	}
}

// useKernel makes newSearch use the kernel that $SHIELDSCAN_REFANG_KERNEL names (kernelSSSE3,
// kernelAVX2…), when this processor runs it, until b ends: to compare them on one machine.
func useKernel(b testing.TB) {
	name := os.Getenv("SHIELDSCAN_REFANG_KERNEL")
	if name == "" {
		return
	}
	for _, k := range kernels() {
		if k.String() == name {
			old := best
			best = k
			b.Cleanup(func() { best = old })
			return
		}
	}
	b.Fatalf("SHIELDSCAN_REFANG_KERNEL=%s: not a kernel of this processor", name)
}
