package decode

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shieldscan/shieldscan/internal/benchcpu"
)

// BenchmarkFindDir runs Find over every file of the tree $SHIELDSCAN_DECODE_DIR that a scan would
// decode (text, at most 50 MB, not a source map, lockfile or log), with the prose defanging
// styles only where the scanner searches them (documents, data and configuration files). It is
// the decoder's share of `shieldscan scan` on a real tree, without reading or matching:
//
//	SHIELDSCAN_DECODE_DIR=/tmp/matomo go test ./scanner/decode -run '^$' -bench FindDir \
//	    -benchtime=3x -cpuprofile /tmp/decode.prof
func BenchmarkFindDir(b *testing.B) {
	dir := os.Getenv("SHIELDSCAN_DECODE_DIR")
	if dir == "" {
		b.Skip("SHIELDSCAN_DECODE_DIR is not set")
	}
	type file struct {
		data  []byte
		prose bool
	}
	var files []file
	var size int64
	for _, p := range decodableFiles(b, dir) {
		data, err := os.ReadFile(p)
		if err != nil || len(data) > 50<<20 || bytes.IndexByte(data[:min(len(data), 8<<10)], 0) >= 0 {
			continue
		}
		files = append(files, file{data, benchProse(p)})
		size += int64(len(data))
	}
	b.SetBytes(size)
	b.ReportMetric(float64(len(files)), "files")
	// CPU time beside wall time: on a shared machine wall time moves with
	// the other jobs' load, CPU time far less.
	c0 := benchcpu.Now()
	for b.Loop() {
		for _, f := range files {
			Find(f.data, Options{NoProseDefang: !f.prose})
		}
	}
	if c0 != 0 {
		b.ReportMetric(float64(benchcpu.Now()-c0)/float64(b.N), "cpu-ns/op")
	}
}

// decodableFiles lists the regular files under dir that a scan would decode (benchDecodable),
// in lexical order, leaving out .git.
func decodableFiles(tb testing.TB, dir string) []string {
	tb.Helper()
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && benchDecodable(p) {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return paths
}

// benchDecodable and benchProse copy the scanner's choices (scanner.decodable, scanner.prose).
func benchDecodable(p string) bool {
	base := path.Base(filepath.ToSlash(p))
	switch {
	case strings.HasSuffix(base, ".map"), strings.HasSuffix(base, ".lock"), strings.HasSuffix(base, ".log"),
		base == "package-lock.json", base == "npm-shrinkwrap.json", base == "pnpm-lock.yaml":
		return false
	}
	return true
}

func benchProse(p string) bool {
	switch strings.ToLower(filepath.Ext(p)) {
	case "", ".md", ".markdown", ".rst", ".txt", ".adoc", ".csv", ".tsv", ".json", ".yml", ".yaml", ".toml", ".ini", ".xml", ".eml", ".log":
		return true
	}
	return false
}
