// Package output formats a finished report.Report for people and tools: text, JSON, GitHub
// workflow annotations and the Markdown job summary (SARIF is package sarif's). A formatter only
// formats: every string it prints was made safe when the report was built.
package output

import (
	"bytes"
	"fmt"
	"io"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/sarif"
)

// Formats are the formats Write knows, in the order help texts list them.
var Formats = []string{"text", "json", "sarif", "github"}

// Options tune the formats.
type Options struct {
	// ToolVersion is the version that JSON and SARIF name.
	ToolVersion string
	// Category is SARIF's runAutomationDetails.id.
	Category string
	// Color paints levels in text with ANSI colours.
	Color bool
	// Quiet leaves the summary line out of text (and locations out of analyze's and inventory's).
	Quiet bool
	// Link, when set, turns a path and line into a URL for the Markdown summary.
	Link func(path string, line int) string
	// SARIF says a SARIF report of the same findings is written too: text and the Markdown
	// summary then say what GitHub's limits made it leave out (sarif.Cut).
	SARIF bool
}

// sarifCut is the sentence that says what the SARIF report leaves out, "" when nothing.
func sarifCut(rep *report.Report, opts Options) string {
	if !opts.SARIF {
		return ""
	}
	cut, err := sarif.Limit(rep, sarif.Options{ToolVersion: opts.ToolVersion, Category: opts.Category})
	if err != nil {
		return "the SARIF report could not be sized: " + err.Error()
	}
	return cut.String()
}

// ErrFormat is wrapped by the error of an unknown format.
var ErrFormat = fmt.Errorf("unknown format")

// Write writes rep to w in format.
func Write(w io.Writer, rep *report.Report, format string, opts Options) error {
	var err error
	switch format {
	case "text":
		err = Text(w, rep, opts)
	case "json":
		err = JSON(w, rep, opts)
	case "sarif":
		err = sarif.Write(w, rep, sarif.Options{ToolVersion: opts.ToolVersion, Category: opts.Category})
	case "github":
		err = GitHub(w, rep)
	case "markdown":
		_, err = io.WriteString(w, Markdown(rep, opts))
	default:
		return fmt.Errorf("%w %q", ErrFormat, format)
	}
	if err != nil {
		return fmt.Errorf("writing %s report: %w", format, err)
	}
	return nil
}

// Render is Write into memory.
func Render(rep *report.Report, format string, opts Options) ([]byte, error) {
	var buf bytes.Buffer
	err := Write(&buf, rep, format, opts)
	return buf.Bytes(), err
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
