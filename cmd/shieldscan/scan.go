package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/shieldscan/shieldscan/internal/config"
	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/rules/pageshield"
	"github.com/shieldscan/shieldscan/scanner"
	"github.com/shieldscan/shieldscan/scanner/analyze"
	"github.com/shieldscan/shieldscan/scanner/history"
	"github.com/shieldscan/shieldscan/scanner/tree"
)

// scanConfig is the parsed command line of 'shieldscan scan', merged with .shieldscan.yml.
type scanConfig struct {
	resources      []string
	resourcesFiles []string
	configPath     string
	format         string
	output         string
	jsonOutput     string
	sarifOutput    string
	summary        string
	failOn         string
	include        []string
	exclude        []string
	noIgnore       bool
	maxFileSize    int64
	quiet          bool
	noDecode       bool
	category       string
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

	cfg   *config.Config // the configuration file, when there is one
	notes []string       // said in every output: inputs that were skipped
}

func newScanFlags() (*pflag.FlagSet, *scanConfig) {
	c := &scanConfig{}
	fs := pflag.NewFlagSet("scan", pflag.ContinueOnError)
	fs.SortFlags = false
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
	fs.StringVar(&c.format, "format", "text", "output `FORMAT`: text, json, sarif or github (workflow annotations)")
	fs.StringVarP(&c.output, "output", "o", "", "write the report to `FILE` (atomically) instead of stdout")
	fs.StringVar(&c.jsonOutput, "json-output", "", "also write the JSON report to `FILE`")
	fs.StringVar(&c.sarifOutput, "sarif-output", "", "also write the SARIF report to `FILE`")
	fs.StringVar(&c.summary, "summary", "", "append a Markdown summary to `FILE` (default: $GITHUB_STEP_SUMMARY when set)")
	fs.StringVar(&c.category, "category", "shieldscan/", "SARIF runAutomationDetails.id, to tell apart several uploads of one repository")
	fs.StringVar(&c.failOn, "fail-on", "error", "exit 1 when a finding is at or above `LEVEL`: error, warning, note or never")
	fs.BoolVarP(&c.quiet, "quiet", "q", false, "print findings only: no summary line, no progress bar")
	return fs, c
}

func scanUsage(fs *pflag.FlagSet) string {
	return "Usage: shieldscan scan [flags] [PATH]\n\n" +
		"Scans PATH (default .) for every reference to the alerted resources and classifies each\n" +
		"resource as declared (referenced), historical (only in git history) or unknown (referenced\n" +
		"nowhere).\n\n" +
		"Exit status: 0 nothing at or above --fail-on, 1 something is, 2 usage or input error.\n\n" +
		"Flags:\n" + fs.FlagUsages()
}

