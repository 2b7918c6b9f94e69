package merge_test

import (
	"strings"
	"testing"

	"github.com/shieldscan/shieldscan/merge"
)

// TestSkippedInEveryFormat: a repository's report that skipped a file (acme-docs skipped
// site/big.js as too-large) is a partial result; the text view and the Markdown summary say so
// with the path and reason, as the JSON's count and the SARIF's notifications do.
func TestSkippedInEveryFormat(t *testing.T) {
	v := view(t)
	for _, format := range []string{"text", "markdown"} {
		got, err := merge.Render(v, format, merge.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"site/big.js", "too-large"} {
			if !strings.Contains(string(got), want) {
				t.Errorf("Render(%s) does not mention the skipped file (%q):\n%s", format, want, got)
			}
		}
	}
}
