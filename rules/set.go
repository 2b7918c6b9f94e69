package rules

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Set is the resources of one scan, each once: a resource named twice (in two spellings that
// share a canonical form, or in a flag and a file) is one resource.
type Set struct {
	byCanonical map[string]*Resource
}

// NewSet returns an empty set.
func NewSet() *Set { return &Set{byCanonical: map[string]*Resource{}} }

// Add adds r unless a resource with the same canonical form is there already; it returns the
// resource that stays in the set. Page Shield data and an in-repository origin that the first
// one lacked are kept.
func (s *Set) Add(r *Resource) *Resource {
	if old, ok := s.byCanonical[r.Canonical]; ok {
		if old.PageShield == nil {
			old.PageShield = r.PageShield
		}
		// A finding about it can point at a line in the repository only if one named it there.
		if old.Origin.Anchor == "" && r.Origin.Anchor != "" {
			old.Origin = r.Origin
		}
		return old
	}
	s.byCanonical[r.Canonical] = r
	return r
}

// Len is the number of resources.
func (s *Set) Len() int { return len(s.byCanonical) }

// All returns the resources sorted by canonical form.
func (s *Set) All() []*Resource {
	out := make([]*Resource, 0, len(s.byCanonical))
	for _, r := range s.byCanonical {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *Resource) int { return strings.Compare(a.Canonical, b.Canonical) })
	return out
}

// ReadList reads a plain list: one resource per line, '#' comments and blank lines ignored.
// name is used in errors and origins ("resources.txt:12: invalid resource …").
func ReadList(r io.Reader, name string) ([]*Resource, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	var out []*Resource
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if line == 1 {
			text = strings.TrimPrefix(text, "\uFEFF")
		}
		if i := strings.Index(text, "#"); i >= 0 && (i == 0 || text[i-1] == ' ' || text[i-1] == '\t') {
			text = text[:i]
		}
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		res, err := Parse(text, Origin{File: name, Line: line})
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	return out, nil
}
