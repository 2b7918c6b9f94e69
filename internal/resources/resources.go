// Package resources gathers the alerted resources of one run from every source the user can
// name them in (flags, resources files, the configuration file, the Page Shield API), expands
// alerted scripts into the hosts they hold (--expand) and marks first-party scripts, so that a
// command receives one finished set and never edits a resource afterwards.
package resources

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/shieldscan/shieldscan/internal/config"
	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/rules/pageshield"
	"github.com/shieldscan/shieldscan/scanner/analyze"
	"github.com/shieldscan/shieldscan/scanner/analyze/fetch"
)

var (
	// ErrNone is returned when no source of resources was given at all.
	ErrNone = errors.New("no resources to look for: give --resource, --resources-file or --cloudflare-zone (or list them in .shieldscan.yml)")
	// ErrNoToken is returned when the Page Shield API is asked for without a token.
	ErrNoToken = errors.New("--cloudflare-zone needs an API token with Page Shield Read in CLOUDFLARE_API_TOKEN")
	// ErrStdinTwice is returned when standard input is named twice.
	ErrStdinTwice = errors.New("--resources-file - given twice: standard input can be read once")
)

// Options name the sources of one run's resources.
type Options struct {
	// Resources are --resource values; Files are --resources-file names ("-" is Stdin).
	Resources []string
	Files     []string
	Stdin     io.Reader
	// Config is the configuration file, when there is one: its resources and resources files.
	Config *config.Config
	// Zone is a Page Shield zone to pull, with Token and APIURL (the default when "").
	Zone, Token, APIURL string
	// MaxVersions caps the scripts of the pull asked for their earlier versions (0: none).
	MaxVersions int
	// Kind (--kind), "script" or "connection", says what the items of Page Shield files are,
	// whatever their fields suggest; "" lets the reader decide, with a note when it guessed.
	Kind string
	// OnlyMalicious keeps only the resources Page Shield calls malicious.
	OnlyMalicious bool
	// SiteHosts are the site's own hosts: URLs served from them are first party.
	SiteHosts []string
	// Expand analyses each alerted script (ScriptSources "URL=FILE", else fetched unless
	// Offline) and adds the hosts it names as resources derived from it.
	Expand        bool
	ScriptSources []string
	Offline       bool
	// Anchor is the slash path by which reports name an input file inside the scanned tree ("" if
	// it is outside); a resource named there is reported at its line.
	Anchor func(name string) string
	// Warn is told before anything is fetched from the network.
	Warn func(msg string)
}

// Loaded is one run's finished resources.
type Loaded struct {
	Set *rules.Set
	// Inputs are the anchors of the input files inside the scanned tree: never scanned as code.
	Inputs []string
	// Notes are caveats every output must carry (skipped Cloudflare scripts, quiet inputs).
	Notes []string
	// Scripts are the analyses of the alerted scripts that --expand read, by the script's
	// canonical URL: where and how each host is written in them.
	Scripts map[string]*analyze.Result
}

// Load reads every source of opts into one set.
func Load(ctx context.Context, opts Options) (*Loaded, error) {
	anchor := opts.Anchor
	if anchor == nil {
		anchor = func(string) string { return "" }
	}
	kind, err := pageshield.ParseKind(opts.Kind)
	if err != nil {
		return nil, err
	}
	l := &Loaded{Set: rules.NewSet()}
	keep := func(res *rules.Resource) {
		if !opts.OnlyMalicious || res.Malicious() {
			l.Set.Add(res)
		}
	}
	given := len(opts.Resources) + len(opts.Files)
	for _, r := range opts.Resources {
		res, err := rules.Parse(r, rules.Origin{})
		if err != nil {
			return nil, err
		}
		keep(res)
	}
	files := opts.Files
	if c := opts.Config; c != nil {
		a := anchor(c.Path)
		if a != "" {
			l.Inputs = append(l.Inputs, a)
		}
		for _, res := range c.Resources {
			res.Origin.Anchor = a
			keep(res)
		}
		for _, f := range c.ResourcesFiles {
			files = append(files, f.Path)
		}
		given += len(c.Resources) + len(c.ResourcesFiles)
	}
	stdinUsed := false
	injected := 0
	for _, name := range files {
		var data []byte
		var err error
		if name == "-" {
			if stdinUsed {
				return nil, ErrStdinTwice
			}
			stdinUsed = true
			data, err = io.ReadAll(opts.Stdin)
		} else {
			data, err = os.ReadFile(name)
		}
		if err != nil {
			return nil, fmt.Errorf("reading resources file %q: %w", name, unwrapPath(err))
		}
		in, err := pageshield.ReadWith(name, data, pageshield.Options{Kind: kind})
		if err != nil {
			return nil, err
		}
		l.Notes = append(l.Notes, in.Notes...)
		injected += in.CloudflareInjected
		a := anchor(name)
		if a != "" {
			l.Inputs = append(l.Inputs, a)
		}
		if len(in.Resources) == 0 {
			l.Notes = append(l.Notes, fmt.Sprintf("%s names no resource: nothing to look for from it", displayName(name)))
		}
		for _, res := range in.Resources {
			res.Origin.Anchor = a
			keep(res)
		}
	}
	if opts.Zone != "" {
		given++
		in, err := Pull(ctx, Zone{ID: opts.Zone, APIURL: opts.APIURL, Token: opts.Token, MaxVersions: opts.MaxVersions})
		if err != nil {
			return nil, err
		}
		l.Notes = append(l.Notes, in.Notes...)
		injected += in.CloudflareInjected
		if len(in.Resources) == 0 {
			l.Notes = append(l.Notes, fmt.Sprintf("Page Shield reports no script or connection on zone %s: nothing to look for", opts.Zone))
		}
		for _, res := range in.Resources {
			keep(res)
		}
	}
	if given == 0 {
		return nil, ErrNone
	}
	if opts.OnlyMalicious && l.Set.Len() == 0 {
		l.Notes = append(l.Notes, "no resource is malicious (--only-malicious): nothing to look for")
	}
	if injected > 0 {
		l.Notes = append(l.Notes, fmt.Sprintf("%d Cloudflare-injected /cdn-cgi/ script%s skipped: the edge adds them, no repository holds them", injected, plural(injected)))
	}
	if opts.Expand {
		if err := expand(ctx, l, opts); err != nil {
			return nil, err
		}
	}
	for _, r := range l.Set.All() {
		r.FirstParty = pageshield.FirstParty(r, opts.SiteHosts)
	}
	return l, nil
}

