package refang_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDeps: internal/refang depends on the standard library and golang.org/x/sys/cpu alone (to
// choose its search's kernel), and scanner/decode on no package of ours but internal/refang.
func TestDeps(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	const mod = "github.com/shieldscan/shieldscan/"
	tests := []struct {
		pkg     string
		allowed func(dep string) bool
	}{
		{mod + "internal/refang", func(dep string) bool { return dep == mod+"internal/refang" || dep == "golang.org/x/sys/cpu" }},
		{mod + "scanner/decode", func(dep string) bool {
			return !strings.HasPrefix(dep, mod) || dep == mod+"scanner/decode" || dep == mod+"internal/refang"
		}},
	}
	for _, tt := range tests {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", tt.pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", tt.pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			if !tt.allowed(dep) {
				t.Errorf("%s depends on %s", tt.pkg, dep)
			}
		}
	}
}
