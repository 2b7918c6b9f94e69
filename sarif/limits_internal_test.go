package sarif

import (
	"fmt"
	"testing"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
)

// TestSizeCutNearMaximal: the size cut keeps all but a few of the results that would fit: 2%
// more than it keeps would be over the limit.
func TestSizeCutNearMaximal(t *testing.T) {
	res, err := rules.Parse("cdn.example-analytics.com", rules.Origin{})
	if err != nil {
		t.Fatal(err)
	}
	b := report.NewBuilder(report.ModeTree, nil)
	for i := range 500 {
		b.Add(report.Ref{
			Rule: rules.DeclaredReference, Level: rules.Note, Resource: res, Class: rules.Declared,
			Path: fmt.Sprintf("web/%03d.js", i), Line: i + 1, Column: 1, EndColumn: 26, Match: "cdn.example-analytics.com",
			Snippet: fmt.Sprintf("load('https://cdn.example-analytics.com/%d.js')", i*7919), Strength: rules.HostMatch,
			Context: rules.CtxJSNetwork, Encoding: "plain",
		})
	}
	rep := b.Finish()
	top, err := collect(rep)
	if err != nil {
		t.Fatal(err)
	}
	results := top.results
	rank := make([]int, len(results))
	for i := range rank {
		rank[i] = i
	}
	for _, frac := range []float64{0.2, 0.5, 0.9} {
		full := Cut{Results: len(results), Kept: len(results)}
		data, err := encodeCut(rep, Options{}, top, rank, &full)
		if err != nil {
			t.Fatal(err)
		}
		size := gzipSize(data)
		none := Cut{Results: len(results)}
		empty, err := encodeCut(rep, Options{}, top, rank, &none)
		if err != nil {
			t.Fatal(err)
		}
		base := gzipSize(empty)
		limit := base + int(float64(size-base)*frac)
		_, cut, err := encode(rep, Options{maxGzip: limit})
		if err != nil {
			t.Fatalf("encode(limit %d) = %v", limit, err)
		}
		more := cut
		more.Kept = min(len(results), cut.Kept+len(results)/50)
		if data, _ := encodeCut(rep, Options{}, top, rank, &more); gzipSize(data) <= limit {
			t.Errorf("limit %d (%.0f%%): kept %d, but %d fit", limit, frac*100, cut.Kept, more.Kept)
		}
	}
}
