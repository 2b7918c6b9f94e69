package emulate

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoNetwork: the emulator links no network stack and no plugin loader,
// so nothing in the sandbox can reach them, whatever is added to the fake
// world later.
func TestNoNetwork(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "github.com/shieldscan/shieldscan/scanner/emulate").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	banned := map[string]bool{"net": true, "net/http": true, "crypto/tls": true, "plugin": true, "os/signal": true}
	for _, pkg := range strings.Fields(string(out)) {
		if banned[pkg] {
			t.Errorf("package emulate depends on %s", pkg)
		}
	}
}
