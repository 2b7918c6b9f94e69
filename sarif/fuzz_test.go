package sarif_test

import (
	"bytes"
	"strings"
	"testing"

	gosarif "github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/shieldscan/shieldscan/internal/sarifcheck"
	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/sarif"
)

// FuzzWrite: whatever the path, snippet, match and resource text, the output parses back with
// gosarif and passes the schema and our own checks.
func FuzzWrite(f *testing.F) {
	for _, rep := range reports(f) {
		for _, fd := range rep.Findings {
			f.Add(fd.Path, fd.Snippet, fd.Match, fd.Resource, fd.Encoding, fd.Line, fd.Column, fd.EndColumn)
		}
	}
	f.Add("", "", "", "", "", 0, 0, 0)
	f.Add("/abs/path.js", "\x00\x01", "\xff", "https://a:b@x.example/?token=1", "base64>reversed", -1, -5, -9)
	f.Add("../up/../x.js", "\u2028\u2029", "\"", "x.example", "plain", 1<<30, 1<<30, 1)
	f.Add("a\\b.js", "<script>&amp;</script>", "`", "[::1]", "", 3, 2, 1)
	f.Fuzz(func(t *testing.T, path, snippet, match, raw, encoding string, line, col, end int) {
		if strings.TrimSpace(raw) == "" {
			raw = "x.example" // rules.Parse never gives an empty resource
		}
		res := &rules.Resource{Raw: raw, Canonical: raw, Kind: rules.URL}
		fd := report.Ref{
			Rule: rules.DeclaredReference, Level: rules.Note, Resource: res, Class: rules.Declared,
			Path: path, Line: line, Column: col, EndColumn: end, Match: match, Snippet: snippet,
			Strength: rules.URLMatch, Context: rules.CtxOther, Encoding: encoding, Decoded: match,
		}
		if encoding != "" && encoding != "plain" {
			fd.Rule = rules.EncodedReference
		}
		var buf bytes.Buffer
		err := sarif.Write(&buf, build(report.ModeTree, fd), sarif.Options{ToolVersion: "fuzz"})
		if path == "" {
			if err == nil {
				t.Fatal("Write() with an empty path = nil, want an error")
			}
			return
		}
		if err != nil {
			t.Fatalf("Write() = %v", err)
		}
		if _, err := gosarif.FromBytes(buf.Bytes()); err != nil {
			t.Fatalf("gosarif.FromBytes() = %v", err)
		}
		if err := sarifcheck.Validate(buf.Bytes()); err != nil {
			if !badPath(path) {
				t.Fatalf("sarifcheck.Validate() = %v\n%s", err, buf.Bytes())
			}
		}
	})
}

// badPath reports whether path is not a clean repo-relative slash path: the scanner never
// produces one, and sarifcheck rightly rejects its URI.
func badPath(path string) bool {
	if path == report.Placeholder {
		return false
	}
	if path[0] == '/' {
		return true
	}
	for _, seg := range bytes.Split([]byte(path), []byte("/")) {
		if s := string(seg); s == "" || s == "." || s == ".." {
			return true
		}
	}
	return false
}
