package pageshield

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/shieldscan/shieldscan/rules"
)

// csvAliases maps header names other than the API's field names (normalised: lowercase, runs of
// other characters as "_") to those field names. Besides spellings of the API's names, it holds
// the dashboard's labels as Cloudflare's documentation names them ("Monitor resources and
// cookies", "Review resources considered malicious"): Script, Connection, Host, Page, Status,
// Last seen, First seen at, Page URLs, First page URL, URL match, Domain match, Category.
var csvAliases = map[string]string{
	"script_url": "url", "connection_url": "url", "resource": "url", "resource_url": "url",
	"script": "url", "connection": "url", "connection_target": "url", "target_url": "url",
	"zone": "host", "zone_host": "host", "zone_name": "host", "hostname": "host",
	"first_seen": "first_seen_at", "last_seen": "last_seen_at", "added": "added_at",
	"first_page": "first_page_url", "page_url": "page_urls", "pages": "page_urls", "seen_on": "page_urls",
	"page":         "page_urls",
	"js_integrity": "js_integrity_score", "integrity_score": "js_integrity_score",
	"magecart": "magecart_score", "malware": "malware_score", "cryptomining": "cryptomining_score",
	"obfuscation": "obfuscation_score", "dataflow": "dataflow_score",
	"cdn_cgi": "url_contains_cdn_cgi_path", "contains_cdn_cgi_path": "url_contains_cdn_cgi_path",
	"domain_categories": "malicious_domain_categories", "url_categories": "malicious_url_categories",
	"url_match": "url_reported_malicious", "domain_match": "domain_reported_malicious",
	"category": "categories", "malicious_categories": "categories",
}

// csvKindColumns are the resource columns whose name says what the rows are.
var csvKindColumns = map[string]string{
	"script": KindScript, "script_url": KindScript,
	"connection": KindConnection, "connection_url": KindConnection, "connection_target": KindConnection,
}

// csvNormal normalises a header name: lowercase, runs of other characters as "_".
func csvNormal(h string) string {
	var b strings.Builder
	under := false
	for _, c := range strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, bom))) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(c)
			under = false
		} else {
			under = true
		}
	}
	return b.String()
}

// csvColumn normalises a header name to the API's field name.
func csvColumn(h string) string {
	n := csvNormal(h)
	if a, ok := csvAliases[n]; ok {
		return a
	}
	return n
}

// csvCookieColumns are columns of a cookies export (the API's fields and the dashboard's labels)
// that scripts and connections lack.
var csvCookieColumns = map[string]bool{
	"domain_attribute": true, "path_attribute": true, "same_site_attribute": true, "same_site": true,
	"http_only_attribute": true, "http_only": true, "secure_attribute": true, "secure": true,
	"expires_attribute": true, "expires": true, "max_age_attribute": true, "max_age": true,
	"seen_on_host": true, "seen_on_pages": true, "lifetime": true,
}

// isCookieHeader reports whether a CSV header is a cookies export's: a name column and a cookie
// attribute, and no url.
func isCookieHeader(rec []string) bool {
	name, attr := false, false
	for _, h := range rec {
		switch c := csvNormal(h); {
		case csvColumn(h) == "url":
			return false
		case c == "name" || c == "cookie" || c == "cookie_name":
			name = true
		case csvCookieColumns[c]:
			attr = true
		}
	}
	return name && attr
}

// isCSV reports whether data's first non-blank line is a CSV header with a url column.
func isCSV(data []byte) bool {
	for line := range bytes.Lines(data) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if !bytes.Contains(line, []byte(",")) {
			return false
		}
		rec, err := csv.NewReader(bytes.NewReader(line)).Read()
		if err != nil || len(rec) < 2 {
			return false
		}
		for _, h := range rec {
			if csvColumn(h) == "url" {
				return true
			}
		}
		return false
	}
	return false
}

// csvHeaderError returns, when a plain list failed (listErr) on data's first non-blank line and
// that line is a CSV header (two or more named columns, not all of them resources), the error that the
// header has no url column, with the columns it has; else nil.
func csvHeaderError(name string, data []byte, listErr error) error {
	ie, ok := errors.AsType[*rules.InvalidError](listErr)
	if !ok {
		return nil
	}
	for n, rest := 1, data; len(rest) > 0; n++ {
		var text []byte
		text, rest, _ = bytes.Cut(rest, []byte("\n"))
		if text = bytes.TrimSpace(text); len(text) == 0 {
			continue
		}
		if n != ie.Origin.Line || !bytes.Contains(text, []byte(",")) {
			return nil
		}
		rec, err := csv.NewReader(bytes.NewReader(text)).Read()
		if err != nil || len(rec) < 2 {
			return nil
		}
		if isCookieHeader(rec) {
			return &Error{File: name, Line: n, Offset: -1, Msg: "a cookies export: " + cookieMsg}
		}
		named := !slices.ContainsFunc(rec, func(h string) bool { return csvColumn(h) == "" })
		if !named || !slices.ContainsFunc(rec, func(h string) bool { _, err := rules.Parse(h, rules.Origin{}); return err != nil }) {
			return nil
		}
		return &Error{File: name, Line: n, Offset: -1, Msg: fmt.Sprintf(
			"CSV header has no url column (columns: %s): name the resource column url, script_url or connection_url",
			quoteAll(rec))}
	}
	return nil
}

