package decode

import (
	"bufio"
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const corpusDir = "../../testdata/obfuscated"

// fictional lists the alerted hosts the corpus uses; negatives must decode
// to none of them.
var fictional = []string{"evil-cdn.example", "203.0.113.7", "xn--skm-khd.evil-cdn.example"}

type truthRow struct {
	file     string
	line     int
	resource string
	chain    string
}

func readTruth(t *testing.T) []truthRow {
	t.Helper()
	f, err := os.Open(filepath.Join(corpusDir, "truth.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []truthRow
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if n == 1 || sc.Text() == "" {
			continue // header
		}
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) != 4 {
			t.Fatalf("truth.tsv:%d: %d columns, want 4", n, len(fs))
		}
		line, err := strconv.Atoi(fs[1])
		if err != nil {
			t.Fatalf("truth.tsv:%d: line %q: %v", n, fs[1], err)
		}
		if _, ok := ParseChain(fs[3]); !ok {
			t.Fatalf("truth.tsv:%d: unknown chain %q", n, fs[3])
		}
		rows = append(rows, truthRow{fs[0], line, fs[2], fs[3]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// hostOf returns the host of a resource: a URL's host, else the resource.
func hostOf(r string) string {
	if u, err := url.Parse(r); err == nil && u.Host != "" {
		return u.Hostname()
	}
	return r
}

// lineOf returns the 1-based line of offset off in src.
func lineOf(src []byte, off int) int { return bytes.Count(src[:off], []byte("\n")) + 1 }

func TestCorpus(t *testing.T) {
	t.Parallel()
	rows := readTruth(t)
	files := map[string][]truthRow{}
	for _, r := range rows {
		files[r.file] = append(files[r.file], r)
	}
	entries, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() && e.Name() != "truth.tsv" && files[e.Name()] == nil {
			t.Errorf("%s has no row in truth.tsv", e.Name())
		}
	}
	for name, want := range files {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(filepath.Join(corpusDir, name))
			if err != nil {
				t.Fatal(err)
			}
			spans, truncated := Spans(src, Options{})
			if truncated {
				t.Errorf("Spans(%s) truncated", name)
			}
			for _, r := range want {
				host := hostOf(r.resource)
				found := false
				for _, s := range spans {
					if lineOf(src, s.Start) == r.line && ChainString(s.Chain) == r.chain && bytes.Contains(s.Text, []byte(host)) {
						found = true
						break
					}
				}
				if !found {
					var got []string
					for _, s := range spans {
						if lineOf(src, s.Start) == r.line {
							got = append(got, ChainString(s.Chain)+" "+strconv.Quote(string(s.Text)))
						}
					}
					t.Errorf("%s:%d: no %s span holding %q; spans starting on the line: %v", name, r.line, r.chain, host, got)
				}
			}
		})
	}
}

func TestCorpusNegative(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(corpusDir, "negative")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("no negative samples")
	}
	for _, e := range entries {
		t.Run(e.Name(), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range fictional {
				if bytes.Contains(src, []byte(h)) {
					t.Fatalf("negative sample %s names %q plainly", e.Name(), h)
				}
			}
			spans, _ := Spans(src, Options{})
			for _, s := range spans {
				for _, h := range fictional {
					if bytes.Contains(s.Text, []byte(h)) {
						t.Errorf("%s:%d: %s span decodes to %q, which holds %q", e.Name(), lineOf(src, s.Start), ChainString(s.Chain), s.Text, h)
					}
				}
			}
		})
	}
}

// TestCorpusDataNegative checks the negative samples named data-*: number
// arrays that are data and code that moves character codes without hiding
// anything. The decoders that read any list of numbers or any shifted text
// keep only what holds a hostname or address, so no span of them may.
func TestCorpusDataNegative(t *testing.T) {
	t.Parallel()
	names, err := filepath.Glob(filepath.Join(corpusDir, "negative", "data-*"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no data-* negative samples (%v)", err)
	}
	for _, name := range names {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		spans, _ := Spans(src, Options{})
		for _, s := range spans {
			if hasAddress(s.Text) {
				t.Errorf("%s:%d: %s span %q holds an address", filepath.Base(name), lineOf(src, s.Start), ChainString(s.Chain), s.Text)
			}
		}
	}
}
