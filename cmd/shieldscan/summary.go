package main

import (
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner"
)

// maxSummaryRefs caps the references listed in the summary; the SARIF and JSON reports hold all.
const maxSummaryRefs = 20

// appendSummary appends the Markdown job summary to name ($GITHUB_STEP_SUMMARY appends too).
func appendSummary(name string, rep *scanner.Report) error {
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("writing summary %q: %w", name, unwrapPath(err))
	}
	if _, err := f.WriteString(markdownSummary(rep)); err != nil {
		f.Close()
		return fmt.Errorf("writing summary %q: %w", name, err)
	}
	return f.Close()
}

// markdownSummary is the job summary: counts, a table of resources with class and level, and
// the top references with links to their lines when the run is on GitHub.
func markdownSummary(rep *scanner.Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## shieldscan (%s)\n\n", rep.Mode)
	for _, n := range rep.Notes {
		fmt.Fprintf(&b, "> [!WARNING]\n> %s\n\n", md(n))
	}
	fmt.Fprintf(&b, "**%d** resources: **%d** declared, **%d** historical, **%d** unknown; %d files scanned, %d skipped.\n\n",
		len(rep.Resources), rep.Count(rules.Declared), rep.Count(rules.Historical), rep.Count(rules.Unknown), rep.Stats.Files, rep.Stats.Skipped)
	if len(rep.Resources) > 0 {
		b.WriteString("| resource | class | level | references | encoded |\n|---|---|---|---|---|\n")
		order := slices.Clone(rep.Resources)
		slices.SortStableFunc(order, func(a, b scanner.ResourceResult) int {
			if a.Level != b.Level {
				return int(b.Level) - int(a.Level)
			}
			return int(b.Class) - int(a.Class)
		})
		for _, r := range order {
			verdict := ""
			if r.Malicious() {
				verdict = " ⚠ malicious"
			}
			fmt.Fprintf(&b, "| `%s`%s | %s | %s | %d | %d |\n", md(rules.Redact(r.Canonical)), verdict, r.Class, r.Level, r.References, r.Encoded)
		}
		b.WriteString("\n")
	}
	var refs []scanner.Finding
	for _, f := range rep.Findings {
		if f.Path != scanner.Placeholder && f.Suppressed == nil {
			refs = append(refs, f)
		}
	}
	slices.SortStableFunc(refs, func(a, b scanner.Finding) int { return int(b.Level) - int(a.Level) })
	if len(refs) > 0 {
		b.WriteString("### Top references\n\n")
		for i, f := range refs {
			if i == maxSummaryRefs {
				fmt.Fprintf(&b, "- … and %d more in the SARIF and JSON reports\n", len(refs)-i)
				break
			}
			fmt.Fprintf(&b, "- **%s** %s: %s\n", f.Level, lineLink(f.Path, f.Line), md(rules.Redact(f.Message())))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// lineLink links path:line to the file at the run's commit when the run is on GitHub Actions.
func lineLink(path string, line int) string {
	text := fmt.Sprintf("`%s:%d`", md(path), line)
	server, repo, sha := os.Getenv("GITHUB_SERVER_URL"), os.Getenv("GITHUB_REPOSITORY"), os.Getenv("GITHUB_SHA")
	if server == "" || repo == "" || sha == "" {
		return text
	}
	u := fmt.Sprintf("%s/%s/blob/%s/%s#L%d", server, repo, sha, (&url.URL{Path: path}).EscapedPath(), line)
	return fmt.Sprintf("[%s](%s)", text, u)
}

// md keeps text from breaking the Markdown table or the inline code around it.
func md(s string) string {
	return strings.NewReplacer("|", "\\|", "`", "'", "\n", " ", "<", "&lt;").Replace(s)
}
