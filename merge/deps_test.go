package merge_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDeps: package merge reaches neither go-sarif (SARIF is package sarif's: View.Report feeds
// it), nor go-git, nor pflag, even through another package.
func TestDeps(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "github.com/shieldscan/shieldscan/merge").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		for _, banned := range []string{"github.com/owenrumney/go-sarif", "github.com/shieldscan/shieldscan/sarif", "github.com/go-git/", "github.com/spf13/pflag"} {
			if strings.HasPrefix(pkg, banned) {
				t.Errorf("package merge depends on %s", pkg)
			}
		}
	}
}
