package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/shieldscan/shieldscan/internal/config"
	"github.com/shieldscan/shieldscan/internal/memlimit"
	"github.com/shieldscan/shieldscan/internal/outfile"
	"github.com/shieldscan/shieldscan/internal/progress"
	"github.com/shieldscan/shieldscan/internal/resources"
	"github.com/shieldscan/shieldscan/internal/scope"
	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/rules/pageshield"
	"github.com/shieldscan/shieldscan/scanner"
	"github.com/shieldscan/shieldscan/scanner/analyze"
	"github.com/shieldscan/shieldscan/scanner/emulate"
	"github.com/shieldscan/shieldscan/scanner/history"
	"github.com/shieldscan/shieldscan/scanner/tree"
)

var scanCommand = &command{
	name:  "scan",
	args:  "[flags] [PATH]",
	short: "find every reference to the resources in PATH (default .)",
	long: "Scans PATH (default .) for every reference to the alerted resources and classifies each\n" +
		"resource as declared (referenced), historical (only in git history) or unknown (referenced\n" +
		"nowhere).\n",
	flags: func(fs *pflag.FlagSet) func(context.Context, *stdio, []string) (int, error) {
		c := newScanFlags(fs)
		return func(ctx context.Context, st *stdio, args []string) (int, error) { return c.run(ctx, st, fs, args) }
	},
}

// scanConfig is the parsed command line of 'shieldscan scan', merged with .shieldscan.yml.
type scanConfig struct {
	outputs
	config.Scan
	resources      []string
	resourcesFiles []string
	configPath     string
	noIgnore       bool
	noDecode       bool
	noEmulate      bool
	emulateBudget  time.Duration
	emulateTimeout time.Duration
	onlyMalicious  bool
	kind           string
	zone           string
	apiURL         string
	maxVersions    int
	expand         bool
	scriptSources  []string
	offline        bool
	investigate    investigateFlags

	cfg *config.Config // the configuration file, when there is one
}

func newScanFlags(fs *pflag.FlagSet) *scanConfig {
	c := &scanConfig{}
	fs.StringArrayVarP(&c.resources, "resource", "r", nil, "an alerted `RESOURCE`: URL, //host/path, hostname, *.domain, IPv4, IPv6, host:port; defanged spellings accepted (repeatable)")
	fs.StringArrayVarP(&c.resourcesFiles, "resources-file", "f", nil, "read resources from `FILE`: a list (one per line, # comments), Page Shield JSON, a webhook payload or a CSV export; - is stdin (repeatable)")
	fs.StringVar(&c.zone, "cloudflare-zone", "", "pull the scripts and connections that Page Shield saw on zone `ID` (token in CLOUDFLARE_API_TOKEN)")
	fs.StringVar(&c.apiURL, "cloudflare-api-url", pageshield.DefaultBaseURL, "Cloudflare API base `URL` (for tests and proxies)")
	maxVersionsFlag(fs, &c.maxVersions)
	fs.StringVar(&c.kind, "kind", "", "the Page Shield items in resources files are all `KIND`: script or connection, whatever their fields suggest (default: decided from the data, with a note when it guesses)")
	fs.BoolVar(&c.onlyMalicious, "only-malicious", false, "keep only the resources that Page Shield calls malicious")
	fs.StringArrayVar(&c.SiteHosts, "site-host", nil, "the site's own `HOST`: its scripts are matched by path too (repeatable)")
	fs.BoolVar(&c.expand, "expand", false, "analyse each alerted script and look for the hosts and IPs inside it too")
	fs.StringArrayVar(&c.scriptSources, "script-source", nil, "with --expand: the alerted script `URL=FILE` is in FILE (repeatable); others are fetched")
	fs.BoolVar(&c.offline, "offline", false, "never contact a host: with --expand, only --script-source files are analysed; with --investigate, only intel files and the cache answer")
	c.investigate.register(fs, &c.apiURL)
	fs.StringVar(&c.configPath, "config", "", "read settings from `FILE` (default: .shieldscan.yml in PATH, if any); flags override it")
	fs.BoolVar(&c.History, "history", false, "scan every blob in the git history (all refs, or --ref), not the working tree")
	fs.StringArrayVar(&c.Refs, "ref", nil, "with --history or --since: scan the history of `REF` only (repeatable)")
	fs.StringVar(&c.Since, "since", "", "scan only what the commits after `REF` add (pull-request mode: every reference is an error)")
	fs.BoolVar(&c.Staged, "staged", false, "scan only what the index adds to HEAD (pre-commit mode: every reference is an error)")
	fs.BoolVar(&c.AllowShallow, "allow-shallow", false, "scan a shallow clone's history anyway, and say so in every output")
	fs.StringArrayVar(&c.Include, "include", nil, "scan only paths matching this doublestar `GLOB` (repeatable)")
	fs.StringArrayVar(&c.Exclude, "exclude", nil, "skip paths matching this doublestar `GLOB` (repeatable)")
	fs.BoolVar(&c.noIgnore, "no-ignore", false, "scan files that .gitignore and .git/info/exclude leave out")
	c.MaxFileSize = scanner.DefaultMaxFileSize
	fs.Var((*config.Size)(&c.MaxFileSize), "max-file-size", "skip files larger than `BYTES` (they are listed as skipped; 20MiB, 1GB… accepted)")
	fs.BoolVar(&c.noDecode, "no-decode", false, "look for plain references only, not encoded ones")
	fs.BoolVar(&c.noEmulate, "no-emulate", false, "never run a suspicious script in the sandbox: static decoding only")
	fs.DurationVar(&c.emulateBudget, "emulate-budget", 30*time.Second, "run suspicious scripts in the sandbox for at most `DURATION` of CPU time in all (the rest are listed as skipped)")
	fs.DurationVar(&c.emulateTimeout, "emulate-timeout", emulate.DefaultTimeout, "stop running one script in the sandbox after `DURATION` of its CPU time")
	c.formatFlag(fs)
	c.outputFlag(fs)
	fs.StringVar(&c.jsonOutput, "json-output", "", "also write the JSON report to `FILE`")
	fs.StringVar(&c.sarifOutput, "sarif-output", "", "also write the SARIF report to `FILE`")
	c.summaryFlag(fs)
	fs.StringVar(&c.category, "category", "shieldscan/", "SARIF runAutomationDetails.`ID`, to tell apart several uploads of one repository")
	c.failOnFlag(fs, "error, warning, note or never")
	fs.BoolVarP(&c.quiet, "quiet", "q", false, "print findings only: no summary line, no progress bar")
	return c
}

