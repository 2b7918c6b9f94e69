package sarifcheck_test

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/shieldscan/shieldscan/internal/sarifcheck"
)

// valid is the smallest log that passes every check.
const valid = `{
  "version": "2.1.0",
  "$schema": "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/main/sarif-2.1/schema/sarif-schema-2.1.0.json",
  "runs": [{
    "tool": {"driver": {"name": "shieldscan", "rules": [{
      "id": "declared-reference", "name": "DeclaredReference",
      "shortDescription": {"text": "s"}, "fullDescription": {"text": "f"},
      "help": {"text": "h", "markdown": "## h"},
      "defaultConfiguration": {"level": "note"},
      "properties": {"tags": ["security"], "precision": "high", "security-severity": "3.0"}
    }]}},
    "automationDetails": {"id": "shieldscan/"},
    "results": [{
      "ruleId": "declared-reference", "ruleIndex": 0, "level": "note",
      "message": {"text": "Reference to x.example."},
      "locations": [{"physicalLocation": {
        "artifactLocation": {"uri": "web/a%20b.js", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 1, "startColumn": 1, "endColumn": 2}
      }}],
      "partialFingerprints": {"shieldscan/v1": "abc"},
      "properties": {"resource": "x.example", "canonical": "x.example", "classification": "declared",
        "encoding": "plain", "strength": "host", "context": "other"}
    }]
  }]
}
`

// mutate applies edit to the decoded valid log and encodes it again.
func mutate(t *testing.T, edit func(log map[string]any)) []byte {
	t.Helper()
	var log map[string]any
	if err := json.Unmarshal([]byte(valid), &log); err != nil {
		t.Fatal(err)
	}
	edit(log)
	out, err := json.Marshal(log)
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}

func run(l map[string]any) map[string]any { return l["runs"].([]any)[0].(map[string]any) }
func result(l map[string]any) map[string]any {
	return run(l)["results"].([]any)[0].(map[string]any)
}
func physical(l map[string]any) map[string]any {
	return result(l)["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
}
func uri(l map[string]any, u string) {
	physical(l)["artifactLocation"].(map[string]any)["uri"] = u
}

func TestValidate(t *testing.T) {
	if err := sarifcheck.Validate([]byte(valid)); err != nil {
		t.Fatalf("Validate(valid) = %v", err)
	}
	tests := []struct {
		name string
		edit func(map[string]any)
		want string
	}{
		{"two runs", func(l map[string]any) { l["runs"] = append(l["runs"].([]any), run(l)) }, "2 runs"},
		{"no location", func(l map[string]any) { delete(result(l), "locations") }, "no location"},
		{"https uri", func(l map[string]any) { uri(l, "https://x.example/a.js") }, "scheme"},
		{"file uri", func(l map[string]any) { uri(l, "file:///tmp/a.js") }, "scheme"},
		{"absolute path", func(l map[string]any) { uri(l, "/tmp/a.js") }, "absolute"},
		{"dot-dot", func(l map[string]any) { uri(l, "../a.js") }, `".."`},
		{"space in uri", func(l map[string]any) { uri(l, "a b.js") }, "percent-encode"},
		{"backslash in uri", func(l map[string]any) { uri(l, `a\b.js`) }, "uri-reference"},
		{"endColumn 0", func(l map[string]any) { physical(l)["region"].(map[string]any)["endColumn"] = 0 }, "endColumn"},
		{"endColumn before start", func(l map[string]any) {
			physical(l)["region"].(map[string]any)["startColumn"] = 5
		}, "endColumn 2 <= startColumn 5"},
		{"ruleIndex out of range", func(l map[string]any) { result(l)["ruleIndex"] = 3 }, "out of range"},
		{"no ruleIndex", func(l map[string]any) { delete(result(l), "ruleIndex") }, "no ruleIndex"},
		{"no fingerprint", func(l map[string]any) { delete(result(l), "partialFingerprints") }, "shieldscan/v1"},
		{"no category", func(l map[string]any) { delete(run(l), "automationDetails") }, "category"},
		{"strength on unknown", func(l map[string]any) {
			result(l)["properties"].(map[string]any)["classification"] = "unknown"
		}, "strength"},
		{"too many results", func(l map[string]any) {
			r := run(l)
			results := make([]any, 25001)
			for i := range results {
				results[i] = result(l)
			}
			r["results"] = results
		}, "25001 results"},
		{"too many locations", func(l map[string]any) {
			res := result(l)
			locs := make([]any, 1001)
			for i := range locs {
				locs[i] = res["locations"].([]any)[0]
			}
			res["locations"] = locs
		}, "1001 locations"},
		{"too many tags", func(l map[string]any) {
			rule := run(l)["tool"].(map[string]any)["driver"].(map[string]any)["rules"].([]any)[0].(map[string]any)
			tags := make([]any, 21)
			for i := range tags {
				tags[i] = fmt.Sprint("t", i)
			}
			rule["properties"].(map[string]any)["tags"] = tags
		}, "21 tags"},
		{"no help markdown", func(l map[string]any) {
			rule := run(l)["tool"].(map[string]any)["driver"].(map[string]any)["rules"].([]any)[0].(map[string]any)
			rule["help"] = map[string]any{"text": "h"}
		}, "help"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := sarifcheck.Validate(mutate(t, tt.edit))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate() = %v, want an error containing %q", err, tt.want)
			}
		})
	}
	t.Run("no final newline", func(t *testing.T) {
		if err := sarifcheck.Validate([]byte(strings.TrimSpace(valid))); err == nil || !strings.Contains(err.Error(), "newline") {
			t.Errorf("Validate() = %v, want a newline error", err)
		}
	})
}

// TestGzipLimit: a file over 10,000,000 bytes gzip-compressed is refused (random base64 does not
// compress beyond its 6 bits a character).
func TestGzipLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("20 MB")
	}
	var log map[string]any
	if err := json.Unmarshal([]byte(valid), &log); err != nil {
		t.Fatal(err)
	}
	noise := make([]byte, 11_000_000)
	rand.Read(noise)
	result(log)["properties"].(map[string]any)["noise"] = base64.StdEncoding.EncodeToString(noise)
	data, err := json.Marshal(log)
	if err != nil {
		t.Fatal(err)
	}
	if err := sarifcheck.Check(append(data, '\n')); err == nil || !strings.Contains(err.Error(), "gzip-compressed") {
		t.Errorf("Check() = %v, want a gzip size error", err)
	}
}
