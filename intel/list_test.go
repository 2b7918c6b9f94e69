package intel

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/shieldscan/shieldscan/rules"
)

func TestReadFileFeed(t *testing.T) {
	t.Parallel()
	name := filepath.Join("..", "testdata", "intel", "feed.txt")
	l, err := ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{
		{Value: "cdn-skimmer.example", Category: "Skimmer", Line: 3},
		{Value: "203.0.113.66", Category: "C2", Line: 4},
		{Value: "evil.example", Line: 5},
		{Value: "*.bad.example", Category: "Phishing kit", Line: 6},
		{Value: "2001:db8::bad", Category: "Exfiltration", Line: 7},
		{Value: "https://static.example/compromised.js", Category: "Injected script", Line: 8, URL: true},
	}
	if diff := cmp.Diff(want, l.Entries(), cmpopts.IgnoreFields(Entry{}, "File")); diff != "" {
		t.Errorf("ReadFile(%s) entries mismatch (-want +got):\n%s", name, diff)
	}
	tests := []struct {
		host      string
		malicious bool
		known     bool
		reason    string
	}{
		{"cdn-skimmer.example", true, true, "feed.txt:3 as cdn-skimmer.example (Skimmer)"},
		{"CDN-Skimmer.Example.", true, true, "feed.txt:3"},
		{"js.cdn-skimmer.example", true, true, "feed.txt:3"},
		{"notcdn-skimmer.example", false, false, ""},
		{"evil.example", true, true, "feed.txt:5 as evil.example"},
		{"bad.example", false, false, ""}, // the wildcard covers subdomains only
		{"a.b.bad.example", true, true, "feed.txt:6 as *.bad.example (Phishing kit)"},
		{"203.0.113.66", true, true, "(C2)"},
		{"203.0.113.6", false, false, ""},
		{"[2001:DB8:0::BAD]", true, true, "feed.txt:7"},
		{"::ffff:203.0.113.66", true, true, "feed.txt:4"},
		{"static.example", false, true, "feed.txt:8 lists the URL https://static.example/compromised.js on this host"},
	}
	for _, tt := range tests {
		v := l.Verdict(tt.host)
		if v.Malicious != tt.malicious || v.Known != tt.known || !strings.Contains(strings.Join(v.Reasons, "; "), tt.reason) {
			t.Errorf("Verdict(%q) = %+v, want malicious %v, known %v, reason containing %q", tt.host, v, tt.malicious, tt.known, tt.reason)
		}
		if v.Known && v.Source != name {
			t.Errorf("Verdict(%q).Source = %q, want %q", tt.host, v.Source, name)
		}
	}
}

func TestReadErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"malformed host", "ok.example\n\nexa mple.example\tMalware\n", `feed:3: "exa mple.example" has white space in it: write one host per line, and put a category after a tab or a comma`},
		{"space-separated category", "evil.example Malware\n", `feed:1: "evil.example Malware" has white space in it`},
		{"single label", "# c\nlocalhost\n", `feed:2: invalid entry "localhost": a hostname needs a dot`},
		{"bad scheme", "ftp://evil.example/x\n", `feed:1: invalid entry "ftp://evil.example/x"`},
		{"no host before the category", ",Malware\n", "feed:1: no host before the category"},
		{"control character", "evil.example\tMal\x1bware\n", `feed:1: category "Mal\x1bware" has control characters`},
		{"not UTF-8", "a.example\nb\xff.example\n", "feed:2: not UTF-8 text"},
		{"long line", "a.example\n" + strings.Repeat("a", 2<<20) + "\n", "feed:2: line longer than 1 MiB"},
		{"not a bundle", `{"type": "report"}`, `feed:1: not a STIX 2.1 bundle: type "report", want "bundle"`},
		{"broken JSON", "{\n\"type\": \"bundle\",\n\"objects\": [\n", "feed:4: not a STIX 2.1 bundle: unexpected end of JSON input"},
		{"bad JSON on line 3", "{\n\"type\": \"bundle\",\n\"objects\": [}\n", "feed:3: not a STIX 2.1 bundle: invalid character '}'"},
		{"bad value in a bundle", "{\"type\": \"bundle\", \"objects\": [\n{\"type\": \"indicator\", \"id\": \"indicator--1\", \"pattern\": \"[domain-name:value = 'ex ample.example']\"}]}",
			`feed:2: indicator--1: invalid entry "ex ample.example"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Read(strings.NewReader(tt.in), "feed")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Read(%.40q) error = %v, want it to contain %q", tt.in, err, tt.want)
			}
			if !errors.Is(err, rules.ErrInvalid) {
				t.Errorf("Read error %v does not match rules.ErrInvalid", err)
			}
		})
	}
	_, err := ReadFile(filepath.Join("..", "testdata", "intel", "malformed.txt"))
	if want := filepath.Join("..", "testdata", "intel", "malformed.txt") + `:4: "exa mple.example" has white space`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("ReadFile(malformed.txt) error = %v, want %q", err, want)
	}
	if _, err := ReadFile("does-not-exist.txt"); err == nil || !strings.Contains(err.Error(), "reading intel file") {
		t.Errorf("ReadFile(missing) error = %v", err)
	}
}

func TestReadLines(t *testing.T) {
	t.Parallel()
	in := "\uFEFF# header\r\n  a.example  \r\nhttps://b.example/x.js#frag\tMalware # trailing comment\r\n\r\n203.0.113.1 , C2,extra\na.example\tduplicate\n"
	l, err := Read(strings.NewReader(in), "list")
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{
		{Value: "a.example", Line: 2},
		{Value: "https://b.example/x.js", Category: "Malware", Line: 3, URL: true},
		{Value: "203.0.113.1", Category: "C2,extra", Line: 5},
	}
	if diff := cmp.Diff(want, l.Entries(), cmpopts.IgnoreFields(Entry{}, "File")); diff != "" {
		t.Errorf("Read entries mismatch (-want +got):\n%s", diff)
	}
	if l.Len() != 3 {
		t.Errorf("Len() = %d, want 3", l.Len())
	}
}

func TestReadSTIX(t *testing.T) {
	t.Parallel()
	name := filepath.Join("..", "testdata", "intel", "bundle.json")
	l, err := ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{
		{Value: "exfil.example", Category: "malicious-activity", Line: 14},
		{Value: "198.51.100.23", Category: "compromised", Line: 27},
		{Value: "198.51.100.24", Category: "compromised", Line: 27},
		{Value: "https://loader.example/o'brien.js", Category: "compromised", Line: 27, URL: true},
	}
	if diff := cmp.Diff(want, l.Entries(), cmpopts.IgnoreFields(Entry{}, "File")); diff != "" {
		t.Errorf("ReadFile(%s) entries mismatch (-want +got):\n%s", name, diff)
	}
	wantNotes := []string{
		name + ":38: indicator--1a2b3c4d-0000-4000-8000-000000000002 is revoked: skipped",
		name + `:49: indicator--1a2b3c4d-0000-4000-8000-000000000003: pattern "[domain-name:value = 'shared-cdn.example' AND url:value = 'https://shared-cdn.ex…": only OR may join comparisons: skipped`,
		name + `:59: indicator--1a2b3c4d-0000-4000-8000-000000000004 has a "snort" pattern: skipped`,
	}
	if diff := cmp.Diff(wantNotes, l.Notes); diff != "" {
		t.Errorf("Notes mismatch (-want +got):\n%s", diff)
	}
	if v := l.Verdict("exfil.example"); !v.Malicious || v.Categories[0] != "malicious-activity" {
		t.Errorf("Verdict(exfil.example) = %+v, want malicious", v)
	}
	if v := l.Verdict("shared-cdn.example"); v.Known {
		t.Errorf("Verdict(shared-cdn.example) = %+v: an AND pattern must not list its parts", v)
	}
}

func TestSTIXValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern string
		want    []string
		err     string
	}{
		{"[domain-name:value = 'a.example']", []string{"a.example"}, ""},
		{"[ipv4-addr:value='192.0.2.1']", []string{"192.0.2.1"}, ""},
		{"[ipv6-addr:value = '2001:db8::1' OR ipv4-addr:value = '192.0.2.1']", []string{"2001:db8::1", "192.0.2.1"}, ""},
		{"[url:value = 'https://a.example/\\\\x\\'y'] OR [domain-name:value = 'b.example']", []string{`https://a.example/\x'y`, "b.example"}, ""},
		{"", nil, "no pattern"},
		{"[domain-name:value = 'a.example'] AND [domain-name:value = 'b.example']", nil, "only OR may join observations"},
		{"[domain-name:value != 'a.example']", nil, "only '=' comparisons"},
		{"[domain-name:value MATCHES 'a']", nil, "only '=' comparisons"},
		{"[file:hashes.MD5 = 'abc']", nil, "only domain-name, ipv4-addr, ipv6-addr and url values"},
		{"[domain-name:value = 'a.example'] WITHIN 5 SECONDS", nil, "only OR may join observations"},
		{"[domain-name:value = 'a.example", nil, "unterminated string"},
		{"[domain-name:value = a.example]", nil, "want a quoted string"},
		{"[domain-name:value = 'a\\n']", nil, "bad escape"},
		{"[domain-name:value = 'a.example'] OR", nil, "ends after OR"},
		{"domain-name:value = 'a.example'", nil, "want '['"},
	}
	for _, tt := range tests {
		got, err := stixValues(tt.pattern)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("stixValues(%q) error = %v, want %q", tt.pattern, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("stixValues(%q): %v", tt.pattern, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("stixValues(%q) mismatch (-want +got):\n%s", tt.pattern, diff)
		}
	}
}
