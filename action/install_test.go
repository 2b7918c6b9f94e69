package action

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// runner is the RUNNER_OS and RUNNER_ARCH of this machine, as GitHub names them.
func runner(t *testing.T) map[string]string {
	t.Helper()
	oses := map[string]string{"linux": "Linux", "darwin": "macOS", "windows": "Windows"}
	arches := map[string]string{"amd64": "X64", "arm64": "ARM64"}
	os, arch := oses[runtime.GOOS], arches[runtime.GOARCH]
	if os == "" || arch == "" {
		t.Skipf("no release archive for %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	return map[string]string{"RUNNER_OS": os, "RUNNER_ARCH": arch}
}

// release lays out a release of tag as GoReleaser publishes it (.goreleaser.yaml): the archive
// of this OS and architecture holding bin, and the checksums file, in dir/TAG/. sums replaces
// the checksums file's content when not empty.
func release(t *testing.T, dir, tag, bin, sums string) (archive string) {
	t.Helper()
	version := strings.TrimPrefix(tag, "v")
	rel := filepath.Join(dir, tag)
	if err := os.MkdirAll(rel, 0o755); err != nil {
		t.Fatal(err)
	}
	exe, ext := "shieldscan", "tar.gz"
	if runtime.GOOS == "windows" {
		exe, ext = "shieldscan.exe", "zip"
	}
	archive = archiveName(version)
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(rel, archive))
	if err != nil {
		t.Fatal(err)
	}
	if ext == "zip" {
		zw := zip.NewWriter(f)
		w, err := zw.Create(exe)
		if err == nil {
			_, err = w.Write(data)
		}
		if err == nil {
			err = zw.Close()
		}
		if err != nil {
			t.Fatal(err)
		}
	} else {
		gz := gzip.NewWriter(f)
		tw := tar.NewWriter(gz)
		for _, file := range []struct {
			name string
			data []byte
		}{{"README.md", []byte("# shieldscan\n")}, {exe, data}} {
			if err := tw.WriteHeader(&tar.Header{Name: file.name, Mode: 0o755, Size: int64(len(file.data))}); err != nil {
				t.Fatal(err)
			}
			if _, err := tw.Write(file.data); err != nil {
				t.Fatal(err)
			}
		}
		if err := tw.Close(); err != nil {
			t.Fatal(err)
		}
		if err := gz.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if sums == "" {
		packed, err := os.ReadFile(filepath.Join(rel, archive))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(packed)
		// GoReleaser lists every artifact; the other lines must not confuse the lookup.
		sums = fmt.Sprintf("%s  shieldscan_%s_plan9_amd64.tar.gz\n%s  %s\n", strings.Repeat("0", 64), version, hex.EncodeToString(sum[:]), archive)
	}
	if err := os.WriteFile(filepath.Join(rel, "shieldscan_"+version+"_checksums.txt"), []byte(sums), 0o644); err != nil {
		t.Fatal(err)
	}
	return archive
}

// archiveName is the name of the archive of version for this OS and architecture.
func archiveName(version string) string {
	ext := "tar.gz"
	if runtime.GOOS == "windows" {
		ext = "zip"
	}
	return fmt.Sprintf("shieldscan_%s_%s_%s.%s", version, runtime.GOOS, runtime.GOARCH, ext)
}

func TestInstallPlan(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		want map[string]string
	}{
		{"release tag ref", map[string]string{"ACTION_REF": "v1.2.3"}, map[string]string{"method": "release", "tag": "v1.2.3"}},
		{"pre-release tag ref", map[string]string{"ACTION_REF": "v1.2.3-rc.1"}, map[string]string{"method": "release", "tag": "v1.2.3-rc.1"}},
		{"version input wins", map[string]string{"ACTION_REF": "main", "INPUT_VERSION": "v0.2.0"}, map[string]string{"method": "release", "tag": "v0.2.0"}},
		{"branch ref", map[string]string{"ACTION_REF": "main"}, map[string]string{"method": "build", "tag": ""}},
		{"commit ref", map[string]string{"ACTION_REF": "0123456789abcdef0123456789abcdef01234567"}, map[string]string{"method": "build", "tag": ""}},
		{"uses: ./", map[string]string{}, map[string]string{"method": "build", "tag": ""}},
		{"not a version tag", map[string]string{"ACTION_REF": "v1.2"}, map[string]string{"method": "build", "tag": ""}},
		{"leading zero", map[string]string{"ACTION_REF": "v1.02.3"}, map[string]string{"method": "build", "tag": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := runner(t)
			for k, v := range tt.env {
				env[k] = v
			}
			s := runScript(t, env, "install.sh", "plan")
			if s.err != nil {
				t.Fatalf("install.sh plan: %v\n%s", s.err, s.log)
			}
			got := map[string]string{"method": s.outputs["method"], "tag": s.outputs["tag"]}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("install.sh plan outputs mismatch (-want +got):\n%s", diff)
			}
			if build := tt.want["method"] == "build"; build != (s.outputs["cache-key"] != "") || build != strings.Contains(s.outputs["cache-paths"], "\n") {
				t.Errorf("cache-key %q and cache-paths %q: want both (two paths) for a build, neither for a release", s.outputs["cache-key"], s.outputs["cache-paths"])
			}
		})
	}
}

