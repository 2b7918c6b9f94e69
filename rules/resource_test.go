package rules

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shieldscan/shieldscan/internal/refang/refangtest"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, in  string
		canonical string
		kind      Kind
	}{
		{"https url", "https://cdn.Evil.example/x.js", "https://cdn.evil.example/x.js", URL},
		{"http url with query", "http://evil.example/a.js?v=2", "http://evil.example/a.js?v=2", URL},
		{"url without path", "https://evil.example", "https://evil.example/", URL},
		{"ws url", "wss://socket.example.net:8443/feed", "wss://socket.example.net:8443/feed", URL},
		{"scheme case", "HTTPS://EVIL.EXAMPLE/X.js", "https://evil.example/X.js", URL},
		{"protocol relative", "//cdn.example.com/lib.js", "//cdn.example.com/lib.js", URL},
		{"scheme-less url", "cdn.example.com/lib.js", "//cdn.example.com/lib.js", URL},
		{"userinfo dropped", "https://user:pw@evil.example/x.js", "https://evil.example/x.js", URL},
		{"bare host", "Evil.Example", "evil.example", Host},
		{"trailing dot", "evil.example.", "evil.example", Host},
		{"idn", "bücher.example", "xn--bcher-kva.example", Host},
		{"idn url", "https://bücher.example/x.js", "https://xn--bcher-kva.example/x.js", URL},
		{"underscore label", "_dmarc.example.com", "_dmarc.example.com", Host},
		{"wildcard", "*.Example.com", "*.example.com", Wildcard},
		{"host port", "evil.example:8080", "evil.example:8080", Host},
		{"ipv4", "203.0.113.7", "203.0.113.7", IP},
		{"ipv4 port", "203.0.113.7:443", "203.0.113.7:443", IP},
		{"ipv6 bare", "2001:DB8::1", "[2001:db8::1]", IP},
		{"ipv6 bracketed", "[2001:db8:0:0::1]", "[2001:db8::1]", IP},
		{"ipv6 port", "[2001:db8::1]:8443", "[2001:db8::1]:8443", IP},
		{"ipv4 mapped", "::ffff:192.0.2.1", "[::ffff:192.0.2.1]", IP},
		{"ip url", "http://203.0.113.7/c.php", "http://203.0.113.7/c.php", URL},
		{"ipv6 url", "https://[2001:db8::2]/x", "https://[2001:db8::2]/x", URL},
		{"defanged hxxps", "hxxps://evil[.]example/x.js", "https://evil.example/x.js", URL},
		{"defanged parens", "evil(.)example", "evil.example", Host},
		{"defanged dot word", "evil[dot]example", "evil.example", Host},
		{"defanged colon", "hxxps[:]//evil[.]example/x.js", "https://evil.example/x.js", URL},
		{"defanged ip", "203.0.113[.]7", "203.0.113.7", IP},
		{"defanged wss", "wxss://socket.evil[.]example/feed", "wss://socket.evil.example/feed", URL},
		{"defanged ws", "wxs://socket.evil[.]example/feed", "ws://socket.evil.example/feed", URL},
		{"white space around", "  evil.example\t", "evil.example", Host},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := Parse(tt.in, Origin{})
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tt.in, err)
			}
			if r.Canonical != tt.canonical || r.Kind != tt.kind {
				t.Errorf("Parse(%q) = %q (%v), want %q (%v)", tt.in, r.Canonical, r.Kind, tt.canonical, tt.kind)
			}
			if r.Raw != strings.TrimSpace(tt.in) {
				t.Errorf("Parse(%q).Raw = %q, want the input", tt.in, r.Raw)
			}
			// Canonical forms are fixed points.
			again, err := Parse(r.Canonical, Origin{})
			if err != nil || again.Canonical != r.Canonical {
				t.Errorf("Parse(%q) = %v, %v; want canonical %q to re-parse to itself", r.Canonical, again, err, r.Canonical)
			}
		})
	}
}

