package schema_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/shieldscan/shieldscan/schema"
)

// TestGoldens: every JSON golden of the report formats and of merge, and the merge script's
// expected output, are valid against the published schemas.
func TestGoldens(t *testing.T) {
	root := filepath.Join("..", "testdata")
	var files []string
	for _, pattern := range []string{"golden/*.json", "merge/*.json", "merge/reports/*.json"} {
		m, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	docs := map[string][]byte{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs[f] = data
	}
	ar, err := txtar.ParseFile(filepath.Join(root, "script", "merge.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		if f.Name == "merge.json" {
			docs["merge.txtar:"+f.Name] = f.Data
		}
	}
	for _, want := range []string{"golden/tree.json", "golden/history.json", "golden/analysis.json", "golden/inventory.json", "merge/merge.json", "merge.txtar:merge.json"} {
		if _, ok := docs[filepath.Join(root, want)]; !ok && docs[want] == nil {
			t.Errorf("no %s to validate", want)
		}
	}
	for name, data := range docs {
		if err := schema.Validate(data); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestRejects: the schemas are strict enough to catch a report that drifts from them.
func TestRejects(t *testing.T) {
	tree, err := os.ReadFile(filepath.Join("..", "testdata", "golden", "tree.json"))
	if err != nil {
		t.Fatal(err)
	}
	merged, err := os.ReadFile(filepath.Join("..", "testdata", "merge", "merge.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		doc  []byte
		edit func(m map[string]any)
		want string
	}{
		{"schema 2", tree, func(m map[string]any) { m["schema"] = 2 }, "schema"},
		{"no findings", tree, func(m map[string]any) { delete(m, "findings") }, "findings"},
		{"unknown field", tree, func(m map[string]any) { m["extra"] = true }, "extra"},
		{"bad class", tree, func(m map[string]any) { first(m, "resources")["class"] = "maybe" }, "class"},
		{"bad level", tree, func(m map[string]any) { first(m, "findings")["level"] = "fatal" }, "level"},
		{"short fingerprint", tree, func(m map[string]any) { first(m, "findings")["fingerprint"] = "abc" }, "fingerprint"},
		{"bad skip reason", tree, func(m map[string]any) { first(m, "skipped")["reason"] = "lazy" }, "reason"},
		{"merge kind", merged, func(m map[string]any) { m["kind"] = "report" }, "report.schema.json"},
		{"merge presence", merged, func(m map[string]any) {
			first(m, "resources")["presence"] = map[string]any{"acme/shop": "somewhere"}
		}, "presence"},
		{"merge repository", merged, func(m map[string]any) { first(m, "repositories")["name"] = "" }, "name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal(tt.doc, &m); err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(tt.doc); err != nil {
				t.Fatalf("the unedited document is invalid: %v", err)
			}
			tt.edit(m)
			data, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			err = schema.Validate(data)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate(%s) = %v, want an error naming %q", tt.name, err, tt.want)
			}
		})
	}
}

func first(m map[string]any, key string) map[string]any {
	return m[key].([]any)[0].(map[string]any)
}
