// Package config reads .shieldscan.yml, the scan settings a repository keeps beside its code.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"go.yaml.in/yaml/v3"

	"github.com/shieldscan/shieldscan/rules"
)

// Names are the file names Find looks for, in order of preference.
var Names = []string{".shieldscan.yml", ".shieldscan.yaml"}

// Version is the only configuration version this package reads.
const Version = 1

// Config is one parsed configuration file. A zero field means the file did not set it; the
// command line overrides whatever the file sets.
type Config struct {
	// Path is the file it was read from, as given to Load or Parse.
	Path string
	// Version is the file's "version:", or Version when it has none.
	Version int
	// Resources are the alerted resources listed in the file; each Origin points at its line.
	Resources []*rules.Resource
	// ResourcesFiles are further resource lists, resolved against the file's directory.
	ResourcesFiles []ResourcesFile
	// Include and Exclude are doublestar globs on slash paths, already validated.
	Include, Exclude []string
	// FailOn is the level that fails the scan: error, warning, note or never ("" when unset).
	FailOn string
	// MaxFileSize is the size in bytes above which files are skipped (0 when unset).
	MaxFileSize int64
	History     History
	// SiteHosts are the site's own hostnames in canonical form ("*.shop.example" allowed).
	SiteHosts []string
	// Ignore lists reviewed findings by fingerprint, each with the reason it may stay quiet.
	Ignore []Ignore
	// CloudflareAccount is the account ID whose Intel the lookups of --investigate use (32
	// hexadecimal digits; "" when unset).
	CloudflareAccount string

	ignored map[string]int // fingerprint → index in Ignore
}

// ResourcesFile is one entry of "resources-files:".
type ResourcesFile struct {
	// Path is the entry resolved against the configuration file's directory.
	Path string
	// Line is where the configuration file names it.
	Line int
}

// History holds the "history:" settings.
type History struct {
	// Enabled scans every blob of the refs instead of the working tree.
	Enabled bool
	// Refs narrows the history to these refs (all refs when empty).
	Refs []string
	// RefLines are Refs, in the same order, each with the line that names it: an error about a
	// ref (one the repository does not have) can then point there.
	RefLines []Ref
	// AllowShallow scans a shallow clone instead of refusing it.
	AllowShallow bool
}

// Ref is one entry of "history: refs:", and where the configuration file names it.
type Ref struct {
	Name string
	// File and Line are the configuration file and the 1-based line of the entry.
	File string
	Line int
}

// Wrap returns err as a mistake at r's line, ".shieldscan.yml:7: refs: \"main\": <err>". The
// result matches ErrInvalid and unwraps to err.
func (r Ref) Wrap(err error) error {
	return &Error{File: r.File, Line: r.Line, Msg: fmt.Sprintf("refs: %q: %v", r.Name, err), Err: err}
}

// Ignore is one reviewed finding that the scan reports as suppressed rather than failing on.
type Ignore struct {
	Fingerprint string
	Reason      string
	// Line is where the entry starts in the configuration file.
	Line int
}

// IgnoreFor returns the ignore entry for a finding's fingerprint, if the file lists it.
func (c *Config) IgnoreFor(fingerprint string) (Ignore, bool) {
	if c == nil {
		return Ignore{}, false
	}
	i, ok := c.ignored[fingerprint]
	if !ok {
		return Ignore{}, false
	}
	return c.Ignore[i], true
}

// Find returns the configuration file in root: .shieldscan.yml, else .shieldscan.yaml.
func Find(root string) (path string, ok bool) {
	for _, name := range Names {
		p := filepath.Join(root, name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p, true
		}
	}
	return "", false
}

// Load reads and parses the configuration file at path, and checks that the resources files
// it names exist.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("reading config %q: %w", path, err)
	}
	c, err := Parse(path, data)
	if err != nil {
		return nil, err
	}
	for _, f := range c.ResourcesFiles {
		fi, err := os.Stat(f.Path)
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, &Error{File: path, Line: f.Line, Msg: fmt.Sprintf("resources file %q: %v", f.Path, err), Err: err}
		}
		if fi.IsDir() {
			return nil, &Error{File: path, Line: f.Line, Msg: fmt.Sprintf("resources file %q is a directory", f.Path)}
		}
	}
	return c, nil
}

// ErrInvalid is wrapped by every error about the file's content.
var ErrInvalid = errors.New("invalid configuration")

// Error is a mistake in a configuration file, at a line.
type Error struct {
	File string
	Line int
	Msg  string
	// Err is the underlying cause, if any (a resource's parse error, a missing file).
	Err error
}

