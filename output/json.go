package output

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/shieldscan/shieldscan/report"
)

// jsonArrays is where the report's three long arrays sit in the encoding of a report whose
// arrays are empty: the top-level keys are indented by two spaces, and a string value cannot
// hold an unescaped quote, so nothing else in the report can read like this.
const jsonArrays = "\n  \"resources\": [],\n  \"findings\": [],\n  \"skipped\": [],\n"

// JSON writes the report as JSON (schema report.SchemaVersion), indented, with the tool that
// wrote it. The resources, findings and skips are written one by one, so that a report with a
// million findings on disk (report.Stream) is never held in memory: the bytes are those of
// encoding/json's indented encoding of the whole report.
func JSON(w io.Writer, rep *report.Report, opts Options) error {
	version := opts.ToolVersion
	if version == "" {
		version = "devel"
	}
	shell := *rep
	shell.Tool = &report.Tool{Name: "shieldscan", Version: version}
	shell.Resources, shell.Findings, shell.Skipped = []report.Resource{}, []report.Finding{}, []report.Skip{}
	var head bytes.Buffer
	enc := json.NewEncoder(&head)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&shell); err != nil {
		return err
	}
	before, after, ok := bytes.Cut(head.Bytes(), []byte(jsonArrays))
	if !ok {
		return fmt.Errorf("encoding the report: no arrays in %.80q", head.Bytes())
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(before)
	bw.WriteString("\n")
	a := newJSONArray(bw)
	a.start("resources", rep.Resources == nil)
	for i := range rep.Resources {
		if err := a.elem(&rep.Resources[i]); err != nil {
			return err
		}
	}
	a.end(",")
	a.start("findings", rep.Findings == nil && !rep.Streamed())
	if err := rep.EachFinding(func(f *report.Finding) error { return a.elem(f) }); err != nil {
		return err
	}
	a.end(",")
	a.start("skipped", rep.Skipped == nil)
	for i := range rep.Skipped {
		if err := a.elem(&rep.Skipped[i]); err != nil {
			return err
		}
	}
	a.end(",")
	bw.Write(after)
	return bw.Flush()
}

// jsonArray writes one top-level array of a report, an element at a time, indented as
// encoding/json indents it inside the report.
type jsonArray struct {
	w    *bufio.Writer
	buf  bytes.Buffer
	enc  *json.Encoder
	n    int
	null bool
}

func newJSONArray(w *bufio.Writer) *jsonArray {
	a := &jsonArray{w: w}
	a.enc = json.NewEncoder(&a.buf)
	a.enc.SetIndent("    ", "  ")
	a.enc.SetEscapeHTML(false)
	return a
}

// start begins the array name; null writes JSON's null instead (a nil slice in memory).
func (a *jsonArray) start(name string, null bool) {
	a.n, a.null = 0, null
	a.w.WriteString("  \"" + name + "\": ")
}

func (a *jsonArray) elem(v any) error {
	a.buf.Reset()
	if err := a.enc.Encode(v); err != nil {
		return err
	}
	if a.n == 0 {
		a.w.WriteString("[\n    ")
	} else {
		a.w.WriteString(",\n    ")
	}
	a.n++
	a.w.Write(bytes.TrimSuffix(a.buf.Bytes(), []byte("\n")))
	return nil
}

// end closes the array, then writes sep and a newline.
func (a *jsonArray) end(sep string) {
	switch {
	case a.n > 0:
		a.w.WriteString("\n  ]")
	case a.null:
		a.w.WriteString("null")
	default:
		a.w.WriteString("[]")
	}
	a.w.WriteString(sep + "\n")
}
