package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/shieldscan/shieldscan/internal/scope"
	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/scanner/analyze"
	"github.com/shieldscan/shieldscan/scanner/analyze/fetch"
)

var analyzeCommand = &command{
	name:  "analyze",
	args:  "[flags] FILE|URL",
	short: "list the hosts a script names, hidden ones too, and score its obfuscation",
	long: "Reads one script (a file, - for standard input, or an http(s) URL, which it fetches) without\n" +
		"running it, and lists every URL, hostname and IP it contains, plain or hidden by an encoding,\n" +
		"with the chain of encodings and the location, plus the signs of obfuscation and a 0-100 score.\n" +
		"A URL is fetched with a timeout and a size cap, without cookies, following no redirect to\n" +
		"another scheme; --offline refuses URLs.\n",
	flags: func(fs *pflag.FlagSet) func(context.Context, *stdio, []string) (int, error) {
		c := &analyzeConfig{}
		c.formatFlag(fs)
		c.outputFlag(fs)
		fs.StringVar(&c.category, "category", "shieldscan/analyze/", "SARIF runAutomationDetails.`ID`")
		c.failOnFlag(fs, "error (a hidden host), warning, note (any host) or never")
		c.summaryFlag(fs)
		fs.BoolVar(&c.offline, "offline", false, "refuse URLs: never contact a host")
		fs.DurationVar(&c.timeout, "timeout", 30*time.Second, "give up fetching a URL after `DURATION`")
		fs.Int64Var(&c.maxBytes, "max-size", 10<<20, "refuse a script larger than `BYTES`")
		fs.BoolVarP(&c.quiet, "quiet", "q", false, "text: print the hosts and the score only")
		return c.run
	},
}

// analyzeConfig is the parsed command line of 'shieldscan analyze'.
type analyzeConfig struct {
	outputs
	offline  bool
	timeout  time.Duration
	maxBytes int64
}

func (c *analyzeConfig) run(ctx context.Context, st *stdio, args []string) (int, error) {
	if len(args) != 1 {
		return 0, usagef("analyze takes one FILE or URL, got %d", len(args))
	}
	failOn, err := c.check()
	if err != nil {
		return 0, err
	}
	if c.maxBytes <= 0 || c.timeout <= 0 {
		return 0, usagef("--max-size and --timeout must be positive")
	}
	target := args[0]
	if err := checkFiles([]string{target}, c.files(st)); err != nil {
		return 0, err
	}
	var src []byte
	var path string
	switch {
	case isURL(target):
		if c.offline {
			return 0, usagef("--offline: refusing to fetch %q; download it yourself and give the file", report.Safe(target))
		}
		u, _ := url.Parse(target)
		fmt.Fprintf(st.stderr, "shieldscan: warning: fetching %s contacts %s (no cookies, %s timeout, %d bytes at most)\n",
			report.Safe(target), report.Safe(u.Host), c.timeout, c.maxBytes)
		src, err = fetch.Get(ctx, target, fetch.Options{Timeout: c.timeout, MaxBytes: c.maxBytes})
		if err != nil {
			return 0, err
		}
		path = strings.TrimPrefix(u.Host+u.EscapedPath(), "/")
	case target == "-":
		src, err = io.ReadAll(io.LimitReader(st.stdin, c.maxBytes+1))
		path = "stdin"
	default:
		src, err = readCapped(target, c.maxBytes)
		// A file in a work tree is named from the repository's top, as scan names it.
		if sc, serr := scope.Open(filepath.Dir(target)); serr == nil {
			path = sc.Path(target)
		} else {
			path = filepath.ToSlash(target)
		}
	}
	if err != nil {
		return 0, fmt.Errorf("reading %q: %w", target, unwrapPath(err))
	}
	if int64(len(src)) > c.maxBytes {
		return 0, fmt.Errorf("reading %q: larger than --max-size %d", target, c.maxBytes)
	}
	rep := analyze.Report(analyze.Analyze(target, src, analyze.Options{}), path, src)
	return emit(st, rep, &c.outputs, failOn)
}

func isURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

func readCapped(name string, max int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, max+1))
}
