package rules

import "testing"

// TestRuleAndLevel: how a reference was found picks its rule, and the rule, Page Shield's verdict
// and the scan mode its level (CONTRACT.md, "Classes and levels").
func TestRuleAndLevel(t *testing.T) {
	plain := &Resource{Canonical: "a.example"}
	bad := &Resource{Canonical: "b.example", PageShield: &Observation{Kind: "script", Malicious: true}}
	seen := &Resource{Canonical: "c.example", PageShield: &Observation{Kind: "connection"}}
	unverified := &Resource{Canonical: "d.example", PageShield: &Observation{Unverified: true}}
	tests := []struct {
		name                        string
		r                           *Resource
		encoded, historical, change bool
		rule                        RuleID
		level                       Level
	}{
		{"plain declared", plain, false, false, false, DeclaredReference, Note},
		{"encoded", plain, true, false, false, EncodedReference, Error},
		{"historical", plain, false, true, false, HistoricalReference, Warning},
		{"encoded wins over historical", plain, true, true, false, EncodedReference, Error},
		{"malicious declared", bad, false, false, false, MaliciousReference, Error},
		{"malicious but only in history", bad, false, true, false, HistoricalReference, Error},
		{"change mode: every reference", plain, false, false, true, ChangedReference, Error},
		{"change mode wins over encoded", plain, true, false, true, ChangedReference, Error},
		{"observed, not malicious", seen, false, false, false, DeclaredReference, Note},
		{"alerted, verdict unverified: at least a warning", unverified, false, false, false, DeclaredReference, Warning},
		{"alerted, verdict unverified, encoded", unverified, true, false, false, EncodedReference, Error},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rule := RuleFor(tt.r, tt.encoded, tt.historical, tt.change)
			if rule != tt.rule {
				t.Errorf("RuleFor(%s, encoded %v, historical %v, change %v) = %s, want %s", tt.r.Canonical, tt.encoded, tt.historical, tt.change, rule, tt.rule)
			}
			if level := LevelFor(rule, tt.r, tt.change); level != tt.level {
				t.Errorf("LevelFor(%s, %s, change %v) = %s, want %s", rule, tt.r.Canonical, tt.change, level, tt.level)
			}
		})
	}
	unknown := []struct {
		r    *Resource
		want Level
	}{
		{plain, Error}, // alerted and referenced nowhere: injected, or a third party's
		{bad, Error},
		{seen, Warning}, // Page Shield saw it and calls it clean
	}
	for _, u := range unknown {
		if got := LevelFor(UnknownResource, u.r, false); got != u.want {
			t.Errorf("LevelFor(unknown-resource, %s) = %s, want %s", u.r.Canonical, got, u.want)
		}
	}
}
