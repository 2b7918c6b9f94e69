package output

import (
	"fmt"
	"io"
	"strings"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
)

// GitHub writes GitHub Actions workflow commands: one annotation per finding that counts
// (::error, ::warning, ::notice), at its file and line; notes and an incomplete scan as warnings.
func GitHub(w io.Writer, rep *report.Report) error {
	if rep.Incomplete != "" {
		fmt.Fprintf(w, "::error title=shieldscan::%s\n", escapeData("incomplete scan: "+rep.Incomplete))
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(w, "::warning title=shieldscan::%s\n", escapeData(n))
	}
	return rep.EachFinding(func(f *report.Finding) error {
		if f.Suppressed != nil {
			return nil
		}
		cmd := map[rules.Level]string{rules.Error: "error", rules.Warning: "warning", rules.Note: "notice"}[f.Level]
		if cmd == "" {
			return nil
		}
		props := []string{"title=" + escapeProperty("shieldscan "+string(f.Rule))}
		if f.Path != report.Placeholder {
			props = append(props, "file="+escapeProperty(f.DisplayPath()), fmt.Sprintf("line=%d", f.Line),
				fmt.Sprintf("col=%d", f.Column), fmt.Sprintf("endColumn=%d", f.EndColumn))
		}
		fmt.Fprintf(w, "::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(f.Message))
		return nil
	})
}

// escapeData and escapeProperty follow the workflow command escaping of @actions/core.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
