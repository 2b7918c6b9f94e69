package main

import (
	"bytes"
	"context"
	"fmt"
	"os"

	"github.com/spf13/pflag"

	"github.com/shieldscan/shieldscan/internal/config"
	"github.com/shieldscan/shieldscan/internal/outfile"
	"github.com/shieldscan/shieldscan/internal/resources"
	"github.com/shieldscan/shieldscan/internal/scope"
	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules/pageshield"
	"github.com/shieldscan/shieldscan/scanner"
	"github.com/shieldscan/shieldscan/scanner/history"
	"github.com/shieldscan/shieldscan/scanner/inventory"
	"github.com/shieldscan/shieldscan/scanner/tree"
)

var inventoryCommand = &command{
	name:  "inventory",
	args:  "[flags] [PATH]",
	short: "list every third party the code in PATH references",
	long: "Lists every external URL, hostname and IP that the code in PATH (default .) references, grouped\n" +
		"by registrable domain with every location, the site's own hosts (--site-host) apart. With\n" +
		"--against or --cloudflare-zone it reports what Page Shield observed that the code never\n" +
		"declares (unknown-resource, error) and what the code declares that Page Shield has not seen\n" +
		"(stale-declared, warning); with --baseline, the hosts the baseline does not list\n" +
		"(new-third-party, error), which --since narrows to the lines a change adds. Otherwise every\n" +
		"location is a third-party-host note.\n",
	flags: func(fs *pflag.FlagSet) func(context.Context, *stdio, []string) (int, error) {
		c := &inventoryConfig{}
		fs.StringArrayVar(&c.siteHosts, "site-host", nil, "the site's own `HOST`: it and its subdomains are first party, listed apart (repeatable)")
		fs.StringVar(&c.against, "against", "", "compare with the scripts and connections of a Page Shield export or list `FILE`: observed but undeclared, declared but not seen")
		fs.StringVar(&c.zone, "cloudflare-zone", "", "compare with what Page Shield saw on zone `ID` (token in CLOUDFLARE_API_TOKEN)")
		fs.StringVar(&c.apiURL, "cloudflare-api-url", pageshield.DefaultBaseURL, "Cloudflare API base `URL` (for tests and proxies)")
		maxVersionsFlag(fs, &c.maxVersions)
		fs.StringVar(&c.kind, "kind", "", "the Page Shield items of --against are all `KIND`: script or connection, whatever their fields suggest (default: decided from the data, with a note when it guesses)")
		fs.StringVar(&c.baseline, "baseline", "", "report the third-party hosts that baseline `FILE` does not list (with --since: those the change adds)")
		fs.StringVar(&c.writeBaseline, "write-baseline", "", "write the third-party hosts found to baseline `FILE`")
		fs.StringVar(&c.since, "since", "", "inventory only the lines that the commits after `REF` add")
		fs.BoolVar(&c.offline, "offline", false, "never contact a host: refuse --cloudflare-zone (with --investigate, only intel files and the cache answer)")
		c.investigate.register(fs, &c.apiURL)
		c.formatFlag(fs)
		c.outputFlag(fs)
		fs.StringVar(&c.category, "category", "shieldscan/inventory/", "SARIF runAutomationDetails.`ID`")
		c.failOnFlag(fs, "error, warning, note or never")
		c.summaryFlag(fs)
		fs.BoolVar(&c.noIgnore, "no-ignore", false, "read files that .gitignore and .git/info/exclude leave out")
		c.maxFileSize = scanner.DefaultMaxFileSize
		fs.Var((*config.Size)(&c.maxFileSize), "max-file-size", "skip files larger than `BYTES` (20MiB, 1GB… accepted)")
		fs.BoolVarP(&c.quiet, "quiet", "q", false, "text: hosts only, no locations")
		return c.run
	},
}

// inventoryConfig is the parsed command line of 'shieldscan inventory'.
type inventoryConfig struct {
	outputs
	siteHosts     []string
	against       string
	zone          string
	apiURL        string
	maxVersions   int
	kind          string
	baseline      string
	writeBaseline string
	since         string
	offline       bool
	noIgnore      bool
	maxFileSize   int64
	investigate   investigateFlags
}