func runScan(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	fs, c := newScanFlags()
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			fmt.Fprint(stdout, scanUsage(fs))
			return exitClean, err
		}
		return 0, usageError{err}
	}
	if fs.NArg() > 1 {
		return 0, usagef("scan takes one PATH, got %d: %q", fs.NArg(), fs.Args())
	}
	root := "."
	if fs.NArg() == 1 {
		root = fs.Arg(0)
	}
	info, err := os.Stat(root)
	if err != nil {
		return 0, fmt.Errorf("cannot scan %q: %w", root, errors.Unwrap(err))
	}
	if !info.IsDir() {
		return 0, fmt.Errorf("cannot scan %q: not a directory; give the directory to scan", root)
	}
	if err := c.loadConfig(fs, root); err != nil {
		return 0, err
	}
	failOn, err := c.check()
	if err != nil {
		return 0, err
	}
	top, prefix := pathPrefix(root)
	inHistory := c.history || c.since != "" || c.staged
	// Files that name resources or receive reports are inputs and outputs, never code. In a
	// history scan paths are relative to the work tree's top, where the repository starts.
	anchor := func(name string) string { return anchorOf(root, prefix, name) }
	if inHistory && top != "" {
		anchor = func(name string) string { return anchorOf(top, "", name) }
	}
	set, inputs, err := loadResources(ctx, c, anchor, stdin)
	if err != nil {
		return 0, err
	}
	if set.Len() == 0 && !c.onlyMalicious {
		return 0, usagef("no resources to look for: give --resource, --resources-file or --cloudflare-zone (or list them in .shieldscan.yml)")
	}
	if c.expand {
		if err := expand(ctx, c, set, stderr); err != nil {
			return 0, err
		}
	}
	markFirstParty(set, c.siteHosts)

	summary := c.summary
	if summary == "" {
		summary = os.Getenv("GITHUB_STEP_SUMMARY")
	}
	for _, out := range []string{c.output, c.jsonOutput, c.sarifOutput, summary} {
		if a := anchor(out); out != "" && a != "" {
			inputs = append(inputs, a)
		}
	}
	opts := scanner.Options{
		Include: c.include, Exclude: c.exclude, MaxFileSize: c.maxFileSize,
		Mode: scanner.ModeTree, Decode: !c.noDecode, Inputs: inputs, Prefix: prefix, Scope: prefix,
		Suppressed: config.InlineIgnored,
	}
	topts := tree.Options{NoIgnore: c.noIgnore, Dir: root}
	if top != "" {
		topts.Top = os.DirFS(top)
		topts.Base = strings.Split(strings.TrimSuffix(prefix, "/"), "/")
		if prefix == "" {
			topts.Base = nil
		}
	}
	var src scanner.Source = tree.New(os.DirFS(root), topts)
	if inHistory {
		bar := newProgress(stderr, c.quiet)
		hs, err := history.Open(ctx, root, history.Options{
			Refs: c.refs, Since: c.since, Staged: c.staged, AllowShallow: c.allowShallow,
			MaxFileSize: c.maxFileSize, Progress: bar.update,
		})
		if err != nil {
			return 0, err
		}
		defer hs.Close()
		defer bar.finish()
		src = hs
		opts.Prefix = "" // git paths are relative to the repository's top already
		opts.Mode = scanner.ModeHistory
		if c.since != "" || c.staged {
			opts.Mode = scanner.ModeChange
		}
		if hs.Shallow() {
			c.notes = append(c.notes, "shallow clone: commits before the shallow boundary were not scanned (--allow-shallow); fetch the full history for a complete answer")
		}
	}
	rep, err := scanner.Scan(ctx, src, set, opts)
	if err != nil {
		return 0, fmt.Errorf("scanning %q: %w", root, err)
	}
	rep.Notes = append(c.notes, rep.Notes...)
	c.applyIgnores(rep)
	if err := writeReports(rep, c, stdout); err != nil {
		return 0, err
	}
	if failOn != rules.None && rep.MaxLevel() >= failOn {
		return exitFindings, nil
	}
	return exitClean, nil
}

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
	for _, f := range cfg.ResourcesFiles {
		c.resourcesFiles = append(c.resourcesFiles, f.Path)
	}
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
func (c *scanConfig) check() (rules.Level, error) {
	failOn, err := rules.ParseLevel(c.failOn)
	if err != nil {
		return 0, usagef("--fail-on: %w", err)
	}
	switch c.format {
	case "text", "json", "sarif", "github":
	default:
		return 0, usagef("--format %q: want text, json, sarif or github", c.format)
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
		if i := strings.LastIndex(s, "="); i <= 0 || i == len(s)-1 {
			return 0, usagef("--script-source %q: want URL=FILE", s)
		}
	}
	return failOn, nil
}

// applyIgnores marks the findings that the configuration file's ignore list names.
func (c *scanConfig) applyIgnores(rep *scanner.Report) {
	if c.cfg == nil {
		return
	}
	for _, ig := range c.cfg.Ignore {
		rep.Suppress(ig.Fingerprint, scanner.Suppression{
			Kind: "config", Reason: ig.Reason, Where: fmt.Sprintf("%s:%d", c.cfg.Path, ig.Line),
		})
	}
}

// loadResources gathers the resources of every flag, file, API and the configuration file into
// one set. Files inside root become anchors: an unknown resource is reported at the line that
// named it; their repository-relative paths are returned so that the scan leaves them out.
func loadResources(ctx context.Context, c *scanConfig, anchorOf func(string) string, stdin io.Reader) (set *rules.Set, inputs []string, err error) {
	set = rules.NewSet()
	keep := func(res *rules.Resource) {
		if !c.onlyMalicious || res.Malicious() {
			set.Add(res)
		}
	}
	for _, r := range c.resources {
		res, err := rules.Parse(r, rules.Origin{})
		if err != nil {
			return nil, nil, err
		}
		keep(res)
	}
	if c.cfg != nil {
		anchor := anchorOf(c.cfg.Path)
		if anchor != "" {
			inputs = append(inputs, anchor)
		}
		for _, res := range c.cfg.Resources {
			res.Origin.Anchor = anchor
			keep(res)
		}
	}
	stdinUsed := false
	injected := 0
	for _, name := range c.resourcesFiles {
		var data []byte
		var err error
		if name == "-" {
			if stdinUsed {
				return nil, nil, usagef("--resources-file - given twice: standard input can be read once")
			}
			stdinUsed = true
			data, err = io.ReadAll(stdin)
		} else {
			data, err = os.ReadFile(name)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("reading resources file %q: %w", name, unwrapPath(err))
		}
		in, err := pageshield.Read(name, data)
		if err != nil {
			return nil, nil, err
		}
		injected += in.CloudflareInjected
		anchor := anchorOf(name)
		if anchor != "" {
			inputs = append(inputs, anchor)
		}
		for _, res := range in.Resources {
			res.Origin.Anchor = anchor
			keep(res)
		}
	}
	if c.zone != "" {
		token, ok := os.LookupEnv("CLOUDFLARE_API_TOKEN")
		if !ok || strings.TrimSpace(token) == "" {
			return nil, nil, usagef("--cloudflare-zone needs an API token with Page Shield Read in CLOUDFLARE_API_TOKEN")
		}
		client := &pageshield.Client{BaseURL: c.apiURL, Token: token}
		in, err := client.Pull(ctx, c.zone)
		if err != nil {
			return nil, nil, fmt.Errorf("pulling Page Shield data for zone %q: %w", c.zone, err)
		}
		injected += in.CloudflareInjected
		for _, res := range in.Resources {
			keep(res)
		}
	}
	if c.onlyMalicious && set.Len() == 0 {
		c.notes = append(c.notes, "no resource is malicious (--only-malicious): nothing to look for")
	}
	if injected > 0 {
		c.notes = append(c.notes, fmt.Sprintf("%d Cloudflare-injected /cdn-cgi/ script%s skipped: the edge adds them, no repository holds them", injected, plural(injected)))
	}
	return set, inputs, nil
}

