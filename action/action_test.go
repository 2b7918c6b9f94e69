// Package action holds the tests of the GitHub Action's shell step, action/scan.sh: it is run
// as the runner would run it, with INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY.
package action

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shieldscan/shieldscan/internal/sarifcheck"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// shieldscan builds the command once for all tests, the way action.yml builds it.
func shieldscan(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "shieldscan-action-test")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "shieldscan")
		if runtime.GOOS == "windows" {
			binPath += ".exe"
		}
		// The flags and environment of install.sh's build, so that TestInstallBuild finds every
		// package in the build cache and only links.
		cmd := exec.Command(goTool(), "build", "-trimpath", "-o", binPath, "./cmd/shieldscan")
		cmd.Dir = ".."
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = &buildError{err, string(out)}
		}
	})
	if buildErr != nil {
		t.Fatalf("building shieldscan: %v", buildErr)
	}
	return binPath
}

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + e.out }

func goTool() string {
	if p := filepath.Join(runtime.GOROOT(), "bin", "go"); fileExists(p) {
		return p
	}
	return "go"
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// step is one run of a script of the action: its outputs, its job summary and its log.
type step struct {
	outputs map[string]string
	summary string
	log     string
	err     error // the script's exit status
	tmp     string
}

// runStep runs scan.sh from the repository root with the given INPUT_* variables (and any other
// environment), in a clean environment otherwise: no INPUT_* or GITHUB_* from the caller.
func runStep(t *testing.T, env map[string]string) step {
	t.Helper()
	if _, ok := env["SHIELDSCAN"]; !ok {
		env = with(env, "SHIELDSCAN", shieldscan(t))
	}
	s := runScript(t, env, "scan.sh")
	if s.err != nil {
		t.Fatalf("scan.sh failed (it must exit 0 and report through exit-code): %v\n%s", s.err, s.log)
	}
	return s
}

// with returns a copy of env with k set to v.
func with(env map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for k, v := range env {
		if _, ok := out[k]; !ok {
			out[k] = v
		}
	}
	return out
}

// runScript runs action/SCRIPT with args from the repository root as the runner would, with
// GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_PATH, GITHUB_ENV and RUNNER_TEMP in a temporary
// directory, env added, and no INPUT_*, GITHUB_*, RUNNER_* or CLOUDFLARE_* from the caller.
func runScript(t *testing.T, env map[string]string, script string, args ...string) step {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not found: the action's steps are bash scripts")
	}
	_, errJQ := exec.LookPath("jq")
	_, errPy := exec.LookPath("python3")
	if errJQ != nil && errPy != nil {
		t.Skip("scan.sh needs jq or python3")
	}
	tmp := t.TempDir()
	files := map[string]string{}
	for _, name := range []string{"GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_PATH", "GITHUB_ENV"} {
		files[name] = filepath.Join(tmp, strings.ToLower(name))
		if err := os.WriteFile(files[name], nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var environ []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "INPUT_") && !strings.HasPrefix(kv, "GITHUB_") && !strings.HasPrefix(kv, "RUNNER_") && !strings.HasPrefix(kv, "CLOUDFLARE_") {
			environ = append(environ, kv)
		}
	}
	for name, f := range files {
		environ = append(environ, name+"="+f)
	}
	environ = append(environ, "RUNNER_TEMP="+tmp)
	for k, v := range env {
		environ = append(environ, k+"="+v)
	}
	cmd := exec.Command("bash", append([]string{filepath.Join("action", script)}, args...)...)
	cmd.Dir = ".."
	cmd.Env = environ
	log, err := cmd.CombinedOutput()
	s := step{outputs: map[string]string{}, log: string(log), err: err, tmp: tmp}
	data, err := os.ReadFile(files["GITHUB_OUTPUT"])
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "=")
		if name, delim, multi := strings.Cut(sc.Text(), "<<"); multi && (!ok || len(name) < len(k)) {
			// name<<DELIMITER, the lines of the value, DELIMITER: GitHub's multi-line form.
			var lines []string
			for sc.Scan() && sc.Text() != delim {
				lines = append(lines, sc.Text())
			}
			k, v, ok = name, strings.Join(lines, "\n"), true
		}
		if !ok {
			t.Fatalf("GITHUB_OUTPUT line %q is not key=value", sc.Text())
		}
		if _, dup := s.outputs[k]; dup {
			t.Fatalf("%s set output %s twice", script, k)
		}
		s.outputs[k] = v
	}
	summary, err := os.ReadFile(files["GITHUB_STEP_SUMMARY"])
	if err != nil {
		t.Fatal(err)
	}
	s.summary = string(summary)
	// No step of the action may change the job's PATH or environment.
	for _, name := range []string{"GITHUB_PATH", "GITHUB_ENV"} {
		if data, err := os.ReadFile(files[name]); err != nil || len(data) > 0 {
			t.Errorf("%s wrote to %s (%v): %q; the action must leave the caller's job as it was", script, name, err, data)
		}
	}
	return s
}

