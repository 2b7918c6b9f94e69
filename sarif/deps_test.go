package sarif_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoGit: package sarif must not reach go-git, even through another package.
func TestNoGit(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "github.com/shieldscan/shieldscan/sarif").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		for _, banned := range []string{"github.com/go-git/", "github.com/spf13/pflag"} {
			if strings.HasPrefix(pkg, banned) {
				t.Errorf("package sarif depends on %s", pkg)
			}
		}
	}
}
