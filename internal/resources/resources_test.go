package resources

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shieldscan/shieldscan/rules"
)

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	list := write("alerts.txt", "# SOC\nevil.example\nhttps://shop.example/js/app.js\n")
	empty := write("empty.json", `{"result": []}`)
	anchor := func(name string) string {
		if strings.HasPrefix(name, dir) {
			return "sec/" + filepath.Base(name)
		}
		return ""
	}
	tests := []struct {
		name      string
		opts      Options
		canonical []string
		inputs    []string
		notes     []string
		err       error
	}{
		{"nothing given", Options{}, nil, nil, nil, ErrNone},
		{"flags and a file, anchored", Options{Resources: []string{"EVIL.example", "203.0.113.7"}, Files: []string{list}, Anchor: anchor},
			[]string{"203.0.113.7", "evil.example", "https://shop.example/js/app.js"}, []string{"sec/alerts.txt"}, nil, nil},
		{"a quiet input is a note", Options{Files: []string{empty}}, nil, nil, []string{empty + " names no resource: nothing to look for from it"}, nil},
		{"stdin twice", Options{Files: []string{"-", "-"}, Stdin: strings.NewReader("a.example\n")}, nil, nil, nil, ErrStdinTwice},
		{"zone without a token", Options{Zone: "0123456789abcdef0123456789abcdef"}, nil, nil, nil, ErrNoToken},
		{"only malicious, none is", Options{Resources: []string{"a.example"}, OnlyMalicious: true}, nil, nil,
			[]string{"no resource is malicious (--only-malicious): nothing to look for"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := Load(context.Background(), tt.opts)
			if !errors.Is(err, tt.err) {
				t.Fatalf("Load() = %v, want %v", err, tt.err)
			}
			if err != nil {
				return
			}
			var got []string
			for _, r := range l.Set.All() {
				got = append(got, r.Canonical)
			}
			if diff := cmp.Diff(tt.canonical, got); diff != "" {
				t.Errorf("resources (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.inputs, l.Inputs); diff != "" {
				t.Errorf("inputs (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.notes, l.Notes); diff != "" {
				t.Errorf("notes (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLoadFirstParty: a URL on a --site-host is first party once loaded; others are not.
func TestLoadFirstParty(t *testing.T) {
	l, err := Load(context.Background(), Options{Resources: []string{"https://shop.example/js/app.js", "https://cdn.example/x.js"}, SiteHosts: []string{"shop.example"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range l.Set.All() {
		if want := r.Host == "shop.example"; r.FirstParty != want {
			t.Errorf("%s: FirstParty = %v, want %v", r.Canonical, r.FirstParty, want)
		}
	}
}

// TestLoadKind: --kind reaches the reader, a guess reaches the notes, and the site's own script
// of a schema-minimal response is first party either way but with --kind connection. Observed
// (inventory --against) reads the file the same way.
func TestLoadKind(t *testing.T) {
	file := filepath.Join(t.TempDir(), "ps.json")
	data := `{"result": [{"id": "1", "url": "https://shop.example.com/js/app.js", "host": "shop.example.com",` +
		` "added_at": "2026-09-02T08:14:22Z", "first_seen_at": "2026-09-02T08:14:20Z", "last_seen_at": "2026-10-22T09:55:01Z",` +
		` "url_contains_cdn_cgi_path": false}]}`
	if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	guess := file + ": 1 item taken for a script, a guess (no field says which: their URLs name .js files); give --kind script or --kind connection to say"
	tests := []struct {
		kind       string
		firstParty bool
		notes      []string
		err        string
	}{
		{"", true, []string{guess}, ""},
		{"script", true, nil, ""},
		{"connection", false, nil, ""},
		{"cookie", false, nil, `--kind "cookie": want script or connection: invalid resource`},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			l, err := Load(context.Background(), Options{Files: []string{file}, Kind: tt.kind})
			in, _, oerr := Observed(context.Background(), file, "", tt.kind, Zone{})
			if tt.err != "" {
				if err == nil || err.Error() != tt.err || !errors.Is(err, rules.ErrInvalid) {
					t.Fatalf("Load(--kind %q) = %v, want %q", tt.kind, err, tt.err)
				}
				if oerr == nil || oerr.Error() != tt.err || !errors.Is(oerr, rules.ErrInvalid) {
					t.Fatalf("Observed(--kind %q) = %v, want %q", tt.kind, oerr, tt.err)
				}
				return
			}
			if oerr != nil {
				t.Fatal(oerr)
			}
			if diff := cmp.Diff(tt.notes, in.Notes); diff != "" {
				t.Errorf("Observed notes (-want +got):\n%s", diff)
			}
			if got, want := in.Resources[0].PageShield.Kind, map[bool]string{true: "script", false: "connection"}[tt.kind != "connection"]; got != want {
				t.Errorf("Observed(--kind %q): kind %q, want %q", tt.kind, got, want)
			}
			if err != nil {
				t.Fatal(err)
			}
			r := l.Set.All()[0]
			if r.FirstParty != tt.firstParty {
				t.Errorf("--kind %q: FirstParty = %v, want %v", tt.kind, r.FirstParty, tt.firstParty)
			}
			if diff := cmp.Diff(tt.notes, l.Notes); diff != "" {
				t.Errorf("notes (-want +got):\n%s", diff)
			}
		})
	}
}