func (c *scanConfig) run(ctx context.Context, st *stdio, fs *pflag.FlagSet, args []string) (int, error) {
	if len(args) > 1 {
		return 0, usagef("scan takes one PATH, got %d: %q", len(args), args)
	}
	root := "."
	if len(args) == 1 {
		root = args[0]
	}
	sc, err := scope.Open(root)
	if err != nil {
		return 0, fmt.Errorf("cannot scan %w", err)
	}
	if c.cfg, err = config.Open(c.configPath, root); err != nil {
		return 0, err
	} else if c.cfg != nil {
		c.cfg.Overlay(&c.Scan, fs.Changed)
		if c.Scan.FailOn != "" {
			c.failOn = c.Scan.FailOn
		}
	}
	failOn, err := c.check()
	if err != nil {
		return 0, err
	}
	if err := checkMaxVersions(c.maxVersions); err != nil {
		return 0, err
	}
	inHistory := c.History || c.Since != "" || c.Staged
	// Files that name resources or receive reports are inputs and outputs, never code. In a
	// history scan paths are relative to the work tree's top, where the repository starts.
	anchor := sc.Anchor
	if inHistory {
		anchor = sc.RepoAnchor
	}
	if err := outfile.Check(c.inputFiles(), c.files(st)); err != nil {
		return 0, err
	}
	iv, err := c.investigate.open(st, c.apiURL, c.offline, c.cfg)
	if err != nil {
		return 0, err
	}
	loaded, err := resources.Load(ctx, resources.Options{
		Resources: c.resources, Files: c.resourcesFiles, Stdin: st.stdin, Config: c.cfg,
		Zone: c.zone, Token: st.env.token, APIURL: c.apiURL, MaxVersions: c.maxVersions, OnlyMalicious: c.onlyMalicious, Kind: c.kind,
		SiteHosts: c.SiteHosts, Expand: c.expand, ScriptSources: c.scriptSources, Offline: c.offline,
		Anchor: anchor, Warn: func(msg string) { fmt.Fprintf(st.stderr, "shieldscan: warning: %s\n", report.Safe(msg)) },
	})
	if err != nil {
		return 0, err
	}
	skip := append(loaded.Inputs, c.investigate.anchors(anchor)...)
	for _, out := range c.files(st) {
		if a := anchor(out); a != "" {
			skip = append(skip, a)
		}
	}
	opts := scanner.Options{
		Include: c.Include, Exclude: c.Exclude, MaxFileSize: c.MaxFileSize,
		Mode: report.ModeTree, Decode: !c.noDecode, Inputs: skip, Prefix: sc.Prefix, Scope: sc.Prefix,
		Suppressed: config.InlineIgnored,
	}
	if !c.noDecode && !c.noEmulate {
		opts.Emulation = analyze.Emulation(c.emulateBudget, c.emulateTimeout)
	}
	topts := tree.Options{NoIgnore: c.noIgnore, Dir: root, Base: sc.Base()}
	if sc.Top != "" {
		topts.Top = os.DirFS(sc.Top)
	}
	var src scanner.Source = tree.New(os.DirFS(root), topts)
	notes := loaded.Notes
	if inHistory {
		hold, release := context.WithCancel(ctx)
		defer release()
		memlimit.Hold(hold, time.Second)
		bar := progress.New(st.stderr, c.quiet)
		hs, err := history.Open(ctx, root, history.Options{
			Refs: c.Refs, Since: c.Since, Staged: c.Staged, AllowShallow: c.AllowShallow,
			MaxFileSize: c.MaxFileSize, Progress: bar.Update,
		})
		if err != nil {
			return 0, c.historyError(err, root, fs.Changed("ref"))
		}
		defer hs.Close()
		defer bar.Finish()
		src = hs
		opts.Prefix = "" // git paths are relative to the repository's top already
		opts.Mode = report.ModeHistory
		if c.Since != "" || c.Staged {
			opts.Mode = report.ModeChange
		}
		if hs.Shallow() {
			notes = append(notes, "shallow clone: commits before the shallow boundary were not scanned (--allow-shallow); fetch the full history for a complete answer")
		}
	}
	// The findings stream to a temporary file; the configuration's ignore list applies as they
	// are finished.
	ignore := map[string]report.Suppression{}
	if c.cfg != nil {
		for _, ig := range c.cfg.Ignore {
			if _, ok := ignore[ig.Fingerprint]; !ok {
				ignore[ig.Fingerprint] = report.Suppression{Kind: "config", Reason: ig.Reason, Where: fmt.Sprintf("%s:%d", c.cfg.Path, ig.Line)}
			}
		}
	}
	sopts := report.StreamOptions{Ignore: ignore}
	if iv != nil {
		// The playbook's verdict reads every finding and adds its own: they stay in memory.
		sopts.RunBytes = math.MaxInt
	}
	rep, err := scanner.ScanStream(ctx, src, loaded.Set, opts, sopts)
	if err != nil {
		return 0, fmt.Errorf("scanning %q: %w", root, err)
	}
	defer rep.Close()
	if hs, ok := src.(*history.Source); ok {
		hs.MarkIncomplete(rep)
	}
	rep.PrependNotes(notes)
	if iv != nil {
		if err := iv.Scan(ctx, rep, loaded.Scripts); err != nil {
			return 0, err
		}
	}
	rep.Repository = report.Safe(st.repository(sc))
	return emit(st, rep, &c.outputs, failOn)
}