func (e *Error) Error() string { return e.File + ":" + strconv.Itoa(e.Line) + ": " + e.Msg }

// Is makes every Error match ErrInvalid.
func (e *Error) Is(target error) bool { return target == ErrInvalid }

func (e *Error) Unwrap() error { return e.Err }

// Parse reads a configuration from data; name is used in errors and as the base of relative
// paths. It does not touch the file system.
func Parse(name string, data []byte) (*Config, error) {
	p := &parser{name: name, c: &Config{Path: name, Version: Version}}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return p.c, nil // an empty file sets nothing
		}
		return nil, p.yamlError(err)
	}
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		if err != nil {
			return nil, p.yamlError(err)
		}
		return nil, p.errorf(&next, "a second YAML document: the config is one document")
	}
	if err := p.file(&doc); err != nil {
		return nil, err
	}
	return p.c, nil
}

type parser struct {
	name string
	c    *Config
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) error {
	return &Error{File: p.name, Line: max(n.Line, 1), Msg: fmt.Sprintf(format, args...)}
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError rewrites the YAML library's "yaml: line 3: msg" as "name:3: msg".
func (p *parser) yamlError(err error) error {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{File: p.name, Line: line, Msg: m[2]}
	}
	// A few problems (an unknown anchor) come without a line: report them at the top.
	return &Error{File: p.name, Line: 1, Msg: strings.TrimPrefix(msg, "yaml: ")}
}

// resolve follows aliases to the node they stand for.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "nothing"
		case "!!bool":
			return "a boolean"
		case "!!int", "!!float":
			return "a number"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "an alias"
}

// field is one key of a mapping and the function that reads its value.
type field struct {
	key  string
	read func(key, val *yaml.Node) error
}

// mapping reads the pairs of n with the fields given; where names the mapping in errors ("" for
// the top level).
func (p *parser) mapping(n *yaml.Node, where string, fields []field) error {
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			return p.errorf(k, "a key must be a plain name, not %s", describe(k))
		}
		if k.ShortTag() == "!!merge" {
			return p.errorf(k, "merge keys (<<) are not supported")
		}
		if line, ok := seen[k.Value]; ok {
			return p.errorf(k, "key %q%s repeated (first at line %d)", k.Value, in(where), line)
		}
		seen[k.Value] = k.Line
		var f *field
		for j := range fields {
			if fields[j].key == k.Value {
				f = &fields[j]
			}
		}
		if f == nil {
			var names []string
			for _, f := range fields {
				names = append(names, f.key)
			}
			msg := fmt.Sprintf("unknown key %q%s", k.Value, in(where))
			if s := suggest(k.Value, names); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			return p.errorf(k, "%s", msg)
		}
		if err := f.read(k, v); err != nil {
			return err
		}
	}
	return nil
}

func in(where string) string {
	if where == "" {
		return ""
	}
	return " in " + where
}