// quoteAll quotes each of ss, trimmed, joined by ", ".
func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(strings.TrimSpace(s))
	}
	return strings.Join(q, ", ")
}

// readCSV reads the CSV export: one script or connection a row, columns found by header name.
func readCSV(name string, data []byte, opts Options) (*Input, error) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	errorf := func(line int, format string, args ...any) error {
		return &Error{File: name, Line: line, Offset: -1, Msg: fmt.Sprintf(format, args...)}
	}
	readErr := func(err error) error {
		if pe, ok := errors.AsType[*csv.ParseError](err); ok {
			return errorf(pe.Line, "malformed CSV: %v", pe.Err)
		}
		return errorf(0, "reading CSV: %v", err)
	}
	header, err := cr.Read()
	if err != nil {
		return nil, readErr(err)
	}
	col := map[string]int{}
	columnKind := ""
	for i, h := range header {
		if c := csvColumn(h); c != "" {
			if _, dup := col[c]; !dup {
				col[c] = i
				if c == "url" {
					columnKind = csvKindColumns[csvNormal(h)]
				}
			}
		}
	}
	script := slices.ContainsFunc(scriptOnly, func(f string) bool { _, ok := col[f]; return ok })
	var items []*item
	rows, active := 0, 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, readErr(err)
		}
		line, _ := cr.FieldPos(0)
		cell := func(field string) string {
			if i, ok := col[field]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		rows++
		it := &item{url: cell("url"), line: line}
		if it.url == "" {
			return nil, errorf(line, "row has no url")
		}
		if i := col["url"]; i < len(rec) {
			it.line, _ = cr.FieldPos(i)
		}
		it.id, it.host, it.firstPage = cell("id"), cell("host"), cell("first_page_url")
		it.firstSeen, it.lastSeen, it.status = cell("first_seen_at"), cell("last_seen_at"), cell("status")
		if strings.EqualFold(it.status, "active") {
			active++
		}
		it.hash, it.fetchedAt = cell("hash"), cell("fetched_at")
		it.pageURLs = splitCell(cell("page_urls"), " \t\r\n,;|")
		it.domainCat = splitCell(cell("malicious_domain_categories"), ",;|")
		it.urlCat = splitCell(cell("malicious_url_categories"), ",;|")
		it.cat = splitCell(cell("categories"), ",;|")
		for _, f := range []struct {
			field string
			dst   *bool
		}{
			{"url_contains_cdn_cgi_path", &it.cdnCGI},
			{"domain_reported_malicious", &it.domainMal},
			{"url_reported_malicious", &it.urlMal},
		} {
			b, err := parseBool(cell(f.field))
			if err != nil {
				return nil, errorf(line, "column %s: %v", f.field, err)
			}
			*f.dst = b
		}
		for _, sf := range scoreFields {
			v, ok, err := parseScore(cell(sf.field))
			if err != nil {
				return nil, errorf(line, "column %s %v, want a number from 1 to 99 or empty", sf.field, err)
			}
			if ok {
				if it.scores == nil {
					it.scores = map[string]float64{}
				}
				it.scores[sf.key] = v
			}
		}
		items = append(items, it)
	}
	in := &Input{Format: FormatCSV}
	urls := make([]string, len(items))
	for i, it := range items {
		urls[i] = it.url
	}
	endpoint := columnKind // a column named Script or Connection says it as an endpoint would
	kind, why := decideKind(opts.Kind, endpoint, script, name, urls)
	in.Notes = guessNotes(name, guessed(nil, kind, why, len(items)))
	for _, it := range items {
		it.kind = kind
		if it.cdnCGI {
			in.CloudflareInjected++
			continue
		}
		res, err := it.resource(name)
		if err != nil {
			return nil, err
		}
		in.Resources = append(in.Resources, res)
	}
	in.Notes = append(in.Notes, exportNotes(name, col, rows, active)...)
	return in, nil
}

// exportNotes warn when a CSV export looks filtered or capped: the dashboard's export holds what
// its filters show (active resources only, by default) and the export is limited in rows.
func exportNotes(name string, col map[string]int, rows, active int) []string {
	var notes []string
	if _, ok := col["status"]; ok && rows > 0 && active == rows {
		notes = append(notes, fmt.Sprintf(
			"%s: every row is active: the export looks filtered (the dashboard shows active resources only by default), so infrequent and inactive ones may be missing; prefer --cloudflare-zone, which pulls them all",
			displayName(name)))
	}
	if rows >= 100 && rows%100 == 0 {
		notes = append(notes, fmt.Sprintf(
			"%s: the export holds exactly %d rows, a round number: it may be capped; prefer --cloudflare-zone, which pulls every page",
			displayName(name), rows))
	}
	return notes
}

// splitCell splits a list cell: a JSON-style ["a", "b"], or values separated by any of seps.
func splitCell(s, seps string) []string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		s = strings.NewReplacer(`"`, "", "'", "").Replace(s[1 : len(s)-1])
		seps += ","
	}
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
