//go:build devtools

// Command gen-feed prints a deterministic feed of N alerted hostnames, one per line, for
// shieldscan --resources-file (bench/needles.sh and bench/scale.sh time the CLI with 100,000 of
// them). With -tree DIR it also writes a tree in which every line references one of those
// hosts (bench/scale.sh: 20 files × 50,000 matching lines is a million findings).
//
// Usage:
//
//	go run -tags devtools ./bench/gen-feed [-seed N] [-n COUNT] [-tree DIR -files F -lines L]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/shieldscan/shieldscan/bench/gen-feed/feed"
)

func main() {
	seed := flag.Uint64("seed", 1, "the feed to make")
	n := flag.Int("n", 100000, "how many hostnames")
	tree := flag.String("tree", "", "also write `DIR`: -files files of -lines lines, each referencing one host of the feed")
	files := flag.Int("files", 20, "with -tree: how many files")
	lines := flag.Int("lines", 50000, "with -tree: how many matching lines a file")
	flag.Parse()
	hosts := feed.Hosts(*seed, *n)
	if err := run(hosts, *tree, *files, *lines); err != nil {
		fmt.Fprintf(os.Stderr, "gen-feed: %v\n", err)
		os.Exit(1)
	}
}

func run(hosts []string, tree string, files, lines int) error {
	w := bufio.NewWriter(os.Stdout)
	for _, h := range hosts {
		fmt.Fprintln(w, h)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if tree == "" {
		return nil
	}
	if err := os.MkdirAll(tree, 0o755); err != nil {
		return err
	}
	for i := range files {
		if err := writeFile(filepath.Join(tree, fmt.Sprintf("bundle-%02d.js", i)), hosts, i, lines); err != nil {
			return err
		}
	}
	return nil
}

// writeFile writes lines lines, each loading one host of hosts in turn (from offset i): a plain
// reference at a different column on every few lines.
func writeFile(name string, hosts []string, i, lines int) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for l := range lines {
		h := hosts[(i+l)%len(hosts)]
		fmt.Fprintf(w, "%*sload(\"https://%s/lib/v%d.js\", %d);\n", l%7, "", h, l%13, l)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
