package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/shieldscan/shieldscan/rules"
)

const full = `# shieldscan settings
version: 1
resources:
  - https://cdn.jsdelivr-cdn.example/npm/jquery.min.js
  - hxxps://evil[.]example/x.js
  - 203.0.113.7
resources-files: [alerts/pageshield.json, /etc/shieldscan/extra.txt]
include: ["web/**", "templates/**/*.html"]
exclude:
  - "**/vendor/**"
fail-on: Warning
max-file-size: 10MiB
history:
  enabled: true
  refs: [main, refs/tags/v1.2.0]
  allow-shallow: false
site-hosts: [Shop.Example., "*.shop.example"]
ignore:
  - fingerprint: 0123456789abcdef0123456789abcdef
    reason: vendor widget, reviewed by security in SEC-12
`

// res is a resource as the tests compare it: what was written, its canonical form, its origin.
type res struct {
	Raw, Canonical string
	Origin         rules.Origin
}

func resources(rs []*rules.Resource) []res {
	var out []res
	for _, r := range rs {
		out = append(out, res{r.Raw, r.Canonical, r.Origin})
	}
	return out
}

func TestParseFull(t *testing.T) {
	t.Parallel()
	name := filepath.Join("repo", ".shieldscan.yml")
	c, err := Parse(name, []byte(full))
	if err != nil {
		t.Fatalf("Parse(full) error: %v", err)
	}
	wantRes := []res{
		{"https://cdn.jsdelivr-cdn.example/npm/jquery.min.js", "https://cdn.jsdelivr-cdn.example/npm/jquery.min.js", rules.Origin{File: name, Line: 4}},
		{"hxxps://evil[.]example/x.js", "https://evil.example/x.js", rules.Origin{File: name, Line: 5, Refanged: true}},
		{"203.0.113.7", "203.0.113.7", rules.Origin{File: name, Line: 6}},
	}
	if diff := cmp.Diff(wantRes, resources(c.Resources)); diff != "" {
		t.Errorf("Parse(full).Resources mismatch (-want +got):\n%s", diff)
	}
	want := &Config{
		Path:    name,
		Version: 1,
		ResourcesFiles: []ResourcesFile{
			{Path: filepath.Join("repo", "alerts", "pageshield.json"), Line: 7},
			{Path: filepath.FromSlash("/etc/shieldscan/extra.txt"), Line: 7},
		},
		Include:     []string{"web/**", "templates/**/*.html"},
		Exclude:     []string{"**/vendor/**"},
		FailOn:      "warning",
		MaxFileSize: 10 << 20,
		History: History{Enabled: true, Refs: []string{"main", "refs/tags/v1.2.0"},
			RefLines: []Ref{{Name: "main", File: name, Line: 15}, {Name: "refs/tags/v1.2.0", File: name, Line: 15}}},
		SiteHosts: []string{"shop.example", "*.shop.example"},
		Ignore: []Ignore{{
			Fingerprint: "0123456789abcdef0123456789abcdef",
			Reason:      "vendor widget, reviewed by security in SEC-12",
			Line:        19,
		}},
	}
	opts := cmp.Options{cmpopts.IgnoreUnexported(Config{}), cmpopts.IgnoreFields(Config{}, "Resources")}
	if diff := cmp.Diff(want, c, opts); diff != "" {
		t.Errorf("Parse(full) mismatch (-want +got):\n%s", diff)
	}
	if ig, ok := c.IgnoreFor("0123456789abcdef0123456789abcdef"); !ok || ig.Line != 19 {
		t.Errorf("IgnoreFor(listed) = %+v, %v; want the entry at line 19", ig, ok)
	}
	if _, ok := c.IgnoreFor("ffff"); ok {
		t.Errorf("IgnoreFor(unlisted) = _, true; want false")
	}
}

