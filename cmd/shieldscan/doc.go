// Command shieldscan traces the client-side resources that a monitor such as Cloudflare Page
// Shield alerted on (script URLs, hostnames, IPs) through a codebase, and says for each one
// whether the code declares it, and where, or whether it is unknown to the code.
//
// Usage:
//
//	shieldscan scan [flags] [PATH]
//	shieldscan version
//	shieldscan help [scan]
//
// Resources come from --resource (repeatable) and --resources-file (repeatable; "-" is
// standard input): one per line, '#' comments. Accepted forms are absolute URLs (http, https,
// ws, wss), protocol-relative //host/path, hostnames (IDNs are converted to punycode),
// *.domain wildcards, IPv4 and IPv6 addresses, host:port and [v6]:port, and the defanged
// spellings of IOC feeds (hxxps://, [.], (.), [dot], [:]).
//
// A resource is declared when the scanned tree references it, and unknown when nothing does;
// an unknown resource is an error, since something other than the code makes browsers load it.
// References are matched by the contract in the README: whole hostname tokens (subdomains
// included), whole dotted quads, any spelling of an IPv6 address, and for URLs the strength
// url, path or host.
//
// Exit status: 0 when no finding is at or above --fail-on (default error), 1 when one is,
// 2 on a usage or input error, with one line on standard error naming the input.
package main
