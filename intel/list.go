package intel

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shieldscan/shieldscan/rules"
)

// maxListSize bounds an intel file.
const maxListSize = 64 << 20

// Entry is one known-bad host, IP address or URL of an intel file.
type Entry struct {
	// Value is the canonical host ("evil.example", "*.evil.example" for a wildcard), IP address
	// or URL.
	Value string
	// Category is the file's category for it ("" when none).
	Category string
	// Line is the 1-based line that named it (the indicator's line in a STIX bundle).
	Line int
	// URL is set when the entry is a URL: the URL is bad, its host not necessarily.
	URL bool
	// File is the intel file that lists it (the List's Name, or another's after Merge).
	File string
}

// List is a local intel file: known-bad hosts and IP addresses.
type List struct {
	// Name is the file's name, used in errors and as Verdict.Source.
	Name string
	// Notes say what was skipped (STIX indicators with patterns shieldscan cannot use, revoked
	// or expired ones); the CLI may show them.
	Notes []string

	hosts     map[string]*Entry // exact host, and apex of "*.": subdomains of a listed host match
	wildcards map[string]*Entry // "*.example.com": subdomains only
	ips       map[netip.Addr]*Entry
	urls      map[string][]*Entry // by host
}

// ListError is a malformed line of an intel file.
type ListError struct {
	Name   string
	Line   int
	Reason string
}

func (e *ListError) Error() string { return fmt.Sprintf("%s:%d: %s", e.Name, e.Line, e.Reason) }

// Is makes a ListError match rules.ErrInvalid, which the CLI maps to a usage error.
func (e *ListError) Is(target error) bool { return target == rules.ErrInvalid }

// ReadFile reads an intel file: a plain list or a STIX 2.1 bundle (see Read).
func ReadFile(name string) (*List, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("reading intel file: %w", err)
	}
	defer f.Close()
	return Read(f, name)
}

// Read reads an intel file from r; name is used in errors. A file that starts with "{" is a
// STIX 2.1 bundle, whose indicators with [domain-name:value = '…'], [ipv4-addr:value = '…'],
// [ipv6-addr:value = '…'] and [url:value = '…'] patterns become entries. Anything else is a
// list: one host, IP address or URL per line (defanged spellings are fine), "#" comments and
// blank lines ignored, and an optional category after a tab or a comma:
//
//	# our feed
//	evil.example	Skimmer
//	203.0.113.7,C2
//	*.bad.example
//
// A malformed line stops the reading with a ListError ("feed.txt:3: …").
func Read(r io.Reader, name string) (*List, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxListSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading intel file %q: %w", name, err)
	}
	if len(data) > maxListSize {
		return nil, &ListError{Name: name, Line: 1, Reason: fmt.Sprintf("larger than %d MiB", maxListSize>>20)}
	}
	l := newList(name)
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if t := bytes.TrimLeftFunc(data, unicode.IsSpace); len(t) > 0 && t[0] == '{' {
		return l, l.readSTIX(data)
	}
	return l, l.readLines(data)
}

func newList(name string) *List {
	return &List{Name: name, hosts: map[string]*Entry{}, wildcards: map[string]*Entry{}, ips: map[netip.Addr]*Entry{}, urls: map[string][]*Entry{}}
}

func (l *List) readLines(data []byte) error {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if !utf8.ValidString(text) {
			return &ListError{l.Name, line, "not UTF-8 text"}
		}
		if i := commentStart(text); i >= 0 {
			text = text[:i]
		}
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		value, category := text, ""
		if i := strings.IndexAny(text, "\t,"); i >= 0 {
			value, category = strings.TrimSpace(text[:i]), strings.TrimSpace(text[i+1:])
		}
		if value == "" {
			return &ListError{l.Name, line, "no host before the category"}
		}
		if strings.ContainsFunc(value, unicode.IsSpace) {
			return &ListError{l.Name, line, fmt.Sprintf("%q has white space in it: write one host per line, and put a category after a tab or a comma", value)}
		}
		if strings.ContainsFunc(category, unicode.IsControl) {
			return &ListError{l.Name, line, fmt.Sprintf("category %q has control characters", category)}
		}
		if err := l.add(value, category, line); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return &ListError{l.Name, line + 1, "line longer than 1 MiB"}
		}
		return fmt.Errorf("reading intel file %q: %w", l.Name, err)
	}
	return nil
}