// TestParseStyles runs the defanging table that scanner/decode's defanged family is tested
// against too (internal/refang/testdata/styles.txt).
func TestParseStyles(t *testing.T) {
	t.Parallel()
	for _, c := range refangtest.Cases(t) {
		t.Run(c.Input, func(t *testing.T) {
			t.Parallel()
			r, err := Parse(c.Input, Origin{File: "styles.txt", Line: c.Line})
			if c.Outcome == refangtest.Refused {
				if err == nil || !strings.Contains(err.Error(), c.Reason) {
					t.Errorf("Parse(%q) = %v, %v; want an error containing %q", c.Input, r, err, c.Reason)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", c.Input, err)
			}
			got := styleResult{r.Canonical, r.Host, r.Origin.Refanged}
			want := styleResult{c.Canonical, c.Host, c.Outcome == refangtest.Refanged || c.Outcome == refangtest.Escaped}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s", c.Input, diff)
			}
			if r.Raw != c.Input {
				t.Errorf("Parse(%q).Raw = %q, want the input", c.Input, r.Raw)
			}
		})
	}
}

type styleResult struct {
	Canonical, Host string
	Refanged        bool
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, in, reason string }{
		{"empty", "", "empty"},
		{"space inside", "exa mple.com", "white space"},
		{"ftp", "ftp://evil.example/x", `scheme "ftp"`},
		{"single label", "localhost", "needs a dot"},
		{"numeric tld", "1.2.3.4.5", "not a valid IP address or hostname"},
		{"bad ipv4", "999.1.1.1", "not a valid IP address or hostname"},
		{"bad ipv6", "2001:db8:::1", "IPv6"},
		{"unclosed bracket", "[2001:db8::1", "unclosed"},
		{"bad port", "evil.example:99999", "port"},
		{"port not number", "evil.example:http", "port"},
		{"wildcard inside", "cdn.*.example.com", "leftmost"},
		{"wildcard url", "https://*.example.com/x", "wildcard"},
		{"bad char", "evil!.example", "hostname"},
		{"empty label", "evil..example", "hostname"},
		{"url without host", "https:///", "no host"},
		{"zone", "fe80::1%eth0", "zone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(tt.in, Origin{File: "alerts.txt", Line: 3})
			if err == nil {
				t.Fatalf("Parse(%q) succeeded, want an error containing %q", tt.in, tt.reason)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("Parse(%q) error %v does not wrap ErrInvalid", tt.in, err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, `alerts.txt:3: invalid resource "`) || !strings.Contains(msg, tt.reason) {
				t.Errorf("Parse(%q) error = %q, want alerts.txt:3: invalid resource … %s", tt.in, msg, tt.reason)
			}
		})
	}
}

func TestParseFlagError(t *testing.T) {
	_, err := Parse("exa mple.com", Origin{})
	if want := `--resource "exa mple.com": contains white space`; err == nil || err.Error() != want {
		t.Errorf("Parse error = %v, want %q", err, want)
	}
}

