// Package pageshield reads what Cloudflare Page Shield (client-side security) reports: list and
// get responses for scripts and connections, alert webhooks, the CSV export and the live API,
// into resources that carry Cloudflare's observation and verdict.
package pageshield

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/shieldscan/shieldscan/rules"
)

// The formats Read recognises, as Input.Format names them.
const (
	// FormatList is a plain list of resources, one a line.
	FormatList = "list"
	// FormatScripts is Page Shield scripts: list or get responses, whole or just their result.
	FormatScripts = "pageshield-scripts"
	// FormatConnections is Page Shield connections, in the same shapes as scripts.
	FormatConnections = "pageshield-connections"
	// FormatPageShield is Page Shield JSON holding both scripts and connections, or no items.
	FormatPageShield = "pageshield"
	// FormatWebhook is one or more alert notifications.
	FormatWebhook = "webhook"
	// FormatCSV is the dashboard's or the API's CSV export (export=csv).
	FormatCSV = "csv"
)

// Input is what one resources file held.
type Input struct {
	// Resources in the order the file lists them; Page Shield items carry an Observation.
	Resources []*rules.Resource
	// CloudflareInjected counts the items skipped because their URL is under /cdn-cgi/: scripts
	// that Cloudflare injects at the edge, which are never in a repository.
	CloudflareInjected int
	// Format is one of the Format constants.
	Format string
	// Notes are caveats about the input that every output must carry: a kind that was a guess,
	// an export that looks filtered or capped.
	Notes []string
}

// Error is an input that Read cannot use: malformed, or not in a format it knows. It wraps
// rules.ErrInvalid.
type Error struct {
	File string
	// Line is 1-based; 0 when unknown.
	Line int
	// Offset is the byte offset in a JSON input, or -1.
	Offset int
	Msg    string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
	}
	b.WriteString(": " + e.Msg)
	if e.Offset >= 0 {
		b.WriteString(" (byte offset " + strconv.Itoa(e.Offset) + ")")
	}
	return b.String()
}

func (e *Error) Unwrap() error { return rules.ErrInvalid }

const bom = "\uFEFF"

// Read decodes a resources file, recognising its format by content: a JSON stream or array of
// Page Shield responses or alert webhooks, a CSV export with a url column, or else a plain list.
// name is used in origins and errors; every error wraps rules.ErrInvalid.
func Read(name string, data []byte) (*Input, error) { return ReadWith(name, data, Options{}) }

