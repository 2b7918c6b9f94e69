// Package intel says whether the hosts and IP addresses that shieldscan found are known to be
// malicious: from Cloudflare's Intel API (the data behind Security Center Investigate), from a
// local intel file (a plain list or a STIX 2.1 bundle), and from a disk cache of earlier
// lookups. A host that no source knows is "no data", never clean.
package intel