// commentStart is the index of a "#" that starts a comment: at the start of the line or after
// white space (a URL's fragment is not a comment), or -1.
func commentStart(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '#' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t') {
			return i
		}
	}
	return -1
}

// add parses one value and files it.
func (l *List) add(value, category string, line int) error {
	r, err := rules.Parse(value, rules.Origin{File: l.Name, Line: line})
	if err != nil {
		var ie *rules.InvalidError
		if errors.As(err, &ie) {
			return &ListError{l.Name, line, fmt.Sprintf("invalid entry %q: %s", value, ie.Reason)}
		}
		return &ListError{l.Name, line, err.Error()}
	}
	e := &Entry{Category: category, Line: line, File: l.Name}
	switch {
	case r.Kind == rules.URL:
		e.Value, e.URL = r.Canonical, true
		h := r.Host
		if r.Addr.IsValid() {
			h = r.Addr.Unmap().String()
		}
		l.urls[h] = append(l.urls[h], e)
	case r.Addr.IsValid():
		e.Value = r.Addr.Unmap().String()
		if l.ips[r.Addr.Unmap()] == nil {
			l.ips[r.Addr.Unmap()] = e
		}
	case r.Kind == rules.Wildcard:
		e.Value = "*." + r.Host
		if l.wildcards[r.Host] == nil {
			l.wildcards[r.Host] = e
		}
	default:
		e.Value = r.Host
		if l.hosts[r.Host] == nil {
			l.hosts[r.Host] = e
		}
	}
	return nil
}

// Len is the number of entries.
func (l *List) Len() int {
	n := len(l.hosts) + len(l.wildcards) + len(l.ips)
	for _, u := range l.urls {
		n += len(u)
	}
	return n
}

// Match finds the entry that lists host: the host itself or a parent domain (a listed domain
// covers its subdomains, as everywhere in shieldscan), a wildcard, or the IP address.
func (l *List) Match(host string) (*Entry, bool) {
	if l == nil {
		return nil, false
	}
	if a, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		e := l.ips[a.Unmap().WithZone("")]
		return e, e != nil
	}
	h := normalHost(host)
	if e := l.hosts[h]; e != nil {
		return e, true
	}
	for i := strings.IndexByte(h, '.'); i >= 0; i = strings.IndexByte(h, '.') {
		h = h[i+1:]
		if e := l.hosts[h]; e != nil {
			return e, true
		}
		if e := l.wildcards[h]; e != nil {
			return e, true
		}
	}
	return nil, false
}

// URLs are the listed URLs on host, in file order.
func (l *List) URLs(host string) []Entry {
	if l == nil {
		return nil
	}
	h := normalHost(strings.Trim(host, "[]"))
	if a, err := netip.ParseAddr(h); err == nil {
		h = a.Unmap().String()
	}
	var out []Entry
	for _, e := range l.urls[h] {
		out = append(out, *e)
	}
	return out
}

// Verdict is the list's verdict on host: malicious when listed; unknown (Source "") otherwise.
// A host that only has listed URLs is known, not malicious: the URLs are the IOC, not the host.
func (l *List) Verdict(host string) Verdict {
	v := Verdict{Host: host}
	if e, ok := l.Match(host); ok {
		v.Known, v.Malicious, v.Source = true, true, e.File
		why := fmt.Sprintf("listed in %s:%d as %s", e.File, e.Line, e.Value)
		if e.Category != "" {
			why += " (" + e.Category + ")"
			v.Categories = []string{e.Category}
		}
		v.Reasons = []string{why}
		return v
	}
	if urls := l.URLs(host); len(urls) > 0 {
		v.Known, v.Source = true, urls[0].File
		for _, e := range urls {
			v.Reasons = append(v.Reasons, fmt.Sprintf("%s:%d lists the URL %s on this host", e.File, e.Line, e.Value))
			if e.Category != "" && !contains(v.Categories, e.Category) {
				v.Categories = append(v.Categories, e.Category)
			}
		}
	}
	return v
}