// ReadWith is Read with options.
func ReadWith(name string, data []byte, opts Options) (*Input, error) {
	base := 0
	if bytes.HasPrefix(data, []byte(bom)) {
		data, base = data[len(bom):], len(bom)
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 || !bytes.ContainsRune([]byte(`{["`), rune(trimmed[0])) {
		return readText(name, data, opts)
	}
	// It looks like JSON; it is JSON if it parses. A plain list may start with '[' or '{' too:
	// a bracketed IPv6 address, a defanged "[https]://…" or "{dot}".
	vals, err := parseJSON(data)
	if err == nil {
		return readJSON(name, data, base, vals, opts)
	}
	se := err.(*syntaxError)
	jsonErr := &Error{File: name, Line: lineAt(data, se.off), Offset: se.off + base,
		Msg: "malformed JSON: " + strings.TrimPrefix(se.msg, "json: ")}
	in, textErr := readText(name, data, opts)
	if textErr == nil {
		return in, nil
	}
	return nil, moreUseful(jsonErr, textErr, trimmed)
}

// readText reads a CSV export or a plain list.
func readText(name string, data []byte, opts Options) (*Input, error) {
	if isCSV(data) {
		return readCSV(name, data, opts)
	}
	res, err := rules.ReadList(bytes.NewReader(data), name)
	if err != nil {
		if herr := csvHeaderError(name, data, err); herr != nil {
			return nil, herr
		}
		return nil, err
	}
	return &Input{Resources: res, Format: FormatList}, nil
}

// moreUseful picks the error to report for data that neither parses as JSON nor reads as a
// plain list or CSV: the reading that got further into the file; on the same line, JSON's when
// what follows the first bracket is JSON ('{"', '[{', '[[', '["'), else the list's.
func moreUseful(jsonErr *Error, textErr error, trimmed []byte) error {
	textLine := 0
	if ie, ok := errors.AsType[*rules.InvalidError](textErr); ok {
		textLine = ie.Origin.Line
	} else if e, ok := errors.AsType[*Error](textErr); ok {
		textLine = e.Line
	}
	switch {
	case jsonErr.Line > textLine:
		return jsonErr
	case jsonErr.Line < textLine:
		return textErr
	}
	next := bytes.TrimLeft(trimmed[1:], " \t\r\n")
	switch {
	case trimmed[0] == '"' || len(next) == 0,
		trimmed[0] == '{' && (next[0] == '"' || next[0] == '}'),
		trimmed[0] == '[' && bytes.IndexByte([]byte(`{["]`), next[0]) >= 0:
		return jsonErr
	}
	return textErr
}

// lineAt is the 1-based line of byte offset off.
func lineAt(data []byte, off int) int {
	off = min(max(off, 0), len(data))
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// jsonReader interprets parsed JSON values.
type jsonReader struct {
	name     string
	data     []byte
	base     int // bytes stripped before data (a BOM), added back to reported offsets
	in       *Input
	formats  map[string]bool
	kind     string // KindScript or KindConnection when the source says (an API endpoint), or ""
	opts     Options
	guesses  []kindGuess
	lastKind string // of the items kindOf last decided on
	pages    listPages
}

// listPages are the pages of list responses in a file, by kind, and the last page they announce.
type listPages map[string]*struct {
	seen []int
	last int
}

func (p *listPages) add(kind string, page, last int) {
	if *p == nil {
		*p = listPages{}
	}
	k := (*p)[kind]
	if k == nil {
		k = &struct {
			seen []int
			last int
		}{}
		(*p)[kind] = k
	}
	k.seen = append(k.seen, page)
	k.last = max(k.last, last)
}

// notes say which list responses are missing pages that their result_info announces: a file
// saved from one request holds one page of the list.
func (p listPages) notes(name string) []string {
	var notes []string
	for _, kind := range []string{KindScript, KindConnection} {
		k := p[kind]
		if k == nil {
			continue
		}
		missing := 0
		for page := 1; page <= k.last; page++ {
			if !slices.Contains(k.seen, page) {
				missing++
			}
		}
		if missing > 0 {
			notes = append(notes, fmt.Sprintf(
				"%s: the %s list is missing pages that its result_info announces (it holds %s): prefer --cloudflare-zone, which pulls every page",
				displayName(name), kind, count(len(k.seen), "page")))
		}
	}
	return notes
}

// readJSON reads the values parsed from data.
func readJSON(name string, data []byte, base int, vals []*node, opts Options) (*Input, error) {
	r := &jsonReader{name: name, data: data, base: base, in: &Input{}, formats: map[string]bool{}, opts: opts}
	for _, v := range vals {
		if err := r.value(v); err != nil {
			return nil, err
		}
	}
	r.in.Notes = append(guessNotes(name, r.guesses), r.in.Notes...)
	r.in.Notes = append(r.in.Notes, r.pages.notes(name)...)
	switch {
	case len(r.formats) == 1:
		for f := range r.formats {
			r.in.Format = f
		}
	case r.formats[FormatWebhook]:
		r.in.Format = FormatWebhook // webhooks beside Page Shield responses: alerts first
	default:
		r.in.Format = FormatPageShield
	}
	return r.in, nil
}

func (r *jsonReader) errorf(off int, format string, args ...any) error {
	return &Error{File: r.name, Line: lineAt(r.data, off), Offset: off + r.base, Msg: fmt.Sprintf(format, args...)}
}

// value reads one top-level value, or one element of a top-level array.
func (r *jsonReader) value(n *node) error {
	switch {
	case n.kind == '[':
		return r.array(n, false)
	case n.kind != '{':
		return r.errorf(n.off, "%s is not a Page Shield response, script, connection or alert", n.typeName())
	case n.has("result"):
		return r.envelope(n)
	case isItem(n):
		return r.item(n, r.kindOf([]*node{n}))
	case n.has("text", "alert_type", "alert_event", "alert_correlation_id", "data"):
		return r.webhook(n)
	}
	return r.notItem(n)
}

// notItem is the error for an object that is none of the shapes Read knows.
func (r *jsonReader) notItem(n *node) error {
	if n.has("expression", "action") && n.has("value") {
		return r.errorf(n.off, "a Page Shield policy is an allowlist, not scripts or connections")
	}
	if isCookie(n) {
		return r.errorf(n.off, cookieMsg)
	}
	return r.errorf(n.off, "object is not a Page Shield response, script, connection or alert (it has no \"url\")")
}

// array reads the elements of an array: items (a bare list result), or responses and alerts.
// Items of one array share a kind.
func (r *jsonReader) array(n *node, inResult bool) error {
	var items []*node
	for _, e := range n.elems {
		if isItem(e) {
			items = append(items, e)
		}
	}
	kind := r.kindOf(items)
	for _, e := range n.elems {
		var err error
		switch {
		case isItem(e):
			err = r.item(e, kind)
		case inResult && e.kind == '{':
			err = r.notItem(e)
		default:
			err = r.value(e)
		}
		if err != nil {
			return err
		}
	}
	if len(n.elems) == 0 && inResult {
		r.formats[FormatPageShield] = true
	}
	return nil
}

// envelope reads an API response: {"result": …, "success": …, "errors": […]}.
func (r *jsonReader) envelope(n *node) error {
	if s := n.get("success"); s != nil && s.kind == 't' && !s.b {
		return r.errorf(n.off, "the response reports a failure: %s", apiMessages(n.get("errors")))
	}
	res := n.get("result")
	switch res.kind {
	case 'n':
		r.formats[FormatPageShield] = true
		return nil
	case '[':
		if err := r.array(res, true); err != nil {
			return err
		}
		if r.kind == "" && len(res.elems) > 0 { // a saved response, not the pull, which reads every page
			info := n.get("result_info")
			page := int(max(infoNum(info, "page"), 1))
			r.pages.add(r.lastKind, page, min(lastPage(info, page, len(res.elems)), maxPages))
		}
		return nil
	case '{':
		if !isItem(res) {
			return r.notItem(res)
		}
		return r.item(res, r.kindOf([]*node{res}))
	}
	return r.errorf(res.off, "result is %s, want an object or an array", res.typeName())
}

// apiMessages joins the messages of an API errors array.
func apiMessages(errs *node) string {
	var msgs []string
	if errs != nil {
		for _, e := range errs.elems {
			msg := e.get("message")
			if msg == nil || msg.kind != '"' {
				continue
			}
			if c := e.get("code"); c != nil && c.kind == '0' {
				msgs = append(msgs, fmt.Sprintf("%s (code %s)", msg.str, c.num))
			} else {
				msgs = append(msgs, msg.str)
			}
		}
	}
	if len(msgs) == 0 {
		return "no error message"
	}
	return strings.Join(msgs, "; ")
}

// isItem reports whether n is a script or connection: an object with a url.
func isItem(n *node) bool {
	return n.kind == '{' && n.get("url") != nil && !n.has("result")
}

// kindOf decides the kind of items read together, and records a guess.
func (r *jsonReader) kindOf(items []*node) string {
	scriptField := false
	var urls []string
	for _, e := range items {
		scriptField = scriptField || e.has(scriptOnly...)
		if u := e.get("url"); u.kind == '"' {
			urls = append(urls, u.str)
		}
	}
	kind, why := decideKind(r.opts.Kind, r.kind, scriptField, r.name, urls)
	r.guesses = guessed(r.guesses, kind, why, len(items))
	r.lastKind = kind
	return kind
}

// item reads one script or connection.
func (r *jsonReader) item(n *node, kind string) error {
	it, err := r.readItem(n, kind)
	if err != nil {
		return err
	}
	r.formats[map[bool]string{true: FormatScripts, false: FormatConnections}[kind == KindScript]] = true
	if it.cdnCGI {
		r.in.CloudflareInjected++
		return nil
	}
	res, err := it.resource(r.name)
	if err != nil {
		return err
	}
	r.in.Resources = append(r.in.Resources, res)
	return nil
}

// readItem reads the fields of one script or connection.
func (r *jsonReader) readItem(n *node, kind string) (*item, error) {
	it := &item{kind: kind}
	u := n.get("url")
	if u.kind != '"' {
		return nil, r.errorf(u.off, "\"url\" is %s, want a string", u.typeName())
	}
	it.url, it.line = u.str, lineAt(r.data, u.off)
	var err error
	str := func(key string) string {
		if err != nil {
			return ""
		}
		var s string
		s, err = r.str(n, key)
		return s
	}
	flag := func(key string) bool {
		if err != nil {
			return false
		}
		var b bool
		b, err = r.flag(n, key)
		return b
	}
	list := func(key string) []string {
		if err != nil {
			return nil
		}
		var l []string
		l, err = r.list(n, key)
		return l
	}
	it.id, it.host, it.firstPage = str("id"), str("host"), str("first_page_url")
	it.firstSeen, it.lastSeen, it.status = str("first_seen_at"), str("last_seen_at"), str("status")
	it.pageURLs = list("page_urls")
	it.cdnCGI = flag("url_contains_cdn_cgi_path")
	it.domainMal, it.urlMal = flag("domain_reported_malicious"), flag("url_reported_malicious")
	it.domainCat, it.urlCat = list("malicious_domain_categories"), list("malicious_url_categories")
	it.hash, it.fetchedAt = str("hash"), str("fetched_at")
	if err != nil {
		return nil, err
	}
	if it.scores, err = r.scores(n); err != nil {
		return nil, err
	}
	if it.versions, err = r.versions(n.get("versions")); err != nil {
		return nil, err
	}
	return it, nil
}

// scores reads an object's scores; nil when none is scored.
func (r *jsonReader) scores(n *node) (map[string]float64, error) {
	var out map[string]float64
	for _, sf := range scoreFields {
		v, ok, err := r.score(n, sf.field)
		if err != nil {
			return nil, err
		}
		if ok {
			if out == nil {
				out = map[string]float64{}
			}
			out[sf.key] = v
		}
	}
	return out, nil
}

// versions reads a get response's versions: each with its hash, when it was fetched and its
// scores.
func (r *jsonReader) versions(v *node) ([]version, error) {
	if v == nil || v.kind == 'n' {
		return nil, nil
	}
	if v.kind != '[' {
		return nil, r.errorf(v.off, "\"versions\" is %s, want an array", v.typeName())
	}
	var out []version
	for _, e := range v.elems {
		if e.kind != '{' {
			return nil, r.errorf(e.off, "\"versions\" holds %s, want objects", e.typeName())
		}
		hash, err := r.str(e, "hash")
		if err != nil {
			return nil, err
		}
		fetched, err := r.str(e, "fetched_at")
		if err != nil {
			return nil, err
		}
		scores, err := r.scores(e)
		if err != nil {
			return nil, err
		}
		out = append(out, version{hash: hash, fetchedAt: fetched, scores: scores})
	}
	return out, nil
}

// str reads an optional string field; null and absent are "".
func (r *jsonReader) str(n *node, key string) (string, error) {
	v := n.get(key)
	switch {
	case v == nil || v.kind == 'n':
		return "", nil
	case v.kind == '"':
		return v.str, nil
	case v.kind == '0':
		return v.num.String(), nil
	}
	return "", r.errorf(v.off, "%q is %s, want a string", key, v.typeName())
}

// flag reads an optional boolean; null and absent are false, and "true"/"false" strings are read
// too, but anything else is an error: a verdict must not be lost silently.
func (r *jsonReader) flag(n *node, key string) (bool, error) {
	v := n.get(key)
	switch {
	case v == nil || v.kind == 'n':
		return false, nil
	case v.kind == 't':
		return v.b, nil
	case v.kind == '"':
		if b, err := parseBool(v.str); err == nil {
			return b, nil
		}
	}
	return false, r.errorf(v.off, "%q is %s, want true or false", key, v.typeName())
}

// list reads an optional list of strings; a single string is a list of one.
func (r *jsonReader) list(n *node, key string) ([]string, error) {
	v := n.get(key)
	switch {
	case v == nil || v.kind == 'n':
		return nil, nil
	case v.kind == '"':
		if v.str == "" {
			return nil, nil
		}
		return []string{v.str}, nil
	case v.kind != '[':
		return nil, r.errorf(v.off, "%q is %s, want an array of strings", key, v.typeName())
	}
	var out []string
	for _, e := range v.elems {
		switch e.kind {
		case 'n':
		case '"':
			if e.str != "" {
				out = append(out, e.str)
			}
		default:
			return nil, r.errorf(e.off, "%q holds %s, want strings", key, e.typeName())
		}
	}
	return out, nil
}

// score reads an optional score; ok is false when it is null or absent (not scored).
func (r *jsonReader) score(n *node, key string) (v float64, ok bool, err error) {
	s := n.get(key)
	switch {
	case s == nil || s.kind == 'n':
		return 0, false, nil
	case s.kind == '0':
		v, ok, err = parseScore(s.num.String())
	case s.kind == '"':
		v, ok, err = parseScore(s.str)
	default:
		err = fmt.Errorf("is %s", s.typeName())
	}
	if err != nil {
		return 0, false, r.errorf(s.off, "%q %v, want a number from 1 to 99 or null", key, err)
	}
	return v, ok, nil
}

// parseScore reads a score; "", "null" and "-" are not scored.
func parseScore(s string) (float64, bool, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "", "null", "-", "n/a":
		return 0, false, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 || v > 100 {
		return 0, false, fmt.Errorf("is %q", s)
	}
	return v, true, nil
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "false", "no", "0", "null", "not present", "not_present", "none", "-":
		return false, nil
	case "true", "yes", "1":
		return true, nil
	}
	return false, fmt.Errorf("%q is not true or false", s)
}
