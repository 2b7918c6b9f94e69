package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/shieldscan/shieldscan/internal/config"
	"github.com/shieldscan/shieldscan/internal/resources"
	"github.com/shieldscan/shieldscan/internal/scope"
	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/rules/pageshield"
	"github.com/shieldscan/shieldscan/scanner"
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
	resources      []string
	resourcesFiles []string
	configPath     string
	include        []string
	exclude        []string
	noIgnore       bool
	maxFileSize    int64
	noDecode       bool
	history        bool
	refs           []string
	since          string
	staged         bool
	allowShallow   bool
	siteHosts      []string
	onlyMalicious  bool
	zone           string
	apiURL         string
	expand         bool
	scriptSources  []string
	offline        bool

	cfg *config.Config // the configuration file, when there is one
}

func newScanFlags(fs *pflag.FlagSet) *scanConfig {
	c := &scanConfig{}
	fs.StringArrayVarP(&c.resources, "resource", "r", nil, "an alerted `RESOURCE`: URL, //host/path, hostname, *.domain, IPv4, IPv6, host:port; defanged spellings accepted (repeatable)")
	fs.StringArrayVarP(&c.resourcesFiles, "resources-file", "f", nil, "read resources from `FILE`: a list (one per line, # comments), Page Shield JSON, a webhook payload or a CSV export; - is stdin (repeatable)")
	fs.StringVar(&c.zone, "cloudflare-zone", "", "pull the scripts and connections that Page Shield saw on zone `ID` (token in CLOUDFLARE_API_TOKEN)")
	fs.StringVar(&c.apiURL, "cloudflare-api-url", pageshield.DefaultBaseURL, "Cloudflare API base `URL` (for tests and proxies)")
	fs.BoolVar(&c.onlyMalicious, "only-malicious", false, "keep only the resources that Page Shield calls malicious")
	fs.StringArrayVar(&c.siteHosts, "site-host", nil, "the site's own `HOST`: its scripts are matched by path too (repeatable)")
	fs.BoolVar(&c.expand, "expand", false, "analyse each alerted script and look for the hosts and IPs inside it too")
	fs.StringArrayVar(&c.scriptSources, "script-source", nil, "with --expand: the alerted script `URL=FILE` is in FILE (repeatable); others are fetched")
	fs.BoolVar(&c.offline, "offline", false, "with --expand: never fetch a script; only --script-source files are analysed")
	fs.StringVar(&c.configPath, "config", "", "read settings from `FILE` (default: .shieldscan.yml in PATH, if any); flags override it")
	fs.BoolVar(&c.history, "history", false, "scan every blob in the git history (all refs, or --ref), not the working tree")
	fs.StringArrayVar(&c.refs, "ref", nil, "with --history or --since: scan the history of `REF` only (repeatable)")
	fs.StringVar(&c.since, "since", "", "scan only what the commits after `REF` add (pull-request mode: every reference is an error)")
	fs.BoolVar(&c.staged, "staged", false, "scan only what the index adds to HEAD (pre-commit mode: every reference is an error)")
	fs.BoolVar(&c.allowShallow, "allow-shallow", false, "scan a shallow clone's history anyway, and say so in every output")
	fs.StringArrayVar(&c.include, "include", nil, "scan only paths matching this doublestar `GLOB` (repeatable)")
	fs.StringArrayVar(&c.exclude, "exclude", nil, "skip paths matching this doublestar `GLOB` (repeatable)")
	fs.BoolVar(&c.noIgnore, "no-ignore", false, "scan files that .gitignore and .git/info/exclude leave out")
	fs.Int64Var(&c.maxFileSize, "max-file-size", scanner.DefaultMaxFileSize, "skip files larger than `BYTES` (they are listed as skipped)")
	fs.BoolVar(&c.noDecode, "no-decode", false, "look for plain references only, not encoded ones")
	c.formatFlag(fs)
	c.outputFlag(fs)
	fs.StringVar(&c.jsonOutput, "json-output", "", "also write the JSON report to `FILE`")
	fs.StringVar(&c.sarifOutput, "sarif-output", "", "also write the SARIF report to `FILE`")
	c.summaryFlag(fs)
	fs.StringVar(&c.category, "category", "shieldscan/", "SARIF runAutomationDetails.id, to tell apart several uploads of one repository")
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
	if err := c.loadConfig(fs, root); err != nil {
		return 0, err
	}
	failOn, err := c.check()
	if err != nil {
		return 0, err
	}
	inHistory := c.history || c.since != "" || c.staged
	// Files that name resources or receive reports are inputs and outputs, never code. In a
	// history scan paths are relative to the work tree's top, where the repository starts.
	anchor := sc.Anchor
	if inHistory {
		anchor = sc.RepoAnchor
	}
	if err := checkFiles(c.inputFiles(), c.files(st)); err != nil {
		return 0, err
	}
	loaded, err := resources.Load(ctx, resources.Options{
		Resources: c.resources, Files: c.resourcesFiles, Stdin: st.stdin, Config: c.cfg,
		Zone: c.zone, Token: st.env.token, APIURL: c.apiURL, OnlyMalicious: c.onlyMalicious,
		SiteHosts: c.siteHosts, Expand: c.expand, ScriptSources: c.scriptSources, Offline: c.offline,
		Anchor: anchor, Warn: func(msg string) { fmt.Fprintf(st.stderr, "shieldscan: warning: %s\n", report.Safe(msg)) },
	})
	if err != nil {
		return 0, err
	}
	skip := loaded.Inputs
	for _, out := range c.files(st) {
		if a := anchor(out); a != "" {
			skip = append(skip, a)
		}
	}
	opts := scanner.Options{
		Include: c.include, Exclude: c.exclude, MaxFileSize: c.maxFileSize,
		Mode: report.ModeTree, Decode: !c.noDecode, Inputs: skip, Prefix: sc.Prefix, Scope: sc.Prefix,
		Suppressed: config.InlineIgnored,
	}
	topts := tree.Options{NoIgnore: c.noIgnore, Dir: root, Base: sc.Base()}
	if sc.Top != "" {
		topts.Top = os.DirFS(sc.Top)
	}
	var src scanner.Source = tree.New(os.DirFS(root), topts)
	notes := loaded.Notes
	if inHistory {
		bar := newProgress(st.stderr, c.quiet)
		hs, err := history.Open(ctx, root, history.Options{
			Refs: c.refs, Since: c.since, Staged: c.staged, AllowShallow: c.allowShallow,
			MaxFileSize: c.maxFileSize, Progress: bar.update,
		})
		if err != nil {
			return 0, historyError(err, c.historyFlag())
		}
		defer hs.Close()
		defer bar.finish()
		src = hs
		opts.Prefix = "" // git paths are relative to the repository's top already
		opts.Mode = report.ModeHistory
		if c.since != "" || c.staged {
			opts.Mode = report.ModeChange
		}
		if hs.Shallow() {
			notes = append(notes, "shallow clone: commits before the shallow boundary were not scanned (--allow-shallow); fetch the full history for a complete answer")
		}
	}
	rep, err := scanner.Scan(ctx, src, loaded.Set, opts)
	if err != nil {
		return 0, fmt.Errorf("scanning %q: %w", root, err)
	}
	prepend(rep, notes)
	if c.cfg != nil {
		for _, ig := range c.cfg.Ignore {
			rep.Suppress(ig.Fingerprint, report.Suppression{Kind: "config", Reason: ig.Reason, Where: fmt.Sprintf("%s:%d", c.cfg.Path, ig.Line)})
		}
	}
	return emit(st, rep, &c.outputs, failOn)
}

