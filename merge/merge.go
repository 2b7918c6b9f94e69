package merge

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/shieldscan/shieldscan/report"
	"github.com/shieldscan/shieldscan/rules"
)

// Kind is the "kind" of a merged view's JSON, beside its "schema".
const Kind = "merge"

// MaxLocations caps the locations listed per resource and repository; the rest are counted
// (Holding.More), and View.Report keeps them all.
const MaxLocations = 10

// View is the incident view of many reports: every resource, and in which repositories it is
// declared, held only in history, or unknown. Every string in it is safe to show.
type View struct {
	Schema int          `json:"schema"`
	Kind   string       `json:"kind"`
	Tool   *report.Tool `json:"tool,omitempty"`
	// Incomplete says which repositories' scans could not do their job, when some could not.
	Incomplete string `json:"incomplete,omitempty"`
	// Notes are the reports' caveats, each prefixed with its repository.
	Notes []string `json:"notes,omitempty"`
	// Resources are ordered by level (highest first), then canonical form.
	Resources []Resource `json:"resources"`
	// Repositories are ordered by name.
	Repositories []Repository `json:"repositories"`

	// refs are every reference and skip, uncapped, for Report.
	refs    []ref
	skipped []report.Skip
	files   int
}

// Resource is one resource across repositories.
type Resource struct {
	// Raw is the resource as the first report (by repository) gave it; Canonical its canonical form.
	Raw       string     `json:"resource"`
	Canonical string     `json:"canonical"`
	Kind      rules.Kind `json:"kind"`
	// Class is declared when a repository declares it, else historical when a repository's
	// history holds it, else unknown.
	Class rules.Class `json:"class"`
	// Level is the highest level of the references that count (not suppressed), or of the
	// reports that call it unknown when no repository references it.
	Level rules.Level `json:"level"`
	// Malicious is Page Shield's verdict in any report; PageShield the first observation.
	Malicious  bool               `json:"malicious"`
	PageShield *rules.Observation `json:"pageshield,omitempty"`
	// Presence is the resource's class in each repository whose report lists it; a repository
	// that is not a key did not look for it.
	Presence   map[string]rules.Class `json:"presence"`
	Declared   []Holding              `json:"declared"`
	Historical []Holding              `json:"historical"`
	// Unknown are the repositories that looked for it and found it nowhere.
	Unknown []string `json:"unknown"`
}

// Holding is where one repository references a resource.
type Holding struct {
	Repository string `json:"repository"`
	// References counts every reference; Locations lists the first MaxLocations, More the rest.
	References int        `json:"references"`
	Locations  []Location `json:"locations"`
	More       int        `json:"more,omitempty"`
}

// Location is one reference in a repository.
type Location struct {
	// Path is the repository-relative path, escaped for display.
	Path     string       `json:"path"`
	Line     int          `json:"line"`
	Column   int          `json:"column"`
	Rule     rules.RuleID `json:"rule"`
	Level    rules.Level  `json:"level"`
	Encoding string       `json:"encoding,omitempty"`
	// Commit and RemovedIn are the commits that brought and removed a reference of history.
	Commit     string `json:"commit,omitempty"`
	RemovedIn  string `json:"removedIn,omitempty"`
	Suppressed bool   `json:"suppressed,omitempty"`
}

// Repository is one repository's share of the view.
type Repository struct {
	Name string `json:"name"`
	// Reports are the files read for it (a tree and a history report may share a repository).
	Reports []string      `json:"reports"`
	Modes   []report.Mode `json:"modes"`
	// Declared, Historical and Unknown count the resources of each class in this repository.
	Declared   int `json:"declared"`
	Historical int `json:"historical"`
	Unknown    int `json:"unknown"`
	// References counts the references of every resource; Level is the highest that counts.
	References int         `json:"references"`
	Level      rules.Level `json:"level"`
	Files      int         `json:"files"`
	Skipped    int         `json:"skipped"`
	Incomplete string      `json:"incomplete,omitempty"`

	// skips are the files its reports skipped, their paths relative to the repository.
	skips []report.Skip
}

// ref is one finding of one repository.
type ref struct {
	repo string
	f    finding
}

