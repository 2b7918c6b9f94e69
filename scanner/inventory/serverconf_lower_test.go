package inventory

import (
	"strings"
	"testing"
)

// TestConfigHostsInvalidUTF8: invalid UTF-8 bytes before "Content-Security-Policy" (a binary or
// Latin-1 configuration) made the lowercased copy longer than the text, and its offsets sliced
// the text out of range (a panic found by FuzzConfigHosts) or past the directive's name.
func TestConfigHostsInvalidUTF8(t *testing.T) {
	withConfigHosts("public/_headers", []byte("\xffContent-SeCuritY-PoliCY"), nil) // panicked
	data := []byte(strings.Repeat("\xff", 12) + "Content-Security-Policy: script-src https://cdn.vendor.example\n")
	got := withConfigHosts("public/_headers", data, nil)
	if len(got) != 1 {
		t.Fatalf("withConfigHosts() = %d mentions, want 1", len(got))
	}
	if m := got[0]; string(data[m.Start:m.End]) != "https://cdn.vendor.example" {
		t.Errorf("mention at [%d,%d) = %q, want the CSP's host source", m.Start, m.End, data[m.Start:m.End])
	}
}
