// Command shieldscan traces the client-side resources that a monitor such as Cloudflare Page
// Shield alerted on (script URLs, hostnames, IPs) through a codebase, and says for each one
// whether the code declares it, and where, or whether it is unknown to the code.
//
// Usage:
//
//	shieldscan scan [flags] [PATH]
//	shieldscan analyze [flags] FILE|URL
//	shieldscan inventory [flags] [PATH]
//	shieldscan version
//	shieldscan help [COMMAND]
//
// Resources come from --resource (repeatable), --resources-file (repeatable; "-" is standard
// input: plain lists, Page Shield JSON, webhooks, CSV), --cloudflare-zone and .shieldscan.yml.
// --kind script|connection says what the Page Shield items of resources files (and of inventory's
// --against) are when their fields do not; without it shieldscan decides, and a note says when
// that was a guess. The --cloudflare-zone pull also asks for each script's versions, one request
// per script, for --cloudflare-max-versions N scripts at most (default 200, 0 for none); a note
// counts the scripts left unchecked.
// Accepted forms are absolute URLs (http, https, ws, wss), protocol-relative //host/path,
// hostnames (IDNs are converted to punycode), *.domain wildcards, IPv4 and IPv6 addresses,
// host:port and [v6]:port, and the defanged spellings of IOC feeds.
//
// A resource is declared when the scanned tree references it, historical when only git history
// does, and unknown when nothing does; an unknown resource is an error, since something other
// than the code makes browsers load it. Every command writes the same report (package report)
// in text, JSON, SARIF or GitHub annotations (packages output and sarif).
//
// Exit status: 0 when no finding is at or above --fail-on (default error), 1 when one is,
// 2 on a usage or input error, with one line on standard error naming the input, or when the
// scan could not do its job (the report is still written and says it is incomplete).
package main
