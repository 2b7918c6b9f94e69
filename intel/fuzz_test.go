package intel

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shieldscan/shieldscan/rules"
)

// FuzzRead: reading an intel list never panics; an error is a ListError (file:line) or matches
// rules.ErrInvalid; every entry it accepts matches itself.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"feed.txt", "malformed.txt"} {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "intel", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	for _, s := range []string{
		"a.example\n", "evil[.]example,Malware\n", "*.bad.example\tx\n", "2001:db8::1\n", "::ffff:192.0.2.1\n",
		"hxxps://b.example/x.js#frag\tMalware # c\n", "exa mple.example\n", ",x\n", "\uFEFFa.example\r\n", "a.example\tMal\x1bware\n",
		"localhost\n", "203,0,113,7\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if strings.HasPrefix(strings.TrimLeft(strings.TrimPrefix(in, "\uFEFF"), " \t\r\n\v\f"), "{") {
			return // FuzzReadSTIX's
		}
		l, err := Read(strings.NewReader(in), "fuzz.txt")
		if err != nil {
			checkReadError(t, in, err)
			return
		}
		for _, e := range l.Entries() {
			if e.Line < 1 || e.Line > strings.Count(in, "\n")+1 {
				t.Errorf("entry %+v: line out of range", e)
			}
			if e.URL {
				continue
			}
			host := strings.TrimPrefix(e.Value, "*.")
			if strings.HasPrefix(e.Value, "*.") {
				host = "sub." + host
			}
			if v := l.Verdict(host); !v.Malicious {
				t.Errorf("entry %+v: Verdict(%q) = %+v, want malicious", e, host, v)
			}
		}
	})
}

// FuzzReadSTIX: reading a STIX bundle never panics, and errors carry a position.
func FuzzReadSTIX(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("..", "testdata", "intel", "bundle.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(b))
	for _, s := range []string{
		`{"type": "bundle", "objects": [{"type": "indicator", "pattern": "[domain-name:value = 'a.example']"}]}`,
		`{"type": "indicator", "pattern": "[ipv4-addr:value = '192.0.2.1' OR url:value = 'https://a.example/\\'x']"}`,
		`{"type": "bundle", "objects": [{"type": "indicator", "pattern": "[domain-name:value = 'a.example'] OR [domain-name:value = 'b.example']"}]}`,
		`{"type": "bundle", "objects": [{"type": "indicator", "pattern": "[domain-name:value = 'ex ample.example']"}]}`,
		`{"type": "bundle", "objects": [1, "x", null, {"type": "indicator", "revoked": true}]}`,
		"{\n\"type\": \"bundle\",\n", `{"type": "report"}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		l, err := Read(strings.NewReader(in), "fuzz.json")
		if err != nil {
			checkReadError(t, in, err)
			return
		}
		for _, e := range l.Entries() {
			if e.Line < 1 || e.Line > strings.Count(in, "\n")+1 {
				t.Errorf("entry %+v: line out of range", e)
			}
		}
	})
}

// FuzzSTIXValues: every value of an accepted pattern appears, quoted, in the pattern.
func FuzzSTIXValues(f *testing.F) {
	for _, s := range []string{
		"[domain-name:value = 'a.example']",
		"[ipv6-addr:value = '2001:db8::1' OR ipv4-addr:value = '192.0.2.1'] OR [url:value = 'https://a.example/\\\\x\\'y']",
		"[domain-name:value = 'a.example'] OR", "[file:hashes.MD5 = 'abc']",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		vals, err := stixValues(p)
		if err != nil {
			return
		}
		if len(vals) == 0 {
			t.Fatalf("stixValues(%q) accepted no values", p)
		}
		for _, v := range vals {
			quoted := "'" + strings.ReplaceAll(strings.ReplaceAll(v, `\`, `\\`), `'`, `\'`) + "'"
			if !strings.Contains(p, quoted) {
				t.Errorf("stixValues(%q): value %q (%s) not in the pattern", p, v, quoted)
			}
		}
	})
}

func checkReadError(t *testing.T, in string, err error) {
	t.Helper()
	var le *ListError
	if !errors.As(err, &le) {
		t.Fatalf("Read(%q) error %v is not a ListError", in, err)
	}
	if !errors.Is(err, rules.ErrInvalid) {
		t.Errorf("Read(%q) error %v does not match rules.ErrInvalid", in, err)
	}
	if le.Line < 1 || le.Line > strings.Count(in, "\n")+2 || !strings.HasPrefix(err.Error(), le.Name+":") {
		t.Errorf("Read(%q) error %q: bad position %d", in, err, le.Line)
	}
}