// historyFlag is the flag that asked for git history.
func (c *scanConfig) historyFlag() string {
	switch {
	case c.Since != "":
		return "--since"
	case c.Staged:
		return "--staged"
	}
	return "--history"
}

// historyError says what to do when a history cannot be opened: a ref that the configuration
// file names is reported at its line there.
func (c *scanConfig) historyError(err error, root string, refFlag bool) error {
	if r, ok := c.cfg.RefIn(err.Error()); ok && !refFlag && errors.Is(err, history.ErrUnknownRef) {
		return r.Wrap(fmt.Errorf("%w in %q; check the name, and that it was fetched", history.ErrUnknownRef, root))
	}
	return historyError(err, c.historyFlag())
}

// historyError names the flag the user gave when there is no repository to read.
func historyError(err error, flag string) error {
	if errors.Is(err, history.ErrNotRepo) {
		return fmt.Errorf("%s: %w (run inside a clone, or drop %s)", flag, err, flag)
	}
	return err
}

// inputFiles are the files the run reads: no output may replace one.
func (c *scanConfig) inputFiles() []string {
	in := append(slices.Clone(c.resourcesFiles), c.investigate.intelFiles...)
	for _, src := range c.scriptSources {
		if i := strings.LastIndex(src, "="); i > 0 {
			in = append(in, src[i+1:]) // the FILE of URL=FILE
		}
	}
	if c.cfg != nil {
		in = append(in, c.cfg.Path)
		for _, f := range c.cfg.ResourcesFiles {
			in = append(in, f.Path)
		}
	}
	return in
}

// check validates the settings that do not need the file system, and returns --fail-on.
func (c *scanConfig) check() (failOn rules.Level, err error) {
	if failOn, err = c.outputs.check(); err != nil {
		return 0, err
	}
	if c.MaxFileSize <= 0 {
		return 0, usagef("--max-file-size %d: want a positive number of bytes", c.MaxFileSize)
	}
	if c.emulateBudget < 0 || c.emulateTimeout <= 0 {
		return 0, usagef("--emulate-budget and --emulate-timeout must be positive (--no-emulate turns the sandbox off)")
	}
	if err := scanner.ValidateGlobs(c.Include); err != nil {
		return 0, usagef("--include: %w", err)
	}
	if err := scanner.ValidateGlobs(c.Exclude); err != nil {
		return 0, usagef("--exclude: %w", err)
	}
	if c.Staged && (c.Since != "" || c.History) {
		return 0, usagef("--staged scans the index: it does not go with --since or --history")
	}
	if len(c.Refs) > 0 && !c.History && c.Since == "" {
		return 0, usagef("--ref narrows a history scan: add --history or --since")
	}
	if (len(c.scriptSources) > 0 || c.offline && !c.investigate.enabled()) && !c.expand {
		return 0, usagef("--script-source and --offline go with --expand (or --offline with --investigate)")
	}
	for _, s := range c.scriptSources {
		if i := strings.LastIndex(s, "="); i <= 0 || i == len(s)-1 {
			return 0, usagef("--script-source %q: want URL=FILE", s)
		}
	}
	return failOn, nil
}
