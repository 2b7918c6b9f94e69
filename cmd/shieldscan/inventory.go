package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/rules/pageshield"
	"github.com/shieldscan/shieldscan/sarif"
	"github.com/shieldscan/shieldscan/scanner"
	"github.com/shieldscan/shieldscan/scanner/history"
	"github.com/shieldscan/shieldscan/scanner/inventory"
	"github.com/shieldscan/shieldscan/scanner/tree"
)

// inventoryConfig is the parsed command line of 'shieldscan inventory'.
type inventoryConfig struct {
	format        string
	output        string
	failOn        string
	category      string
	siteHosts     []string
	against       string
	zone          string
	apiURL        string
	baseline      string
	writeBaseline string
	since         string
	offline       bool
	noIgnore      bool
	maxFileSize   int64
	quiet         bool
}

func newInventoryFlags() (*pflag.FlagSet, *inventoryConfig) {
	c := &inventoryConfig{}
	fs := pflag.NewFlagSet("inventory", pflag.ContinueOnError)
	fs.SortFlags = false
	fs.StringArrayVar(&c.siteHosts, "site-host", nil, "the site's own `HOST`: it and its subdomains are first party, listed apart (repeatable)")
	fs.StringVar(&c.against, "against", "", "compare with the scripts and connections of a Page Shield export or list `FILE`: observed but undeclared, declared but not seen")
	fs.StringVar(&c.zone, "cloudflare-zone", "", "compare with what Page Shield saw on zone `ID` (token in CLOUDFLARE_API_TOKEN)")
	fs.StringVar(&c.apiURL, "cloudflare-api-url", pageshield.DefaultBaseURL, "Cloudflare API base `URL` (for tests and proxies)")
	fs.StringVar(&c.baseline, "baseline", "", "report the third-party hosts that baseline `FILE` does not list (with --since: those the change adds)")
	fs.StringVar(&c.writeBaseline, "write-baseline", "", "write the third-party hosts found to baseline `FILE`")
	fs.StringVar(&c.since, "since", "", "inventory only the lines that the commits after `REF` add")
	fs.BoolVar(&c.offline, "offline", false, "never contact a host: refuse --cloudflare-zone")
	fs.StringVar(&c.format, "format", "text", "output `FORMAT`: text, json or sarif")
	fs.StringVarP(&c.output, "output", "o", "", "write the report to `FILE` (atomically) instead of stdout")
	fs.StringVar(&c.category, "category", "shieldscan/inventory/", "SARIF runAutomationDetails.`ID`")
	fs.StringVar(&c.failOn, "fail-on", "error", "exit 1 when a finding is at or above `LEVEL`: error, warning, note or never")
	fs.BoolVar(&c.noIgnore, "no-ignore", false, "read files that .gitignore and .git/info/exclude leave out")
	fs.Int64Var(&c.maxFileSize, "max-file-size", scanner.DefaultMaxFileSize, "skip files larger than `BYTES`")
	fs.BoolVarP(&c.quiet, "quiet", "q", false, "text: hosts only, no locations")
	return fs, c
}

func inventoryUsage(fs *pflag.FlagSet) string {
	return "Usage: shieldscan inventory [flags] [PATH]\n\n" +
		"Lists every external URL, hostname and IP that the code in PATH (default .) references, grouped\n" +
		"by registrable domain with every location, the site's own hosts (--site-host) apart. With\n" +
		"--against or --cloudflare-zone it reports what Page Shield observed that the code never\n" +
		"declares (unknown-resource, error) and what the code declares that Page Shield has not seen\n" +
		"(stale-declared, warning); with --baseline, the hosts the baseline does not list\n" +
		"(new-third-party, error), which --since narrows to the lines a change adds. Otherwise every\n" +
		"location is a third-party-host note.\n\n" +
		"Exit status: 0 nothing at or above --fail-on, 1 something is, 2 usage or input error.\n\n" +
		"Flags:\n" + fs.FlagUsages()
}

func runInventory(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	code, err := inventoryCmd(ctx, args, stdout)
	return code, subcommandError("inventory", err)
}

