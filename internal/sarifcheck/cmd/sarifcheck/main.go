//go:build devtools

// Command sarifcheck validates SARIF files with package sarifcheck: the OASIS 2.1.0 schema and
// shieldscan's own rules. It is run from the module root by .ci/sarif.sh.
//
// Usage: go run -tags devtools ./internal/sarifcheck/cmd/sarifcheck FILE...
package main

import (
	"fmt"
	"os"

	"github.com/shieldscan/shieldscan/internal/sarifcheck"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: sarifcheck FILE...")
		os.Exit(2)
	}
	code := 0
	for _, name := range os.Args[1:] {
		data, err := os.ReadFile(name)
		if err == nil {
			err = sarifcheck.Validate(data)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "sarifcheck: %s: %v\n", name, err)
			code = 1
		}
	}
	os.Exit(code)
}
