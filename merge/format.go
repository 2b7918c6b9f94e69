package merge

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
)

// Formats are the formats Write knows. SARIF is package sarif's: give it View.Report.
var Formats = []string{"text", "json", "markdown"}

// Options tune the formats.
type Options struct {
	// ToolVersion is the version that JSON names ("devel" when empty).
	ToolVersion string
	// MaxColumns caps the repositories that the Markdown table shows as columns (default 20):
	// past it, only the repositories that reference a resource get a column.
	MaxColumns int
	// Link, when set, turns a location in a repository into a URL for the Markdown summary
	// ("" leaves it unlinked); a location of history has its Commit, to link the file there.
	Link func(repository string, l Location) string
	// Color paints the levels of text with ANSI colours.
	Color bool
}

// ErrFormat is wrapped by the error of an unknown format.
var ErrFormat = errors.New("unknown format")

// Write writes v to w in format: text, json or markdown.
func Write(w io.Writer, v *View, format string, opts Options) error {
	var err error
	switch format {
	case "text":
		err = Text(w, v, opts)
	case "json":
		err = JSON(w, v, opts)
	case "markdown":
		_, err = io.WriteString(w, Markdown(v, opts))
	default:
		return fmt.Errorf("%w %q", ErrFormat, format)
	}
	if err != nil {
		return fmt.Errorf("writing %s view: %w", format, err)
	}
	return nil
}

// Render is Write into memory.
func Render(v *View, format string, opts Options) ([]byte, error) {
	var buf bytes.Buffer
	err := Write(&buf, v, format, opts)
	return buf.Bytes(), err
}

// JSON writes the view as JSON ("schema": 1, "kind": "merge"), indented, with the tool that
// wrote it.
func JSON(w io.Writer, v *View, opts Options) error {
	out := *v
	version := opts.ToolVersion
	if version == "" {
		version = "devel"
	}
	out.Tool = &report.Tool{Name: "shieldscan", Version: version}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(&out)
}