func inventoryCmd(ctx context.Context, args []string, stdout io.Writer) (int, error) {
	fs, c := newInventoryFlags()
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			fmt.Fprint(stdout, inventoryUsage(fs))
			return exitClean, err
		}
		return 0, usageError{err}
	}
	if fs.NArg() > 1 {
		return 0, usagef("inventory takes one PATH, got %d: %q", fs.NArg(), fs.Args())
	}
	root := "."
	if fs.NArg() == 1 {
		root = fs.Arg(0)
	}
	failOn, err := rules.ParseLevel(c.failOn)
	if err != nil {
		return 0, usagef("--fail-on: %w", err)
	}
	if err := checkFormat(c.format); err != nil {
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
	if info, err := os.Stat(root); err != nil {
		return 0, fmt.Errorf("cannot read %q: %w", root, unwrapPath(err))
	} else if !info.IsDir() {
		return 0, fmt.Errorf("cannot read %q: not a directory; give the directory to inventory", root)
	}
	// Inputs are read before the walk, so that a bad one fails fast.
	var observed *pageshield.Input
	if c.against != "" {
		data, err := os.ReadFile(c.against)
		if err != nil {
			return 0, fmt.Errorf("reading --against %q: %w", c.against, unwrapPath(err))
		}
		if observed, err = pageshield.Read(c.against, data); err != nil {
			return 0, err
		}
		// Inside the tree, the file anchors its undeclared resources at their lines, as in scan.
		anchor := anchorOf(root, "", c.against)
		for _, r := range observed.Resources {
			r.Origin.Anchor = anchor
		}
	}
	if c.zone != "" {
		token, ok := os.LookupEnv("CLOUDFLARE_API_TOKEN")
		if !ok || strings.TrimSpace(token) == "" {
			return 0, usagef("--cloudflare-zone needs an API token with Page Shield Read in CLOUDFLARE_API_TOKEN")
		}
		client := &pageshield.Client{BaseURL: c.apiURL, Token: token}
		if observed, err = client.Pull(ctx, c.zone); err != nil {
			return 0, fmt.Errorf("pulling Page Shield data for zone %q: %w", c.zone, err)
		}
	}
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
	}
	opts := inventory.Options{SiteHosts: c.siteHosts, MaxFileSize: c.maxFileSize}
	for _, in := range []string{c.against, c.baseline, c.writeBaseline, c.output} {
		if a := anchorOf(root, "", in); in != "" && a != "" {
			opts.Exclude = append(opts.Exclude, a)
		}
	}
	var src scanner.Source = tree.New(os.DirFS(root), tree.Options{NoIgnore: c.noIgnore})
	if c.since != "" {
		hs, err := history.Open(ctx, root, history.Options{Since: c.since, MaxFileSize: c.maxFileSize})
		if err != nil {
			return 0, err
		}
		defer hs.Close()
		src = hs
	}
	inv, err := inventory.Inventory(ctx, src, opts)
	if err != nil {
		return 0, fmt.Errorf("reading %q: %w", root, err)
	}
	var cmp *inventory.Comparison
	if observed != nil {
		cmp = inventory.Against(inv, observed, c.siteHosts)
	}
	var fresh []*inventory.Host
	if base != nil {
		fresh = inventory.NewSince(inv, base)
	}
	if c.writeBaseline != "" {
		var buf bytes.Buffer
		if err := inventory.WriteBaseline(&buf, inv); err != nil {
			return 0, err
		}
		if err := writeFileAtomic(c.writeBaseline, buf.Bytes()); err != nil {
			return 0, err
		}
	}
	rep := inventoryReport(inv, cmp, fresh, base != nil)
	var buf bytes.Buffer
	switch c.format {
	case "json":
		out := struct {
			Schema int      `json:"schema"`
			Tool   jsonTool `json:"tool"`
			*inventory.Result
			Against *inventory.Comparison `json:"against,omitempty"`
			New     []*inventory.Host     `json:"new,omitempty"`
		}{scanner.SchemaVersion, jsonTool{"shieldscan", toolVersion()}, inv, cmp, fresh}
		if base != nil && out.New == nil {
			out.New = []*inventory.Host{}
		}
		err = encodeJSON(&buf, out)
	case "sarif":
		err = sarif.Write(&buf, rep, sarif.Options{ToolVersion: toolVersion(), Category: c.category})
	default:
		writeInventoryText(&buf, inv, cmp, fresh, c)
	}
	if err != nil {
		return 0, fmt.Errorf("writing %s report: %w", c.format, err)
	}
	if err := emit(buf.Bytes(), c.output, stdout); err != nil {
		return 0, err
	}
	return gate(rep, failOn), nil
}