func TestScanExampleShop(t *testing.T) {
	t.Parallel()
	sarif := filepath.Join(t.TempDir(), "reports", "shieldscan.sarif")
	s := runStep(t, map[string]string{
		"INPUT_RESOURCES_FILE": "testdata/example-shop/alert.txt",
		"INPUT_PATH":           "testdata/example-shop",
		"INPUT_HISTORY":        "false",
		"INPUT_SINCE":          "",
		"INPUT_FAIL_ON":        "error",
		"INPUT_SARIF_FILE":     sarif,
	})
	json := filepath.Join(filepath.Dir(sarif), "shieldscan.json")
	want := map[string]string{
		"sarif-file": sarif, "json-file": json, "category": "shieldscan/tree/", "mode": "tree",
		"declared": "4", "historical": "0", "unknown": "1", "obfuscated": "0", "exit-code": "1",
	}
	// The default artifact name: the job (scan outside GitHub), the OS, the mode and a hash of
	// the inputs, so that two runs of the action in one workflow run do not collide.
	if name := s.outputs["artifact-name"]; !regexp.MustCompile(`^shieldscan-scan-local-tree-[0-9a-f]{8}$`).MatchString(name) {
		t.Errorf("artifact-name = %q, want shieldscan-scan-local-tree-HASH", name)
	}
	delete(s.outputs, "artifact-name")
	if diff := cmp.Diff(want, s.outputs); diff != "" {
		t.Errorf("scan.sh outputs mismatch (-want +got):\n%s\nlog:\n%s", diff, s.log)
	}
	data, err := os.ReadFile(sarif)
	if err != nil {
		t.Fatalf("SARIF file: %v", err)
	}
	if err := sarifcheck.Validate(data); err != nil {
		t.Errorf("SARIF written by scan.sh: %v", err)
	}
	if !strings.Contains(string(data), `"id": "shieldscan/tree/"`) {
		t.Errorf("SARIF lacks runAutomationDetails.id shieldscan/tree/")
	}
	if !strings.Contains(s.summary, "jsdelivr-cdn") || strings.Count(s.summary, "## shieldscan") != 1 {
		t.Errorf("job summary should name the unknown resource, once:\n%s", s.summary)
	}
	// The JSON report is kept beside the SARIF report, for the artifact.
	data, err = os.ReadFile(json)
	if err != nil {
		t.Fatalf("JSON report: %v", err)
	}
	if !strings.Contains(string(data), `"class": "unknown"`) {
		t.Errorf("JSON report lacks the unknown resource:\n%.500s", data)
	}
	if strings.Contains(s.log, "::error") {
		t.Errorf("annotations are off by default, but the log has workflow commands:\n%s", s.log)
	}
}