// Text writes the view for people: each resource with its level and Page Shield verdict, the
// repositories that declare it (with their references, compiler style, the path prefixed with
// the repository), those whose history holds it, those where it is unknown; then one line per
// repository and a summary line. opts.Color paints the levels.
func Text(w io.Writer, v *View, opts Options) error {
	var b strings.Builder
	if v.Incomplete != "" {
		fmt.Fprintf(&b, "error: incomplete: %s\n", v.Incomplete)
	}
	for _, n := range v.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	for _, r := range v.Resources {
		fmt.Fprintf(&b, "%s %s", paint(opts, r.Level, fmt.Sprintf("%-7s", r.Level)), r.Canonical)
		if r.Raw != r.Canonical {
			fmt.Fprintf(&b, " (given as %s)", r.Raw)
		}
		fmt.Fprintf(&b, ": %s\n", presence(r))
		if ps := r.PageShield; ps != nil {
			verdict := "not flagged malicious"
			if r.Malicious {
				verdict = "MALICIOUS"
				if len(ps.Reasons) > 0 {
					verdict += " (" + strings.Join(ps.Reasons, "; ") + ")"
				}
			}
			fmt.Fprintf(&b, "    page shield: %s\n", verdict)
		}
		for _, h := range r.Declared {
			fmt.Fprintf(&b, "    declared in %s: %s\n", h.Repository, count(h.References, "reference"))
			textLocations(&b, h)
		}
		for _, h := range r.Historical {
			fmt.Fprintf(&b, "    history of %s: %s\n", h.Repository, count(h.References, "reference"))
			textLocations(&b, h)
		}
		if len(r.Unknown) > 0 {
			fmt.Fprintf(&b, "    unknown in %s\n", strings.Join(r.Unknown, ", "))
		}
	}
	for _, rp := range v.Repositories {
		fmt.Fprintf(&b, "repository %s: %d declared, %d historical, %d unknown; %s, level %s (%s)\n",
			rp.Name, rp.Declared, rp.Historical, rp.Unknown, count(rp.References, "reference"), rp.Level, strings.Join(rp.Reports, ", "))
		if rp.Incomplete != "" {
			fmt.Fprintf(&b, "    incomplete: %s\n", rp.Incomplete)
		}
		for _, s := range rp.skipLines() {
			fmt.Fprintf(&b, "    skipped %s\n", s)
		}
	}
	fmt.Fprintf(&b, "%s in %s: %d declared, %d only in history, %d unknown everywhere",
		count(len(v.Resources), "resource"), count(len(v.Repositories), "repository"),
		v.Count(rules.Declared), v.Count(rules.Historical), v.Count(rules.Unknown))
	if n := v.SkippedFiles(); n > 0 {
		fmt.Fprintf(&b, "; %s skipped", count(n, "file"))
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// levelColor are the ANSI colours of the levels, as in package output's text.
var levelColor = map[rules.Level]string{rules.Error: "\x1b[1;31m", rules.Warning: "\x1b[33m", rules.Note: "\x1b[36m"}

func paint(opts Options, l rules.Level, s string) string {
	if !opts.Color || levelColor[l] == "" {
		return s
	}
	return levelColor[l] + s + "\x1b[0m"
}

func textLocations(b *strings.Builder, h Holding) {
	for _, l := range h.Locations {
		fmt.Fprintf(b, "        %s/%s:%d:%d: %s: %s", h.Repository, l.Path, l.Line, l.Column, l.Level, l.Rule)
		if l.Encoding != "" {
			fmt.Fprintf(b, " (%s)", l.Encoding)
		}
		if l.Commit != "" {
			fmt.Fprintf(b, " (commit %s", short(l.Commit))
			if l.RemovedIn != "" {
				fmt.Fprintf(b, ", removed in %s", short(l.RemovedIn))
			}
			b.WriteString(")")
		}
		if l.Suppressed {
			b.WriteString(" (suppressed)")
		}
		b.WriteString("\n")
	}
	if h.More > 0 {
		fmt.Fprintf(b, "        … and %d more in %s\n", h.More, h.Repository)
	}
}

// presence says in a few words where a resource is.
func presence(r Resource) string {
	var parts []string
	if n := len(r.Declared); n > 0 {
		parts = append(parts, fmt.Sprintf("declared in %s", count(n, "repository")))
	}
	if n := len(r.Historical); n > 0 {
		parts = append(parts, fmt.Sprintf("only in the history of %s", count(n, "repository")))
	}
	if n := len(r.Unknown); n > 0 {
		parts = append(parts, fmt.Sprintf("unknown in %s", count(n, "repository")))
	}
	if len(parts) == 0 {
		return "in no report"
	}
	return strings.Join(parts, ", ")
}

// The marks of the Markdown table.
const (
	markDeclared   = "✓"
	markHistorical = "h"
	markUnknown    = "—"
	markNotScanned = "·"
)

// Markdown is the summary for $GITHUB_STEP_SUMMARY: counts, a resources × repositories table
// (✓ declared, h only in history, — unknown, · not looked for), where each resource is
// referenced, and one row per repository.
func Markdown(v *View, opts Options) string {
	maxCols := opts.MaxColumns
	if maxCols <= 0 {
		maxCols = 20
	}
	var b strings.Builder
	b.WriteString("## shieldscan merge\n\n")
	if v.Incomplete != "" {
		fmt.Fprintf(&b, "> [!CAUTION]\n> incomplete: %s\n\n", md(v.Incomplete))
	}
	for _, n := range v.Notes {
		fmt.Fprintf(&b, "> [!WARNING]\n> %s\n\n", md(n))
	}
	fmt.Fprintf(&b, "**%d** resources across **%d** repositories: **%d** declared, **%d** only in history, **%d** unknown everywhere.\n\n",
		len(v.Resources), len(v.Repositories), v.Count(rules.Declared), v.Count(rules.Historical), v.Count(rules.Unknown))
	if len(v.Resources) == 0 {
		return b.String()
	}
	cols := make([]string, 0, len(v.Repositories))
	for _, rp := range v.Repositories {
		cols = append(cols, rp.Name)
	}
	var quiet []string
	if len(cols) > maxCols {
		cols = cols[:0]
		for _, rp := range v.Repositories {
			if rp.Declared+rp.Historical > 0 {
				cols = append(cols, rp.Name)
			} else {
				quiet = append(quiet, rp.Name)
			}
		}
	}
	b.WriteString("| resource | level |")
	for _, c := range cols {
		fmt.Fprintf(&b, " %s |", md(c))
	}
	b.WriteString("\n|---|---|" + strings.Repeat(":-:|", len(cols)) + "\n")
	for _, r := range v.Resources {
		verdict := ""
		if r.Malicious {
			verdict = " ⚠ malicious"
		}
		fmt.Fprintf(&b, "| `%s`%s | %s |", md(r.Canonical), verdict, r.Level)
		for _, c := range cols {
			mark := markNotScanned
			switch r.Presence[c] {
			case rules.Declared:
				mark = markDeclared
			case rules.Historical:
				mark = markHistorical
			case rules.Unknown:
				mark = markUnknown
			}
			fmt.Fprintf(&b, " %s |", mark)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "\n%s declared, %s only in history, %s unknown (looked for, not found), %s not in that repository's report\n\n",
		markDeclared, markHistorical, markUnknown, markNotScanned)
	if len(quiet) > 0 {
		verb := "reference"
		if len(quiet) == 1 {
			verb = "references"
		}
		fmt.Fprintf(&b, "%s %s none of the resources: %s.\n\n", count(len(quiet), "other repository"), verb, md(list(quiet, 50)))
	}
	var where strings.Builder
	for _, r := range v.Resources {
		if len(r.Declared)+len(r.Historical) == 0 {
			continue
		}
		fmt.Fprintf(&where, "- `%s`\n", md(r.Canonical))
		for _, h := range r.Declared {
			fmt.Fprintf(&where, "  - declared in **%s**: %s\n", md(h.Repository), mdLocations(h, opts))
		}
		for _, h := range r.Historical {
			fmt.Fprintf(&where, "  - in the history of **%s**: %s\n", md(h.Repository), mdLocations(h, opts))
		}
	}
	if where.Len() > 0 {
		b.WriteString("### Where\n\n" + where.String() + "\n")
	}
	b.WriteString("### Repositories\n\n| repository | declared | historical | unknown | references | level |\n|---|---|---|---|---|---|\n")
	for _, rp := range v.Repositories {
		name := md(rp.Name)
		if rp.Incomplete != "" {
			name += " (incomplete)"
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %s |\n", name, rp.Declared, rp.Historical, rp.Unknown, rp.References, rp.Level)
	}
	b.WriteString("\n")
	if n := v.SkippedFiles(); n > 0 {
		fmt.Fprintf(&b, "### Skipped\n\nThe scans skipped %s (not searched):\n\n", count(n, "file"))
		for _, rp := range v.Repositories {
			for _, s := range rp.skipLines() {
				fmt.Fprintf(&b, "- **%s**: %s\n", md(rp.Name), md(s))
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// GitHubLink links a location to its line on server (a GitHub Actions run's GITHUB_SERVER_URL):
// a reference of history at its commit, any other at the repository's default branch (HEAD);
// nil when server is empty.
func GitHubLink(server string) func(repository string, l Location) string {
	if server == "" {
		return nil
	}
	return func(repository string, l Location) string {
		if l.Path == report.Placeholder || strings.Count(repository, "/") != 1 {
			return "" // a repository named after its report file is not on GitHub under that name
		}
		rev := "HEAD"
		if l.Commit != "" {
			rev = l.Commit
		}
		owner, name, _ := strings.Cut(repository, "/")
		// every part escaped: a name from a report must not end the Markdown link around it
		return fmt.Sprintf("%s/%s/%s/blob/%s/%s#L%d", server, escapeLink(owner), escapeLink(name), escapeLink(rev), (&url.URL{Path: l.Path}).EscapedPath(), l.Line)
	}
}

// mdLocations lists a holding's locations as `path:line`, with commits for history.
func mdLocations(h Holding, opts Options) string {
	parts := make([]string, 0, len(h.Locations)+1)
	for _, l := range h.Locations {
		s := fmt.Sprintf("`%s:%d`", md(l.Path), l.Line)
		if opts.Link != nil {
			if u := opts.Link(h.Repository, l); u != "" {
				s = fmt.Sprintf("[%s](%s)", s, u)
			}
		}
		if l.Encoding != "" {
			s += " (" + md(l.Encoding) + ")"
		}
		if l.Commit != "" {
			s += " (commit " + md(short(l.Commit))
			if l.RemovedIn != "" {
				s += ", removed in " + md(short(l.RemovedIn))
			}
			s += ")"
		}
		parts = append(parts, s)
	}
	if h.More > 0 {
		parts = append(parts, fmt.Sprintf("… and %d more", h.More))
	}
	if len(parts) == 0 {
		return "no location in the report"
	}
	return strings.Join(parts, ", ")
}

// md keeps text from breaking the Markdown table or the inline code around it.
func md(s string) string {
	return strings.NewReplacer("|", "\\|", "`", "'", "\n", " ", "<", "&lt;").Replace(s)
}

func list(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:n], ", ") + fmt.Sprintf(" and %d more", len(names)-n)
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "y") {
		return itoa(n) + " " + strings.TrimSuffix(noun, "y") + "ies"
	}
	return itoa(n) + " " + noun + "s"
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}

func itoa(n int) string { return strconv.Itoa(n) }

// escapeLink is url.PathEscape, with the parentheses of Markdown's link syntax escaped too.
func escapeLink(s string) string {
	return strings.NewReplacer("(", "%28", ")", "%29").Replace(url.PathEscape(s))
}
