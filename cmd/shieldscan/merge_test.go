package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shieldscan/shieldscan/schema"
)

// TestMergeExitCodes: merge's exit status follows the most severe resource; a file that is not a
// scan report is exit 2, one line naming it.
func TestMergeExitCodes(t *testing.T) {
	reports := filepath.Join(repoRoot(t), "testdata", "merge", "reports")
	shop, blog := filepath.Join(reports, "shop.json"), filepath.Join(reports, "blog.json")
	sarif := filepath.Join(repoRoot(t), "testdata", "golden", "tree.sarif")
	tests := []struct {
		name   string
		args   []string
		want   int
		stderr string
	}{
		{"unknown resource fails", []string{"merge", shop, blog}, 1, ""},
		{"fail-on never", []string{"merge", "--fail-on", "never", shop, blog}, 0, ""},
		{"json", []string{"merge", "--format", "json", "--fail-on", "never", shop}, 0, ""},
		{"no reports", []string{"merge"}, 2, "one or more REPORT.json"},
		{"sarif input", []string{"merge", shop, sarif}, 2, "a SARIF file"},
		{"bad format", []string{"merge", "--format", "github", shop}, 2, "--format"},
		{"bad color", []string{"merge", "--color", "sometimes", shop}, 2, `--color "sometimes": want auto, always or never`},
		{"scan bad color", []string{"scan", "--color", "yes", "-r", "a.example", "."}, 2, "--color"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			got := run(context.Background(), tt.args, strings.NewReader(""), &stdout, &stderr)
			if got != tt.want {
				t.Errorf("run(%q) = %d, want %d\nstderr: %s", tt.args, got, tt.want, stderr.String())
			}
			if msg := stderr.String(); tt.want == 2 && (strings.Count(msg, "\n") != 1 || !strings.Contains(msg, tt.stderr)) {
				t.Errorf("run(%q) stderr = %q, want one line with %q", tt.args, msg, tt.stderr)
			}
		})
	}
}

// TestColor: --color always paints even a pipe and wins over NO_COLOR; never and auto (stdout not
// a terminal) do not; NO_COLOR set but empty does not count (no-color.org).
func TestColor(t *testing.T) {
	tests := []struct {
		color, output string
		noColor       bool
		want          bool
	}{
		{"always", "", false, true},
		{"always", "", true, true},
		{"always", "out.txt", false, true},
		{"never", "", false, false},
		{"auto", "", false, false}, // a bytes.Buffer is no terminal
		{"auto", "", true, false},
	}
	for _, tt := range tests {
		o := &outputs{color: tt.color, output: tt.output}
		st := &stdio{stdout: &bytes.Buffer{}, env: environ{noColor: tt.noColor}}
		if got := o.colorful(st); got != tt.want {
			t.Errorf("--color %s (output %q, NO_COLOR %v): colorful = %v, want %v", tt.color, tt.output, tt.noColor, got, tt.want)
		}
	}
	t.Setenv("NO_COLOR", "")
	if readEnviron().noColor {
		t.Error("NO_COLOR= (empty) disables colour; no-color.org says only a non-empty value does")
	}
	shop := filepath.Join(repoRoot(t), "testdata", "example-shop")
	for _, cmd := range [][]string{
		{"scan", "--color", "always", "-r", "js.stripe.com", shop},
		{"merge", "--color", "always", "--fail-on", "never", filepath.Join(repoRoot(t), "testdata", "merge", "reports", "shop.json")},
	} {
		var stdout, stderr bytes.Buffer
		run(context.Background(), cmd, strings.NewReader(""), &stdout, &stderr)
		if !strings.Contains(stdout.String(), "\x1b[") {
			t.Errorf("%s --color always: no ANSI colour in %q", cmd[0], stdout.String())
		}
	}
}

// jsonschemaMain is the scripts' schema check: 'jsonschema FILE…' validates each JSON output of
// shieldscan against the schema published in schema/ (report or merge, by its "kind").
func jsonschemaMain() {
	code := 0
	for _, name := range os.Args[1:] {
		data, err := os.ReadFile(name)
		if err == nil {
			err = schema.Validate(data)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "jsonschema: %s: %v\n", name, err)
			code = 1
		}
	}
	os.Exit(code)
}