// Merge combines the reports into one view. Reports that name the same repository are merged
// (a resource takes its strongest class: declared, then historical, then unknown). The same
// inputs in any order give the same view.
func Merge(inputs []*Input) *View {
	v := &View{Schema: report.SchemaVersion, Kind: Kind, Resources: []Resource{}, Repositories: []Repository{}}
	ins := slices.Clone(inputs)
	slices.SortStableFunc(ins, func(a, b *Input) int {
		return cmp.Or(strings.Compare(a.Repository, b.Repository), strings.Compare(a.Name, b.Name))
	})
	repos := map[string]*Repository{}
	byCanon := map[string]*Resource{}
	unknownLevel := map[string]rules.Level{}
	seenSkip := map[string]bool{}
	var incomplete []string
	for _, in := range ins {
		rp := repos[in.Repository]
		if rp == nil {
			rp = &Repository{Name: in.Repository, Reports: []string{}, Modes: []report.Mode{}}
			repos[in.Repository] = rp
		}
		rp.Reports = append(rp.Reports, report.Escape(in.Name))
		if !slices.Contains(rp.Modes, in.Mode) {
			rp.Modes = append(rp.Modes, in.Mode)
		}
		rp.Files += in.Files
		if in.Incomplete != "" {
			if rp.Incomplete != "" {
				rp.Incomplete += "; "
			}
			rp.Incomplete += in.Incomplete
			incomplete = append(incomplete, in.Repository)
		}
		for _, n := range in.Notes {
			v.Notes = append(v.Notes, in.Repository+": "+n)
		}
		v.files += in.Files
		for _, s := range in.skipped {
			k := in.Repository + "\x00" + s.Path + "\x00" + s.ID + "\x00" + string(s.Reason)
			if seenSkip[k] {
				continue // the same file, skipped by another report of the repository
			}
			seenSkip[k] = true
			rp.skips = append(rp.skips, s)
			rp.Skipped++
			s.Path = in.Repository + "/" + s.Path
			v.skipped = append(v.skipped, s)
		}
		for _, r := range in.resources {
			res := v.resource(byCanon, r.canonical, r.raw, r.kind)
			if c, ok := res.Presence[in.Repository]; !ok || better(r.class, c) {
				res.Presence[in.Repository] = r.class
			}
			if r.ps != nil {
				if res.PageShield == nil {
					res.PageShield = r.ps
				}
				res.Malicious = res.Malicious || r.ps.Malicious
			}
			if r.class == rules.Unknown {
				k := r.canonical + "\x00" + in.Repository
				unknownLevel[k] = max(unknownLevel[k], r.level)
			}
		}
		for _, f := range in.findings {
			if f.rule == rules.UnknownResource {
				continue // the resource's class says it
			}
			res := v.resource(byCanon, f.canonical, f.raw, 0)
			if c, ok := res.Presence[in.Repository]; !ok || better(f.class, c) {
				res.Presence[in.Repository] = f.class
			}
			v.refs = append(v.refs, ref{repo: in.Repository, f: f})
		}
	}
	if len(incomplete) > 0 {
		incomplete = slices.Compact(incomplete)
		v.Incomplete = fmt.Sprintf("%d of %d repositories were not fully scanned: %s", len(incomplete), len(repos), strings.Join(incomplete, ", "))
	}
	slices.SortStableFunc(v.refs, func(a, b ref) int {
		return cmp.Or(strings.Compare(a.repo, b.repo), strings.Compare(a.f.path, b.f.path),
			cmp.Compare(a.f.line, b.f.line), cmp.Compare(a.f.column, b.f.column), strings.Compare(string(a.f.rule), string(b.f.rule)),
			strings.Compare(a.f.canonical, b.f.canonical), strings.Compare(a.f.match, b.f.match), strings.Compare(a.f.encoding, b.f.encoding))
	})
	// Two reports of one repository (a tree and a history scan, or one report given twice) hold
	// the same reference: count it once, with the commit that a history report knows.
	kept := v.refs[:0]
	for _, r := range v.refs {
		if n := len(kept); n > 0 && sameRef(kept[n-1], r) {
			if kept[n-1].f.history == nil {
				kept[n-1].f.history = r.f.history
			}
			continue
		}
		kept = append(kept, r)
	}
	v.refs = kept
	holdings := map[string]*Holding{} // canonical, class, repository
	for _, r := range v.refs {
		res := byCanon[r.f.canonical]
		// A repository that declares a resource lists all its references under declared, even
		// those only its history holds (a tree and a history report of one repository).
		class := res.Presence[r.repo]
		k := r.f.canonical + "\x00" + class.String() + "\x00" + r.repo
		h := holdings[k]
		if h == nil {
			h = &Holding{Repository: r.repo, Locations: []Location{}}
			holdings[k] = h
		}
		h.References++
		if len(h.Locations) < MaxLocations {
			h.Locations = append(h.Locations, location(r.f))
		} else {
			h.More++
		}
		if r.f.suppressed == nil {
			res.Level = max(res.Level, r.f.level)
		}
		rp := repos[r.repo]
		rp.References++
	}
	for canon, res := range byCanon {
		for repo, class := range res.Presence {
			rp := repos[repo]
			switch class {
			case rules.Declared:
				rp.Declared++
				res.Declared = append(res.Declared, holding(holdings, canon, class, repo))
			case rules.Historical:
				rp.Historical++
				res.Historical = append(res.Historical, holding(holdings, canon, class, repo))
			case rules.Unknown:
				rp.Unknown++
				res.Unknown = append(res.Unknown, repo)
			}
			if res.Class == 0 || better(class, res.Class) {
				res.Class = class
			}
		}
		if res.Class == rules.Unknown || res.Class == 0 {
			res.Class = rules.Unknown
			for _, repo := range res.Unknown {
				res.Level = max(res.Level, unknownLevel[canon+"\x00"+repo])
			}
		}
		byRepo := func(a, b Holding) int { return strings.Compare(a.Repository, b.Repository) }
		slices.SortFunc(res.Declared, byRepo)
		slices.SortFunc(res.Historical, byRepo)
		slices.Sort(res.Unknown)
		v.Resources = append(v.Resources, *res)
	}
	// A repository's level: the highest that counts among its references, or of its unknown
	// resources that no repository references.
	for _, r := range v.refs {
		if r.f.suppressed == nil {
			rp := repos[r.repo]
			rp.Level = max(rp.Level, r.f.level)
		}
	}
	for _, res := range v.Resources {
		if res.Class == rules.Unknown {
			for _, repo := range res.Unknown {
				rp := repos[repo]
				rp.Level = max(rp.Level, unknownLevel[res.Canonical+"\x00"+repo])
			}
		}
	}
	slices.SortFunc(v.Resources, func(a, b Resource) int {
		return cmp.Or(cmp.Compare(b.Level, a.Level), report.CompareBool(b.Malicious, a.Malicious), strings.Compare(a.Canonical, b.Canonical))
	})
	for _, rp := range repos {
		v.Repositories = append(v.Repositories, *rp)
	}
	slices.SortFunc(v.Repositories, func(a, b Repository) int { return strings.Compare(a.Name, b.Name) })
	return v
}

