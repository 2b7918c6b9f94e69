package merge_test

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/shieldscan/shieldscan/merge"
)

const minimal = `{"schema": 1, "tool": {"name": "shieldscan", "version": "1.0.0"}, "mode": "tree", "resources": [], "findings": [], "skipped": []}`

// readErrors are inputs that Read refuses, with the one line it says about each.
var readErrors = []struct {
	name, in, want string
}{
	{"empty", "", "r.json: empty file, want a JSON report of shieldscan scan --format json"},
	{"blank", " \n\t", "r.json: empty file, want a JSON report of shieldscan scan --format json"},
	{"not JSON", "hello", "r.json: not JSON, want a JSON report of shieldscan scan --format json"},
	{"array", `[{"schema": 1}]`, "r.json: not a shieldscan report: the JSON is not an object"},
	{"string", `"schema"`, "r.json: not a shieldscan report: the JSON is not an object"},
	{"broken", "{\n\"schema\": 1,\n\"mode\" \"tree\"}", `r.json: invalid JSON at line 3: invalid character '"' after object key`},
	{"truncated", `{"schema": 1, "tool": {"name": "shieldscan"`, "r.json: invalid JSON: the file ends in the middle of the report (truncated?)"},
	{"trailing data", minimal + minimal, "r.json: invalid JSON: data after the report, which ends at byte 129"},
	{"other JSON", `{"name": "left-pad", "version": "1.3.0"}`, `r.json: not a shieldscan report: no "schema" field`},
	{"SARIF", `{"version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "runs": []}`, "r.json: a SARIF file: merge reads the JSON reports of shieldscan scan --format json"},
	{"merged view", `{"schema": 1, "kind": "merge", "resources": []}`, "r.json: a merged view: merge reads the JSON reports of single scans"},
	{"other kind", `{"schema": 1, "kind": "inventory-baseline"}`, `r.json: not a shieldscan scan report (kind "inventory-baseline")`},
	{"schema 2", strings.Replace(minimal, `"schema": 1`, `"schema": 2`, 1), "r.json: report schema 2, this shieldscan reads schema 1"},
	{"schema as text", strings.Replace(minimal, `"schema": 1`, `"schema": "1"`, 1), `r.json: not a shieldscan report: "schema" holds a JSON string, want int`},
	{"no tool", `{"schema": 1, "mode": "tree"}`, `r.json: not a shieldscan report: no "tool" field`},
	{"other tool", strings.Replace(minimal, `"shieldscan"`, `"gitleaks"`, 1), `r.json: a report of "gitleaks", not of shieldscan`},
	{"analyze", strings.Replace(minimal, `"tree"`, `"analyze"`, 1), "r.json: a report of shieldscan analyze: merge combines the reports of shieldscan scan"},
	{"inventory", strings.Replace(minimal, `"tree"`, `"inventory"`, 1), "r.json: a report of shieldscan inventory: merge combines the reports of shieldscan scan"},
	{"no mode", `{"schema": 1, "tool": {"name": "shieldscan"}}`, `r.json: unknown mode "", want tree, history or change`},
	{"bad class", strings.Replace(minimal, `"resources": []`, `"resources": [{"canonical": "x.example", "kind": "host", "class": "maybe", "level": "error"}]`, 1),
		`r.json: resource 1: unknown class "maybe"`},
	{"bad kind", strings.Replace(minimal, `"resources": []`, `"resources": [{"canonical": "x.example", "kind": "planet", "class": "unknown", "level": "error"}]`, 1),
		`r.json: resource 1: unknown kind "planet"`},
	{"bad level", strings.Replace(minimal, `"resources": []`, `"resources": [{"canonical": "x.example", "kind": "host", "class": "unknown", "level": "fatal"}]`, 1),
		`r.json: resource 1: unknown level "fatal"`},
	{"no canonical", strings.Replace(minimal, `"resources": []`, `"resources": [{"resource": "x", "kind": "host", "class": "unknown", "level": "error"}]`, 1),
		"r.json: resource 1: no canonical form"},
	{"finding of no resource", strings.Replace(minimal, `"findings": []`, `"findings": [{"rule": "declared-reference", "level": "note", "classification": "declared", "path": "a", "canonical": "x.example"}]`, 1),
		`r.json: finding 1: its resource "x.example" is not among the report's resources`},
	{"bad rule", strings.Replace(strings.Replace(minimal, `"resources": []`, `"resources": [{"canonical": "x.example", "kind": "host", "class": "declared", "level": "note"}]`, 1), `"findings": []`, `"findings": [{"rule": "made-up", "level": "note", "classification": "declared", "path": "a", "canonical": "x.example"}]`, 1),
		`r.json: finding 1: unknown rule "made-up"`},
	{"finding without path", strings.Replace(minimal, `"findings": []`, `"findings": [{"rule": "declared-reference", "level": "note", "classification": "declared", "canonical": "x.example"}]`, 1),
		"r.json: finding 1: no canonical resource or no path"},
	{"bad strength", strings.Replace(minimal, `"findings": []`, `"findings": [{"rule": "declared-reference", "level": "note", "classification": "declared", "path": "a", "canonical": "x.example", "strength": "huge"}]`, 1),
		`r.json: finding 1: unknown strength "huge"`},
	{"bad date", strings.Replace(minimal, `"findings": []`, `"findings": [{"rule": "historical-reference", "level": "warning", "classification": "historical", "path": "a", "canonical": "x.example", "history": {"date": "yesterday"}}]`, 1),
		`r.json: not a shieldscan report: parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"`},
	{"control characters in the name", "", `r.json\x1b[2J: empty file, want a JSON report of shieldscan scan --format json`},
}

