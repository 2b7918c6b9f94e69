// Package refangtest holds the table of defanged indicators (internal/refang/testdata/styles.txt)
// that internal/refang, rules and scanner/decode are tested against, so that they agree.
package refangtest

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Outcomes of a Case.
const (
	// Refanged: the input is defanged; it parses, and text holding it is read as defanged.
	Refanged = "refanged"
	// Plain: the input is not defanged, and text holding it is not read as defanged.
	Plain = "plain"
	// Refused: the input has no single reading; it does not parse.
	Refused = "refused"
	// Escaped: the input is written with JSON's backslash-escaped slashes; it parses as refanged,
	// but text holding it is plain (the matcher reads `\/` as '/'), not defanged.
	Escaped = "escaped"
)

// Case is one row of the table.
type Case struct {
	Line    int
	Outcome string
	Input   string
	// Canonical and Host are rules' canonical form and host, for Refanged, Plain and Escaped.
	Canonical, Host string
	// Reason is a part of the parse error's reason, for Refused.
	Reason string
}

// Cases reads the table.
func Cases(t testing.TB) []Case {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(file), "..", "testdata", "styles.txt")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []Case
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Split(text, "\t")
		c := Case{Line: line, Outcome: f[0]}
		switch {
		case len(f) == 4 && (c.Outcome == Refanged || c.Outcome == Plain || c.Outcome == Escaped):
			c.Input, c.Canonical, c.Host = f[1], f[2], f[3]
		case len(f) == 3 && c.Outcome == Refused:
			c.Input, c.Reason = f[1], f[2]
		default:
			t.Fatalf("%s:%d: want outcome, input and two fields (refanged, plain) or one (refused), not %q", path, line, text)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