func TestParseValid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     *Config
	}{
		{"empty", "", &Config{}},
		{"comments only", "# nothing yet\n", &Config{}},
		{"null document", "~\n", &Config{}},
		{"explicit document", "---\nfail-on: never\n...\n", &Config{FailOn: "never"}},
		{"null values", "resources:\ninclude:\nhistory:\nignore:\n", &Config{}},
		{"one string for a list", "include: web/**\n", &Config{Include: []string{"web/**"}}},
		{"plain size", "max-file-size: 1048576\n", &Config{MaxFileSize: 1 << 20}},
		{"size with space", "max-file-size: 512 KiB\n", &Config{MaxFileSize: 512 << 10}},
		{"decimal size", "max-file-size: 2MB\n", &Config{MaxFileSize: 2e6}},
		{"yaml extension name", "fail-on: note\n", &Config{FailOn: "note"}},
		{"history shallow", "history: {allow-shallow: true}\n", &Config{History: History{AllowShallow: true}}},
		{"anchors", "include: &web [\"web/**\"]\nexclude: *web\n", &Config{Include: []string{"web/**"}, Exclude: []string{"web/**"}}},
		{"crlf", "fail-on: error\r\ninclude:\r\n  - a/**\r\n", &Config{FailOn: "error", Include: []string{"a/**"}}},
		{"cloudflare account", "cloudflare-account: 0123456789ABCDEF0123456789abcdef\n", &Config{CloudflareAccount: "0123456789abcdef0123456789abcdef"}},
	}
	opts := cmp.Options{cmpopts.IgnoreUnexported(Config{}), cmpopts.IgnoreFields(Config{}, "Path", "Version", "Resources")}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(".shieldscan.yml", []byte(tt.in))
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tt.in, err)
			}
			if got.Version != Version {
				t.Errorf("Parse(%q).Version = %d, want %d", tt.in, got.Version, Version)
			}
			if diff := cmp.Diff(tt.want, got, opts); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"unknown key", "version: 1\nresources:\n  - evil.example\n\ninclude: [a]\n\nresourcez: [b]\n",
			`.shieldscan.yml:7: unknown key "resourcez" (did you mean "resources"?)`},
		{"unknown key without suggestion", "colour: red\n", `.shieldscan.yml:1: unknown key "colour"`},
		{"unknown nested key", "history:\n  enabled: true\n  depth: 3\n", `.shieldscan.yml:3: unknown key "depth" in history`},
		{"unknown ignore key", "ignore:\n  - fingerprint: ab\n    reasn: ok\n", `.shieldscan.yml:3: unknown key "reasn" in ignore entry (did you mean "reason"?)`},
		{"repeated key", "fail-on: error\nfail-on: never\n", `.shieldscan.yml:2: key "fail-on" repeated (first at line 1)`},
		{"syntax", "resources: [a,\n", `.shieldscan.yml:1: did not find expected node content`},
		{"tab indent", "history:\n\tenabled: true\n", `.shieldscan.yml:2: found character that cannot start any token`},
		{"not a mapping", "- evil.example\n", `.shieldscan.yml:1: the config must be a mapping of keys (version, resources, …), not a list`},
		{"two documents", "fail-on: error\n---\nfail-on: never\n", `.shieldscan.yml:2: a second YAML document: the config is one document`},
		{"version 2", "version: 2\n", `.shieldscan.yml:1: version 2: this shieldscan reads version 1`},
		{"version string", "version: \"1\"\n", `.shieldscan.yml:1: version "1": this shieldscan reads version 1`},
		{"bad resource", "resources:\n  - evil.example\n  - exa mple.com\n", `.shieldscan.yml:3: invalid resource "exa mple.com": contains white space`},
		{"resource mapping", "resources:\n  - {url: x}\n", `.shieldscan.yml:2: resources: want a list of strings, not a mapping`},
		{"empty resource", "resources: [\"\"]\n", `.shieldscan.yml:1: resources: empty entry`},
		{"bad glob", "exclude:\n  - \"web/[a\"\n", `.shieldscan.yml:2: exclude: invalid glob "web/[a": see https://github.com/bmatcuk/doublestar#patterns`},
		{"bad fail-on", "fail-on: sometimes\n", `.shieldscan.yml:1: fail-on: "sometimes" is not one of error, warning, note, never`},
		{"fail-on bool", "fail-on: false\n", `.shieldscan.yml:1: fail-on: want error, warning, note or never, not a boolean`},
		{"negative size", "max-file-size: -1\n", `.shieldscan.yml:1: max-file-size: want a positive size such as 52428800 or "50MiB", not "-1"`},
		{"size unit", "max-file-size: 5 parsecs\n", `.shieldscan.yml:1: max-file-size: want a positive size such as 52428800 or "50MiB", not "5 parsecs"`},
		{"history list", "history: [main]\n", `.shieldscan.yml:1: history: want a mapping (enabled, refs, allow-shallow), not a list`},
		{"history enabled string", "history:\n  enabled: \"yes\"\n", `.shieldscan.yml:2: enabled: want true or false, not "yes"`},
		{"bad ref", "history:\n  refs: [\"--all\"]\n", `.shieldscan.yml:2: refs: "--all" is not a git ref name: it starts with '-'`},
		{"ref with dots", "history:\n  enabled: true\n  refs:\n    - main\n    - main..dev\n", `.shieldscan.yml:5: refs: "main..dev" is not a git ref name: it contains ".."`},
		{"ref reflog", "history:\n  refs: [\"main@{1}\"]\n", `.shieldscan.yml:2: refs: "main@{1}" is not a git ref name: it contains "@{"`},
		{"ref lock", "history:\n  refs: [refs/heads/x.lock]\n", `.shieldscan.yml:2: refs: "refs/heads/x.lock" is not a git ref name: it ends with "." or ".lock"`},
		{"ref trailing slash", "history:\n  refs: [refs/heads/]\n", `.shieldscan.yml:2: refs: "refs/heads/" is not a git ref name: it has an empty path component`},
		{"ref hidden component", "history:\n  refs: [refs/.x]\n", `.shieldscan.yml:2: refs: "refs/.x" is not a git ref name: a component starts with "."`},
		{"bad site host", "site-hosts:\n  - localhost\n", `.shieldscan.yml:2: site-hosts: "localhost": a hostname needs a dot: a single label would match ordinary words`},
		{"short account", "cloudflare-account: abc\n", `.shieldscan.yml:1: cloudflare-account: want the account ID, 32 hexadecimal digits (the dashboard's Account ID), not "abc"`},
		{"numeric account", "cloudflare-account: 12345\n", `.shieldscan.yml:1: cloudflare-account: want the account ID, 32 hexadecimal digits (the dashboard's Account ID), not a number`},
		{"ignore not a list", "ignore: abc\n", `.shieldscan.yml:1: ignore: want a list of {fingerprint, reason}, not "abc"`},
		{"ignore string entry", "ignore:\n  - abc\n", `.shieldscan.yml:2: ignore: want an entry {fingerprint: …, reason: …}, not "abc"`},
		{"ignore without reason", "ignore:\n  - fingerprint: abc\n", `.shieldscan.yml:2: ignore: fingerprint "abc" needs a reason: say who reviewed it and why it may stay`},
		{"ignore empty reason", "ignore:\n  - fingerprint: abc\n    reason: \"  \"\n", `.shieldscan.yml:2: ignore: fingerprint "abc" needs a reason: say who reviewed it and why it may stay`},
		{"ignore without fingerprint", "ignore:\n  - reason: fine\n", `.shieldscan.yml:2: ignore: entry without a fingerprint (copy it from the finding in the JSON or SARIF report)`},
		{"ignore twice", "ignore:\n  - {fingerprint: abc, reason: a}\n  - {fingerprint: abc, reason: b}\n", `.shieldscan.yml:3: ignore: fingerprint "abc" listed twice (first at line 2)`},
		{"anchored unknown key", "base: &b {enabled: true}\n", `.shieldscan.yml:1: unknown key "base"`},
		{"merge into history", "history:\n  <<: {enabled: true}\n", `.shieldscan.yml:2: merge keys (<<) are not supported`},
		{"unknown anchor", "include: *nope\n", `.shieldscan.yml:1: unknown anchor 'nope' referenced`},
		{"mapping key", "? [a]\n: b\n", `.shieldscan.yml:1: a key must be a plain name, not a list`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(".shieldscan.yml", []byte(tt.in))
			if err == nil {
				t.Fatalf("Parse(%q) = nil error, want %q", tt.in, tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("Parse(%q) error:\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("Parse(%q) error %v does not wrap ErrInvalid", tt.in, err)
			}
		})
	}
}

