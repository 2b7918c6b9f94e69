// Package sarif writes a scan report as one SARIF 2.1.0 run for GitHub code scanning.
package sarif

import (
	"errors"
	"io"

	"github.com/shieldscan/shieldscan/scanner"
)

// Options describe the run.
type Options struct {
	// ToolVersion is written as the driver's version ("test" in golden files).
	ToolVersion string
	// Category is runAutomationDetails.id (default "shieldscan/").
	Category string
}

// Write writes rep as SARIF to w.
func Write(w io.Writer, rep *scanner.Report, opts Options) error {
	return errors.New("SARIF output is not built yet")
}
