// Package investigate runs the playbook's Investigate step for a command (--investigate): it
// looks every host and IP address of a report up in threat intelligence (Cloudflare Intel,
// intel files, the cache: package intel), records each verdict with its host in the report, and
// judges each alerted resource by the playbook's three indicators of an ongoing active
// compromise (compromise.go).
package investigate

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/shieldscan/shieldscan/intel"
	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
)

// Options are the settings of one run's lookups.
type Options struct {
	// Files are the intel files (--intel-file): plain lists or STIX 2.1 bundles.
	Files []string
	// Account is the Cloudflare account ID (--cloudflare-account), Token the API token
	// (CLOUDFLARE_API_TOKEN, never printed) and APIURL the API's base URL ("" for Cloudflare's).
	Account, Token, APIURL string
	// Offline never asks the API: only the intel files and the cache answer.
	Offline bool
	// NoCache neither reads nor writes the cache; CacheDir is its directory ("" for
	// intel.DefaultCacheDir).
	NoCache  bool
	CacheDir string
}

// Investigation looks hosts up for one run.
type Investigation struct {
	in *intel.Investigator
	// notes are what every output of the run must say (the API not asked, a cache not written).
	notes      []string
	cacheNoted bool
}

// ErrNoAccount is returned when the API would be asked without an account ID; it matches
// rules.ErrInvalid.
var ErrNoAccount error = settingError("--investigate: Cloudflare Intel lookups need the account: give --cloudflare-account ACCOUNT_ID (or cloudflare-account in .shieldscan.yml), or --intel-file FILE for your own feed")

// settingError is a missing or bad setting: it matches rules.ErrInvalid.
type settingError string

func (e settingError) Error() string        { return string(e) }
func (e settingError) Is(target error) bool { return target == rules.ErrInvalid }

// New checks opts and prepares the lookups. Without a token, an intel file or --offline there
// is nothing to ask: the error names CLOUDFLARE_API_TOKEN and the Intel Read permission. With a
// token but no account, the error names --cloudflare-account, unless an intel file can answer
// alone (the run then says the API was not asked).
func New(opts Options) (*Investigation, error) {
	iv := &Investigation{in: &intel.Investigator{Offline: opts.Offline}}
	for _, f := range opts.Files {
		l, err := intel.ReadFile(f)
		if err != nil {
			if !errors.Is(err, rules.ErrInvalid) {
				err = fmt.Errorf("--intel-file %q: %w", f, unwrapPath(err))
			}
			return nil, err
		}
		iv.notes = append(iv.notes, l.Notes...)
		if iv.in.List == nil {
			iv.in.List = l
		} else {
			iv.in.List.Merge(l)
		}
	}
	token := strings.TrimSpace(opts.Token)
	switch {
	case opts.Offline:
		if len(opts.Files) == 0 {
			iv.notes = append(iv.notes, "--investigate --offline: Cloudflare Intel was not asked; only cached answers count"+noCacheNote(opts))
		}
	case token == "" && len(opts.Files) == 0:
		return nil, fmt.Errorf("--investigate: %w; or give --intel-file FILE for your own feed", intel.ErrNoToken)
	case token == "":
		iv.notes = append(iv.notes, "Cloudflare Intel was not asked (no CLOUDFLARE_API_TOKEN): only the intel file answered")
	case opts.Account == "" && len(opts.Files) == 0:
		return nil, ErrNoAccount
	case opts.Account == "":
		iv.notes = append(iv.notes, "Cloudflare Intel was not asked (no --cloudflare-account): only the intel file answered")
	default:
		base := opts.APIURL
		if base == "" {
			base = intel.DefaultBaseURL
		}
		c := &intel.Client{BaseURL: base, Token: token, AccountID: opts.Account}
		if err := c.Check(); err != nil {
			return nil, err
		}
		iv.in.Client = c
	}
	if !opts.NoCache {
		iv.in.Cache = &intel.Cache{Dir: opts.CacheDir}
		if base := strings.TrimSuffix(opts.APIURL, "/"); base != "" && base != intel.DefaultBaseURL {
			iv.in.Cache.Scope = base // another API's answers are not Cloudflare's
		}
		iv.in.CacheFailed = func(err error) {
			if !iv.cacheNoted {
				iv.cacheNoted = true
				iv.notes = append(iv.notes, fmt.Sprintf("the intel cache could not be written (%v): the next run asks again", err))
			}
		}
	}
	return iv, nil
}

func noCacheNote(opts Options) string {
	if opts.NoCache {
		return " (and --no-cache reads none: every host is no data)"
	}
	return ""
}

// Lookup returns a verdict for each host, as the report shows it, keyed by the strings given.
// A bad setting or a refused token (401, 403: the error names Intel Read) is an error; any other
// failure marks rep incomplete, and the hosts it left out say "no data: the lookup failed".
func (iv *Investigation) Lookup(ctx context.Context, rep *report.Report, hosts []string) (map[string]*report.Intel, error) {
	hosts = slices.Compact(slices.Sorted(slices.Values(hosts)))
	keys := make([]string, len(hosts))
	for i, h := range hosts {
		keys[i] = strings.TrimPrefix(h, "*.") // a wildcard's domain is what can be looked up
	}
	verdicts, err := iv.in.Lookup(ctx, keys)
	if err != nil {
		var ae *intel.APIError
		if errors.Is(err, rules.ErrInvalid) || errors.As(err, &ae) && (ae.Status == 401 || ae.Status == 403) ||
			errors.Is(err, context.Canceled) {
			return nil, fmt.Errorf("--investigate: %w", err)
		}
		rep.MarkIncomplete(fmt.Sprintf("Cloudflare Intel lookups failed (%v): the hosts they left out say \"no data\"", err))
	}
	out := make(map[string]*report.Intel, len(hosts))
	for i, h := range hosts {
		v := verdicts[keys[i]]
		out[h] = View(v)
	}
	return out, nil
}

// Notes are what every output of the run must say.
func (iv *Investigation) Notes() []string { return iv.notes }

// View is v as reports show it (not yet made safe: the report does that).
func View(v intel.Verdict) *report.Intel {
	out := &report.Intel{
		Host: v.Host, Malicious: v.Malicious, Source: v.Source, Categories: v.Categories,
		ContentCategories: v.ContentCategories, InheritedFrom: v.InheritedFrom, RiskScore: v.RiskScore,
		PopularityRank: v.PopularityRank, MalwareFamily: v.MalwareFamily, Reasons: v.Reasons, Cached: v.Cached,
	}
	switch {
	case v.Malicious:
		out.Verdict = report.VerdictMalicious
	case v.Known:
		out.Verdict = report.VerdictNoThreat
	default:
		out.Verdict = report.VerdictNoData
	}
	if as := v.AS; as != nil {
		out.ASN, out.ASName, out.Country = as.Value, as.Description, as.Country
	}
	return out
}

func unwrapPath(err error) error {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err
		}
		err = u
	}
}