func (p *parser) file(doc *yaml.Node) error {
	root := doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return nil
		}
		root = resolve(root.Content[0])
	}
	if isNull(root) {
		return nil
	}
	if root.Kind != yaml.MappingNode {
		return p.errorf(root, "the config must be a mapping of keys (version, resources, …), not %s", describe(root))
	}
	c := p.c
	return p.mapping(root, "", []field{
		{"version", func(k, v *yaml.Node) error {
			if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!int" || v.Value != strconv.Itoa(Version) {
				got := describe(v)
				if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!int" {
					got = v.Value
				}
				return p.errorf(v, "version %s: this shieldscan reads version %d", got, Version)
			}
			return nil
		}},
		{"resources", func(k, v *yaml.Node) error {
			return p.strings(k, v, func(s string, n *yaml.Node) error {
				r, err := rules.Parse(s, rules.Origin{File: p.name, Line: n.Line})
				if err != nil {
					var ie *rules.InvalidError
					if errors.As(err, &ie) {
						return &Error{File: p.name, Line: n.Line, Msg: fmt.Sprintf("invalid resource %q: %s", s, ie.Reason), Err: err}
					}
					return &Error{File: p.name, Line: n.Line, Msg: err.Error(), Err: err}
				}
				c.Resources = append(c.Resources, r)
				return nil
			})
		}},
		{"resources-files", func(k, v *yaml.Node) error {
			dir := filepath.Dir(p.name)
			return p.strings(k, v, func(s string, n *yaml.Node) error {
				path := filepath.FromSlash(s)
				if !filepath.IsAbs(path) {
					path = filepath.Join(dir, path)
				}
				c.ResourcesFiles = append(c.ResourcesFiles, ResourcesFile{Path: path, Line: n.Line})
				return nil
			})
		}},
		{"include", func(k, v *yaml.Node) error { return p.globs(k, v, &c.Include) }},
		{"exclude", func(k, v *yaml.Node) error { return p.globs(k, v, &c.Exclude) }},
		{"fail-on", func(k, v *yaml.Node) error {
			if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!str" {
				return p.errorf(v, "fail-on: want error, warning, note or never, not %s", describe(v))
			}
			if _, err := rules.ParseLevel(v.Value); err != nil {
				return p.errorf(v, "fail-on: %v", err)
			}
			c.FailOn = strings.ToLower(v.Value)
			return nil
		}},
		{"max-file-size", func(k, v *yaml.Node) error {
			n, err := parseSize(v)
			if err != nil {
				return p.errorf(v, "max-file-size: %v", err)
			}
			c.MaxFileSize = n
			return nil
		}},
		{"history", func(k, v *yaml.Node) error {
			if isNull(v) {
				return nil
			}
			if v.Kind != yaml.MappingNode {
				return p.errorf(v, "history: want a mapping (enabled, refs, allow-shallow), not %s", describe(v))
			}
			return p.mapping(v, "history", []field{
				{"enabled", func(k, v *yaml.Node) error { return p.bool(k, v, &c.History.Enabled) }},
				{"allow-shallow", func(k, v *yaml.Node) error { return p.bool(k, v, &c.History.AllowShallow) }},
				{"refs", func(k, v *yaml.Node) error {
					return p.strings(k, v, func(s string, n *yaml.Node) error {
						if why := badRef(s); why != "" {
							return p.errorf(n, "refs: %q is not a git ref name: %s", s, why)
						}
						c.History.Refs = append(c.History.Refs, s)
						c.History.RefLines = append(c.History.RefLines, Ref{Name: s, File: p.name, Line: n.Line})
						return nil
					})
				}},
			})
		}},
		{"site-hosts", func(k, v *yaml.Node) error {
			return p.strings(k, v, func(s string, n *yaml.Node) error {
				wild := strings.HasPrefix(s, "*.")
				h, _, reason := rules.CanonicalHost(strings.TrimPrefix(s, "*."))
				if reason != "" {
					return p.errorf(n, "site-hosts: %q: %s", s, reason)
				}
				if wild {
					h = "*." + h
				}
				c.SiteHosts = append(c.SiteHosts, h)
				return nil
			})
		}},
		{"ignore", func(k, v *yaml.Node) error { return p.ignores(v) }},
		{"cloudflare-account", func(k, v *yaml.Node) error {
			if v.Kind != yaml.ScalarNode || !accountID.MatchString(v.Value) { // all digits reads as a number: the text counts
				return p.errorf(v, "cloudflare-account: want the account ID, 32 hexadecimal digits (the dashboard's Account ID), not %s", describe(v))
			}
			c.CloudflareAccount = strings.ToLower(v.Value)
			return nil
		}},
	})
}

var accountID = regexp.MustCompile(`^[0-9a-fA-F]{32}$`)

// badRef says why s cannot be a ref name or commit (git check-ref-format, and no revision
// syntax such as main~2), or returns "".
func badRef(s string) string {
	switch {
	case strings.HasPrefix(s, "-"):
		return "it starts with '-'"
	case strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return "it contains a control character"
	case strings.ContainsAny(s, " \t~^:?*[\\"):
		return "it contains one of space ~ ^ : ? * [ \\"
	case strings.Contains(s, ".."):
		return "it contains \"..\""
	case strings.Contains(s, "@{") || s == "@":
		return "it contains \"@{\""
	case strings.Contains(s, "//") || strings.HasPrefix(s, "/") || strings.HasSuffix(s, "/"):
		return "it has an empty path component"
	case strings.HasSuffix(s, ".") || strings.HasSuffix(s, ".lock"):
		return "it ends with \".\" or \".lock\""
	}
	for c := range strings.SplitSeq(s, "/") {
		if strings.HasPrefix(c, ".") {
			return "a component starts with \".\""
		}
	}
	return ""
}

// strings reads a list of non-empty strings (a single string counts as a list of one).
func (p *parser) strings(k, v *yaml.Node, each func(s string, n *yaml.Node) error) error {
	if isNull(v) {
		return nil
	}
	items := []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		items = v.Content
	}
	for _, it := range items {
		it = resolve(it)
		if it.Kind != yaml.ScalarNode || isNull(it) {
			return p.errorf(it, "%s: want a list of strings, not %s", k.Value, describe(it))
		}
		s := strings.TrimSpace(it.Value)
		if s == "" {
			return p.errorf(it, "%s: empty entry", k.Value)
		}
		if err := each(s, it); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) globs(k, v *yaml.Node, dst *[]string) error {
	return p.strings(k, v, func(s string, n *yaml.Node) error {
		if !doublestar.ValidatePattern(s) {
			return p.errorf(n, "%s: invalid glob %q: see https://github.com/bmatcuk/doublestar#patterns", k.Value, s)
		}
		*dst = append(*dst, s)
		return nil
	})
}