// prepend puts the run's own notes before those of the scan.
func prepend(rep *report.Report, notes []string) {
	own := rep.Notes
	rep.Notes = nil
	for _, n := range notes {
		rep.AddNote(n)
	}
	rep.Notes = append(rep.Notes, own...)
}

// historyFlag is the flag that asked for git history.
func (c *scanConfig) historyFlag() string {
	switch {
	case c.since != "":
		return "--since"
	case c.staged:
		return "--staged"
	}
	return "--history"
}

// historyError says what to do when a history cannot be opened, naming the flag the user gave.
func historyError(err error, flag string) error {
	if errors.Is(err, history.ErrNotRepo) {
		return fmt.Errorf("%s: %w (run inside a clone, or drop %s)", flag, err, flag)
	}
	return err
}

// inputFiles are the files the run reads: no output may replace one.
func (c *scanConfig) inputFiles() []string {
	in := append(slices.Clone(c.resourcesFiles), sourceFiles(c.scriptSources)...)
	if c.cfg != nil {
		in = append(in, c.cfg.Path)
		for _, f := range c.cfg.ResourcesFiles {
			in = append(in, f.Path)
		}
	}
	return in
}

// sourceFiles are the FILEs of --script-source URL=FILE values.
func sourceFiles(sources []string) []string {
	var out []string
	for _, s := range sources {
		if i := lastEq(s); i > 0 {
			out = append(out, s[i+1:])
		}
	}
	return out
}

