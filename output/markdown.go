package output

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
)

// maxSummaryRefs caps the references listed in the summary; the SARIF and JSON reports hold all.
const maxSummaryRefs = 20

// Markdown is the job summary: counts, a table of resources with class and level, and the top
// references, linked to their lines when opts.Link is set.
func Markdown(rep *report.Report, opts Options) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## shieldscan (%s)\n\n", rep.Mode)
	if rep.Incomplete != "" {
		fmt.Fprintf(&b, "> [!CAUTION]\n> incomplete scan: %s\n\n", md(rep.Incomplete))
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(&b, "> [!WARNING]\n> %s\n\n", md(n))
	}
	if cut := sarifCut(rep, opts); cut != "" {
		fmt.Fprintf(&b, "> [!WARNING]\n> %s\n\n", md(cut))
	}
	compromiseMarkdown(&b, rep) // the playbook's verdict (--investigate) leads
	switch {
	case rep.Analysis != nil:
		a := rep.Analysis
		fmt.Fprintf(&b, "`%s`: obfuscation score **%d**/100 (%s); %d hosts; %d bytes.\n\n", md(a.Name), a.Score, a.Verdict, len(a.Hosts), a.Size)
	case rep.Inventory != nil:
		n := 0
		for _, d := range rep.Inventory.ThirdParty {
			n += len(d.Hosts)
		}
		fmt.Fprintf(&b, "**%d** third-party hosts in **%d** domains; %d files scanned, %d skipped.\n\n", n, len(rep.Inventory.ThirdParty), rep.Stats.Files, rep.Stats.Skipped)
	default:
		fmt.Fprintf(&b, "**%d** resources: **%d** declared, **%d** historical, **%d** unknown; %d files scanned, %d skipped.\n\n",
			len(rep.Resources), rep.Count(rules.Declared), rep.Count(rules.Historical), rep.Count(rules.Unknown), rep.Stats.Files, rep.Stats.Skipped)
	}
	if len(rep.Resources) > 0 && rep.Analysis == nil && rep.Inventory == nil {
		b.WriteString("| resource | class | level | references | encoded |\n|---|---|---|---|---|\n")
		order := slices.Clone(rep.Resources)
		slices.SortStableFunc(order, func(a, b report.Resource) int {
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
			fmt.Fprintf(&b, "| `%s`%s | %s | %s | %d | %d |\n", md(r.Canonical), verdict, r.Class, r.Level, r.References, r.Encoded)
		}
		b.WriteString("\n")
	}
	b.WriteString(timeline(rep))
	refs, n := topRefs(rep)
	if n > 0 {
		b.WriteString("### Top references\n\n")
		for _, f := range refs {
			fmt.Fprintf(&b, "- **%s** %s: %s\n", f.Level, lineLink(f, opts), md(f.Message))
		}
		if n > len(refs) {
			fmt.Fprintf(&b, "- … and %d more in the SARIF and JSON reports\n", n-len(refs))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// topRefs are the first maxSummaryRefs references that count, the most severe first (the
// report's order within a level), and how many there are: in one pass that keeps at most
// maxSummaryRefs of each level.
func topRefs(rep *report.Report) ([]report.Finding, int) {
	byLevel := map[rules.Level][]report.Finding{}
	n := 0
	rep.EachFinding(func(f *report.Finding) error { // a read error leaves the list short
		if f.Path != report.Placeholder && f.Suppressed == nil {
			n++
			if len(byLevel[f.Level]) < maxSummaryRefs {
				byLevel[f.Level] = append(byLevel[f.Level], *f)
			}
		}
		return nil
	})
	var refs []report.Finding
	for _, l := range []rules.Level{rules.Error, rules.Warning, rules.Note, rules.None} {
		refs = append(refs, byLevel[l]...)
	}
	return refs[:min(len(refs), maxSummaryRefs)], n
}

// lineLink is `path:line`, linked when opts.Link can say where the line is.
func lineLink(f report.Finding, opts Options) string {
	text := fmt.Sprintf("`%s:%d`", md(f.DisplayPath()), f.Line)
	if opts.Link == nil {
		return text
	}
	if u := opts.Link(f.Path, f.Line); u != "" {
		return fmt.Sprintf("[%s](%s)", text, u)
	}
	return text
}

// GitHubLink links a path and line to the file at commit sha of repo on server (a GitHub
// Actions run's GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_SHA); nil when one is missing.
func GitHubLink(server, repo, sha string) func(path string, line int) string {
	if server == "" || repo == "" || sha == "" {
		return nil
	}
	return func(path string, line int) string {
		if path == report.Placeholder {
			return ""
		}
		return fmt.Sprintf("%s/%s/blob/%s/%s#L%d", server, repo, sha, (&url.URL{Path: path}).EscapedPath(), line)
	}
}

// md keeps text from breaking the Markdown table or the inline code around it.
func md(s string) string {
	return strings.NewReplacer("|", "\\|", "`", "'", "\n", " ", "<", "&lt;").Replace(s)
}
