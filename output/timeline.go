package output

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shieldscan/shieldscan/report"
)

// The timeline's caps: Mermaid repeats its section colours after 12, and a summary is a picture,
// not the report (the JSON report holds every reference).
const (
	maxTimelineResources = 12
	maxTimelineEvents    = 40
)

// event is one reference of a resource entering or leaving the history.
type event struct {
	date    time.Time
	removed bool
	path    string
	commit  string
	note    string // ", still at HEAD", or the removal when its date is not known
}

// timeline is the Markdown summary's picture of a history scan: a Mermaid timeline (GitHub
// renders it) with one section per resource, and on each commit date (UTC) the references that
// entered and left the history then. "" when the report is not of a history, or has no
// reference with a commit. The same report gives the same text.
func timeline(rep *report.Report) string {
	if rep.Mode != report.ModeHistory {
		return ""
	}
	byRes := map[int][]event{}
	seen := map[string]bool{}
	add := func(res int, e event) {
		k := fmt.Sprint(res, e.removed, e.path, e.commit)
		if !seen[k] {
			seen[k] = true
			byRes[res] = append(byRes[res], e)
		}
	}
	rep.EachFinding(func(f *report.Finding) error { // a streamed report's findings come from disk
		h := f.History
		if h == nil || f.Path == report.Placeholder {
			return nil
		}
		in := event{date: h.Date.UTC(), path: f.DisplayPath(), commit: short(h.Commit)}
		switch {
		case h.AtHEAD:
			in.note = ", still at HEAD"
		case h.RemovedIn != "" && h.RemovedDate.IsZero():
			in.note = ", removed in " + short(h.RemovedIn)
		case h.RemovedIn != "":
			add(f.ResourceIndex(), event{date: h.RemovedDate.UTC(), removed: true, path: f.DisplayPath(), commit: short(h.RemovedIn)})
		}
		add(f.ResourceIndex(), in)
		return nil
	})
	if len(byRes) == 0 {
		return ""
	}
	order := make([]int, 0, len(byRes))
	for res, events := range byRes {
		slices.SortFunc(events, func(a, b event) int {
			return cmp.Or(a.date.Compare(b.date), report.CompareBool(a.removed, b.removed), strings.Compare(a.path, b.path), strings.Compare(a.commit, b.commit))
		})
		order = append(order, res)
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(byRes[a][0].date.Compare(byRes[b][0].date), strings.Compare(rep.Resources[a].Canonical, rep.Resources[b].Canonical))
	})
	var b strings.Builder
	b.WriteString("### Timeline\n\n```mermaid\ntimeline\n    title When the references entered and left the git history (commit dates, UTC)\n")
	shown, left := 0, 0
	for i, res := range order {
		events := byRes[res]
		if i >= maxTimelineResources || shown >= maxTimelineEvents {
			left += len(events)
			continue
		}
		fmt.Fprintf(&b, "    section %s\n", mermaid(rep.Resources[res].Canonical))
		day := ""
		for _, e := range events {
			if shown == maxTimelineEvents {
				left++
				continue
			}
			shown++
			if d := e.date.Format(time.DateOnly); d != day {
				day = d
				fmt.Fprintf(&b, "        %s", d)
			} else {
				b.WriteString("                  ")
			}
			verb := "added"
			if e.removed {
				verb = "removed"
			}
			fmt.Fprintf(&b, " : %s %s (%s%s)\n", verb, mermaid(e.path), e.commit, e.note)
		}
	}
	b.WriteString("```\n\n")
	if left > 0 {
		fmt.Fprintf(&b, "The timeline leaves out %d more %s; the JSON and SARIF reports hold every reference.\n\n", left, map[bool]string{true: "event", false: "events"}[left == 1])
	}
	return b.String()
}

// mermaid keeps text from breaking the timeline's syntax (": " separates events, "%%" starts a
// comment, "#" an entity) or the code fence around it. Runs are shortened until none is left:
// one pass turns "%%%" into "%%" and ":  " into ": ".
func mermaid(s string) string {
	s = strings.NewReplacer("#", "＃", ";", ",", "`", "'", "<", "‹", ">", "›", "\n", " ", "\r", " ").Replace(s)
	for strings.Contains(s, "%%") || strings.Contains(s, ": ") {
		s = strings.NewReplacer(": ", ":", "%%", "%").Replace(s)
	}
	return s
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}