// TestReadErrors: each input Read refuses gives one line that names the file, and an error
// that wraps merge.ErrInput.
func TestReadErrors(t *testing.T) {
	for _, tt := range readErrors {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			name := "r.json"
			if tt.name == "control characters in the name" {
				name = "r.json\x1b[2J"
			}
			in, err := merge.Read(strings.NewReader(tt.in), name)
			if err == nil {
				t.Fatalf("Read(%q) = %+v, want an error", tt.in, in)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("Read(%q) error = %q, want %q", tt.in, got, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("Read(%q) error has several lines: %q", tt.in, err)
			}
			if !errors.Is(err, merge.ErrInput) {
				t.Errorf("Read(%q) error %v does not wrap merge.ErrInput", tt.in, err)
			}
		})
	}
}

// TestReadFailingReader: a read error names the file and keeps the cause.
func TestReadFailingReader(t *testing.T) {
	cause := errors.New("disk on fire")
	_, err := merge.Read(io.MultiReader(strings.NewReader("{"), iotest.ErrReader(cause)), "r.json")
	if !errors.Is(err, cause) || !errors.Is(err, merge.ErrInput) || err.Error() != "r.json: reading: disk on fire" {
		t.Errorf("Read() error = %v, want r.json: reading: disk on fire, wrapping the cause and ErrInput", err)
	}
}

// TestReadRepository: the repository is the report's field when there is one, else the file's
// base name without its extension.
func TestReadRepository(t *testing.T) {
	tests := []struct {
		name, file, in, want string
	}{
		{"field", "out/report.json", strings.Replace(minimal, `"mode"`, `"repository": "acme/shop", "mode"`, 1), "acme/shop"},
		{"blank field", "out/acme-shop.json", strings.Replace(minimal, `"mode"`, `"repository": " ", "mode"`, 1), "acme-shop"},
		{"file name", "artifacts/acme-shop/shieldscan.report.json", minimal, "shieldscan.report"},
		{"no extension", "acme-shop", minimal, "acme-shop"},
		{"control characters", "x.json", strings.Replace(minimal, `"mode"`, `"repository": "a\u001b[2Jb", "mode"`, 1), `a\x1b[2Jb`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in, err := merge.Read(strings.NewReader(tt.in), tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if in.Repository != tt.want {
				t.Errorf("Read(%q).Repository = %q, want %q", tt.file, in.Repository, tt.want)
			}
		})
	}
}
