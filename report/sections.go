package report

import "github.com/shieldscan/shieldscan/rules"

// Analysis is what analyze adds to its script-host findings: the script, its hosts, the signs
// of obfuscation and the score.
type Analysis struct {
	// Name is the script's file name or URL, as given (redacted).
	Name string `json:"name"`
	Size int    `json:"size"`
	// Score is the obfuscation score, 0 to 100; Verdict is clean, suspicious or obfuscated.
	Score      int          `json:"score"`
	Verdict    string       `json:"verdict"`
	Hosts      []ScriptHost `json:"hosts"`
	Indicators []Indicator  `json:"indicators"`
	// Truncated says the decoder's budget ran out: hidden hosts past that point are missing.
	Truncated bool `json:"truncated,omitempty"`
}

// ScriptHost is one host or IP that a script names, with how it was written.
type ScriptHost struct {
	Host string `json:"host"`
	// Registrable is the host's registrable domain (eTLD+1), or the address for an IP.
	Registrable string     `json:"registrable"`
	Kind        rules.Kind `json:"kind"`
	// Encodings are the distinct encodings of its mentions, sorted.
	Encodings []string `json:"encodings"`
	Mentions  int      `json:"mentions"`
	// Line is the line of its first mention; Hidden says only decoding reveals some mention.
	Line   int  `json:"line"`
	Hidden bool `json:"hidden"`
	// Intel is threat intelligence's verdict on the host (--investigate).
	Intel *Intel `json:"intel,omitempty"`
}

// Indicator is one sign of obfuscation.
type Indicator struct {
	Kind   string `json:"kind"`
	Weight int    `json:"weight"`
	// Line and Column locate the first occurrence; Count is how many there are.
	Line   int `json:"line"`
	Column int `json:"column"`
	Count  int `json:"count"`
	// Evidence is the first occurrence's text (cut) or a description.
	Evidence string `json:"evidence"`
}

// Inventory is what inventory adds to its findings: every third party the code references,
// grouped by registrable domain, and the comparisons asked for.
type Inventory struct {
	ThirdParty []Domain `json:"thirdParty"`
	// FirstParty are the site's own hosts (--site-host), listed apart.
	FirstParty []Domain `json:"firstParty"`
	SiteHosts  []string `json:"siteHosts,omitempty"`
	// Since is the REF of a change inventory (--since).
	Since string `json:"since,omitempty"`
	// Against compares with what Page Shield observed; Baseline with a baseline file.
	Against  *Comparison `json:"against,omitempty"`
	Baseline *Baseline   `json:"baseline,omitempty"`
}

// Domain is one registrable domain (eTLD+1, or the address of an IP) and its hosts.
type Domain struct {
	Domain string `json:"domain"`
	Hosts  []Host `json:"hosts"`
}

// Host is one host, wildcard or IP that the code references.
type Host struct {
	// Host is the canonical hostname, "*.domain" for a wildcard, or the address.
	Host   string     `json:"host"`
	Kind   rules.Kind `json:"kind"`
	Domain string     `json:"domain"`
	// URLs are the distinct URLs on the host that the code names, sorted.
	URLs []string `json:"urls"`
	// Contexts are the distinct contexts of its locations, sorted.
	Contexts  []rules.Context `json:"contexts"`
	Locations []Location      `json:"locations"`
	// Intel is threat intelligence's verdict on the host (--investigate).
	Intel *Intel `json:"intel,omitempty"`
}

// Location is one place that names a host.
type Location struct {
	// Path is the exact slash path from the repository's top.
	Path    string        `json:"path"`
	Line    int           `json:"line"`
	Column  int           `json:"column"`
	EndCol  int           `json:"endColumn"`
	Context rules.Context `json:"context"`
	// Match is the text as written and Snippet its line (cut to 200 characters).
	Match   string `json:"match"`
	Snippet string `json:"snippet"`
	// Commit is the commit that added the line, in change mode.
	Commit string `json:"commit,omitempty"`
}

// Comparison is what Page Shield observed against what the code declares.
type Comparison struct {
	// Source names the Page Shield data: a file, or "zone ID".
	Source string `json:"source"`
	// Observed is how many resources Page Shield reported (first-party ones aside).
	Observed int `json:"observed"`
	// Undeclared are the observed resources whose hosts the code never names (their findings are
	// unknown-resource); Stale the hosts the code names that Page Shield did not observe.
	Undeclared []Undeclared `json:"undeclared"`
	Stale      []HostAt     `json:"stale"`
}

// Undeclared is an observed resource that the code never names.
type Undeclared struct {
	Canonical string `json:"canonical"`
	Host      string `json:"host"`
	// Origin is where it was named: a file and line, or the API.
	Origin string `json:"origin"`
}

// HostAt is a host at one location: where a stale host is declared, where a new one first appears.
type HostAt struct {
	Host string   `json:"host"`
	At   Location `json:"at"`
}

// Baseline is the comparison with a baseline file.
type Baseline struct {
	File string `json:"file,omitempty"`
	// New are the hosts the baseline does not list, each at its first location.
	New []HostAt `json:"new"`
	// Written is the file the hosts found were written to (--write-baseline).
	Written string `json:"written,omitempty"`
}
