package analyze

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/publicsuffix"

	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner"
	"github.com/shieldscan/shieldscan/scanner/decode"
)

// Options tune Analyze.
type Options struct {
	// Decode bounds the decoder's work; the zero value takes its defaults.
	Decode decode.Options
}

// Plain is the encoding of a mention written as it is.
const Plain = "plain"

// Result is what Analyze found in one script.
type Result struct {
	// Name is the script's file name or URL, as given.
	Name string `json:"name"`
	Size int    `json:"size"`
	// Mentions are every URL, hostname and IP, plain or hidden, in source order.
	Mentions []Mention `json:"mentions"`
	// Hosts groups the mentions by host (or IP), sorted.
	Hosts      []Host      `json:"hosts"`
	Indicators []Indicator `json:"indicators"`
	// Score is the obfuscation score, 0 to 100 (see the package documentation).
	Score int `json:"score"`
	// Verdict is "clean" (under 20), "suspicious" (20 to 49) or "obfuscated" (50 and over).
	Verdict string `json:"verdict"`
	// Truncated says the decoder's budget ran out: hidden mentions past that point are missing.
	Truncated bool `json:"truncated,omitempty"`
	// EmulationBudget says why running the script stopped early (time, memory, stack, crash):
	// what it would have revealed after that point is missing.
	EmulationBudget string `json:"emulationBudget,omitempty"`
	// Limits are the places where another decoder limit left encoded text undecoded: a mention
	// hidden there may be missing, so "no URL" is not the last word.
	Limits []Limit `json:"limits,omitempty"`
}

// Limit is a place where a decoder limit (other than the budget) stopped decoding.
type Limit struct {
	// Kind is the limit's name: "depth" (nested deeper than the layers decoded), "elements" (a
	// list of character codes or operands too long to read) or "packer" (a packed script whose
	// unpacker is too long to read).
	Kind string `json:"kind"`
	// Line and Column locate the encoded text that reached it.
	Line   int `json:"line"`
	Column int `json:"column"`
	// Detail says in words what the limit left out.
	Detail string `json:"detail"`
}

// Mention is one URL, hostname or IP in a script.
type Mention struct {
	Resource *rules.Resource `json:"-"`
	// Canonical is the resource's canonical form, Kind url, host, wildcard or ip, and Host its
	// host or address.
	Canonical string     `json:"canonical"`
	Kind      rules.Kind `json:"kind"`
	Host      string     `json:"host"`
	// Encoding is "plain" or the chain of decoders that revealed it ("base64>reversed").
	Encoding string `json:"encoding"`
	// Offset, Line, Column and EndColumn locate the text as written: the mention itself, or the
	// whole encoded text that hides it. Columns count code points from 1.
	Offset    int `json:"offset"`
	Line      int `json:"line"`
	Column    int `json:"column"`
	EndColumn int `json:"endColumn"`
	// Match is the text at the location, cut to 200 characters, and Decoded the mention as
	// decoding revealed it; both are redacted.
	Match   string `json:"match"`
	Decoded string `json:"decoded,omitempty"`
	// Sink is where the emulated script used an emulated mention (script.src, fetch…).
	Sink string `json:"sink,omitempty"`
}

// Hidden reports whether only decoding reveals the mention (a defanged spelling is not hidden:
// it is a note for people, not code).
func (m *Mention) Hidden() bool { return m.Encoding != Plain && m.Encoding != decode.Defanged.String() }

// External reports whether the mention names something outside the machine and its network: not
// a loopback, private, link-local or multicast address.
func (m *Mention) External() bool {
	a := m.Resource.Addr
	return !a.IsValid() || a.IsGlobalUnicast() && !a.IsPrivate()
}

// Host is one host or IP of a script, with how it was written.
type Host struct {
	Host string `json:"host"`
	// Registrable is the host's registrable domain (eTLD+1), or the address for an IP.
	Registrable string     `json:"registrable"`
	Kind        rules.Kind `json:"kind"`
	// Encodings are the distinct encodings of its mentions, sorted.
	Encodings []string `json:"encodings"`
	Mentions  int      `json:"mentions"`
	// Line is the line of its first mention.
	Line int `json:"line"`
}

// Hidden reports whether some mention of the host is hidden.
func (h *Host) Hidden() bool {
	return slices.ContainsFunc(h.Encodings, func(e string) bool { return e != Plain && e != decode.Defanged.String() })
}

