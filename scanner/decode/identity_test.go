package decode

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"os"
	"testing"
)

// TestFindDigest writes, for every file of $SHIELDSCAN_DECODE_DIR that BenchmarkFindDir decodes,
// a digest of every field of Find's result to $SHIELDSCAN_DECODE_DIGEST, one line a file: two
// builds of the decoder give the same answers when their files are equal.
func TestFindDigest(t *testing.T) {
	dir, out := os.Getenv("SHIELDSCAN_DECODE_DIR"), os.Getenv("SHIELDSCAN_DECODE_DIGEST")
	if dir == "" || out == "" {
		t.Skip("SHIELDSCAN_DECODE_DIR or SHIELDSCAN_DECODE_DIGEST is not set")
	}
	paths := decodableFiles(t, dir)
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil || len(data) > 50<<20 {
			continue
		}
		r := Find(data, Options{NoProseDefang: !benchProse(p)})
		h := sha256.New()
		num := func(n int) { h.Write(binary.AppendVarint(nil, int64(n))) }
		num(len(r.Spans))
		for _, s := range r.Spans {
			num(s.Start)
			num(s.End)
			num(len(s.Text))
			h.Write(s.Text)
			num(len(s.Chain))
			for _, c := range s.Chain {
				num(int(c))
			}
		}
		if r.Truncated {
			num(1)
		} else {
			num(0)
		}
		num(len(r.Limits))
		for _, l := range r.Limits {
			fmt.Fprintf(h, "%+v;", l)
		}
		fmt.Fprintf(w, "%x %d %d %s\n", h.Sum(nil), len(r.Spans), len(r.Limits), p)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}
