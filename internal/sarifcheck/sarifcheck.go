// Package sarifcheck validates SARIF written by shieldscan, for tests: the OASIS SARIF 2.1.0
// schema (with format assertions), then the rules GitHub code scanning enforces on upload and
// the properties contract of CONTRACT.md.
//
// The schema is read from testdata/sarif-schema-2.1.0.json at the module root, found by walking
// up from the working directory, so any package's tests can call Validate.
package sarifcheck

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// SchemaFile is the schema's path relative to the module root.
const SchemaFile = "testdata/sarif-schema-2.1.0.json"

// schemaURL is the id the schema declares; it is registered under that name so no fetch happens.
const schemaURL = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// Placeholder mirrors scanner.Placeholder (not imported, to keep this package free of the scanner).
const placeholder = "no file associated with this alert"

var schema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	path, err := findSchema()
	if err != nil {
		return nil, err
	}
	return Compile(path)
})

// findSchema walks up from the working directory to the directory holding go.mod.
func findSchema() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, filepath.FromSlash(SchemaFile)), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("sarifcheck: no go.mod above the working directory")
		}
		dir = parent
	}
}

// Compile reads and compiles the SARIF schema at path.
func Compile(path string) (*jsonschema.Schema, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading SARIF schema: %w", err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, fmt.Errorf("parsing SARIF schema %q: %w", path, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat() // uri-reference, date-time: stricter than GitHub, on purpose
	if err := c.AddResource(schemaURL, doc); err != nil {
		return nil, fmt.Errorf("adding SARIF schema: %w", err)
	}
	sch, err := c.Compile(schemaURL)
	if err != nil {
		return nil, fmt.Errorf("compiling SARIF schema: %w", err)
	}
	return sch, nil
}

// Validate checks data against the SARIF 2.1.0 schema and shieldscan's own rules: the file ends
// with a newline; exactly one run with a category; rules with unique ids and every description
// GitHub shows; every result with a valid ruleIndex and level, at least one location, each with
// a relative file URI (no scheme, not absolute, no ".." segment), a region with 1-based lines
// and columns and endColumn > startColumn, a shieldscan/v1 fingerprint, and the contract's
// properties.
func Validate(data []byte) error {
	sch, err := schema()
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	if err := sch.Validate(inst); err != nil {
		return fmt.Errorf("SARIF schema: %w", err)
	}
	return Check(data)
}

type log struct {
	Version string `json:"version"`
	Runs    []run  `json:"runs"`
}

type run struct {
	Tool struct {
		Driver struct {
			Name  string `json:"name"`
			Rules []rule `json:"rules"`
		} `json:"driver"`
	} `json:"tool"`
	AutomationDetails *struct {
		ID string `json:"id"`
	} `json:"automationDetails"`
	OriginalURIBaseIDs map[string]any `json:"originalUriBaseIds"`
	Results            []result       `json:"results"`
}

type message struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type rule struct {
	ID                   string   `json:"id"`
	Name                 string   `json:"name"`
	ShortDescription     *message `json:"shortDescription"`
	FullDescription      *message `json:"fullDescription"`
	Help                 *message `json:"help"`
	DefaultConfiguration *struct {
		Level string `json:"level"`
	} `json:"defaultConfiguration"`
	Properties map[string]any `json:"properties"`
}

type location struct {
	PhysicalLocation *struct {
		ArtifactLocation *struct {
			URI       string `json:"uri"`
			URIBaseID string `json:"uriBaseId"`
		} `json:"artifactLocation"`
		Region *struct {
			StartLine   *int `json:"startLine"`
			StartColumn *int `json:"startColumn"`
			EndLine     *int `json:"endLine"`
			EndColumn   *int `json:"endColumn"`
		} `json:"region"`
	} `json:"physicalLocation"`
}

type result struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           *int              `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             message           `json:"message"`
	Locations           []location        `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          map[string]any    `json:"properties"`
}

// GitHub's hard limits on an upload (GitHub docs, "SARIF results exceed limit" and "SARIF file
// is too large"); sarif.Write holds them with a margin on the size.
const (
	maxGzipBytes = 10_000_000
	maxRules     = 25000
	maxResults   = 25000
	maxLocations = 1000
	maxTags      = 20
)