// Analyze reads src, the script called name, and returns its mentions and indicators. It never
// executes anything and does no I/O.
func Analyze(name string, src []byte, opts Options) *Result {
	res := &Result{Name: name, Size: len(src), Mentions: []Mention{}, Hosts: []Host{}, Indicators: []Indicator{}}
	lines := scanner.NewLines(src)
	var plain []Mention
	for _, m := range rules.Extract(src) {
		if rules.Namespace(m.Resource) {
			continue
		}
		enc := Plain
		switch {
		case m.Resource.Unicode:
			enc = decode.Punycode.String()
		case defanged(m.Resource.Raw):
			enc = decode.Defanged.String()
		}
		plain = append(plain, newMention(src, lines, m.Resource, m.Start, m.End, enc, ""))
	}
	dec := decode.Find(src, opts.Decode)
	res.Truncated = dec.Truncated
	for _, l := range dec.Limits {
		line, col := lines.Position(l.Offset)
		res.Limits = append(res.Limits, Limit{Kind: l.Kind.String(), Line: line, Column: col, Detail: l.Kind.Describe()})
	}
	found := slices.Clone(plain)
	for _, sp := range dec.Spans {
		// The scan's reading of a span: an integrity hash holds nothing, and the hosts in the
		// base64 of a source map or an image are written plainly.
		enc := decode.ChainString(sp.Chain)
		switch scanner.RoleOf(name, src, sp) {
		case scanner.SpanHash:
			continue
		case scanner.SpanData:
			enc = Plain
		}
		for _, m := range rules.ExtractLiteral(sp.Text) {
			if rules.Namespace(m.Resource) || writtenPlainly(plain, m.Resource.Canonical, sp.Start, sp.End) {
				continue
			}
			decoded := string(sp.Text[m.Start:m.End])
			if enc == Plain {
				decoded = ""
			}
			found = append(found, newMention(src, lines, m.Resource, sp.Start, sp.End, enc, decoded))
		}
	}
	res.Mentions = dedupe(found)
	res.Hosts = hosts(res.Mentions)
	res.Indicators = indicators(name, src, lines, res.Mentions, dec)
	res.Score, res.Verdict = score(res.Indicators)
	return res
}

// defanged reports whether s is written with defanging marks (hxxp, [.]).
func defanged(s string) bool {
	l := strings.ToLower(s)
	for _, d := range []string{"[.]", "(.)", "{.}", "[dot]", "(dot)", "[:]", "[://]", "[/]", "hxxp", "hxxs", "wxs"} {
		if strings.Contains(l, d) {
			return true
		}
	}
	return false
}

// writtenPlainly reports whether a plain mention of canonical lies inside [start,end): a
// partially escaped literal decodes to the whole literal, and its plain part is not hidden.
func writtenPlainly(plain []Mention, canonical string, start, end int) bool {
	for _, p := range plain {
		if p.Canonical == canonical && p.Encoding == Plain && p.Offset >= start && p.Offset < end {
			return true
		}
	}
	return false
}

func newMention(src []byte, lines *scanner.Lines, r *rules.Resource, start, end int, enc, decoded string) Mention {
	line, col := lines.Position(start)
	endLine, endCol := lines.Position(end)
	if endLine != line {
		endCol = col + utf8.RuneCountInString(lines.Text(start, end))
	}
	endCol = max(endCol, col+1)
	host := r.Host
	if r.Kind == rules.Wildcard {
		host = "*." + host
	}
	m := Mention{
		Resource: r, Canonical: r.Canonical, Kind: r.Kind, Host: host, Encoding: enc,
		Offset: start, Line: line, Column: col, EndColumn: endCol,
		Match: rules.Redact(cut(lines.Text(start, end), 200)),
	}
	if enc != Plain {
		m.Decoded = rules.Redact(decoded)
		if decoded == "" {
			m.Decoded = rules.Redact(r.Canonical)
		}
	}
	return m
}

// dedupe keeps one mention per resource and place: of the mentions of one resource that start
// at one offset, or of those on one line with one encoding, the one with the longest chain.
func dedupe(ms []Mention) []Mention {
	slices.SortStableFunc(ms, func(a, b Mention) int {
		return cmp.Or(cmp.Compare(a.Offset, b.Offset), strings.Compare(a.Canonical, b.Canonical),
			cmp.Compare(len(b.Encoding), len(a.Encoding)))
	})
	type atKey struct {
		canonical string
		offset    int
	}
	type lineKey struct {
		canonical, encoding string
		line                int
	}
	at := map[atKey]bool{}
	onLine := map[lineKey]bool{}
	var out []Mention
	for _, m := range ms {
		a, l := atKey{m.Canonical, m.Offset}, lineKey{m.Canonical, m.Encoding, m.Line}
		if at[a] || onLine[l] {
			continue
		}
		at[a], onLine[l] = true, true
		out = append(out, m)
	}
	if out == nil {
		return []Mention{}
	}
	return out
}

// hosts groups mentions by host.
func hosts(ms []Mention) []Host {
	by := map[string]*Host{}
	var order []string
	for _, m := range ms {
		h, ok := by[m.Host]
		if !ok {
			h = &Host{Host: m.Host, Registrable: Registrable(m.Resource), Kind: rules.Host, Line: m.Line}
			if m.Resource.Addr.IsValid() {
				h.Kind = rules.IP
			} else if m.Resource.Kind == rules.Wildcard {
				h.Kind = rules.Wildcard
			}
			by[m.Host] = h
			order = append(order, m.Host)
		}
		h.Mentions++
		if !slices.Contains(h.Encodings, m.Encoding) {
			h.Encodings = append(h.Encodings, m.Encoding)
		}
	}
	slices.Sort(order)
	out := make([]Host, 0, len(order))
	for _, k := range order {
		h := by[k]
		slices.Sort(h.Encodings)
		out = append(out, *h)
	}
	return out
}

// Registrable is the registrable domain of r's host (its eTLD+1 by the public suffix list), the
// host itself when it has none, or the address of an IP.
func Registrable(r *rules.Resource) string {
	if r.Addr.IsValid() {
		return r.Addr.String()
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(r.Host)
	if err != nil {
		return r.Host
	}
	return d
}

// cut shortens s to at most n runes, with an ellipsis.
func cut(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
