// Package intel says whether the hosts and IP addresses that shieldscan found are known to be
// malicious: from Cloudflare's Intel API (the data behind Security Center Investigate), from a
// local intel file (a plain list or a STIX 2.1 bundle), and from a disk cache of earlier
// lookups. A host that no source knows is "no data", never clean.
//
// An Investigator asks, for each host, the intel file first (a listed host is malicious), then
// the Cache, then the Client:
//
//	GET {base}/accounts/{account_id}/intel/domain?domain=…                      one domain
//	GET {base}/accounts/{account_id}/intel/domain/bulk?domain=…&domain=…        many, in batches
//	GET {base}/accounts/{account_id}/intel/ip?ipv4=… (or ipv6=…)                one address
//
// with a token that has the "Intel Read" permission. Requests are retried after 429, 5xx and
// network errors (Retry-After honoured, waits capped), the token is dropped on a redirect that
// leaves the base URL's origin and never appears in an error, and 401/403 name the permission:
// the habits of the Page Shield client in rules/pageshield.
//
// A domain is malicious when one of its risk types, own or inherited from a parent domain, is in
// Threats, or its risk score (0 to 1) is at least the threshold (DefaultRiskThreshold, 0.9); an
// IP address when one of its risk types is in Threats.
package intel
