package merge_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/shieldscan/shieldscan/merge"
	"github.com/shieldscan/shieldscan/output"
)

// FuzzRead: whatever the bytes, Read either refuses them with one line that names the file and
// wraps ErrInput, or gives an input whose merge renders in every format (the view's and, through
// View.Report, package output's, SARIF included) without error, as valid JSON where JSON is
// promised, and without a raw terminal control.
func FuzzRead(f *testing.F) {
	for _, tt := range readErrors {
		f.Add([]byte(tt.in))
	}
	for _, fx := range fixtures(f) {
		f.Add(fx.data)
	}
	f.Add([]byte(minimal))
	f.Add([]byte(`{"schema": 1, "tool": {"name": "shieldscan"}, "mode": "history", "resources": [{"canonical": "\u001b", "kind": "ip", "class": "historical", "level": "none"}],
		"findings": [{"rule": "historical-reference", "level": "warning", "classification": "historical", "path": "\u202e", "pathBytes": "/w==", "canonical": "\u001b",
		"line": -1, "column": -9, "endColumn": -20, "history": {"commit": "", "removedIn": "x"}}], "skipped": [{"path": "", "pathBytes": "gA=="}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		const name = "fuzz.json"
		in, err := merge.Read(bytes.NewReader(data), name)
		if err != nil {
			if !errors.Is(err, merge.ErrInput) {
				t.Fatalf("Read() error %v does not wrap ErrInput", err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, name+": ") || strings.ContainsAny(msg, "\n\r\x1b") {
				t.Fatalf("Read() error %q: want one line that starts with the file name", msg)
			}
			return
		}
		// Twice: a repository merged from two reports.
		v := merge.Merge([]*merge.Input{in, in})
		for _, format := range merge.Formats {
			got, err := merge.Render(v, format, merge.Options{})
			if err != nil {
				t.Fatalf("Render(%s) = %v", format, err)
			}
			if format == "json" && !json.Valid(got) {
				t.Fatalf("Render(json) is not JSON:\n%s", got)
			}
			if bytes.ContainsAny(got, "\x1b\x07\u202e") {
				t.Fatalf("Render(%s) holds a raw terminal control:\n%q", format, got)
			}
		}
		rep := v.Report()
		for _, format := range append(output.Formats, "markdown") {
			got, err := output.Render(rep, format, output.Options{})
			if err != nil {
				t.Fatalf("output.Render(View.Report(), %s) = %v", format, err)
			}
			if (format == "json" || format == "sarif") && !json.Valid(got) {
				t.Fatalf("output.Render(View.Report(), %s) is not JSON:\n%s", format, got)
			}
		}
		if rep.MaxLevel() != v.MaxLevel() {
			t.Fatalf("View.Report().MaxLevel() = %v, View.MaxLevel() = %v", rep.MaxLevel(), v.MaxLevel())
		}
	})
}
