package pageshield

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shieldscan/shieldscan/rules"
)

// TestReadKind: what the items are, from every signal the input offers, and a note when that was
// a guess.
func TestReadKind(t *testing.T) {
	t.Parallel()
	minimal := fixture(t, "scripts-list-minimal.json")
	guessNote := func(name, n, what, why string) string {
		return name + ": " + n + " taken for " + what + ", a guess (no field says which: " + why + "); give --kind script or --kind connection to say"
	}
	tests := []struct {
		name  string // the file's name
		in    string
		opts  Options
		kinds []string
		notes []string
	}{
		{
			"in.json", minimal, Options{},
			[]string{"script", "script"},
			[]string{guessNote("in.json", "2 items", "scripts", "their URLs name .js files")},
		},
		{"in.json", minimal, Options{Kind: KindScript}, []string{"script", "script"}, nil},
		{"in.json", minimal, Options{Kind: KindConnection}, []string{"connection", "connection"}, nil},
		{
			"exports/page-shield-scripts.json", minimal, Options{},
			[]string{"script", "script"},
			[]string{guessNote("exports/page-shield-scripts.json", "2 items", "scripts", "the file's name says scripts")},
		},
		{
			"connections.json", minimal, Options{},
			[]string{"connection", "connection"},
			[]string{guessNote("connections.json", "2 items", "connections", "the file's name says connections")},
		},
		{
			"-", `{"result": [{"id": "1", "url": "https://collect.example.net", "host": "shop.example.com"},` +
				` {"id": "2", "url": "wss://198.51.100.4:9001", "host": "shop.example.com"}]}`, Options{},
			[]string{"connection", "connection"},
			[]string{guessNote("standard input", "2 items", "connections", "their URLs name hosts only, as connections' do")},
		},
		{
			"in.json", `{"result": {"id": "1", "url": "https://cdn.example.net/loader?v=2", "host": "shop.example.com"}}`, Options{},
			[]string{"script"},
			[]string{guessNote("in.json", "1 item", "a script", "nothing tells; scripts are the safer guess, as the site's own are then matched by path")},
		},
		{"in.json", fixture(t, "scripts-list.json"), Options{}, []string{"script", "script"}, nil},
		{"in.json", fixture(t, "connections-list.json"), Options{Kind: KindScript}, []string{"script", "script"}, nil},
		{
			"in.json", fixture(t, "connections-list.json"), Options{},
			[]string{"connection", "connection"},
			[]string{guessNote("in.json", "2 items", "connections", "their URLs name hosts only, as connections' do")},
		},
		{
			"in.csv", "url,host\nhttps://shop.example.com/js/app.js,shop.example.com\n", Options{},
			[]string{"script"},
			[]string{guessNote("in.csv", "1 item", "a script", "their URLs name .js files")},
		},
		{"in.csv", "Connection,Host\nhttps://shop.example.com/js/app.js,shop.example.com\n", Options{}, []string{"connection"}, nil},
		{"in.csv", "Script URL,Host\nhttps://api.example.net,shop.example.com\n", Options{}, []string{"script"}, nil},
		{"in.csv", "url,JS Integrity Score\nhttps://api.example.net,\n", Options{}, []string{"script"}, nil},
		{
			"in.json", fixture(t, "alert-webhook-new-resources.json"), Options{Kind: KindScript},
			[]string{"script", "script", "script"}, nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name+" "+tt.opts.Kind, func(t *testing.T) {
			t.Parallel()
			in, err := ReadWith(tt.name, []byte(tt.in), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			var kinds []string
			for _, r := range in.Resources {
				kinds = append(kinds, r.PageShield.Kind)
			}
			if !slices.Equal(kinds, tt.kinds) {
				t.Errorf("kinds = %q, want %q", kinds, tt.kinds)
			}
			if diff := cmp.Diff(tt.notes, in.Notes); diff != "" {
				t.Errorf("notes (-want +got):\n%s", diff)
			}
		})
	}
}

// TestMinimalScriptsFirstParty: a schema-minimal scripts response is no longer taken for
// connections, so the site's own script is first party and matched by path.
func TestMinimalScriptsFirstParty(t *testing.T) {
	t.Parallel()
	in, err := Read("pageshield.json", []byte(fixture(t, "scripts-list-minimal.json")))
	if err != nil {
		t.Fatal(err)
	}
	if got := in.Resources[0]; !FirstParty(got, nil) {
		t.Errorf("FirstParty(%s, kind %q) = false, want true: it is served from the zone host", got.Canonical, got.PageShield.Kind)
	}
	if got := in.Resources[1]; FirstParty(got, nil) {
		t.Errorf("FirstParty(%s) = true, want false", got.Canonical)
	}
}

func TestParseKind(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want, err string }{
		{"", "", ""},
		{"script", KindScript, ""},
		{" Connection ", KindConnection, ""},
		{"scripts", KindScript, ""},
		{"cookie", "", `--kind "cookie": want script or connection: invalid resource`},
	}
	for _, tt := range tests {
		got, err := ParseKind(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err || !errors.Is(err, rules.ErrInvalid) {
				t.Errorf("ParseKind(%q) error = %v, want %q wrapping rules.ErrInvalid", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseKind(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

// TestReadCookies: cookies are refused with one line that says why.
func TestReadCookies(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"cookies list", fixture(t, "cookies-list.json"), "in:3: " + cookieMsg + " (byte offset 20)"},
		{"cookie get", `{"result": {"id": "1", "name": "sid", "type": "unknown", "host": "shop.example.com"}}`, "in:1: " + cookieMsg + " (byte offset 11)"},
		{"bare cookie", `{"name": "sid", "domain_attribute": ".example.com"}`, "in:1: " + cookieMsg + " (byte offset 0)"},
		{"dashboard cookies export", "Name,Type,Domain,Path,Same site,HTTP only,Secure,Seen on host\nsid,First-party,shop.example.com,/,Lax,Yes,Yes,shop.example.com\n", "in:1: a cookies export: " + cookieMsg},
		{"API cookies export", "id,name,host,domain_attribute,path_attribute\n1,sid,shop.example.com,shop.example.com,/\n", "in:1: a cookies export: " + cookieMsg},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Read("in", []byte(tt.in))
			if err == nil || err.Error() != tt.want {
				t.Fatalf("Read error = %v, want %q", err, tt.want)
			}
			if !errors.Is(err, rules.ErrInvalid) {
				t.Errorf("Read error %v does not wrap rules.ErrInvalid", err)
			}
			if strings.Contains(err.Error(), "no \"url\"") {
				t.Errorf("Read error %q blames a missing url", err)
			}
		})
	}
}
