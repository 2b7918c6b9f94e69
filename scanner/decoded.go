package scanner

import (
	"bytes"
	"fmt"
	pathpkg "path"
	"regexp"
	"strings"

	"github.com/shieldscan/shieldscan/rules"
	"github.com/shieldscan/shieldscan/scanner/decode"
)

// caesarShifts are the shifts whose needles are matched in the same pass as the plain ones: ROT13
// and the small shifts that skimmers use. A needle shorter than caesarMin characters is not
// shifted: short shifted strings turn up by chance.
var caesarShifts = []int{1, 2, 3, 13, 23, 24, 25}

const caesarMin = 8

// decodeRefs finds references hidden by encodings: the decoder turns the file's candidate spans
// (string literals, decoding calls, encoded-looking runs) into text, and the same matcher, with
// the same whole-token rule, runs over each. A reference is reported at the encoded span, once,
// with the shortest chain of decoders that revealed it. found is the decoding (found.Truncated
// says the decoder's budget ran out before the end of the file); limits, when not empty, says
// where another decoder limit left text undecoded (see limitDetail).
func decodeRefs(m *matcher, path string, data []byte, lines *Lines, plain []hit) (refs []ref, found decode.Result, limits string) {
	found = decode.Find(data, decode.Options{NoProseDefang: !prose(path)})
	type key struct{ res, start int }
	best := map[key]int{} // index into refs
	for _, sp := range found.Spans {
		role := RoleOf(path, data, sp)
		if role == SpanHash {
			continue
		}
		for _, h := range m.match(sp.Text) {
			// A partially escaped literal decodes to the whole literal: a resource that is
			// written plainly inside the span is a plain reference, already reported.
			if plainWithin(plain, h.res, sp.Start, sp.End) {
				continue
			}
			k := key{h.res, sp.Start}
			i, seen := best[k]
			// The fewest layers that reveal the resource are how it was hidden.
			if seen && len(sp.Chain) >= strings.Count(refs[i].encoding, ">")+1 {
				continue
			}
			encoding := decode.ChainString(sp.Chain)
			if role == SpanData {
				// Not hidden: the content of an image, a font or a source map, written the
				// way browsers and tools take it.
				encoding = "plain"
			}
			r := locate(path, data, lines, h, sp.Start, sp.End, encoding, toValidUTF8(sp.Text[h.start:h.end]))
			if role == SpanData && roleSourceMap(data, sp.Start) {
				r.context = rules.CtxComment
			}
			if seen {
				refs[i] = r
				continue
			}
			best[k] = len(refs)
			refs = append(refs, r)
		}
	}
	return refs, found, limitDetail(found.Limits, lines)
}

// SpanRole says what an encoded text is there for, as a scan reads it.
type SpanRole uint8

const (
	SpanHidden SpanRole = iota // an encoding that hides its content: obfuscation, or may be
	SpanData                   // the base64 of a data: URI of an image, a font or a source map
	SpanHash                   // an integrity hash (sha384-…): no content at all
)

// RoleOf tells the encoded text of sp apart by what comes before it in data, the file at p:
// the base64 of an inline source map (sourceMappingURL=data:application/json;base64,…), of a
// data: URI whose media type is an image or a font (except an SVG that holds a script or an
// event handler), a subresource-integrity hash, and in a data file (a database dump, JSON,
// XML, CSV, YAML) the base64 of a PHP-serialized value, which is how PHP applications store
// arrays in their database. Only those are told apart; any other encoding, a data: script or
// page included, hides what it holds.
func RoleOf(p string, data []byte, sp decode.Span) SpanRole {
	start := sp.Start
	if start > len(data) || len(sp.Chain) == 0 || sp.Chain[0] != decode.Base64 {
		return SpanHidden // each role is the decoding of base64
	}
	before := bytes.ToLower(data[max(0, start-dataLookBack):start])
	for h, size := range map[string]int{"sha256-": 32, "sha384-": 48, "sha512-": 64} {
		// A digest is that many bytes of binary: text behind the prefix is no hash, whatever
		// its prefix says (a skimmer can decode k.slice(7)).
		if bytes.HasSuffix(before, []byte(h)) && len(sp.Chain) == 1 && sp.Chain[0] == decode.Base64 &&
			len(sp.Text) == size && !printable(sp.Text) {
			return SpanHash
		}
	}
	if dataFiles[strings.ToLower(pathpkg.Ext(p))] && phpSerialized.Match(sp.Text) {
		return SpanData
	}
	if !bytes.HasSuffix(before, []byte(";base64,")) {
		return SpanHidden
	}
	i := bytes.LastIndex(before, []byte("data:"))
	if i < 0 {
		return SpanHidden
	}
	mt, _, _ := strings.Cut(string(before[i+len("data:"):]), ";")
	mt, _, _ = strings.Cut(mt, ",")
	switch {
	case mt == "image/svg+xml":
		if bytes.Contains(bytes.ToLower(sp.Text), []byte("<script")) || svgHandler.Match(sp.Text) {
			return SpanHidden
		}
		return SpanData
	case strings.HasPrefix(mt, "image/"), strings.HasPrefix(mt, "font/"), strings.HasPrefix(mt, "application/font-"),
		strings.HasPrefix(mt, "application/x-font-"), mt == "application/vnd.ms-fontobject":
		return SpanData
	case mt == "application/json" && bytes.Contains(before[:i], []byte("sourcemappingurl=")):
		return SpanData
	}
	return SpanHidden
}