func TestReadList(t *testing.T) {
	in := "\uFEFF# alerts from the SOC\n\nhttps://evil.example/x.js  # the skimmer\nEVIL.example\n  203.0.113.7\r\nhxxps://evil[.]example/x.js\n"
	list, err := ReadList(strings.NewReader(in), "alerts.txt")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	set := NewSet()
	for _, r := range list {
		got = append(got, r.Origin.String()+" "+r.Canonical)
		set.Add(r)
	}
	want := []string{
		"alerts.txt:3 https://evil.example/x.js",
		"alerts.txt:4 evil.example",
		"alerts.txt:5 203.0.113.7",
		"alerts.txt:6 https://evil.example/x.js",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("ReadList = %q, want %q", got, want)
	}
	if set.Len() != 3 {
		t.Errorf("Set.Len() = %d after adding duplicates, want 3", set.Len())
	}
	if first := set.All()[2]; first.Origin.Line != 3 {
		t.Errorf("merged resource origin = %v, want the first line (3)", first.Origin)
	}

	_, err = ReadList(strings.NewReader("ok.example\nbad example\n"), "alerts.txt")
	if err == nil || !strings.HasPrefix(err.Error(), `alerts.txt:2: invalid resource "bad example"`) {
		t.Errorf("ReadList error = %v, want alerts.txt:2: invalid resource", err)
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://user:hunter2@evil.example/x.js", "https://user:REDACTED@evil.example/x.js"},
		{"https://evil.example/x.js?token=abc123&v=1", "https://evil.example/x.js?token=REDACTED&v=1"},
		{"https://evil.example/x.js?v=1&api_key=zzz", "https://evil.example/x.js?v=1&api_key=REDACTED"},
		{"https://evil.example/x.js?v=1", "https://evil.example/x.js?v=1"},
		{"<script src='https://evil.example/a?sig=1'>", "<script src='https://evil.example/a?sig=REDACTED'>"},
	}
	for _, tt := range tests {
		if got := Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLevelFor(t *testing.T) {
	plain := &Resource{Canonical: "evil.example"}
	benign := &Resource{Canonical: "ok.example", PageShield: &Observation{Kind: "script"}}
	bad := &Resource{Canonical: "bad.example", PageShield: &Observation{Kind: "script", Malicious: true}}
	tests := []struct {
		name   string
		id     RuleID
		r      *Resource
		change bool
		want   Level
	}{
		{"unknown", UnknownResource, plain, false, Error},
		{"unknown benign page shield", UnknownResource, benign, false, Warning},
		{"unknown malicious", UnknownResource, bad, false, Error},
		{"declared", DeclaredReference, plain, false, Note},
		{"declared benign", DeclaredReference, benign, false, Note},
		{"malicious declared", MaliciousReference, bad, false, Error},
		{"encoded", EncodedReference, plain, false, Error},
		{"historical", HistoricalReference, plain, false, Warning},
		{"change", ChangedReference, plain, true, Error},
		{"declared in change mode", DeclaredReference, plain, true, Error},
	}
	for _, tt := range tests {
		if got := LevelFor(tt.id, tt.r, tt.change); got != tt.want {
			t.Errorf("%s: LevelFor(%s, %s, %v) = %v, want %v", tt.name, tt.id, tt.r.Canonical, tt.change, got, tt.want)
		}
	}
}

func TestRuleFor(t *testing.T) {
	bad := &Resource{PageShield: &Observation{Malicious: true}}
	plain := &Resource{}
	tests := []struct {
		r                           *Resource
		encoded, historical, change bool
		want                        RuleID
	}{
		{plain, false, false, false, DeclaredReference},
		{bad, false, false, false, MaliciousReference},
		{plain, true, false, false, EncodedReference},
		{plain, true, true, false, EncodedReference},
		{plain, false, true, false, HistoricalReference},
		{plain, true, false, true, ChangedReference},
	}
	for _, tt := range tests {
		if got := RuleFor(tt.r, tt.encoded, tt.historical, tt.change); got != tt.want {
			t.Errorf("RuleFor(malicious=%v, encoded=%v, historical=%v, change=%v) = %s, want %s",
				tt.r.Malicious(), tt.encoded, tt.historical, tt.change, got, tt.want)
		}
	}
	for _, r := range Catalog() {
		if _, ok := Lookup(r.ID); !ok || r.Short == "" || r.HelpText == "" || r.SecuritySeverity == "" {
			t.Errorf("rule %s is incomplete", r.ID)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"https://cdn.Evil.example/x.js", "hxxps://evil[.]example/x.js", "[2001:db8::1]:8443",
		"*.example.com", "bücher.example", "203.0.113.7", "//cdn.example.com/lib.js?v=1", "evil.example:8080", "::ffff:1.2.3.4"} {
		f.Add(s)
	}
	for _, c := range refangtest.Cases(f) {
		f.Add(c.Input)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := Parse(s, Origin{})
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("Parse(%q) error %v does not wrap ErrInvalid", s, err)
			}
			return
		}
		again, err := Parse(r.Canonical, Origin{})
		if err != nil {
			t.Fatalf("Parse(%q) = %q, which does not re-parse: %v", s, r.Canonical, err)
		}
		if again.Canonical != r.Canonical || again.Kind != r.Kind {
			t.Fatalf("Parse(%q) = %q (%v), re-parsed as %q (%v)", s, r.Canonical, r.Kind, again.Canonical, again.Kind)
		}
		if again.Origin.Refanged {
			t.Fatalf("Parse(%q) = %q, which reads as defanged", s, r.Canonical)
		}
	})
}