// Zone names a Page Shield zone to pull.
type Zone struct {
	// ID is the zone's ID; APIURL the API's base URL (the default when ""); Token the API token
	// (never printed).
	ID, APIURL, Token string
	// MaxVersions caps the scripts asked for their earlier versions, one get request each: none
	// when 0 (--cloudflare-max-versions 0).
	MaxVersions int
}

// Pull reads what Page Shield saw on zone z through the API.
func Pull(ctx context.Context, z Zone) (*pageshield.Input, error) {
	if strings.TrimSpace(z.Token) == "" {
		return nil, ErrNoToken
	}
	maxVersions := z.MaxVersions
	if maxVersions <= 0 {
		maxVersions = -1 // the client's 0 is its default
	}
	client := &pageshield.Client{BaseURL: z.APIURL, Token: z.Token, MaxVersions: maxVersions}
	in, err := client.Pull(ctx, z.ID)
	if err != nil {
		return nil, fmt.Errorf("pulling Page Shield data for zone %q: %w", z.ID, err)
	}
	return in, nil
}

// ReadFile reads a Page Shield export or resources list given by flag (for the error), its
// resources anchored at anchor; kind is --kind ("", script or connection).
func ReadFile(flag, name, anchor, kind string) (*pageshield.Input, error) {
	k, err := pageshield.ParseKind(kind)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("reading %s %q: %w", flag, name, unwrapPath(err))
	}
	in, err := pageshield.ReadWith(name, data, pageshield.Options{Kind: k})
	if err != nil {
		return nil, err
	}
	for _, r := range in.Resources {
		r.Origin.Anchor = anchor
	}
	return in, nil
}

// expand analyses each alerted script and adds the hosts and IPs it names as resources of their
// own, derived from it: one scan then answers "does our code reference the skimmer, or anything
// the skimmer talks to?".
func expand(ctx context.Context, l *Loaded, opts Options) error {
	sources := map[string]string{} // canonical URL → file
	for _, s := range opts.ScriptSources {
		i := strings.LastIndex(s, "=")
		if i <= 0 || i == len(s)-1 {
			return fmt.Errorf("--script-source %q: want URL=FILE: %w", s, rules.ErrInvalid)
		}
		r, err := rules.Parse(s[:i], rules.Origin{})
		if err != nil {
			return fmt.Errorf("--script-source %q: %w", s, err)
		}
		sources[r.Canonical] = s[i+1:]
	}
	for _, parent := range l.Set.All() {
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
		} else if opts.Offline {
			l.Notes = append(l.Notes, fmt.Sprintf("--expand: %s not analysed (--offline, and no --script-source for it)", parent.Canonical))
			continue
		} else {
			u := parent.Canonical
			if strings.HasPrefix(u, "//") {
				u = "https:" + u
			}
			if opts.Warn != nil {
				opts.Warn(fmt.Sprintf("fetching %s contacts %s", u, parent.Host))
			}
			data, err := fetch.Get(ctx, u, fetch.Options{})
			if err != nil {
				l.Notes = append(l.Notes, fmt.Sprintf("--expand: %s not analysed: %v", u, err))
				continue
			}
			src = data
		}
		res := analyze.Analyze(parent.Canonical, src, analyze.Options{})
		if l.Scripts == nil {
			l.Scripts = map[string]*analyze.Result{}
		}
		l.Scripts[parent.Canonical] = res
		for _, r := range analyze.ExpandResult(parent, res) {
			l.Set.Add(r)
		}
	}
	return nil
}

func displayName(name string) string {
	if name == "-" {
		return "standard input"
	}
	return name
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Observed reads what Page Shield observed, for a comparison with the code: the export or list
// in file (its resources anchored at anchor, its items of kind as --kind says), or a live pull
// of zone z; nil when neither is given. source names it for reports. The input's Notes are
// caveats every output must carry.
func Observed(ctx context.Context, file, anchor, kind string, z Zone) (in *pageshield.Input, source string, err error) {
	if _, err := pageshield.ParseKind(kind); err != nil {
		return nil, "", err
	}
	switch {
	case file != "":
		in, err = ReadFile("--against", file, anchor, kind)
		return in, file, err
	case z.ID != "":
		in, err = Pull(ctx, z)
		return in, "zone " + z.ID, err
	}
	return nil, "", nil
}
