// Command shieldscan traces the client-side resources that a monitor such as Cloudflare Page
// Shield alerted on (script URLs, hostnames, IPs) through a codebase, and says for each one
// whether the code declares it, and where, or whether it is unknown to the code.
//
// Usage:
//
//	shieldscan scan [flags] [PATH]
//	shieldscan analyze [flags] FILE|URL
//	shieldscan inventory [flags] [PATH]
//	shieldscan merge [flags] REPORT.json…
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
// in text, JSON, SARIF or GitHub annotations (packages output and sarif). --color auto|always|never
// colours text levels: auto only on a terminal and when NO_COLOR is unset or empty.
//
// merge combines the JSON reports of many repositories (each names its "repository") into one
// incident view (package merge): per resource, the repositories that declare it, those whose
// history alone holds it, and those where it is unknown; as text, JSON, Markdown (also the
// --summary) or SARIF.
//
// The JSON outputs carry "schema": 1; their JSON Schemas are published in the repository's
// schema/ directory (report.schema.json for scan, analyze and inventory; merge.schema.json).
//
// At incident time, --investigate (on scan, analyze and inventory) looks every host and IP found
// up in Cloudflare Intel (token with Intel Read in CLOUDFLARE_API_TOKEN, --cloudflare-account) or
// in --intel-file feeds, cached a day (--no-cache; --offline never asks the API), and gives each
// host its verdict ("no data" is never "clean"). On scan, each alerted resource is weighed
// against the playbook's three indicators of an ongoing active compromise: (1) the code loads it
// at HEAD, (2) it is malicious or comes from a malicious host, (3) its source names malicious
// hosts, obfuscated ones counting double; 1 with 2 or 3 is an active-compromise error. The whole
// playbook in one command:
//
//	shieldscan scan --cloudflare-zone ZONE --expand --investigate --cloudflare-account ACCOUNT .
//
// Rules: unknown-resource, declared-reference, malicious-reference, encoded-reference,
// historical-reference, changed-reference and active-compromise (scan); script-host (analyze);
// third-party-host, stale-declared and new-third-party (inventory).
//
// Exit status: 0 when no finding is at or above --fail-on (default error), 1 when one is,
// 2 on a usage or input error, with one line on standard error naming the input, or when the
// scan could not do its job (the report is still written and says it is incomplete).
package main
