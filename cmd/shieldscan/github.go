package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner"
)

// writeGitHub writes GitHub Actions workflow commands: one annotation per finding that counts
// (::error, ::warning, ::notice), at its file and line.
func writeGitHub(w io.Writer, rep *scanner.Report) error {
	for _, n := range rep.Notes {
		fmt.Fprintf(w, "::warning title=shieldscan::%s\n", escapeData(n))
	}
	for _, f := range rep.Findings {
		if f.Suppressed != nil {
			continue
		}
		cmd := map[rules.Level]string{rules.Error: "error", rules.Warning: "warning", rules.Note: "notice"}[f.Level]
		if cmd == "" {
			continue
		}
		props := []string{"title=" + escapeProperty("shieldscan "+string(f.Rule))}
		if f.Path != scanner.Placeholder {
			props = append(props, "file="+escapeProperty(f.Path), fmt.Sprintf("line=%d", f.Line),
				fmt.Sprintf("col=%d", f.Column), fmt.Sprintf("endColumn=%d", f.EndColumn))
		}
		fmt.Fprintf(w, "::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(rules.Redact(f.Message())))
	}
	return nil
}

// escapeData and escapeProperty follow the workflow command escaping of @actions/core.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
