//go:build devtools

// Command gen-feed prints a deterministic feed of N alerted hostnames, one per line, for
// shieldscan --resources-file (bench/needles.sh times the CLI with 100,000 of them).
//
// Usage:
//
//	go run -tags devtools ./bench/gen-feed [-seed N] [-n COUNT]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"github.com/shieldscan/shieldscan/bench/gen-feed/feed"
)

func main() {
	seed := flag.Uint64("seed", 1, "the feed to make")
	n := flag.Int("n", 100000, "how many hostnames")
	flag.Parse()
	w := bufio.NewWriter(os.Stdout)
	for _, h := range feed.Hosts(*seed, *n) {
		fmt.Fprintln(w, h)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintf(os.Stderr, "gen-feed: %v\n", err)
		os.Exit(1)
	}
}