type sizeCase struct {
	in   string
	want int64
	err  bool
}

func sizeCases() []sizeCase {
	return []sizeCase{
		{in: "1048576", want: 1 << 20},
		{in: "20MiB", want: 20 << 20},
		{in: "20mib", want: 20 << 20},
		{in: " 512 KiB ", want: 512 << 10},
		{in: "2MB", want: 2e6},
		{in: "1GiB", want: 1 << 30},
		{in: "3kb", want: 3000},
		{in: "7B", want: 7},
		{in: "", err: true},
		{in: "0", err: true},
		{in: "-1", err: true},
		{in: "+5", err: true},
		{in: "MiB", err: true},
		{in: "1.5MiB", err: true},
		{in: "5 parsecs", err: true},
		{in: "9223372036854775807GiB", err: true},
	}
}

func TestParseSize(t *testing.T) {
	t.Parallel()
	for _, tt := range sizeCases() {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseSize(tt.in)
			if tt.err {
				want := fmt.Sprintf(`want a positive size such as 52428800 or "50MiB", not %q`, tt.in)
				if err == nil || err.Error() != want {
					t.Errorf("ParseSize(%q) = %d, %v; want error %q", tt.in, got, err, want)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ParseSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
			}
		})
	}
}

// FuzzParseSize: ParseSize never panics, accepts only positive sizes, and reads back what
// Size.String writes.
func FuzzParseSize(f *testing.F) {
	for _, tt := range sizeCases() {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		n, err := ParseSize(in)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "want a positive size") {
				t.Errorf("ParseSize(%q) error = %q", in, err)
			}
			return
		}
		if n <= 0 {
			t.Fatalf("ParseSize(%q) = %d, want a positive size", in, n)
		}
		z := Size(n)
		if again, err := ParseSize(z.String()); err != nil || again != n {
			t.Errorf("ParseSize(%q) = %d; its String %q reads back as %d, %v", in, n, z.String(), again, err)
		}
	})
}

