package refang

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"os"
	"testing"
)

// TestRegionsDigest writes, for every file of $SHIELDSCAN_REFANG_DIR, a digest of what Regions
// yields over it (for the files BenchmarkRegionsDir reads) and of what Text returns for each of
// its lines and for each of its quoted strings, to $SHIELDSCAN_REFANG_DIGEST, one line a file:
// two builds give the same answers when their files are equal. Lines and quoted strings stand
// for the literals and tokens the decoder gives Text: most are shorter than a block.
// $SHIELDSCAN_REFANG_KERNEL chooses the kernel of the search (useKernel).
func TestRegionsDigest(t *testing.T) {
	dir, out := os.Getenv("SHIELDSCAN_REFANG_DIR"), os.Getenv("SHIELDSCAN_REFANG_DIGEST")
	if dir == "" || out == "" {
		t.Skip("SHIELDSCAN_REFANG_DIR or SHIELDSCAN_REFANG_DIGEST is not set")
	}
	useKernel(t)
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	dirFiles(t, dir, func(p string, data []byte) {
		h := sha256.New()
		num := func(n int) { h.Write(binary.AppendVarint(nil, int64(n))) }
		regions := 0
		if proseFile(p) {
			for s, e := range Regions(data) {
				num(s)
				num(e)
				regions++
			}
		}
		text := func(b []byte) {
			r := Text(b)
			if r == nil {
				num(-1)
				return
			}
			num(len(r))
			h.Write(r)
		}
		for line := range bytes.Lines(data) {
			text(line)
		}
		for _, q := range bytes.Split(data, []byte{'"'}) {
			if len(q) <= 4096 {
				text(q)
			}
		}
		fmt.Fprintf(w, "%x %d %s\n", h.Sum(nil), regions, p)
	})
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}
