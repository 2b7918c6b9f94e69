// Package schema publishes the JSON Schemas (draft 2020-12) of shieldscan's JSON outputs:
// report.schema.json for scan, analyze and inventory --format json, and merge.schema.json for
// merge --format json. Both are at "schema": 1. Validate checks a document against the schema
// its "kind" names; the tests run it on the goldens and on live output.
package schema

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The schemas, as published in this directory.
var (
	//go:embed report.schema.json
	Report []byte
	//go:embed merge.schema.json
	Merge []byte
)

// The schemas' $id, under which they are compiled (nothing is fetched).
const (
	ReportID = "https://github.com/shieldscan/shieldscan/schema/report.schema.json"
	MergeID  = "https://github.com/shieldscan/shieldscan/schema/merge.schema.json"
)

var compiled = sync.OnceValues(func() (map[string]*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.AssertContent()
	out := map[string]*jsonschema.Schema{}
	for id, data := range map[string][]byte{ReportID: Report, MergeID: Merge} {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("parsing %s: %w", id, err)
		}
		if err := c.AddResource(id, doc); err != nil {
			return nil, fmt.Errorf("adding %s: %w", id, err)
		}
	}
	for _, id := range []string{ReportID, MergeID} {
		sch, err := c.Compile(id)
		if err != nil {
			return nil, fmt.Errorf("compiling %s: %w", id, err)
		}
		out[id] = sch
	}
	return out, nil
})

// Validate checks one JSON document of shieldscan against its schema: merge.schema.json when
// its "kind" is "merge", else report.schema.json. The error lists every violation.
func Validate(data []byte) error {
	schemas, err := compiled()
	if err != nil {
		return err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	var head struct{ Kind string }
	_ = json.Unmarshal(data, &head) // a document without "kind" is a report
	id := ReportID
	if head.Kind == "merge" {
		id = MergeID
	}
	if err := schemas[id].Validate(doc); err != nil {
		name := id[strings.LastIndex(id, "/")+1:]
		return fmt.Errorf("against %s: %w", name, err)
	}
	return nil
}