// expand analyses each alerted script (from --script-source, or fetched unless --offline) and
// adds the hosts and IPs it names as resources of their own, derived from it: one scan then
// answers "does our code reference the skimmer, or anything the skimmer talks to?".
func expand(ctx context.Context, c *scanConfig, set *rules.Set, stderr io.Writer) error {
	sources := map[string]string{} // canonical URL → file
	for _, s := range c.scriptSources {
		i := strings.LastIndex(s, "=")
		r, err := rules.Parse(s[:i], rules.Origin{})
		if err != nil {
			return usagef("--script-source %q: %w", s, err)
		}
		sources[r.Canonical] = s[i+1:]
	}
	for _, parent := range set.All() {
		if parent.Kind != rules.URL || parent.PageShield != nil && parent.PageShield.Kind != "script" {
			continue
		}
		var src []byte
		if file, ok := sources[parent.Canonical]; ok {
			data, err := os.ReadFile(file)
			if err != nil {
				return fmt.Errorf("reading --script-source %q: %w", file, unwrapPath(err))
			}
			src = data
		} else if c.offline {
			c.notes = append(c.notes, fmt.Sprintf("--expand: %s not analysed (--offline, and no --script-source for it)", rules.Redact(parent.Canonical)))
			continue
		} else {
			u := parent.Canonical
			if strings.HasPrefix(u, "//") {
				u = "https:" + u
			}
			fmt.Fprintf(stderr, "shieldscan: warning: fetching %s contacts %s\n", rules.Redact(u), parent.Host)
			data, err := analyze.Fetch(ctx, u, analyze.FetchOptions{})
			if err != nil {
				c.notes = append(c.notes, fmt.Sprintf("--expand: %s not analysed: %v", rules.Redact(u), err))
				continue
			}
			src = data
		}
		for _, r := range analyze.Expand(parent, src) {
			set.Add(r)
		}
	}
	return nil
}

// markFirstParty flags the URLs served from the site's own host: its --site-host values, or the
// zone host where Page Shield saw the script.
func markFirstParty(set *rules.Set, siteHosts []string) {
	for _, r := range set.All() {
		r.FirstParty = pageshield.FirstParty(r, siteHosts)
	}
}

// pathPrefix finds the top of the git work tree that holds root ("" outside one) and root's
// slash path from it ("web/" for a scan of web/), so that reports name files as the repository
// does and SARIF locations are repository-relative. Outside a work tree the prefix is the path
// from the current directory when root lies below it, and "" otherwise.
func pathPrefix(root string) (top, prefix string) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return "", ""
	}
	for dir := abs; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			top = dir
			break
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	base := top
	if base == "" {
		if base, err = os.Getwd(); err != nil {
			return "", ""
		}
	}
	rel, err := filepath.Rel(base, abs)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return top, ""
	}
	return top, filepath.ToSlash(rel) + "/"
}

// anchorOf is name's slash path as reports give it (prefix + its path under root) when it lies
// inside root, else "".
func anchorOf(root, prefix, name string) string {
	if name == "-" {
		return ""
	}
	absRoot, err1 := filepath.Abs(root)
	absName, err2 := filepath.Abs(name)
	if err1 != nil || err2 != nil {
		return ""
	}
	rel, err := filepath.Rel(absRoot, absName)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return ""
	}
	return prefix + filepath.ToSlash(rel)
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
