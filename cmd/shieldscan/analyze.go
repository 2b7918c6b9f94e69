package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"

	"github.com/shieldscan/shieldscan/internal/outfile"
	"github.com/shieldscan/shieldscan/internal/scope"
	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/scanner"
	"github.com/shieldscan/shieldscan/scanner/analyze"
	"github.com/shieldscan/shieldscan/scanner/analyze/fetch"
	"github.com/shieldscan/shieldscan/scanner/emulate"
)

var analyzeCommand = &command{
	name:  "analyze",
	args:  "[flags] FILE|URL",
	short: "list the hosts a script names, hidden ones too, and score its obfuscation",
	long: "Reads one script (a file, - for standard input, or an http(s) URL, which it fetches), runs it\n" +
		"in a sandbox unless --no-emulate, and lists every URL, hostname and IP it contains or sends,\n" +
		"plain, hidden by an encoding, or revealed by running it,\n" +
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
		fs.BoolVar(&c.offline, "offline", false, "refuse URLs: never contact a host (with --investigate, only intel files and the cache answer)")
		c.investigate.register(fs, &c.apiURL)
		fs.DurationVar(&c.timeout, "timeout", 30*time.Second, "give up fetching a URL after `DURATION`")
		fs.Int64Var(&c.maxBytes, "max-size", 10<<20, "refuse a script larger than `BYTES`")
		fs.BoolVar(&c.noEmulate, "no-emulate", false, "do not run the script in the sandbox: static decoding only")
		fs.DurationVar(&c.emulateTimeout, "emulate-timeout", emulate.DefaultTimeout, "stop running the script in the sandbox after `DURATION` of its CPU time")
		fs.BoolVarP(&c.quiet, "quiet", "q", false, "text: print the hosts and the score only")
		return c.run
	},
}

// analyzeConfig is the parsed command line of 'shieldscan analyze'.
type analyzeConfig struct {
	outputs
	offline        bool
	timeout        time.Duration
	maxBytes       int64
	noEmulate      bool
	emulateTimeout time.Duration
	investigate    investigateFlags
	apiURL         string
}

func (c *analyzeConfig) run(ctx context.Context, st *stdio, args []string) (int, error) {
	if len(args) != 1 {
		return 0, usagef("analyze takes one FILE or URL, got %d", len(args))
	}
	failOn, err := c.check()
	if err != nil {
		return 0, err
	}
	if c.maxBytes <= 0 || c.timeout <= 0 || c.emulateTimeout <= 0 {
		return 0, usagef("--max-size, --timeout and --emulate-timeout must be positive")
	}
	target := args[0]
	if err := outfile.Check([]string{target}, c.files(st)); err != nil {
		return 0, err
	}
	if fetch.IsURL(target) && c.offline {
		return 0, usagef("--offline: refusing to fetch %q; download it yourself and give the file", report.Safe(target))
	}
	iv, err := c.investigate.open(st, c.apiURL, c.offline, localConfig(c.investigate, "."))
	if err != nil {
		return 0, err
	}
	warn := func(msg string) { fmt.Fprintf(st.stderr, "shieldscan: warning: %s\n", report.Safe(msg)) }
	src, path, err := fetch.Script(ctx, target, st.stdin, fetch.Options{Timeout: c.timeout, MaxBytes: c.maxBytes}, warn)
	if errors.Is(err, fetch.ErrTooLarge) {
		return 0, fmt.Errorf("%w; raise --max-size if the script is that large", err)
	} else if err != nil {
		return 0, err
	}
	if path == "" {
		// A file in a work tree is named from the repository's top, as scan names it.
		path = filepath.ToSlash(target)
		if sc, err := scope.Open(filepath.Dir(target)); err == nil {
			path = sc.Path(target)
		}
	}
	if text, ok := scanner.Transcode(src); ok {
		src = text // a UTF-16 or UTF-32 script, read as the scan reads it
	}
	res := analyze.Analyze(target, src, analyze.Options{})
	var notes []string
	if !c.noEmulate {
		// The script runs in a child process of this program, with no file, network, process
		// or environment access, under a memory limit and a time budget (scanner/emulate).
		er, err := emulate.Run(ctx, src, emulate.Options{Timeout: c.emulateTimeout})
		if err != nil {
			notes = append(notes, fmt.Sprintf("the script was not run in the sandbox: %v", err))
		}
		res.AddEmulated(src, er)
	}
	rep := analyze.Report(res, path, src)
	rep.PrependNotes(notes)
	if iv != nil {
		if err := iv.Analysis(ctx, rep); err != nil {
			return 0, err
		}
	}
	return emit(st, rep, &c.outputs, failOn)
}
