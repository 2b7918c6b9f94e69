package main

import (
	"errors"

	"github.com/spf13/pflag"

	"github.com/shieldscan/shieldscan/intel"
	"github.com/shieldscan/shieldscan/internal/config"
	"github.com/shieldscan/shieldscan/internal/investigate"
)

// investigateFlags are the flags of the playbook's Investigate step (--investigate), shared by
// scan, analyze and inventory; --offline and --cloudflare-api-url are the command's own.
type investigateFlags struct {
	on         bool
	intelFiles []string
	account    string
	noCache    bool
}

// register adds the flags to fs, and --cloudflare-api-url when the command has none yet.
func (f *investigateFlags) register(fs *pflag.FlagSet, apiURL *string) {
	fs.BoolVar(&f.on, "investigate", false, "look every host and IP found up in Cloudflare Intel (token with Intel Read in CLOUDFLARE_API_TOKEN, and --cloudflare-account) and weigh the playbook's indicators of an active compromise")
	fs.StringArrayVar(&f.intelFiles, "intel-file", nil, "known-bad hosts and IPs in `FILE`: one per line, a category after a tab or comma, or a STIX 2.1 bundle; implies --investigate (repeatable)")
	fs.StringVar(&f.account, "cloudflare-account", "", "with --investigate: the Cloudflare `ACCOUNT_ID` whose Intel the lookups use (or cloudflare-account in .shieldscan.yml)")
	fs.BoolVar(&f.noCache, "no-cache", false, "with --investigate: neither read nor write the cache of Intel answers (kept a day under the user cache directory)")
	if fs.Lookup("cloudflare-api-url") == nil {
		fs.StringVar(apiURL, "cloudflare-api-url", intel.DefaultBaseURL, "Cloudflare API base `URL` (for tests and proxies)")
	}
}

// enabled reports whether the run looks hosts up: --investigate, or an intel file.
func (f *investigateFlags) enabled() bool { return f.on || len(f.intelFiles) > 0 }

// open checks the flags and prepares the lookups; nil when the run does none. cfg is the
// configuration file, if any (its cloudflare-account is the default of the flag).
func (f *investigateFlags) open(st *stdio, apiURL string, offline bool, cfg *config.Config) (*investigate.Investigation, error) {
	if !f.enabled() {
		if f.account != "" || f.noCache {
			return nil, usagef("--cloudflare-account and --no-cache go with --investigate")
		}
		return nil, nil
	}
	account := f.account
	if account == "" && cfg != nil {
		account = cfg.CloudflareAccount
	}
	iv, err := investigate.New(investigate.Options{
		Files: f.intelFiles, Account: account, Token: st.env.token, APIURL: apiURL,
		Offline: offline, NoCache: f.noCache,
	})
	if errors.Is(err, intel.ErrNoToken) || errors.Is(err, investigate.ErrNoAccount) {
		return nil, usagef("%w", err)
	}
	return iv, err
}

// anchors are the intel files inside the scanned tree, by anchor: inputs, never code.
func (f *investigateFlags) anchors(anchor func(string) string) []string {
	var out []string
	for _, name := range f.intelFiles {
		if a := anchor(name); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// localConfig is the configuration file in dir, for the cloudflare-account of a command that
// reads no other setting from it (analyze, inventory); nil when the flag gives the account, when
// there is no file, or when it cannot be read (the flag's error then says what is missing).
func localConfig(f investigateFlags, dir string) *config.Config {
	if !f.enabled() || f.account != "" {
		return nil
	}
	cfg, err := config.Open("", dir)
	if err != nil {
		return nil
	}
	return cfg
}
