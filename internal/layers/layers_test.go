package layers

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const mod = "github.com/shieldscan/shieldscan"

type pkg struct {
	path    string
	imports []string // direct, non-test
	deps    []string // transitive, non-test
}

func list(t *testing.T) map[string]pkg {
	t.Helper()
	// go test caches a passing run, and knows nothing of what `go list` read: stat every source
	// file, so that any change to the module runs this test again.
	filepath.WalkDir(filepath.Join("..", ".."), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".go") || d.Name() == "go.mod") {
			os.Stat(p)
		}
		return nil
	})
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}|{{join .Imports \",\"}}|{{join .Deps \",\"}}", mod+"/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string]pkg{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(line, "|")
		pkgs[f[0]] = pkg{path: f[0], imports: strings.Split(f[1], ","), deps: strings.Split(f[2], ",")}
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found %d packages, want the whole module", len(pkgs))
	}
	return pkgs
}

func rel(p string) string { return strings.TrimPrefix(strings.TrimPrefix(p, mod), "/") }

// TestLayers enforces who may import what. Each rule names what it protects.
func TestLayers(t *testing.T) {
	pkgs := list(t)
	gitRepo := "github.com/go-git/go-git/v5"
	rules := []struct {
		name string
		// bad reports whether package p may not have imported (direct) or reached (deps) dep.
		bad func(p, dep string, direct bool) bool
	}{
		{"git only in scanner/history (scanner/tree may use go-git's gitignore parser)", func(p, dep string, direct bool) bool {
			if !strings.HasPrefix(dep, gitRepo) || strings.HasPrefix(p, "cmd/") || p == "scanner/history" || strings.HasPrefix(p, "bench/") {
				return false
			}
			if p == "scanner/tree" && direct && dep == gitRepo+"/plumbing/format/gitignore" {
				return false
			}
			return direct || dep == gitRepo
		}},
		{"network only in the Cloudflare clients (Page Shield, Intel) and analyze's fetch", func(p, dep string, direct bool) bool {
			return direct && dep == "net/http" && p != "rules/pageshield" && p != "intel" && p != "internal/cfapi" && p != "scanner/analyze/fetch"
		}},
		{"flags only in cmd", func(p, dep string, _ bool) bool {
			return dep == "github.com/spf13/pflag" && !strings.HasPrefix(p, "cmd/")
		}},
		{"SARIF built only in sarif", func(p, dep string, direct bool) bool {
			return direct && strings.HasPrefix(dep, "github.com/owenrumney/go-sarif") && p != "sarif"
		}},
		{"formatters import no scanner internals", func(p, dep string, _ bool) bool {
			return (p == "output" || p == "sarif" || p == "report") && strings.HasPrefix(dep, mod+"/scanner")
		}},
		{"report knows only rules (and the std-only refang beneath it)", func(p, dep string, _ bool) bool {
			return p == "report" && strings.HasPrefix(dep, mod) && dep != mod+"/rules" && dep != mod+"/internal/refang"
		}},
		{"decoders are pure: none of our packages but the std-only refang (x/net/idna for punycode is allowed)", func(p, dep string, _ bool) bool {
			return p == "scanner/decode" && strings.HasPrefix(dep, mod) && dep != mod+"/internal/refang"
		}},
		{"the emulator stands alone: none of our packages", func(p, dep string, _ bool) bool {
			return p == "scanner/emulate" && strings.HasPrefix(dep, mod)
		}},
		{"nothing imports cmd", func(p, dep string, _ bool) bool {
			return strings.HasPrefix(dep, mod+"/cmd/")
		}},
	}
	checked := 0
	for path, p := range pkgs {
		if !strings.HasPrefix(path, mod) {
			continue
		}
		checked++
		for _, r := range rules {
			for _, dep := range p.deps {
				if dep != "" && r.bad(rel(path), dep, slices.Contains(p.imports, dep)) {
					t.Errorf("%s reaches %s: %s", rel(path), dep, r.name)
				}
			}
		}
	}
	if checked < 10 {
		t.Fatalf("checked %d packages of the module", checked)
	}
}

// TestLayersCatch: the rules above do catch a violation (a formatter importing the scanner).
func TestLayersCatch(t *testing.T) {
	pkgs := list(t)
	out := pkgs[mod+"/output"]
	if !slices.Contains(out.deps, mod+"/report") {
		t.Fatalf("output does not reach report: %v", out.deps)
	}
	if slices.Contains(out.deps, mod+"/scanner") {
		t.Errorf("output reaches the scanner")
	}
	if !slices.Contains(pkgs[mod+"/cmd/shieldscan"].deps, "github.com/go-git/go-git/v5") {
		t.Errorf("cmd/shieldscan does not reach go-git: the git rule would test nothing")
	}
}