func (c *inventoryConfig) run(ctx context.Context, st *stdio, args []string) (int, error) {
	if len(args) > 1 {
		return 0, usagef("inventory takes one PATH, got %d: %q", len(args), args)
	}
	root := "."
	if len(args) == 1 {
		root = args[0]
	}
	failOn, err := c.check()
	if err != nil {
		return 0, err
	}
	if c.maxFileSize <= 0 {
		return 0, usagef("--max-file-size %d: want a positive number of bytes", c.maxFileSize)
	}
	if c.against != "" && c.zone != "" {
		return 0, usagef("--against and --cloudflare-zone both name the Page Shield data: give one")
	}
	if c.zone != "" && c.offline {
		return 0, usagef("--offline: refusing to contact the Cloudflare API for --cloudflare-zone")
	}
	if err := checkMaxVersions(c.maxVersions); err != nil {
		return 0, err
	}
	sc, err := scope.Open(root)
	if err != nil {
		return 0, fmt.Errorf("cannot read %w", err)
	}
	if err := outfile.Check(append([]string{c.against, c.baseline}, c.investigate.intelFiles...), append(c.files(st), c.writeBaseline)); err != nil {
		return 0, err
	}
	iv, err := c.investigate.open(st, c.apiURL, c.offline, localConfig(c.investigate, root))
	if err != nil {
		return 0, err
	}
	// Inputs are read before the walk, so that a bad one fails fast.
	anchor := sc.Anchor
	if c.since != "" {
		anchor = sc.RepoAnchor
	}
	ropts := inventory.ReportOptions{SiteHosts: c.siteHosts, Since: c.since, Written: c.writeBaseline}
	observed, source, err := resources.Observed(ctx, c.against, anchor(c.against), c.kind,
		resources.Zone{ID: c.zone, APIURL: c.apiURL, Token: st.env.token, MaxVersions: c.maxVersions})
	if err != nil {
		return 0, err
	}
	ropts.Source = source
	var base *inventory.Baseline
	if c.baseline != "" {
		f, err := os.Open(c.baseline)
		if err != nil {
			return 0, fmt.Errorf("reading --baseline %q: %w", c.baseline, unwrapPath(err))
		}
		base, err = inventory.ReadBaseline(f, c.baseline)
		f.Close()
		if err != nil {
			return 0, err
		}
		ropts.Baseline, ropts.BaselineFile = true, c.baseline
	}
	opts := inventory.Options{SiteHosts: c.siteHosts, MaxFileSize: c.maxFileSize, Prefix: sc.Prefix}
	for _, in := range append(append([]string{c.against, c.baseline, c.writeBaseline}, c.files(st)...), c.investigate.intelFiles...) {
		if a := anchor(in); a != "" {
			opts.Exclude = append(opts.Exclude, a)
		}
	}
	topts := tree.Options{NoIgnore: c.noIgnore, Dir: root, Base: sc.Base()}
	if sc.Top != "" {
		topts.Top = os.DirFS(sc.Top)
	}
	var src scanner.Source = tree.New(os.DirFS(root), topts)
	if c.since != "" {
		hs, err := history.Open(ctx, root, history.Options{Since: c.since, MaxFileSize: c.maxFileSize})
		if err != nil {
			return 0, historyError(err, "--since")
		}
		defer hs.Close()
		src = hs
	}
	inv, err := inventory.Inventory(ctx, src, opts)
	if err != nil {
		return 0, fmt.Errorf("reading %q: %w", root, err)
	}
	if observed != nil {
		ropts.Against = inventory.Against(inv, observed, c.siteHosts)
	}
	if base != nil {
		ropts.New = inventory.NewSince(inv, base)
	}
	if c.writeBaseline != "" {
		var buf bytes.Buffer
		if err := inventory.WriteBaseline(&buf, inv); err != nil {
			return 0, err
		}
		if err := outfile.Write(c.writeBaseline, buf.Bytes()); err != nil {
			return 0, err
		}
	}
	rep := inventory.Report(inv, ropts)
	if iv != nil {
		if err := iv.Inventory(ctx, rep); err != nil {
			return 0, err
		}
	}
	if observed != nil {
		rep.PrependNotes(observed.Notes) // a kind guessed, an export filtered, versions unchecked
	}
	rep.Repository = report.Safe(st.repository(sc))
	return emit(st, rep, &c.outputs, failOn)
}