// TestInstallRelease downloads a release served over HTTP as the action does on a tag, and
// refuses an archive whose checksum is not the listed one.
func TestInstallRelease(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl not found")
	}
	bin := shieldscan(t)
	dir := t.TempDir()
	release(t, dir, "v0.2.0", bin, "")
	// v0.2.1: the archive is not the one the checksums file lists (a tampered download).
	bad, listed := archiveName("0.2.1"), strings.Repeat("ab", 32)
	release(t, dir, "v0.2.1", bin, listed+"  "+bad+"\n")
	release(t, dir, "v0.2.2", bin, strings.Repeat("0", 64)+"  shieldscan_0.2.2_plan9_amd64.tar.gz\n")
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close) // not defer: the subtests run after this function returns

	tests := []struct {
		name, ref string
		ok        bool
		log       string
	}{
		{"listed checksum", "v0.2.0", true, "SHA-256"},
		{"checksum mismatch refused", "v0.2.1", false, "::error title=shieldscan::checksum mismatch for " + bad + " of release v0.2.1: shieldscan_0.2.1_checksums.txt says " + listed},
		{"archive not listed", "v0.2.2", false, "does not list shieldscan_0.2.2_"},
		{"no such release", "v9.9.9", false, "cannot download shieldscan_9.9.9_checksums.txt of release v9.9.9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := runner(t)
			env["ACTION_REF"] = tt.ref
			env["SHIELDSCAN_RELEASE_URL"] = srv.URL
			// No go on PATH: a release must not need one.
			env["PATH"] = pathWithout(t, "go")
			s := runScript(t, env, "install.sh", "install")
			if !strings.Contains(s.log, tt.log) {
				t.Errorf("install.sh log lacks %q:\n%s", tt.log, s.log)
			}
			if !tt.ok {
				if s.err == nil || s.outputs["shieldscan"] != "" {
					t.Fatalf("install.sh accepted release %s (exit %v, shieldscan=%q); want a refusal\n%s", tt.ref, s.err, s.outputs["shieldscan"], s.log)
				}
				for _, name := range []string{"shieldscan", "shieldscan.exe", archiveName(strings.TrimPrefix(tt.ref, "v"))} {
					if m, _ := filepath.Glob(filepath.Join(s.tmp, "shieldscan-*", name)); len(m) > 0 {
						t.Errorf("a refused download left %v behind", m)
					}
				}
				return
			}
			if s.err != nil {
				t.Fatalf("install.sh install: %v\n%s", s.err, s.log)
			}
			if s.outputs["method"] != "release" || !strings.HasPrefix(s.outputs["shieldscan"], s.tmp) {
				t.Errorf("outputs %v: want method release and a binary under RUNNER_TEMP", s.outputs)
			}
			out, err := exec.Command(s.outputs["shieldscan"], "version").Output()
			if err != nil || !strings.HasPrefix(string(out), "shieldscan ") {
				t.Errorf("the downloaded binary: version = %q, %v", out, err)
			}
		})
	}
}

// pathWithout returns PATH less the directories that hold the command name.
func pathWithout(t *testing.T, name string) string {
	t.Helper()
	var keep []string
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if _, err := exec.LookPath(filepath.Join(dir, name)); err != nil {
			keep = append(keep, dir)
		}
	}
	return strings.Join(keep, string(os.PathListSeparator))
}

// TestInstallBuild builds the checkout with the go command found on PATH, as the action does on
// a branch or commit, with the test's own Go caches (warm) in place of the private ones.
func TestInstallBuild(t *testing.T) {
	t.Parallel()
	gocmd := goTool()
	cacheOf := func(name string) string {
		out, err := exec.Command(gocmd, "env", name).Output()
		if err != nil {
			t.Fatalf("go env %s: %v", name, err)
		}
		return strings.TrimSpace(string(out))
	}
	env := runner(t)
	env["ACTION_REF"] = "main"
	env["SHIELDSCAN_GOMODCACHE"] = cacheOf("GOMODCACHE")
	env["SHIELDSCAN_GOCACHE"] = cacheOf("GOCACHE")
	env["PATH"] = filepath.Dir(gocmd) + string(os.PathListSeparator) + os.Getenv("PATH")
	s := runScript(t, env, "install.sh", "install")
	if s.err != nil {
		t.Fatalf("install.sh install: %v\n%s", s.err, s.log)
	}
	if s.outputs["method"] != "build" {
		t.Errorf("method = %q, want build", s.outputs["method"])
	}
	out, err := exec.Command(s.outputs["shieldscan"], "version").Output()
	if err != nil || string(out) != "shieldscan main\n" {
		t.Errorf("the built binary: version = %q, %v; want the action's ref, main", out, err)
	}

	// Without a go command anywhere, the build path says what to do instead.
	env["PATH"] = pathWithout(t, "go")
	s = runScript(t, env, "install.sh", "install")
	if s.err == nil || !strings.Contains(s.log, "needs a go command") || !strings.Contains(s.log, "uses: shieldscan/shieldscan@vX.Y.Z") {
		t.Errorf("install.sh without go: exit %v, want a refusal that names the release tags\n%s", s.err, s.log)
	}
}