func TestScanInputs(t *testing.T) {
	t.Parallel()
	empty := t.TempDir()
	tests := []struct {
		name string
		env  map[string]string
		want map[string]string // the outputs to check
		log  string            // a line the log must contain
	}{{
		name: "resources input: several per line, comments, default sarif path",
		env: map[string]string{
			"INPUT_RESOURCES": "evil.example # from the alert\n\n  203.0.113.7 https://cdn.bad.example/x.js\n# *.nope.example\n",
			"INPUT_PATH":      empty,
		},
		want: map[string]string{"unknown": "3", "declared": "0", "exit-code": "1", "mode": "tree"},
	}, {
		name: "fail-on never passes",
		env: map[string]string{
			"INPUT_RESOURCES_FILE": "testdata/example-shop/alert.txt",
			"INPUT_PATH":           "testdata/example-shop",
			"INPUT_FAIL_ON":        "never",
		},
		want: map[string]string{"unknown": "1", "exit-code": "0"},
	}, {
		name: "category given",
		env:  map[string]string{"INPUT_RESOURCES": "evil.example", "INPUT_PATH": empty, "INPUT_CATEGORY": "pageshield/nightly"},
		want: map[string]string{"category": "pageshield/nightly", "exit-code": "1"},
	}, {
		name: "invalid resource is an input error",
		env:  map[string]string{"INPUT_RESOURCES": "https://exa%mple/", "INPUT_PATH": empty},
		want: map[string]string{"sarif-file": "", "exit-code": "2"},
	}, {
		name: "bad fail-on is an input error",
		env:  map[string]string{"INPUT_RESOURCES": "evil.example", "INPUT_PATH": empty, "INPUT_FAIL_ON": "sometimes"},
		want: map[string]string{"sarif-file": "", "exit-code": "2"},
	}, {
		name: "bad history value",
		env:  map[string]string{"INPUT_RESOURCES": "evil.example", "INPUT_HISTORY": "maybe"},
		want: map[string]string{"sarif-file": "", "exit-code": "2"},
		log:  `::error title=shieldscan::history: want true or false, not "maybe"`,
	}, {
		name: "since not in the clone",
		env:  map[string]string{"INPUT_RESOURCES": "evil.example", "INPUT_PATH": empty, "INPUT_SINCE": "0123456789abcdef0123456789abcdef01234567"},
		want: map[string]string{"sarif-file": "", "exit-code": "2"},
		log:  "fetch-depth: 0",
	}, {
		name: "since none scans the tree",
		env:  map[string]string{"INPUT_RESOURCES": "evil.example", "INPUT_PATH": empty, "INPUT_SINCE": "none"},
		want: map[string]string{"mode": "tree", "exit-code": "1"},
	}, {
		name: "args: flags passed through, split at white space, comments",
		env: map[string]string{
			"INPUT_RESOURCES_FILE": "testdata/example-shop/alert.txt",
			"INPUT_PATH":           "testdata/example-shop",
			"INPUT_ARGS":           "--include templates/**  # only the templates\n\n--exclude  *.md\n--site-host shop.example.com",
		},
		// The nginx CSP and config/app.yml are outside templates/: two declared resources left.
		want: map[string]string{"declared": "3", "unknown": "2", "exit-code": "1"},
	}, {
		name: "args: a word is passed as written, never expanded",
		env:  map[string]string{"INPUT_RESOURCES": "evil.example", "INPUT_PATH": empty, "INPUT_ARGS": "--include $(touch${IFS}/tmp/pwned) --exclude *"},
		want: map[string]string{"exit-code": "1", "unknown": "1"},
	}, {
		name: "args: a bad flag is shieldscan's usage error",
		env:  map[string]string{"INPUT_RESOURCES": "evil.example", "INPUT_PATH": empty, "INPUT_ARGS": "--no-such-flag"},
		want: map[string]string{"sarif-file": "", "exit-code": "2"},
		log:  "--no-such-flag",
	}, {
		name: "args: report flags are the action's",
		env:  map[string]string{"INPUT_RESOURCES": "evil.example", "INPUT_PATH": empty, "INPUT_ARGS": "--only-malicious\n--format=json"},
		want: map[string]string{"sarif-file": "", "json-file": "", "exit-code": "2"},
		log:  "::error title=shieldscan::args: --format is set by the action",
	}, {
		name: "args: -o is the action's",
		env:  map[string]string{"INPUT_RESOURCES": "evil.example", "INPUT_PATH": empty, "INPUT_ARGS": "-o/tmp/x.json"},
		want: map[string]string{"exit-code": "2"},
		log:  "args: -o/tmp/x.json is set by the action",
	}, {
		name: "args: flags with their own input",
		env:  map[string]string{"INPUT_RESOURCES": "evil.example", "INPUT_PATH": empty, "INPUT_ARGS": "--history"},
		want: map[string]string{"exit-code": "2"},
		log:  "args: --history has its own input: use history instead",
	}, {
		name: "annotations: github workflow commands in the log",
		env: map[string]string{
			"INPUT_RESOURCES_FILE": "testdata/example-shop/alert.txt",
			"INPUT_PATH":           "testdata/example-shop",
			"INPUT_ANNOTATIONS":    "true",
		},
		want: map[string]string{"declared": "4", "unknown": "1", "exit-code": "1"},
		log:  "unknown-resource,file=testdata/example-shop/alert.txt,line=7,",
	}, {
		name: "annotations: bad value",
		env:  map[string]string{"INPUT_RESOURCES": "evil.example", "INPUT_PATH": empty, "INPUT_ANNOTATIONS": "yes"},
		want: map[string]string{"exit-code": "2"},
		log:  `annotations: want true or false, not "yes"`,
	}, {
		name: "artifact name given",
		env:  map[string]string{"INPUT_RESOURCES": "evil.example", "INPUT_PATH": empty, "INPUT_ARTIFACT_NAME": "pageshield-nightly"},
		want: map[string]string{"artifact-name": "pageshield-nightly", "exit-code": "1"},
	}, {
		name: "cloudflare zone without a token",
		env:  map[string]string{"INPUT_CLOUDFLARE_ZONE": "023e105f4ecef8ad9ca31a8372d0c353", "INPUT_PATH": empty},
		want: map[string]string{"sarif-file": "", "exit-code": "2"},
		log:  "::error title=shieldscan::cloudflare-zone:",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := runStep(t, tt.env)
			got := map[string]string{}
			for k := range tt.want {
				got[k] = s.outputs[k]
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("scan.sh outputs mismatch (-want +got):\n%s\nlog:\n%s", diff, s.log)
			}
			if tt.log != "" && !strings.Contains(s.log, tt.log) {
				t.Errorf("scan.sh log lacks %q:\n%s", tt.log, s.log)
			}
			if f := s.outputs["sarif-file"]; f != "" && !fileExists(f) {
				t.Errorf("sarif-file output %q does not exist", f)
			}
		})
	}
}

