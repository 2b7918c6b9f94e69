package schema_test

import (
	"testing"

	"github.com/shieldscan/shieldscan/output"
	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/schema"
)

// TestUnverifiedObservation: a resource from a Page Shield alert of unknown type carries
// "unverified": true in its observation; the JSON report of it is valid against the schema.
func TestUnverifiedObservation(t *testing.T) {
	r, err := rules.Parse("https://cdn.example/a.js", rules.Origin{})
	if err != nil {
		t.Fatal(err)
	}
	r.PageShield = &rules.Observation{Kind: "script", Unverified: true, Reasons: []string{"alert of unknown type"}}
	b := report.NewBuilder(report.ModeTree, []*rules.Resource{r})
	b.Add(report.Ref{Rule: rules.UnknownResource, Level: rules.Error, Class: rules.Unknown, Resource: r, Path: report.Placeholder, Line: 1, Column: 1, EndColumn: 2})
	data, err := output.Render(b.Finish(), "json", output.Options{ToolVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(data); err != nil {
		t.Errorf("JSON report of an unverified alert: %v", err)
	}
}