// inventoryReport turns an inventory into findings: with Page Shield data, unknown-resource for
// each observed resource the code never declares and stale-declared at each location of a host
// Page Shield has not seen; with a baseline, new-third-party at each location of a new host;
// otherwise third-party-host at every location.
func inventoryReport(inv *inventory.Result, cmp *inventory.Comparison, fresh []*inventory.Host, baseline bool) *scanner.Report {
	rep := &scanner.Report{Schema: scanner.SchemaVersion, Mode: inv.Mode, Findings: []scanner.Finding{}, Skipped: inv.Skipped}
	rep.Stats.Files, rep.Stats.Skipped = inv.Files, len(inv.Skipped)
	seen := map[string]int{}
	at := func(rule rules.RuleID, level rules.Level, hosts []*inventory.Host) {
		for _, h := range hosts {
			for _, l := range h.Locations {
				f := scanner.Finding{
					Rule: rule, Level: level, Resource: h.Resource, Class: rules.Declared,
					Path: l.Path, Line: l.Line, Column: l.Column, EndColumn: l.EndCol,
					Match: l.Match, Snippet: l.Snippet, Context: l.Context, Encoding: "plain",
				}
				if l.Commit != "" {
					f.History = &scanner.Place{Path: l.Path, Commit: l.Commit, AtHEAD: true}
				}
				f.Fingerprint = fingerprintOf(&f, seen)
				rep.Findings = append(rep.Findings, f)
			}
		}
	}
	switch {
	case cmp != nil || baseline:
		if cmp != nil {
			for _, r := range cmp.Undeclared {
				f := scanner.Finding{
					Rule: rules.UnknownResource, Level: rules.LevelFor(rules.UnknownResource, r, false), Resource: r,
					Class: rules.Unknown, Path: scanner.Placeholder, Line: 1, Column: 1, EndColumn: 2,
				}
				if r.Origin.Anchor != "" {
					f.Path, f.Line = r.Origin.Anchor, r.Origin.Line
				}
				f.Fingerprint = fingerprintOf(&f, seen)
				rep.Findings = append(rep.Findings, f)
			}
			at(rules.StaleDeclared, rules.Warning, cmp.Stale)
		}
		at(rules.NewThirdParty, rules.Error, fresh)
	default:
		at(rules.ThirdPartyHost, rules.Note, inv.Hosts(false))
	}
	return rep
}

func writeInventoryText(w io.Writer, inv *inventory.Result, cmp *inventory.Comparison, fresh []*inventory.Host, c *inventoryConfig) {
	section := func(title string, groups []inventory.Domain) {
		n := 0
		for _, d := range groups {
			n += len(d.Hosts)
		}
		fmt.Fprintf(w, "%s: %d host%s in %d domain%s\n", title, n, plural(n), len(groups), plural(len(groups)))
		for _, d := range groups {
			fmt.Fprintf(w, "%s\n", d.Domain)
			for _, h := range d.Hosts {
				fmt.Fprintf(w, "  %s (%s): %s\n", h.Host, h.Kind, contexts(h.Contexts))
				if c.quiet {
					continue
				}
				for _, l := range h.Locations {
					fmt.Fprintf(w, "    %s:%d:%d: %s: %s", l.Path, l.Line, l.Column, l.Context, l.Match)
					if l.Commit != "" {
						fmt.Fprintf(w, " (commit %s)", l.Commit[:min(7, len(l.Commit))])
					}
					fmt.Fprintln(w)
				}
			}
		}
	}
	if inv.Mode == scanner.ModeChange {
		fmt.Fprintf(w, "note: only the lines that the commits after %s add\n", c.since)
	}
	section("third parties", inv.ThirdParty)
	if len(c.siteHosts) > 0 {
		section("first party (--site-host)", inv.FirstParty)
	}
	if cmp != nil {
		name := c.against
		if name == "" {
			name = "zone " + c.zone
		}
		fmt.Fprintf(w, "against Page Shield (%s): %d observed, %d undeclared, %d stale\n", name, cmp.Observed, len(cmp.Undeclared), len(cmp.Stale))
		for _, r := range cmp.Undeclared {
			fmt.Fprintf(w, "  undeclared %s (%s): Page Shield observed it; the code never names %s\n", rules.Redact(r.Canonical), r.Origin, r.Host)
		}
		for _, h := range cmp.Stale {
			l := declaring(h)
			fmt.Fprintf(w, "  stale      %s: declared at %s:%d (%s), not observed by Page Shield\n", h.Host, l.Path, l.Line, l.Context)
		}
	}
	if c.baseline != "" {
		fmt.Fprintf(w, "new since baseline %s: %d host%s\n", c.baseline, len(fresh), plural(len(fresh)))
		for _, h := range fresh {
			l := h.Locations[0]
			fmt.Fprintf(w, "  new        %s: %s:%d:%d (%s)\n", h.Host, l.Path, l.Line, l.Column, l.Context)
		}
	}
	if c.writeBaseline != "" {
		fmt.Fprintf(w, "baseline written to %s\n", c.writeBaseline)
	}
	for _, s := range inv.Skipped {
		if s.Reason != scanner.SkipBinary {
			fmt.Fprintf(w, "skipped %s: %s (%s)\n", s.Path, s.Reason, s.Detail)
		}
	}
	if !c.quiet {
		fmt.Fprintf(w, "%d file%s read, %d skipped\n", inv.Files, plural(inv.Files), len(inv.Skipped))
	}
}

// declaring is the host's first location in code or configuration, or its first at all.
func declaring(h *inventory.Host) inventory.Location {
	for _, l := range h.Locations {
		if l.Context != rules.CtxDocs && l.Context != rules.CtxComment {
			return l
		}
	}
	return h.Locations[0]
}

func contexts(cs []rules.Context) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	return strings.Join(s, ", ")
}
