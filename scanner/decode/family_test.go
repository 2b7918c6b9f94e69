package decode

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFamilyString(t *testing.T) {
	t.Parallel()
	want := []string{"base64", "hex-escape", "unicode-escape", "octal-escape", "charcode", "url-encoded",
		"html-entity", "concat", "reversed", "ip-numeric", "punycode", "defanged", "php-chain", "caesar", "packer", "shift"}
	var got []string
	for f := Base64; f < familyCount; f++ {
		got = append(got, f.String())
		if g, ok := ParseFamily(f.String()); !ok || g != f {
			t.Errorf("ParseFamily(%q) = %v, %v, want %v, true", f.String(), g, ok, f)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Family names mismatch (-want +got):\n%s", diff)
	}
	if s := Family(0).String(); s != "unknown" {
		t.Errorf("Family(0).String() = %q, want %q", s, "unknown")
	}
}

func TestChainString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		chain []Family
		want  string
	}{
		{"empty", nil, ""},
		{"one", []Family{Base64}, "base64"},
		{"two", []Family{Base64, Reversed}, "base64>reversed"},
		{"three", []Family{Concat, Base64, HexEscape}, "concat>base64>hex-escape"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := ChainString(tt.chain); got != tt.want {
				t.Errorf("ChainString(%v) = %q, want %q", tt.chain, got, tt.want)
			}
			if tt.want == "" {
				return
			}
			got, ok := ParseChain(tt.want)
			if !ok {
				t.Fatalf("ParseChain(%q) failed", tt.want)
			}
			if diff := cmp.Diff(tt.chain, got); diff != "" {
				t.Errorf("ParseChain(%q) mismatch (-want +got):\n%s", tt.want, diff)
			}
		})
	}
	for _, bad := range []string{"", "base64>", "rot13", "base64>>hex-escape"} {
		if c, ok := ParseChain(bad); ok {
			t.Errorf("ParseChain(%q) = %v, true, want false", bad, c)
		}
	}
}