func TestSizeValue(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"52428800", "50MiB"}, {"20MiB", "20MiB"}, {"1000", "1000"}, {"2048", "2KiB"}, {"3GiB", "3GiB"}, {"1MB", "1000000"},
	}
	for _, tt := range tests {
		var z Size
		if err := z.Set(tt.in); err != nil {
			t.Errorf("Size.Set(%q): %v", tt.in, err)
			continue
		}
		if got := z.String(); got != tt.want {
			t.Errorf("Size.Set(%q); String() = %q, want %q", tt.in, got, tt.want)
		}
		if again, _ := ParseSize(z.String()); again != int64(z) {
			t.Errorf("ParseSize(%q) = %d, want %d", z.String(), again, int64(z))
		}
	}
	var z Size = 7
	if err := z.Set("20 parsecs"); err == nil || z != 7 {
		t.Errorf("Size.Set(\"20 parsecs\") = %v, size %d; want an error and the size unchanged", err, z)
	}
	if got := z.Type(); got != "size" {
		t.Errorf("Size.Type() = %q, want size", got)
	}
}

func TestRefLines(t *testing.T) {
	t.Parallel()
	in := "version: 1\n\nhistory:\n  enabled: true\n  refs:\n    - main\n    - refs/tags/v1.2.0\n"
	c, err := Parse(".shieldscan.yml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Ref{{Name: "main", File: ".shieldscan.yml", Line: 6}, {Name: "refs/tags/v1.2.0", File: ".shieldscan.yml", Line: 7}}
	if diff := cmp.Diff(want, c.History.RefLines); diff != "" {
		t.Errorf("Parse(%q).History.RefLines mismatch (-want +got):\n%s", in, diff)
	}
	cause := errors.New("no such ref in \"/repo\"")
	err = c.History.RefLines[0].Wrap(cause)
	if want := `.shieldscan.yml:6: refs: "main": no such ref in "/repo"`; err.Error() != want {
		t.Errorf("Ref.Wrap error = %q, want %q", err, want)
	}
	if !errors.Is(err, ErrInvalid) || !errors.Is(err, cause) {
		t.Errorf("Ref.Wrap error %v does not match ErrInvalid and its cause", err)
	}
}

func TestParseResourceErrorWrapsRules(t *testing.T) {
	t.Parallel()
	_, err := Parse("c.yml", []byte("resources: [\"exa mple.com\"]\n"))
	if !errors.Is(err, rules.ErrInvalid) {
		t.Errorf("Parse(bad resource) error %v does not wrap rules.ErrInvalid", err)
	}
}

func TestFindAndLoad(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if p, ok := Find(dir); ok {
		t.Fatalf("Find(empty dir) = %q, true; want false", p)
	}
	write := func(name, data string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	yamlPath := write(".shieldscan.yaml", "resources-files: [alerts/missing.txt]\n")
	if p, ok := Find(dir); !ok || p != yamlPath {
		t.Errorf("Find(dir with .yaml) = %q, %v; want %q, true", p, ok, yamlPath)
	}
	_, err := Load(yamlPath)
	if want := yamlPath + `:1: resources file "` + filepath.Join(dir, "alerts", "missing.txt") + `": no such file or directory`; err == nil || err.Error() != want {
		t.Errorf("Load(missing resources file) error = %v, want %q", err, want)
	}

	ymlPath := write(".shieldscan.yml", "resources-files:\n  - alerts/list.txt\n")
	write(filepath.Join("alerts", "list.txt"), "evil.example\n")
	if p, ok := Find(dir); !ok || p != ymlPath {
		t.Errorf("Find(dir with both) = %q, %v; want %q (.yml first), true", p, ok, ymlPath)
	}
	c, err := Load(ymlPath)
	if err != nil {
		t.Fatalf("Load(%q) error: %v", ymlPath, err)
	}
	if want := []ResourcesFile{{Path: filepath.Join(dir, "alerts", "list.txt"), Line: 2}}; !cmp.Equal(want, c.ResourcesFiles) {
		t.Errorf("Load(%q).ResourcesFiles = %v, want %v", ymlPath, c.ResourcesFiles, want)
	}

	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub", ".shieldscan.yml"), 0o755); err != nil {
		t.Fatal(err)
	}
	if p, ok := Find(filepath.Join(dir, "sub")); ok {
		t.Errorf("Find(dir whose .shieldscan.yml is a directory) = %q, true; want false", p)
	}
	_, err = Load(filepath.Join(dir, "nope.yml"))
	if want := `reading config "` + filepath.Join(dir, "nope.yml") + `": no such file or directory`; err == nil || err.Error() != want {
		t.Errorf("Load(missing) error = %v, want %q", err, want)
	}
}

// errorPos is what every error of Parse starts with: the file name, a colon, a line number.
var errorPos = regexp.MustCompile(`^fuzz\.yml:[1-9][0-9]*: `)

func FuzzLoad(f *testing.F) {
	f.Add(full)
	for _, s := range []string{
		"", "~", "version: 1\n", "resources: [a,\n", "include: &a [x]\nexclude: *a\n",
		"ignore:\n  - {fingerprint: a, reason: b}\n", "max-file-size: 9223372036854775807 GiB\n",
		"history:\n  <<: {enabled: true}\n", "a: &a [*a]\n", "---\n---\n", "\xef\xbb\xbfversion: 1\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		c, err := Parse("fuzz.yml", []byte(in))
		if err != nil {
			if !errorPos.MatchString(err.Error()) {
				t.Errorf("Parse(%q) error %q does not start with file:line:", in, err)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("Parse(%q) error %v does not wrap ErrInvalid", in, err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("Parse(%q) error %q spans lines; errors are one line at the terminal", in, err)
			}
			return
		}
		if c.Version != Version || c.Path != "fuzz.yml" {
			t.Errorf("Parse(%q) = version %d, path %q", in, c.Version, c.Path)
		}
		for _, ig := range c.Ignore {
			if ig.Reason == "" || ig.Fingerprint == "" {
				t.Errorf("Parse(%q) accepted ignore entry %+v without fingerprint or reason", in, ig)
			}
			if got, ok := c.IgnoreFor(ig.Fingerprint); !ok || got != ig {
				t.Errorf("Parse(%q).IgnoreFor(%q) = %+v, %v", in, ig.Fingerprint, got, ok)
			}
		}
		if c.MaxFileSize < 0 {
			t.Errorf("Parse(%q).MaxFileSize = %d", in, c.MaxFileSize)
		}
	})
}
