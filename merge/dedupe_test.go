package merge_test

import (
	"bytes"
	"testing"

	"github.com/shieldscan/shieldscan/merge"
)

// TestSameReferenceOnce: two reports of one repository that both hold a reference (a tree scan
// and a history scan, or one report given twice) count it once: the view said "2 references"
// and listed the same path:line twice.
func TestSameReferenceOnce(t *testing.T) {
	fx := fixtures(t)[0] // acme/shop
	var inputs []*merge.Input
	for _, name := range []string{"reports/shop-tree.json", "reports/shop-again.json"} {
		in, err := merge.Read(bytes.NewReader(fx.data), name)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, in)
	}
	twice := merge.Merge(inputs)
	once := merge.Merge(inputs[:1])
	if got, want := twice.Repositories[0].References, once.Repositories[0].References; got != want {
		t.Errorf("References of one report given twice = %d, want %d", got, want)
	}
	for i, r := range twice.Resources {
		for j, h := range r.Declared {
			if w := once.Resources[i].Declared[j]; h.References != w.References || len(h.Locations) != len(w.Locations) {
				t.Errorf("%s in %s: %d references at %d locations, want %d at %d", r.Canonical, h.Repository, h.References, len(h.Locations), w.References, len(w.Locations))
			}
		}
	}
	if got, want := len(twice.Report().Findings), len(once.Report().Findings); got != want {
		t.Errorf("View.Report() has %d findings, want %d", got, want)
	}
}

// TestSameSkipOnce: a file that two reports of one repository skipped is one skipped file.
func TestSameSkipOnce(t *testing.T) {
	fx := fixtures(t)[2] // acme-docs, which skipped site/big.js
	var inputs []*merge.Input
	for _, name := range []string{"reports/acme-docs.json", "again/acme-docs.json"} {
		in, err := merge.Read(bytes.NewReader(fx.data), name)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, in)
	}
	v := merge.Merge(inputs)
	if got := v.SkippedFiles(); got != 1 {
		t.Errorf("SkippedFiles() = %d, want 1", got)
	}
	if got := v.Repositories[0].Skipped; got != 1 {
		t.Errorf("Repositories[0].Skipped = %d, want 1", got)
	}
}