func lastEq(s string) int { return strings.LastIndex(s, "=") }

// loadConfig reads --config, or .shieldscan.yml in root, and fills in what the command line
// did not set: flags override scalar settings; resources and resources files add up.
func (c *scanConfig) loadConfig(fs *pflag.FlagSet, root string) error {
	path := c.configPath
	if path == "" {
		found, ok := config.Find(root)
		if !ok {
			return nil
		}
		path = found
	}
	cfg, err := config.Load(path)
	if err != nil {
		return err
	}
	c.cfg = cfg
	if !fs.Changed("include") {
		c.include = cfg.Include
	}
	if !fs.Changed("exclude") {
		c.exclude = cfg.Exclude
	}
	if !fs.Changed("fail-on") && cfg.FailOn != "" {
		c.failOn = cfg.FailOn
	}
	if !fs.Changed("max-file-size") && cfg.MaxFileSize > 0 {
		c.maxFileSize = cfg.MaxFileSize
	}
	// A change scan (--since, --staged: the pre-commit hook) beats the file's history setting.
	if !fs.Changed("history") && c.since == "" && !c.staged {
		c.history = cfg.History.Enabled
	}
	// The file's refs narrow its history scans; a tree scan or the pre-commit hook ignores them.
	if !fs.Changed("ref") && (c.history || c.since != "") {
		c.refs = cfg.History.Refs
	}
	if !fs.Changed("allow-shallow") {
		c.allowShallow = cfg.History.AllowShallow
	}
	c.siteHosts = append(c.siteHosts, cfg.SiteHosts...)
	return nil
}

// check validates the settings that do not need the file system, and returns --fail-on.
func (c *scanConfig) check() (failOn rules.Level, err error) {
	if failOn, err = c.outputs.check(); err != nil {
		return 0, err
	}
	if c.maxFileSize <= 0 {
		return 0, usagef("--max-file-size %d: want a positive number of bytes", c.maxFileSize)
	}
	if err := scanner.ValidateGlobs(c.include); err != nil {
		return 0, usagef("--include: %w", err)
	}
	if err := scanner.ValidateGlobs(c.exclude); err != nil {
		return 0, usagef("--exclude: %w", err)
	}
	if c.staged && (c.since != "" || c.history) {
		return 0, usagef("--staged scans the index: it does not go with --since or --history")
	}
	if len(c.refs) > 0 && !c.history && c.since == "" {
		return 0, usagef("--ref narrows a history scan: add --history or --since")
	}
	if (len(c.scriptSources) > 0 || c.offline) && !c.expand {
		return 0, usagef("--script-source and --offline go with --expand")
	}
	for _, s := range c.scriptSources {
		if i := lastEq(s); i <= 0 || i == len(s)-1 {
			return 0, usagef("--script-source %q: want URL=FILE", s)
		}
	}
	return failOn, nil
}
