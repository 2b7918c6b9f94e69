package rules

// RuleID names one kind of finding. IDs are a contract: once released they never change, since
// GitHub code scanning keys its alerts on them.
type RuleID string

// The rules. Their help (the incident playbook for each) is in the catalog below.
const (
	// UnknownResource: an alerted resource that nothing scanned references.
	UnknownResource RuleID = "unknown-resource"
	// DeclaredReference: a plain reference to an alerted resource in the code.
	DeclaredReference RuleID = "declared-reference"
	// MaliciousReference: a reference to a resource that Page Shield calls malicious.
	MaliciousReference RuleID = "malicious-reference"
	// EncodedReference: a reference hidden by an encoding (base64, escapes, char codes…).
	EncodedReference RuleID = "encoded-reference"
	// HistoricalReference: a reference that only git history holds.
	HistoricalReference RuleID = "historical-reference"
	// ChangedReference: a reference that the change under review (--since, --staged) adds.
	ChangedReference RuleID = "changed-reference"
	// ScriptHost: a URL, host or IP named inside an analysed script (shieldscan analyze).
	ScriptHost RuleID = "script-host"
	// ThirdPartyHost: a third-party host that the code references (shieldscan inventory).
	ThirdPartyHost RuleID = "third-party-host"
	// StaleDeclared: a third party the code declares and Page Shield has not seen (inventory --against).
	StaleDeclared RuleID = "stale-declared"
	// NewThirdParty: a third-party host that a change introduces and the baseline does not list
	// (inventory --baseline --since).
	NewThirdParty RuleID = "new-third-party"
)

// Rule describes one kind of finding for every report format.
type Rule struct {
	ID    RuleID
	Name  string // PascalCase, as SARIF tools show it
	Short string
	Full  string
	// HelpText and HelpMarkdown are the playbook: what the finding means and what to do next.
	HelpText     string
	HelpMarkdown string
	Level        Level
	// SecuritySeverity is GitHub's 0.0–10.0 score, as a string.
	SecuritySeverity string
	Precision        string // very-high, high, medium, low
	Tags             []string
}

// Catalog returns every rule, in a fixed order.
func Catalog() []Rule { return catalog }

// Lookup returns the rule with id; ok is false when there is none.
func Lookup(id RuleID) (Rule, bool) {
	for _, r := range catalog {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// LevelFor is the level of one finding: the rule's default, raised or lowered by Page Shield's
// verdict on the resource. In change mode (--since, --staged) every reference is an error.
func LevelFor(id RuleID, r *Resource, change bool) Level {
	switch {
	case id == UnknownResource && r.PageShield != nil && !r.PageShield.Malicious:
		return Warning
	case id == ChangedReference, change && id != UnknownResource:
		return Error
	case r.Malicious():
		return Error
	}
	rule, _ := Lookup(id)
	if r.PageShield != nil && r.PageShield.Unverified && rule.Level < Warning {
		return Warning
	}
	return rule.Level
}

// RuleFor picks the rule of a reference from how it was found.
func RuleFor(r *Resource, encoded, historical, change bool) RuleID {
	switch {
	case change:
		return ChangedReference
	case encoded:
		return EncodedReference
	case historical:
		return HistoricalReference
	case r.Malicious():
		return MaliciousReference
	}
	return DeclaredReference
}