func contains(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

// STIX 2.1 (OASIS, stix-v2.1-os): a bundle is {"type": "bundle", "objects": [...]}; an
// indicator has "pattern", "pattern_type" ("stix"), optional "indicator_types", "name",
// "revoked" and "valid_until".
type stixObject struct {
	Type           string   `json:"type"`
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	Pattern        string   `json:"pattern"`
	PatternType    string   `json:"pattern_type"`
	IndicatorTypes []string `json:"indicator_types"`
	Labels         []string `json:"labels"` // STIX 2.0
	Revoked        bool     `json:"revoked"`
	ValidUntil     string   `json:"valid_until"`
}

func (l *List) readSTIX(data []byte) error {
	var top struct {
		stixObject
		Objects []json.RawMessage `json:"objects"`
	}
	if err := json.Unmarshal(data, &top); err != nil {
		line := 1
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line += bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		case errors.As(err, &te):
			line += bytes.Count(data[:min(int(te.Offset), len(data))], []byte("\n"))
		}
		return &ListError{l.Name, line, "not a STIX 2.1 bundle: " + strings.TrimPrefix(err.Error(), "json: ")}
	}
	var objs []json.RawMessage
	switch top.Type {
	case "bundle":
		objs = top.Objects
	case "indicator":
		objs = []json.RawMessage{data}
	default:
		return &ListError{l.Name, 1, fmt.Sprintf("not a STIX 2.1 bundle: type %q, want \"bundle\"", top.Type)}
	}
	// each object's line, for notes, errors and entries: where its text starts in data (the
	// objects come in order, so each search starts where the last one ended)
	pos, line := 0, 1
	for _, raw := range objs {
		if i := bytes.Index(data[pos:], raw); i >= 0 {
			line += bytes.Count(data[pos:pos+i], []byte("\n"))
			pos += i
		}
		var o stixObject
		if err := json.Unmarshal(raw, &o); err != nil || o.Type != "indicator" {
			continue // not an indicator (identity, malware, relationship…), or not an object
		}
		id := o.ID
		if id == "" {
			id = "indicator"
		}
		switch {
		case o.Revoked:
			l.Notes = append(l.Notes, fmt.Sprintf("%s:%d: %s is revoked: skipped", l.Name, line, id))
			continue
		case o.PatternType != "" && o.PatternType != "stix":
			l.Notes = append(l.Notes, fmt.Sprintf("%s:%d: %s has a %q pattern: skipped", l.Name, line, id, o.PatternType))
			continue
		}
		if t, err := time.Parse(time.RFC3339, o.ValidUntil); err == nil && t.Before(time.Now()) {
			l.Notes = append(l.Notes, fmt.Sprintf("%s:%d: %s expired on %s: skipped", l.Name, line, id, o.ValidUntil))
			continue
		}
		values, err := stixValues(o.Pattern)
		if err != nil {
			l.Notes = append(l.Notes, fmt.Sprintf("%s:%d: %s: %v: skipped", l.Name, line, id, err))
			continue
		}
		category := strings.Join(o.IndicatorTypes, ", ")
		if category == "" {
			category = strings.Join(o.Labels, ", ")
		}
		for _, v := range values {
			if err := l.add(v, category, line); err != nil {
				var le *ListError
				if errors.As(err, &le) {
					le.Reason = id + ": " + le.Reason
				}
				return err
			}
		}
	}
	return nil
}

// stixObjects are the observable properties that name a host, an address or a URL.
var stixObjects = map[string]bool{"domain-name:value": true, "ipv4-addr:value": true, "ipv6-addr:value": true, "url:value": true}