// Check applies shieldscan's own rules (see Validate) without the schema, and GitHub's limits:
// at most 10,000,000 bytes gzip-compressed, 25,000 rules and 25,000 results per run, 1,000
// locations per result, 20 tags per rule.
func Check(data []byte) error {
	var errs []error
	bad := func(format string, args ...any) {
		if len(errs) < 50 {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}
	if !bytes.HasSuffix(data, []byte("\n")) {
		bad("file does not end with a newline")
	}
	if n := gzipSize(data); n > maxGzipBytes {
		bad("%d bytes gzip-compressed, GitHub takes %d", n, maxGzipBytes)
	}
	var l log
	if err := json.Unmarshal(data, &l); err != nil {
		return fmt.Errorf("not SARIF: %w", err)
	}
	if l.Version != "2.1.0" {
		bad("version %q, want 2.1.0", l.Version)
	}
	if len(l.Runs) != 1 {
		bad("%d runs, want exactly 1", len(l.Runs))
	}
	for _, r := range l.Runs {
		checkRun(&r, bad)
	}
	return errors.Join(errs...)
}

func checkRun(r *run, bad func(string, ...any)) {
	if r.Tool.Driver.Name == "" {
		bad("driver without a name")
	}
	if r.AutomationDetails == nil || r.AutomationDetails.ID == "" {
		bad("no runAutomationDetails.id (category)")
	}
	if len(r.OriginalURIBaseIDs) > 0 {
		bad("originalUriBaseIds set: it would carry an absolute path")
	}
	if n := len(r.Tool.Driver.Rules); n > maxRules {
		bad("%d rules, GitHub takes %d per run", n, maxRules)
	}
	seen := map[string]bool{}
	for i, ru := range r.Tool.Driver.Rules {
		if seen[ru.ID] {
			bad("rule %d: duplicate id %q", i, ru.ID)
		}
		seen[ru.ID] = true
		switch {
		case ru.ID == "", ru.Name == "":
			bad("rule %d: no id or name", i)
		case ru.ShortDescription == nil || ru.ShortDescription.Text == "",
			ru.FullDescription == nil || ru.FullDescription.Text == "":
			bad("rule %q: no short or full description", ru.ID)
		case ru.Help == nil || ru.Help.Text == "" || ru.Help.Markdown == "":
			bad("rule %q: no help text or markdown", ru.ID)
		case ru.DefaultConfiguration == nil || !validLevel(ru.DefaultConfiguration.Level):
			bad("rule %q: no default level", ru.ID)
		}
		if _, ok := ru.Properties["security-severity"].(string); !ok {
			bad("rule %q: no security-severity string", ru.ID)
		}
		if tags, _ := ru.Properties["tags"].([]any); len(tags) == 0 || len(tags) > maxTags {
			bad("rule %q: %d tags, want 1 to %d", ru.ID, len(tags), maxTags)
		}
	}
	if len(r.Results) > maxResults {
		bad("%d results, GitHub takes %d per run", len(r.Results), maxResults)
	}
	for i, res := range r.Results {
		where := fmt.Sprintf("result %d (%s)", i, res.RuleID)
		checkResult(where, &res, r.Tool.Driver.Rules, bad)
	}
}

func checkResult(where string, res *result, rules []rule, bad func(string, ...any)) {
	switch {
	case res.RuleIndex == nil:
		bad("%s: no ruleIndex", where)
	case *res.RuleIndex < 0 || *res.RuleIndex >= len(rules):
		bad("%s: ruleIndex %d out of range [0,%d)", where, *res.RuleIndex, len(rules))
	case rules[*res.RuleIndex].ID != res.RuleID:
		bad("%s: ruleIndex %d names rule %q", where, *res.RuleIndex, rules[*res.RuleIndex].ID)
	}
	if !validLevel(res.Level) {
		bad("%s: level %q", where, res.Level)
	}
	if strings.TrimSpace(res.Message.Text) == "" {
		bad("%s: no message text", where)
	}
	if len(res.Locations) == 0 {
		bad("%s: no location (GitHub rejects the whole upload)", where)
	}
	if len(res.Locations) > maxLocations {
		bad("%s: %d locations, GitHub takes %d", where, len(res.Locations), maxLocations)
	}
	for j, loc := range res.Locations {
		checkLocation(fmt.Sprintf("%s location %d", where, j), &loc, bad)
	}
	if res.PartialFingerprints["shieldscan/v1"] == "" {
		bad("%s: no shieldscan/v1 fingerprint", where)
	}
	if h, ok := res.PartialFingerprints["primaryLocationLineHash"]; ok {
		if i := strings.LastIndexByte(h, ':'); i <= 0 || i == len(h)-1 {
			bad("%s: primaryLocationLineHash %q is not hash:occurrence", where, h)
		}
	}
	for _, k := range []string{"resource", "canonical", "classification", "encoding", "context"} {
		if s, _ := res.Properties[k].(string); s == "" {
			bad("%s: no properties.%s", where, k)
		}
	}
	_, strength := res.Properties["strength"]
	if unknown := res.Properties["classification"] == "unknown"; unknown == strength {
		bad("%s: properties.strength must be set on references and absent on unknown resources", where)
	}
}

func checkLocation(where string, loc *location, bad func(string, ...any)) {
	pl := loc.PhysicalLocation
	if pl == nil || pl.ArtifactLocation == nil || pl.ArtifactLocation.URI == "" {
		bad("%s: no physicalLocation.artifactLocation.uri", where)
		return
	}
	uri := pl.ArtifactLocation.URI
	u, err := url.Parse(uri)
	switch {
	case err != nil:
		bad("%s: uri %q: %v", where, uri, err)
	case u.Scheme != "" || u.Host != "" || u.Opaque != "":
		bad("%s: uri %q has a scheme or host, want a repo-relative path", where, uri)
	case strings.HasPrefix(uri, "/") || strings.HasPrefix(uri, "\\") || len(uri) > 1 && uri[1] == ':':
		bad("%s: uri %q is absolute", where, uri)
	case u.RawQuery != "" || u.Fragment != "":
		bad("%s: uri %q has a query or fragment", where, uri)
	}
	if err == nil && u.Path != placeholder {
		for _, seg := range strings.Split(u.Path, "/") {
			if seg == ".." || seg == "." || seg == "" {
				bad("%s: uri %q has an empty, \".\" or \"..\" segment", where, uri)
				break
			}
		}
	}
	if i := strings.IndexFunc(uri, func(r rune) bool { return !uriChar(r) }); i >= 0 {
		bad("%s: uri %q has %q, which a URI must percent-encode", where, uri, uri[i:i+1])
	}
	if pl.ArtifactLocation.URIBaseID != "%SRCROOT%" {
		bad("%s: uriBaseId %q, want %%SRCROOT%%", where, pl.ArtifactLocation.URIBaseID)
	}
	rg := pl.Region
	if rg == nil || rg.StartLine == nil {
		bad("%s: no region.startLine", where)
		return
	}
	if *rg.StartLine < 1 {
		bad("%s: startLine %d < 1", where, *rg.StartLine)
	}
	if rg.StartColumn != nil && *rg.StartColumn < 1 {
		bad("%s: startColumn %d < 1", where, *rg.StartColumn)
	}
	if rg.EndColumn != nil && *rg.EndColumn < 1 {
		bad("%s: endColumn %d < 1 (GitHub rejects 0)", where, *rg.EndColumn)
	}
	sameLine := rg.EndLine == nil || *rg.EndLine == *rg.StartLine
	if sameLine && rg.StartColumn != nil && rg.EndColumn != nil && *rg.EndColumn <= *rg.StartColumn {
		bad("%s: endColumn %d <= startColumn %d", where, *rg.EndColumn, *rg.StartColumn)
	}
}

// uriChar reports whether r may stand unencoded in a URI reference (RFC 3986: unreserved,
// reserved and the "%" of an escape).
func uriChar(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' ||
		strings.ContainsRune("-._~:/?#[]@!$&'()*+,;=%", r)
}

func validLevel(l string) bool {
	return l == "none" || l == "note" || l == "warning" || l == "error"
}

// gzipSize is the size of data gzip-compressed at the default level.
func gzipSize(data []byte) int {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data) // a bytes.Buffer never fails
	zw.Close()
	return buf.Len()
}