func (v *View) resource(byCanon map[string]*Resource, canonical, raw string, kind rules.Kind) *Resource {
	res := byCanon[canonical]
	if res == nil {
		res = &Resource{Raw: raw, Canonical: canonical, Kind: kind, Presence: map[string]rules.Class{},
			Declared: []Holding{}, Historical: []Holding{}, Unknown: []string{}}
		byCanon[canonical] = res
	}
	if res.Kind == 0 {
		res.Kind = kind
	}
	return res
}

func holding(holdings map[string]*Holding, canon string, class rules.Class, repo string) Holding {
	if h := holdings[canon+"\x00"+class.String()+"\x00"+repo]; h != nil {
		return *h
	}
	// The report lists the resource under this class, without a finding for it.
	return Holding{Repository: repo, Locations: []Location{}}
}

func location(f finding) Location {
	l := Location{Path: report.Escape(f.path), Line: f.line, Column: f.column, Rule: f.rule, Level: f.level, Suppressed: f.suppressed != nil}
	if f.encoding != "plain" {
		l.Encoding = f.encoding
	}
	if h := f.history; h != nil {
		l.Commit, l.RemovedIn = h.Commit, h.RemovedIn
	}
	return l
}

// better reports whether class a says more than b: declared, then historical, then unknown.
func better(a, b rules.Class) bool { return a != 0 && (b == 0 || a < b) }

// MaxLevel is the highest level of any resource: the level the command's --fail-on compares.
func (v *View) MaxLevel() rules.Level {
	top := rules.None
	for _, r := range v.Resources {
		top = max(top, r.Level)
	}
	return top
}

// Fails reports whether a resource is at or above failOn (rules.None: never).
func (v *View) Fails(failOn rules.Level) bool {
	return failOn != rules.None && v.MaxLevel() >= failOn
}

// Count returns how many resources have class c across the repositories.
func (v *View) Count(c rules.Class) int {
	n := 0
	for _, r := range v.Resources {
		if r.Class == c {
			n++
		}
	}
	return n
}

// skipLines are a repository's skipped files as people read them ("path: reason (detail)"), at
// most MaxLocations, then how many more.
func (rp Repository) skipLines() []string {
	var out []string
	for i, s := range rp.skips {
		if i == MaxLocations {
			out = append(out, fmt.Sprintf("… and %d more", len(rp.skips)-i))
			break
		}
		out = append(out, s.String())
	}
	return out
}

// SkippedFiles counts the files that the reports of every repository skipped.
func (v *View) SkippedFiles() int { return len(v.skipped) }

// sameRef reports whether a and b are one reference of one repository.
func sameRef(a, b ref) bool {
	return a.repo == b.repo && a.f.path == b.f.path && a.f.line == b.f.line && a.f.column == b.f.column &&
		a.f.rule == b.f.rule && a.f.canonical == b.f.canonical && a.f.match == b.f.match && a.f.encoding == b.f.encoding
}