// stixValues reads the values of a STIX pattern made of equality comparisons on stixObjects,
// joined by OR, in one or more observation expressions joined by OR:
// "[domain-name:value = 'a.example' OR domain-name:value = 'b.example'] OR [url:value = '…']".
// Anything else (AND, other operators or objects, qualifiers) is an error: taking a part of an
// AND for a whole indicator would call innocent hosts malicious.
func stixValues(p string) ([]string, error) {
	var values []string
	s := strings.TrimSpace(p)
	if s == "" {
		return nil, errors.New("no pattern")
	}
	expectObs := true
	for s != "" {
		if !expectObs {
			rest, ok := cutKeyword(s, "OR")
			if !ok {
				return nil, fmt.Errorf("pattern %q: only OR may join observations", trunc(p))
			}
			s, expectObs = rest, true
			continue
		}
		if s[0] != '[' {
			return nil, fmt.Errorf("pattern %q: want '['", trunc(p))
		}
		s = strings.TrimSpace(s[1:])
		for {
			prop, rest, ok := cutProperty(s)
			if !ok || !stixObjects[prop] {
				return nil, fmt.Errorf("pattern %q: only domain-name, ipv4-addr, ipv6-addr and url values are used", trunc(p))
			}
			rest = strings.TrimSpace(rest)
			if !strings.HasPrefix(rest, "=") {
				return nil, fmt.Errorf("pattern %q: only '=' comparisons are used", trunc(p))
			}
			v, rest, err := stixString(strings.TrimSpace(rest[1:]))
			if err != nil {
				return nil, fmt.Errorf("pattern %q: %v", trunc(p), err)
			}
			values = append(values, v)
			rest = strings.TrimSpace(rest)
			if strings.HasPrefix(rest, "]") {
				s = strings.TrimSpace(rest[1:])
				break
			}
			r2, ok := cutKeyword(rest, "OR")
			if !ok {
				return nil, fmt.Errorf("pattern %q: only OR may join comparisons", trunc(p))
			}
			s = r2
		}
		expectObs = false
	}
	if expectObs {
		return nil, fmt.Errorf("pattern %q: ends after OR", trunc(p))
	}
	return values, nil
}

func trunc(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// cutKeyword cuts a keyword (case-sensitive, as STIX writes it) and the space after it.
func cutKeyword(s, kw string) (string, bool) {
	if s == kw {
		return "", true
	}
	if !strings.HasPrefix(s, kw) || (s[len(kw)] != ' ' && s[len(kw)] != '\t' && s[len(kw)] != '[' && s[len(kw)] != '\n') {
		return s, false
	}
	return strings.TrimSpace(s[len(kw):]), true
}

// cutProperty cuts "object-type:property" at the start of s.
func cutProperty(s string) (prop, rest string, ok bool) {
	i := strings.IndexFunc(s, func(r rune) bool {
		return !(r == '-' || r == ':' || r == '_' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r))
	})
	if i <= 0 {
		return "", s, false
	}
	return s[:i], s[i:], true
}

// stixString reads a quoted STIX string literal ('…', with \' and \\ escapes).
func stixString(s string) (value, rest string, err error) {
	if !strings.HasPrefix(s, "'") {
		return "", s, errors.New("want a quoted string")
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 < len(s) && (s[i+1] == '\'' || s[i+1] == '\\') {
				b.WriteByte(s[i+1])
				i++
				continue
			}
			return "", s, errors.New("bad escape in string")
		case '\'':
			return b.String(), s[i+1:], nil
		}
		b.WriteByte(s[i])
	}
	return "", s, errors.New("unterminated string")
}

// Merge adds o's entries and notes to l (several --intel-file): an entry that l already has
// stays l's.
func (l *List) Merge(o *List) {
	for k, e := range o.hosts {
		if l.hosts[k] == nil {
			l.hosts[k] = e
		}
	}
	for k, e := range o.wildcards {
		if l.wildcards[k] == nil {
			l.wildcards[k] = e
		}
	}
	for k, e := range o.ips {
		if l.ips[k] == nil {
			l.ips[k] = e
		}
	}
	for k, es := range o.urls {
		l.urls[k] = append(l.urls[k], es...)
	}
	l.Notes = append(l.Notes, o.Notes...)
}

// Entries are every entry, sorted by line then value (for tests and listings).
func (l *List) Entries() []Entry {
	var out []Entry
	for _, e := range l.hosts {
		out = append(out, *e)
	}
	for _, e := range l.wildcards {
		out = append(out, *e)
	}
	for _, e := range l.ips {
		out = append(out, *e)
	}
	for _, es := range l.urls {
		for _, e := range es {
			out = append(out, *e)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Value < out[j].Value
	})
	return out
}