// TestScanSince runs the pull-request mode against a repository whose base commit is clean and
// whose head adds a reference.
func TestScanSince(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not found")
	}
	repo := t.TempDir()
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(),
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com",
			"GIT_AUTHOR_DATE=2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE=2026-01-01T00:00:00Z", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	write := func(name, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(repo, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git("init", "-q", "-b", "main")
	write("index.html", "<p>shop</p>\n")
	git("add", ".")
	git("commit", "-q", "-m", "base")
	base := git("rev-parse", "HEAD")
	write("index.html", "<p>shop</p>\n<script src=\"https://cdn.evil.example/x.js\"></script>\n")
	git("commit", "-q", "-am", "add loader")

	s := runStep(t, map[string]string{
		"INPUT_RESOURCES": "https://cdn.evil.example/x.js\nunused.example",
		"INPUT_PATH":      repo,
		"INPUT_SINCE":     base,
		"INPUT_HISTORY":   "false",
	})
	want := map[string]string{"mode": "change", "category": "shieldscan/change/", "exit-code": "1", "unknown": "0"}
	got := map[string]string{}
	for k := range want {
		got[k] = s.outputs[k]
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("scan.sh --since outputs mismatch (-want +got):\n%s\nlog:\n%s", diff, s.log)
	}

	// history: true wins over since and scans every commit.
	s = runStep(t, map[string]string{"INPUT_RESOURCES": "https://cdn.evil.example/x.js", "INPUT_PATH": repo, "INPUT_SINCE": base, "INPUT_HISTORY": "true"})
	if s.outputs["mode"] != "history" || s.outputs["category"] != "shieldscan/history/" {
		t.Errorf("history: true gave mode %q, category %q; want history, shieldscan/history/\nlog:\n%s", s.outputs["mode"], s.outputs["category"], s.log)
	}
}
