package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/shieldscan/shieldscan/scanner/emulate"
)

var update = flag.Bool("update", false, "rewrite testscript expectations and golden files")

func TestMain(m *testing.M) {
	if emulate.IsChild() { // the sandbox of analyze's emulator is this binary, started again
		os.Exit(emulate.ChildMain())
	}
	testscript.Main(m, map[string]func(){
		"shieldscan": main,
		"gitcommit":  gitcommitMain,
		"gitadd":     gitaddMain,
		"jsonschema": jsonschemaMain,
	})
}

func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func TestScript(t *testing.T) {
	root := repoRoot(t)
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join(root, "testdata", "script"),
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		Cmds:                scriptCmds, // intelserver_test.go
		Setup: func(env *testscript.Env) error {
			env.Setenv("REPO", root)
			env.Setenv("NO_COLOR", "1")
			return nil
		},
	})
}

// gitcommitMain is the scripts' git: 'gitcommit MESSAGE' commits every change in the current
// directory (initialising a repository when there is none) with a fixed author and a clock
// that advances one minute per commit, so that SHAs are the same on every run.
// 'gitcommit -branch NAME' and 'gitcommit -checkout NAME' switch branches; 'gitcommit -shallow'
// marks HEAD as a shallow boundary.
func gitcommitMain() {
	if err := gitcommit(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gitcommit:", err)
		os.Exit(1)
	}
}

// gitaddMain stages the files it names: 'gitadd FILE…'.
func gitaddMain() {
	repo, err := git.PlainOpen(".")
	if err == nil {
		var wt *git.Worktree
		if wt, err = repo.Worktree(); err == nil {
			for _, f := range os.Args[1:] {
				if _, err = wt.Add(f); err != nil {
					break
				}
			}
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gitadd:", err)
		os.Exit(1)
	}
}

func gitcommit(args []string) error {
	if len(args) == 1 && args[0] == "-init" {
		_, err := git.PlainInit(".", false) // a repository without commits
		return err
	}
	repo, err := git.PlainOpen(".")
	if err == git.ErrRepositoryNotExists {
		repo, err = git.PlainInit(".", false)
	}
	if err != nil {
		return err
	}
	wt, err := repo.Worktree()
	if err != nil {
		return err
	}
	if len(args) == 2 && (args[0] == "-branch" || args[0] == "-checkout") {
		head, err := repo.Head()
		if err != nil {
			return err
		}
		return wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName(args[1]), Create: args[0] == "-branch", Hash: head.Hash(), Keep: true})
	}
	if len(args) == 1 && args[0] == "-shallow" {
		// Mark HEAD as a shallow boundary, as 'git clone --depth 1' does.
		head, err := repo.Head()
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(".git", "shallow"), []byte(head.Hash().String()+"\n"), 0o644)
	}
	if len(args) != 1 {
		return fmt.Errorf("usage: gitcommit MESSAGE | -init | -branch NAME | -checkout NAME | -shallow")
	}
	n := 0
	if iter, err := repo.Log(&git.LogOptions{}); err == nil {
		iter.ForEach(func(*object.Commit) error { n++; return nil })
	}
	sig := &object.Signature{Name: "Dev", Email: "dev@example.com", When: time.Unix(int64(n)*60, 0).UTC()}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		return err
	}
	_, err = wt.Commit(args[0], &git.CommitOptions{Author: sig, Committer: sig, AllowEmptyCommits: true})
	return err
}

func TestExitCodes(t *testing.T) {
	root := repoRoot(t)
	shop := filepath.Join(root, "testdata", "example-shop")
	alert := filepath.Join(shop, "alert.txt")
	tmp := t.TempDir()
	file := filepath.Join(tmp, "file.txt")
	os.WriteFile(file, []byte("x"), 0o644)
	tests := []struct {
		name   string
		args   []string
		stdin  string
		want   int
		stderr string // a part of the one-line error, for exit 2
	}{
		{"no args", nil, "", 2, "no command"},
		{"unknown command", []string{"scna"}, "", 2, `unknown command "scna"`},
		{"version", []string{"version"}, "", 0, ""},
		{"help", []string{"help"}, "", 0, ""},
		{"scan help", []string{"scan", "--help"}, "", 0, ""},
		{"unknown flag", []string{"scan", "--bogus"}, "", 2, "unknown flag: --bogus"},
		{"no resources", []string{"scan", shop}, "", 2, "no resources"},
		{"bad resource", []string{"scan", "-r", "exa mple.com", shop}, "", 2, `--resource "exa mple.com": contains white space`},
		{"bad resources file line", []string{"scan", "-f", "-", shop}, "ok.example\nbad one\n", 2, `-:2: invalid resource "bad one"`},
		{"missing resources file", []string{"scan", "-f", filepath.Join(tmp, "nope.txt"), shop}, "", 2, "reading resources file"},
		{"stdin twice", []string{"scan", "-f", "-", "-f", "-", shop}, "a.example\n", 2, "standard input"},
		{"bad fail-on", []string{"scan", "-r", "a.example", "--fail-on", "fatal", shop}, "", 2, "--fail-on"},
		{"bad format", []string{"scan", "-r", "a.example", "--format", "xml", shop}, "", 2, "--format"},
		{"bad glob", []string{"scan", "-r", "a.example", "--exclude", "[", shop}, "", 2, `invalid glob "["`},
		{"bad max size", []string{"scan", "-r", "a.example", "--max-file-size", "0", shop}, "", 2, "--max-file-size"},
		{"missing path", []string{"scan", "-r", "a.example", filepath.Join(tmp, "nope")}, "", 2, "no such file or directory"},
		{"path is a file", []string{"scan", "-r", "a.example", file}, "", 2, "not a directory"},
		{"two paths", []string{"scan", "-r", "a.example", shop, shop}, "", 2, "one PATH"},
		{"unknown resource fails", []string{"scan", "-f", alert, shop}, "", 1, ""},
		{"declared only passes", []string{"scan", "-r", "js.stripe.com", shop}, "", 0, ""},
		{"fail-on note", []string{"scan", "-r", "js.stripe.com", "--fail-on", "note", shop}, "", 1, ""},
		{"fail-on never", []string{"scan", "-f", alert, "--fail-on", "never", shop}, "", 0, ""},
		{"stdin resources", []string{"scan", "-f", "-", shop}, "js.stripe.com\n", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			got := run(context.Background(), tt.args, strings.NewReader(tt.stdin), &stdout, &stderr)
			if got != tt.want {
				t.Errorf("run(%q) = %d, want %d\nstderr: %s", tt.args, got, tt.want, stderr.String())
			}
			if tt.want == 2 && tt.stderr != "" {
				msg := stderr.String()
				if strings.Count(msg, "\n") != 1 || !strings.HasPrefix(msg, "shieldscan: ") || !strings.Contains(msg, tt.stderr) {
					t.Errorf("run(%q) stderr = %q, want one line 'shieldscan: …%s…'", tt.args, msg, tt.stderr)
				}
			}
		})
	}
}

// TestOutputToDevice: --output to a device writes to it; the atomic rename is for regular files
// only (it once replaced /dev/null with a regular file).
func TestOutputToDevice(t *testing.T) {
	shop := filepath.Join(repoRoot(t), "testdata", "example-shop")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"scan", "-r", "js.stripe.com", "-o", os.DevNull, shop}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("run = %d: %s", code, stderr.String())
	}
	fi, err := os.Stat(os.DevNull)
	if err != nil || fi.Mode().IsRegular() {
		t.Fatalf("%s is no longer a device after --output: %v %v", os.DevNull, fi.Mode(), err)
	}
}
