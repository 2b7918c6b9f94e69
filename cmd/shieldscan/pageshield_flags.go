package main

import (
	"github.com/spf13/pflag"

	"github.com/shieldscan/shieldscan/rules/pageshield"
)

// maxVersionsFlag adds --cloudflare-max-versions, which caps the script get requests of a
// Page Shield pull (the list responses carry no versions).
func maxVersionsFlag(fs *pflag.FlagSet, n *int) {
	fs.IntVar(n, "cloudflare-max-versions", pageshield.DefaultMaxVersions,
		"with --cloudflare-zone: ask for the earlier versions of `N` scripts at most, one request each (0: none; a note counts those left unchecked)")
}

// checkMaxVersions refuses a negative --cloudflare-max-versions.
func checkMaxVersions(n int) error {
	if n < 0 {
		return usagef("--cloudflare-max-versions %d: want a number of scripts, 0 for none", n)
	}
	return nil
}
