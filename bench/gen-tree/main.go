//go:build devtools

// Command gen-tree writes the benchmark tree of synthetic web code that bench/tree.sh scans:
// DIR/tree/ (about -size bytes), DIR/needles.txt (the alerted resources, for
// shieldscan --resources-file), DIR/needles.rg (their plain strings, for rg -F -f),
// DIR/truth.tsv (the references planted per resource) and DIR/manifest.txt (the tree's shape).
// With -verify it instead checks a shieldscan JSON report of DIR/tree against DIR/truth.tsv.
//
// Usage:
//
//	go run -tags devtools ./bench/gen-tree [-seed N] [-size BYTES] DIR
//	go run -tags devtools ./bench/gen-tree -verify REPORT.json DIR
//
// The same seed and size give the same bytes. DIR/tree must not exist yet.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/shieldscan/shieldscan/bench/gen-tree/webtree"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen-tree", flag.ContinueOnError)
	fs.SetOutput(stderr)
	seed := fs.Uint64("seed", 1, "the tree to make")
	size := fs.Int64("size", 200<<20, "approximate size of the tree in `BYTES`")
	report := fs.String("verify", "", "check the shieldscan JSON `REPORT` of DIR/tree against DIR/truth.tsv")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: gen-tree [-seed N] [-size BYTES] DIR\n       gen-tree -verify REPORT.json DIR")
		return 2
	}
	if *report != "" {
		if err := verify(fs.Arg(0), *report, stdout); err != nil {
			fmt.Fprintf(stderr, "gen-tree: %v\n", err)
			return 1
		}
		return 0
	}
	if err := generate(ctx, fs.Arg(0), *seed, *size, stdout); err != nil {
		fmt.Fprintf(stderr, "gen-tree: %v\n", err)
		return 1
	}
	return 0
}

func generate(ctx context.Context, dir string, seed uint64, size int64, stdout io.Writer) error {
	root := filepath.Join(dir, "tree")
	if _, err := os.Stat(root); err == nil {
		return fmt.Errorf("%s exists: remove it first", root)
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	tmp := root + ".partial"
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	m, err := webtree.Generate(webtree.Config{Seed: seed, Size: size}, func(name string, data []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		p := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		return os.WriteFile(p, data, 0o644)
	})
	if err != nil {
		return fmt.Errorf("writing the tree: %w", err)
	}
	shape := fmt.Sprintf("seed %d, size %d\nfiles scanned: %d (%d bytes, %d binary)\nfiles ignored by .gitignore: %d (%d bytes)\nlongest line: %d bytes (%s)\nlines of 100 KB or more: %d\n",
		seed, size, m.Files, m.Bytes, m.Binary, m.IgnoredFiles, m.IgnoredBytes, m.LongestLine, m.LongestPath, m.Lines100K)
	for name, data := range map[string][]byte{
		"needles.txt":  m.NeedlesTxt(),
		"needles.rg":   m.NeedlesRg(),
		"truth.tsv":    m.Truth(),
		"manifest.txt": []byte(shape),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, root); err != nil {
		return err
	}
	fmt.Fprint(stdout, shape)
	return nil
}