// Hides reports whether the encoded text of sp in data, the file or script at p, hides what it
// holds, as a scan judges it (see RoleOf): what decoding reveals in a span that does not hide it
// is no sign of obfuscation.
func Hides(p string, data []byte, sp decode.Span) bool { return RoleOf(p, data, sp) == SpanHidden }

// printable reports whether b is all printable ASCII or white space: text, not a digest.
func printable(b []byte) bool {
	for _, c := range b {
		if (c < 0x20 || c > 0x7e) && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// dataFiles are the files that hold data, not code.
var dataFiles = map[string]bool{".sql": true, ".dump": true, ".json": true, ".xml": true, ".csv": true, ".tsv": true, ".yml": true, ".yaml": true}

// phpSerialized matches the start of a PHP-serialized array, object or string.
var phpSerialized = regexp.MustCompile(`^(?:a:\d{1,9}:\{|O:\d{1,4}:"|s:\d{1,9}:")`)

// dataLookBack is how far before an encoded text its data: URI's head or hash prefix is read.
const dataLookBack = 96

// svgHandler finds an event-handler attribute (onload=…) or a javascript: URL in SVG markup.
var svgHandler = regexp.MustCompile(`(?i)\son[a-z]+\s*=|javascript:`)

// roleSourceMap reports whether the data: URI before start is an inline source map.
func roleSourceMap(data []byte, start int) bool {
	return bytes.Contains(bytes.ToLower(data[max(0, start-dataLookBack):start]), []byte("sourcemappingurl="))
}

// limitDetail describes the decoder limits reached in a file, by line, for a decode-limit skip:
// "decoding stopped at line 3 (depth: encoded text nested deeper than the layers decoded)".
func limitDetail(limits []decode.Limit, lines *Lines) string {
	if len(limits) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("scanned for plain references; decoding stopped at ")
	const shown = 3
	for i, l := range limits[:min(len(limits), shown)] {
		if i > 0 {
			b.WriteString(", ")
		}
		n, _, _ := lines.span(l.Offset)
		fmt.Fprintf(&b, "line %d (%s: %s)", n, l.Kind, l.Kind.Describe())
	}
	if len(limits) > shown {
		fmt.Fprintf(&b, " and %d more place(s)", len(limits)-shown)
	}
	return b.String()
}

// plainWithin reports whether a plain hit of resource res lies inside [start,end).
func plainWithin(plain []hit, res, start, end int) bool {
	for _, h := range plain {
		if h.res == res && h.start >= start && h.end <= end {
			return true
		}
	}
	return false
}

// prose reports whether a file is one where people write indicators the way threat reports do
// (documents, lists, data and configuration files, files without an extension): only there is
// every defanging style searched for.
func prose(p string) bool {
	switch strings.ToLower(pathpkg.Ext(p)) {
	case "", ".md", ".markdown", ".rst", ".txt", ".adoc", ".csv", ".tsv", ".json", ".yml", ".yaml", ".toml", ".ini", ".xml", ".eml", ".log":
		return true
	}
	return false
}
