package pageshield

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/shieldscan/shieldscan/rules"
)

// FuzzRead checks that Read never panics, that every error wraps rules.ErrInvalid, and that every
// resource it returns has a canonical form that parses back to itself.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "pageshield", "*"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		`[{"url": "https://a.example.com/x.js", "js_integrity_score": 9}]`,
		`{"text": "IOCs: hxxps://evil[.]example[.]com/a.js, bad[.]example.net and [2001:db8::9]:8443."}`,
		"url,host,js_integrity_score\nhttps://a.example.com/x.js,shop.example.com,4\n",
		"# alerts\nevil.example.com\n[2001:db8::1]:443\n",
		"\uFEFF{\"result\": {\"url\": \"wss://203.0.113.77:8443\"}}",
		"[https]://evil.example/x.js\n{hxxps}://b.example/\n",
		"{\"result\": [\n{\"url\": \"https://a.example.com\",}]}",
		"id,host,status\n1,shop.example.com,active\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := Read("fuzz", data)
		if err != nil {
			if !errors.Is(err, rules.ErrInvalid) {
				t.Fatalf("Read error %v does not wrap rules.ErrInvalid", err)
			}
			return
		}
		for _, r := range in.Resources {
			again, err := rules.Parse(r.Canonical, rules.Origin{})
			if err != nil {
				t.Fatalf("Parse(Canonical %q) of %q: %v", r.Canonical, r.Raw, err)
			}
			if again.Canonical != r.Canonical {
				t.Fatalf("Parse(%q).Canonical = %q, want it unchanged (raw %q)", r.Canonical, again.Canonical, r.Raw)
			}
			if r.Origin.File != "fuzz" || r.Origin.Line < 1 {
				t.Fatalf("%q: Origin = %+v, want fuzz:N", r.Canonical, r.Origin)
			}
		}
	})
}