func (p *parser) bool(k, v *yaml.Node, dst *bool) error {
	if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!bool" {
		return p.errorf(v, "%s: want true or false, not %s", k.Value, describe(v))
	}
	b, err := strconv.ParseBool(strings.ToLower(v.Value))
	if err != nil {
		return p.errorf(v, "%s: want true or false, not %s", k.Value, describe(v))
	}
	*dst = b
	return nil
}

func (p *parser) ignores(v *yaml.Node) error {
	if isNull(v) {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		return p.errorf(v, "ignore: want a list of {fingerprint, reason}, not %s", describe(v))
	}
	c := p.c
	for _, it := range v.Content {
		it = resolve(it)
		if it.Kind != yaml.MappingNode {
			return p.errorf(it, "ignore: want an entry {fingerprint: …, reason: …}, not %s", describe(it))
		}
		ig := Ignore{Line: it.Line}
		str := func(dst *string) func(k, v *yaml.Node) error {
			return func(k, v *yaml.Node) error {
				if v.Kind != yaml.ScalarNode || isNull(v) {
					return p.errorf(v, "ignore: %s: want a string, not %s", k.Value, describe(v))
				}
				*dst = strings.TrimSpace(v.Value)
				return nil
			}
		}
		if err := p.mapping(it, "ignore entry", []field{
			{"fingerprint", str(&ig.Fingerprint)},
			{"reason", str(&ig.Reason)},
		}); err != nil {
			return err
		}
		switch {
		case ig.Fingerprint == "":
			return p.errorf(it, "ignore: entry without a fingerprint (copy it from the finding in the JSON or SARIF report)")
		case strings.ContainsAny(ig.Fingerprint, " \t\r\n"):
			return p.errorf(it, "ignore: fingerprint %q contains white space", ig.Fingerprint)
		case ig.Reason == "":
			return p.errorf(it, "ignore: fingerprint %q needs a reason: say who reviewed it and why it may stay", ig.Fingerprint)
		}
		if c.ignored == nil {
			c.ignored = map[string]int{}
		}
		if j, ok := c.ignored[ig.Fingerprint]; ok {
			return p.errorf(it, "ignore: fingerprint %q listed twice (first at line %d)", ig.Fingerprint, c.Ignore[j].Line)
		}
		c.ignored[ig.Fingerprint] = len(c.Ignore)
		c.Ignore = append(c.Ignore, ig)
	}
	return nil
}

var sizeUnits = []struct {
	suffix string
	mult   int64
}{{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"b", 1}}

// parseSize reads max-file-size: a number or a string that ParseSize reads.
func parseSize(v *yaml.Node) (int64, error) {
	if v.Kind != yaml.ScalarNode || isNull(v) {
		return 0, fmt.Errorf("want a size such as 52428800 or \"50MiB\", not %s", describe(v))
	}
	return ParseSize(v.Value)
}

// ParseSize reads a positive size in bytes, as max-file-size and --max-file-size take it:
// "1048576", "512KiB", "50 MiB", "1GB" (units in any case: B, KB, MB, GB, KiB, MiB, GiB).
func ParseSize(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range sizeUnits {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult || strings.HasPrefix(t, "+") {
		return 0, fmt.Errorf("want a positive size such as 52428800 or \"50MiB\", not %q", s)
	}
	return n * mult, nil
}

// Size is a size in bytes that reads itself with ParseSize: a flag.Value (and pflag.Value) for
// --max-file-size.
type Size int64

// Set reads s with ParseSize.
func (z *Size) Set(s string) error {
	n, err := ParseSize(s)
	if err != nil {
		return err
	}
	*z = Size(n)
	return nil
}

// String is the size in the largest binary unit that divides it: "50MiB", "1000".
func (z *Size) String() string {
	n := int64(*z)
	for _, u := range []struct {
		unit string
		mult int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n != 0 && n%u.mult == 0 {
			return strconv.FormatInt(n/u.mult, 10) + u.unit
		}
	}
	return strconv.FormatInt(n, 10)
}

// Type names the value in pflag's usage text.
func (z *Size) Type() string { return "size" }

// suggest returns the name closest to s when it is a likely typo of it.
func suggest(s string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if d := distance(strings.ToLower(s), n); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b, in bytes.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 1 << 30
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
