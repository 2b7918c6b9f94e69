// Package refang undoes the defanging of indicators (URLs, hostnames, IP addresses) in the
// styles that threat reports, IOC feeds and analysts use: hxxps://evil[.]example, evil{dot}example,
// 203,0,113,7 and two dozen more. It is the one definition of a defang mark: package rules uses
// it to parse a resource, and scanner/decode to find defanged text in code, so that a style
// accepted as a resource is found in text and the reverse. It imports only the standard library
// and golang.org/x/sys/cpu, so that scanner/decode, a leaf of pure decoders, can use it.
//
// A mark is refanged only where it has one reading. Marks that are also valid hostname text
// ("-dot-", "__") are refanged only in a host that has no literal dot, and commas only between
// the four numbers of an IPv4 address.
package refang

import (
	"bytes"
	"math/bits"
	"strings"
)

// String refangs one indicator as an alert or a resources file writes it. changed reports whether
// any mark was undone.
func String(s string) (out string, changed bool) {
	b, changed := refang([]byte(s), false, false)
	if !changed {
		return s, false
	}
	return string(b), true
}

// Text refangs every defanged indicator in t, a text that may hold several of them and other
// words: code, a string literal, a decoded layer. It returns nil when t holds none. Backslash-
// escaped slashes and colons alone do not make an indicator defanged: "https:\/\/host" is JSON's
// plain spelling of a URL, which the matcher reads as such.
func Text(t []byte) []byte {
	var b []byte
	last := 0
	for start, end := range Regions(t) {
		r, _ := refang(t[start:end], true, false)
		b = append(append(b, t[last:start]...), r...)
		last = end
	}
	if b == nil {
		return nil
	}
	return append(b, t[last:]...)
}

// At returns the length of the defang mark or defanged scheme that starts at b[i] and holds no
// space ("[.]", "(dot)", "[https]://"), or 0: a tokenizer keeps such a mark inside its token.
func At(b []byte, i int) int {
	n := 0
	if m, ok := markAt(b, i, 0); ok && !m.weak {
		n = m.n
	} else if _, k, ch, esc := schemeAt(b, i); k > 0 && ch && !esc && (i == 0 || !isLetter(b[i-1])) {
		n = k
	}
	if n == 0 || bytes.IndexByte(b[i:i+n], ' ') >= 0 {
		return 0
	}
	return n
}

// mark is n bytes of defanging that stand for repl. A weak mark is also valid hostname text.
type mark struct {
	n    int
	repl string
	weak bool
	// escape is set for `\/` and `\:`: JSON's escaping, which text does not count as defanging.
	escape bool
}

// refang undoes the marks in b. anywhere lets a defanged scheme start at any word of b, as in
// text ("src=hxxp://…"); else only at its start, as in a resource. keepEscapes leaves `\/` and
// `\:` as they are.
func refang(b []byte, anywhere, keepEscapes bool) ([]byte, bool) {
	var out []byte
	changed := false
	i := 0
	for i < len(b) && b[i] == ' ' {
		i++
	}
	if i > 0 {
		changed = true
	}
	for i < len(b) {
		if (isLetter(b[i]) || isOpen(b[i])) && (i == 0 || anywhere && !isLetter(b[i-1]) && (out == nil || !isLetter(out[len(out)-1]))) {
			if scheme, n, ch, esc := schemeAt(b, i); n > 0 {
				if !ch || keepEscapes && esc {
					out = append(out, b[i:i+n]...) // as written: "Http://" is no defanging
				} else {
					out = append(out, scheme...)
					out = append(out, "://"...)
					changed = changed || ch
				}
				i += n
				continue
			}
		}
		if m, ok := markAt(b, i, 0); ok && !m.weak && !(keepEscapes && m.escape) {
			out = append(out, m.repl...)
			changed = true
			i += m.n
			continue
		}
		out = append(out, b[i])
		i++
	}
	for len(out) > 0 && out[len(out)-1] == ' ' {
		out = out[:len(out)-1]
		changed = true
	}
	out, weak := refangHost(out)
	return out, changed || weak
}

// refangHost undoes the weak marks and the commas of IPv4 addresses in the host of out (between
// "://", when there is one, and the first '/', '?' or '#'), where they have one reading.
func refangHost(out []byte) ([]byte, bool) {
	hs := 0
	if i := bytes.Index(out, []byte("://")); i >= 0 {
		hs = i + 3
	}
	he := len(out)
	if i := bytes.IndexAny(out[hs:], "/?#"); i >= 0 {
		he = hs + i
	}
	host := out[hs:he]
	if bytes.IndexByte(host, '.') >= 0 {
		return out, false
	}
	if ip, ok := commaIPv4(host); ok {
		return append(append(append([]byte(nil), out[:hs]...), ip...), out[he:]...), true
	}
	var nh []byte
	for i := 0; i < len(host); {
		if m, ok := markAt(host, i, 0); ok && m.weak {
			nh = append(nh, m.repl...)
			i += m.n
			continue
		}
		nh = append(nh, host[i])
		i++
	}
	if len(nh) == len(host) {
		return out, false
	}
	return append(append(append([]byte(nil), out[:hs]...), nh...), out[he:]...), true
}

// commaIPv4 reads "203,0,113,7" (with an optional ":port") as 203.0.113.7.
func commaIPv4(host []byte) ([]byte, bool) {
	var port []byte
	if i := bytes.IndexByte(host, ':'); i >= 0 {
		host, port = host[:i], host[i:]
	}
	if !commaQuad(host) {
		return nil, false
	}
	out := make([]byte, 0, len(host)+len(port))
	for _, c := range host {
		if c == ',' {
			c = '.'
		}
		out = append(out, c)
	}
	return append(out, port...), true
}

// words are the words for "dot" that defanged indicators use: English, German, Spanish and
// Italian, Portuguese, French.
var words = []string{"dot", "punkt", "punto", "ponto", "point"}

// fullWidthDots are the full-width, ideographic and half-width ideographic full stops (U+FF0E,
// U+3002, U+FF61).
var fullWidthDots = []string{"\uFF0E", "\u3002", "\uFF61"}

// afterSpaceOrDot marks the bytes that may follow the space or dot that starts a mark: a bracket,
// a space, or the first letter of a word for "dot".
var afterSpaceOrDot = func() (t [256]bool) {
	for _, c := range []byte("[](){}<> dDpP") {
		t[c] = true
	}
	return t
}()

// fullWidthDotAt returns the length of a full-width dot at b[i], or 0.
func fullWidthDotAt(b []byte, i int) int {
	for _, d := range fullWidthDots {
		if bytes.HasPrefix(b[i:], []byte(d)) {
			return len(d)
		}
	}
	return 0
}

// idn reports whether the host around the full-width dot b[i:i+d] has a non-ASCII label: then
// the dot is an IDNA label separator (UTS #46 maps it to '.'), not defanging.
func idn(b []byte, i, d int) bool {
	for k := i - 1; k >= 0 && i-k < 256 && (isHost(b[k]) || b[k] == '.'); k-- {
		if b[k] >= 0x80 && fullWidthDotAt(b, k) == 0 && !(k >= 1 && fullWidthDotAt(b, k-1) == 3) && !(k >= 2 && fullWidthDotAt(b, k-2) == 3) {
			return true
		}
	}
	for k := i + d; k < len(b) && k-i < 256 && (isHost(b[k]) || b[k] == '.'); {
		if n := fullWidthDotAt(b, k); n > 0 {
			k += n
			continue
		}
		if b[k] >= 0x80 {
			return true
		}
		k++
	}
	return false
}

// markAt returns the defang mark that starts at b[i], if there is one. Marks need host text
// around them: b[i-1] must be a host byte (i > lo), as must the byte after a dot mark.
func markAt(b []byte, i, lo int) (mark, bool) {
	if i >= len(b) || i < lo {
		return mark{}, false
	}
	if i == lo || !isHost(b[i-1]) {
		// "[www]" starts a host: at the start, or after anything but a dot.
		if isOpen(b[i]) && (i == lo || b[i-1] != '.') {
			if m, ok := bracketMark(b, i); ok && m.repl == "www" {
				return m, true
			}
		}
		return mark{}, false
	}
	c := b[i]
	switch {
	case c == '\\' || c == '^':
		switch {
		case i+2 < len(b) && b[i+1] == '.' && isHost(b[i+2]):
			return mark{n: 2, repl: "."}, true
		case c == '\\' && i+1 < len(b) && (b[i+1] == '/' || b[i+1] == ':'):
			return mark{n: 2, repl: separatorByte[b[i+1]], escape: true}, true
		}
		return mark{}, false
	case c == 0xEF || c == 0xE3:
		d := fullWidthDotAt(b, i)
		if d == 0 || i+d >= len(b) || !isHost(b[i+d]) || idn(b, i, d) {
			return mark{}, false
		}
		return mark{n: d, repl: "."}, true
	case c == '_':
		if i+2 < len(b) && b[i+1] == '_' && isHost(b[i+2]) && b[i+2] != '_' {
			return mark{n: 2, repl: ".", weak: true}, true
		}
		return mark{}, false
	case c == '-':
		if w := wordAt(b, i+1); w > 0 && i+1+w < len(b) && b[i+1+w] == '-' && i+2+w < len(b) && isHost(b[i+2+w]) {
			return mark{n: w + 2, repl: ".", weak: true}, true
		}
		return mark{}, false
	case c == ' ' || c == '.':
		// Most spaces and dots are none: look at the next byte first.
		if i+1 >= len(b) || !afterSpaceOrDot[b[i+1]] {
			return mark{}, false
		}
		return bracketMark(b, i)
	case isBracket(c):
		return bracketMark(b, i)
	}
	return mark{}, false
}

// bracketMark reads a mark made of brackets, spaces and a core: "[.]", " [ dot ] ", "].[",
// "[[.]]", "[.", ".]", " DOT ", "[:]", "(/)", "[-]", "[@]", "[at]", "[://]", "[www]".
func bracketMark(b []byte, i int) (mark, bool) {
	j := i
	sp1 := spaces(b, j)
	j += sp1
	b1 := bracketRun(b, j)
	j += b1
	open := byte(0)
	if b1 > 0 {
		open = b[j-1]
	}
	j += spaces(b, j)
	if j >= len(b) {
		return mark{}, false
	}
	const (
		dot = iota
		word
		sep
		www
	)
	kind, core := dot, "."
	switch w := wordAt(b, j); {
	case b[j] == '.':
		j++
	case w > 0:
		kind = word
		j += w
	case bytes.HasPrefix(b[j:], []byte("://")):
		kind, core = sep, "://"
		j += 3
	case b[j] == ':' || b[j] == '/' || b[j] == '-' || b[j] == '@':
		kind, core = sep, separatorByte[b[j]]
		j++
	case atWord(b, j) > 0:
		kind, core = sep, "@"
		j += 2
	case b1 > 0 && hasPrefixFold(b[j:], "www"):
		kind, core = www, "www"
		j += 3
	default:
		return mark{}, false
	}
	sp2 := spaces(b, j)
	b2 := bracketRun(b, j+sp2)
	close := byte(0)
	if b2 > 0 {
		close = b[j+sp2]
		j += sp2 + b2
		j += spaces(b, j)
	}
	if j >= len(b) {
		return mark{}, false
	}
	switch kind {
	case dot: // brackets on both sides, or "[." or ".]"
		if !(b1 > 0 && b2 > 0 || open == '[' && b2 == 0 || b1 == 0 && close == ']') {
			return mark{}, false
		}
	case word: // brackets on both sides, or spaces
		if b1 > 0 && b2 > 0 {
			break
		}
		if b1 > 0 || b2 > 0 || sp1 == 0 || sp2 == 0 {
			return mark{}, false
		}
		j += sp2
	case www: // "[www]" before the rest of the host
		if !isOpen(open) || !isClose(close) || b[j] != '.' && !isOpen(b[j]) && !isHost(b[j]) {
			return mark{}, false
		}
		return mark{n: j - i, repl: core}, true
	case sep: // one bracket pair around it
		if !isOpen(open) || !isClose(close) {
			return mark{}, false
		}
		if core == ":" || core == "/" || core == "://" {
			if !isHost(b[j]) && b[j] != '/' {
				return mark{}, false
			}
			return mark{n: j - i, repl: core}, true
		}
	}
	if j >= len(b) || !isHost(b[j]) {
		return mark{}, false
	}
	return mark{n: j - i, repl: core}, true
}

// separatorByte names the separators that a bracket pair may hold alone, as strings.
var separatorByte = func() (t [256]string) {
	for _, c := range ":/-@" {
		t[c] = string(c)
	}
	return t
}()

// spaces counts the spaces at b[j:], at most three.
func spaces(b []byte, j int) int {
	n := 0
	for k := j; k < len(b) && b[k] == ' ' && n < 3; k++ {
		n++
	}
	return n
}

// bracketRun counts the brackets at b[j:], at most three.
func bracketRun(b []byte, j int) int {
	n := 0
	for k := j; k < len(b) && isBracket(b[k]) && n < 3; k++ {
		n++
	}
	return n
}

// wordAt returns the length of a word for "dot" at b[j], in any case, or 0.
func wordAt(b []byte, j int) int {
	if j >= len(b) || b[j]|0x20 != 'd' && b[j]|0x20 != 'p' {
		return 0
	}
	for _, w := range words {
		if hasPrefixFold(b[j:], w) && (j+len(w) == len(b) || !isLetter(b[j+len(w)])) {
			return len(w)
		}
	}
	return 0
}

// atWord returns 2 for "at" at b[j], in any case, or 0.
func atWord(b []byte, j int) int {
	if hasPrefixFold(b[j:], "at") && (j+2 == len(b) || !isLetter(b[j+2])) {
		return 2
	}
	return 0
}

// schemes lists the defanged spellings of a scheme that are not the scheme with letters replaced
// by x, and the scheme.
var schemes = [][2]string{{"hxxs", "https"}, {"wxs", "ws"}, {"wxss", "wss"}}

// schemeWord returns the scheme that w spells, defanged or not: http, https, ws or wss, in any
// case, with any of its letters written x ("hxxp", "hXXps", "xxxx"), or one of schemes.
func schemeWord(w []byte) (string, bool) {
	if len(w) < 2 || len(w) > 5 {
		return "", false
	}
	switch w[0] | 0x20 {
	case 'h', 'w', 'x':
	default:
		return "", false
	}
	for _, p := range schemes {
		if len(p[0]) == len(w) && hasPrefixFold(w, p[0]) {
			return p[1], true
		}
	}
	for _, s := range []string{"http", "https", "ws", "wss"} {
		if len(w) != len(s) {
			continue
		}
		ok := true
		for k := range len(s) {
			if c := w[k] | 0x20; c != s[k] && c != 'x' {
				ok = false
				break
			}
		}
		if ok {
			return s, true
		}
	}
	return "", false
}

// separators are the spellings of "://" after a scheme, longest first.
var separators = []string{
	"[://]", "(://)", "{://}", "[:]//", "(:)//", "{:}//", `:\/\/`, ":///", "://", "//", "__",
}

// schemeAt reads a scheme at b[i], defanged or not ("hxxps://", "[https]://", "(http)[:]//",
// "http__", "http:// "), and returns the scheme, the bytes it takes and whether it was defanged.
// escaped is set when the only change is JSON's `:\/\/`.
func schemeAt(b []byte, i int) (scheme string, n int, changed, escaped bool) {
	j := i
	open := j < len(b) && isOpen(b[j])
	if open {
		j++
	}
	k := j
	for k < len(b) && k-j < 6 && isLetter(b[k]) {
		k++
	}
	if k == j || k < len(b) && isLetter(b[k]) {
		return "", 0, false, false
	}
	scheme, ok := schemeWord(b[j:k])
	if !ok {
		return "", 0, false, false
	}
	changed = open || k-j != len(scheme) || !hasPrefixFold(b[j:k], scheme)
	j = k
	if open {
		if j >= len(b) || !isClose(b[j]) {
			return "", 0, false, false
		}
		j++
	}
	sp := spaces(b, j)
	j += sp
	sep := ""
	for _, s := range separators {
		if bytes.HasPrefix(b[j:], []byte(s)) {
			sep = s
			break
		}
	}
	if sep == "" {
		return "", 0, false, false
	}
	j += len(sep)
	sp2 := spaces(b, j)
	j += sp2
	if j >= len(b) || !isHost(b[j]) && b[j] != '[' {
		return "", 0, false, false
	}
	changed = changed || sp > 0 || sp2 > 0
	return scheme, j - i, changed || sep != "://", !changed && sep == `:\/\/`
}

// Regions yields the start and end of each stretch of t that holds a defanged indicator: a run of
// text without white space or quotes, with its marks (which may hold spaces and brackets).
func Regions(t []byte) func(yield func(int, int) bool) {
	return regions(t, newSearch(len(t)))
}

// regions is Regions with the search for the next byte worth a look given: the tests compare
// newSearch's with a byte-by-byte search of wider follow sets.
func regions(t []byte, next func([]byte, int) int) func(yield func(int, int) bool) {
	return func(yield func(int, int) bool) {
		last := 0
		for i := 0; i < len(t); i++ {
			if i = next(t, i); i >= len(t) {
				break
			}
			found := false
			if m, ok := markAt(t, i, last); ok && !m.escape && !(m.weak && dottedHost(t, i, m.n)) {
				found = true
			} else if t[i] == ':' || t[i] == '/' || t[i] == '_' || t[i] == ' ' || isOpen(t[i]) {
				found = schemeBefore(t, i)
			} else if t[i] == ',' {
				found = commaQuadAt(t, i)
			}
			if !found {
				continue
			}
			start := i
			for start > last && start > i-4096 && !regionEnd(t, start-1) {
				start--
			}
			end := regionExtent(t, start)
			if end <= i {
				end = i + 1
			}
			if end > start {
				if r, ok := refang(t[start:end], true, true); ok && !bytes.Equal(r, t[start:end]) {
					if !yield(start, end) {
						return
					}
				}
			}
			last = end
			i = end - 1
		}
	}
}

// commaQuadAt reports whether the comma at t[i] is one of the three of "203,0,113,7", a run of
// four numbers of one to three digits with no host text or comma around it.
func commaQuadAt(t []byte, i int) bool {
	if i == 0 || i+1 >= len(t) || !isDigit(t[i-1]) || !isDigit(t[i+1]) {
		return false
	}
	a, b := i, i
	for a > 0 && i-a < 16 && (isDigit(t[a-1]) || t[a-1] == ',') {
		a--
	}
	for b < len(t) && b-i < 16 && (isDigit(t[b]) || t[b] == ',') {
		b++
	}
	if a > 0 && (isHost(t[a-1]) || t[a-1] == '.') || b < len(t) && (isHost(t[b]) || t[b] == '.') {
		return false
	}
	return commaQuad(t[a:b])
}

// commaQuad reports whether b is four numbers of one to three digits joined by commas.
func commaQuad(b []byte) bool {
	parts, digits := 1, 0
	for _, c := range b {
		switch {
		case isDigit(c) && digits < 3:
			digits++
		case c == ',' && digits > 0:
			parts, digits = parts+1, 0
		default:
			return false
		}
	}
	return parts == 4 && digits > 0
}

// dottedHost reports whether the host text around t[i:i+n] (a weak mark) holds a dot, so that
// the mark is read as written.
func dottedHost(t []byte, i, n int) bool {
	for k := i - 1; k >= 0 && i-k < 256; k-- {
		if t[k] == '.' {
			return true
		}
		if !isHost(t[k]) {
			break
		}
	}
	for k := i + n; k < len(t) && k-i < 256; k++ {
		if t[k] == '.' {
			return true
		}
		if !isHost(t[k]) && t[k] != '-' {
			break
		}
	}
	return false
}

// schemeBefore reports whether a scheme, defanged or not, ends just before t[i] or (for '[')
// starts at t[i].
func schemeBefore(t []byte, i int) bool {
	if isOpen(t[i]) {
		_, n, ch, esc := schemeAt(t, i)
		return n > 0 && ch && !esc
	}
	// Every scheme spelling ends in p, s or x.
	if i == 0 || !schemeLast[t[i-1]] {
		return false
	}
	k := i
	for k > 0 && i-k < 6 && isLetter(t[k-1]) {
		k--
	}
	if k == i || k > 0 && isLetter(t[k-1]) {
		return false
	}
	_, n, ch, esc := schemeAt(t, k)
	return n > 0 && ch && !esc
}

var schemeLast = func() (t [256]bool) {
	for _, c := range []byte("pPsSxX") {
		t[c] = true
	}
	return t
}()

// regionExtent returns the end of the region that starts at t[start]: it runs over marks and
// schemes, and stops at white space, quotes and brackets that belong to no mark.
func regionExtent(t []byte, start int) int {
	j := start
	for j < len(t) && j-start < 64<<10 {
		if (isLetter(t[j]) || isOpen(t[j])) && (j == start || !isLetter(t[j-1])) {
			if _, n, _, _ := schemeAt(t, j); n > 0 {
				j += n
				continue
			}
		}
		if m, ok := markAt(t, j, start); ok {
			j += m.n
			continue
		}
		if regionEnd(t, j) {
			break
		}
		j++
	}
	// A sentence may end just after an indicator.
	for j > start && strings.IndexByte(".,;:!?", t[j-1]) >= 0 {
		j--
	}
	return j
}

// regionEnd reports whether t[j] ends a region when it is no part of a mark.
func regionEnd(t []byte, j int) bool {
	c := t[j]
	if c == ',' {
		return !(j > 0 && isDigit(t[j-1]) && j+1 < len(t) && isDigit(t[j+1]))
	}
	return c <= ' ' || c == '"' || c == '\'' || c == '`' || c == '|' || isBracket(c) || c == 0x7f
}

var bracketByte = func() (t [256]bool) {
	for _, c := range []byte("[](){}<>") {
		t[c] = true
	}
	return t
}()

// candidate reports whether a mark or a scheme may start or end at t[i]: t[i] and the byte
// after it are allowed by follow, and t[i] is an opening bracket (which may start "[www]" or a
// scheme) or comes after a host byte. Every other mark needs host text before it (markAt), a
// scheme ends in a letter (schemeBefore) and the comma of an IPv4 address comes after a digit:
// this rules out the spaces that indent data and code. Then spelled looks further.
func candidate(t []byte, i int) bool {
	f := follow[t[i]]
	return f != nil && (i+1 == len(t) || f[t[i+1]]) && (isOpen(t[i]) || i > 0 && isHost(t[i-1])) && spelled(t, i)
}

// spelled reports whether the bytes after t[i] may still spell what its follow set let through,
// which the pair alone does not settle:
//
//   - a 'd' or a 'p' follows a byte only as the first letter of a word for "dot" (after a space,
//     a '-' or an opening bracket; no scheme starts with either): its first three letters must
//     be there; an 'a' only as that of "at" (after an opening bracket: "[at]");
//   - an opening bracket before a separator ("/", ":", "://", "-", "@") makes a mark only when
//     a closing bracket comes after it, past at most three spaces ("[/]", "(://)"; bracketMark);
//   - a space before a colon or a slash can only end a scheme ("hxxp ://", schemeBefore), whose
//     last letter is a 'p', an 's' or an 'x';
//   - a dot before a space is a mark only as ". ]", with at most three spaces;
//   - the lead byte of a full-width dot must start one.
//
// In prose the words that start with 'd' or 'p', and in XML and HTML the tags ("</", "<a"), are
// most of the pairs that follow lets through.
func spelled(t []byte, i int) bool {
	if i+1 >= len(t) {
		return true
	}
	switch t[i+1] | 0x20 {
	case 'd':
		return hasPrefixFold(t[i+1:], "dot")
	case 'p':
		w := t[i+1:]
		return hasPrefixFold(w, "pun") || hasPrefixFold(w, "pon") || hasPrefixFold(w, "poi")
	case 'a':
		return hasPrefixFold(t[i+1:], "at")
	}
	switch c, d := t[i], t[i+1]; {
	case isOpen(c) && (d == '/' || d == ':' || d == '-' || d == '@'):
		j := i + 2
		if bytes.HasPrefix(t[i+1:], []byte("://")) {
			j = i + 4
		}
		j += spaces(t, j)
		return j < len(t) && isClose(t[j])
	case c == ' ' && (d == ':' || d == '/'):
		return i > 0 && schemeLast[t[i-1]]
	case c == '.' && d == ' ':
		j := i + 1 + spaces(t, i+1)
		return j < len(t) && t[j] == ']'
	case c == 0xE3 || c == 0xEF:
		return fullWidthDotAt(t, i) > 0
	}
	return true
}

// nextCandidatePairs returns the first i' >= i at which candidate holds in t, or len(t). It
// tests eight bytes at a time, each as the pair with the byte after it (followPairs) and with
// the byte before it (afterPairs), without a branch for each: the spaces, dots, colons and
// commas of prose and data are most of the bytes that have a follow set, and a branch on each of
// them is mispredicted often. spelled then reads on from the pairs that pass.
func nextCandidatePairs(t []byte, i int) int {
	if i == 0 {
		if len(t) == 0 || candidate(t, 0) {
			return 0
		}
		i = 1
	}
	for ; i+9 <= len(t); i += 8 {
		b := t[i-1 : i+9 : i+9]
		m := followPairs.Bit(b[1], b[2])&afterPairs.Bit(b[0], b[1]) |
			(followPairs.Bit(b[2], b[3])&afterPairs.Bit(b[1], b[2]))<<1 |
			(followPairs.Bit(b[3], b[4])&afterPairs.Bit(b[2], b[3]))<<2 |
			(followPairs.Bit(b[4], b[5])&afterPairs.Bit(b[3], b[4]))<<3 |
			(followPairs.Bit(b[5], b[6])&afterPairs.Bit(b[4], b[5]))<<4 |
			(followPairs.Bit(b[6], b[7])&afterPairs.Bit(b[5], b[6]))<<5 |
			(followPairs.Bit(b[7], b[8])&afterPairs.Bit(b[6], b[7]))<<6 |
			(followPairs.Bit(b[8], b[9])&afterPairs.Bit(b[7], b[8]))<<7
		for ; m != 0; m &= m - 1 {
			if k := i + bits.TrailingZeros64(m); spelled(t, k) {
				return k
			}
		}
	}
	for ; i < len(t); i++ {
		if candidate(t, i) {
			return i
		}
	}
	return i
}

// followPairs holds the pairs (c, d) with follow[c][d].
var followPairs = func() (s *PairSet) {
	s = new(PairSet)
	for c, f := range follow {
		for d := range 256 {
			if f != nil && f[d] {
				s.Add(byte(c), byte(d))
			}
		}
	}
	return s
}()

// afterPairs holds the pairs (p, c) where c may start a mark or a scheme after p (see
// candidate).
var afterPairs = func() (s *PairSet) {
	s = new(PairSet)
	for p := range 256 {
		for c := range 256 {
			if isOpen(byte(c)) || isHost(byte(p)) {
				s.Add(byte(p), byte(c))
			}
		}
	}
	return s
}()

// follow holds, for each byte at which a mark or a scheme can start or end, the bytes that may
// come next (nil for the other bytes): a cheap test that rules out most spaces, dots and
// brackets of ordinary text. Each set is exact: it holds every byte after which Regions may find
// something at that byte.
var follow = func() (t [256]*[256]bool) {
	set := func(s string) *[256]bool {
		var f [256]bool
		for _, c := range []byte(s) {
			f[c] = true
		}
		return &f
	}
	open := set(".:/-@[](){}<> dDpPaAwWhHxX")
	for _, c := range []byte("[({<") {
		t[c] = open
	}
	closing := set(".[({< ])}>")
	for _, c := range []byte("])}>") {
		t[c] = closing
	}
	t[' '] = set("[](){}<> dDpP:/")
	t['.'] = set("] ")
	t['-'] = set("dDpP")
	t['_'] = set("_")
	t['\\'] = set("./:")
	t['^'] = set(".")
	// A colon or a slash is found only as the start of a separator after a scheme (":\/\/",
	// "://", "//"), a comma only between the digits of "203,0,113,7", and the lead byte of a
	// UTF-8 character only as that of a full-width dot.
	t[':'] = set(`/\`)
	t['/'] = set("/")
	t[','] = set("0123456789")
	t[0xE3] = set(fullWidthDots[1][1:2])
	t[0xEF] = set(fullWidthDots[0][1:2] + fullWidthDots[2][1:2])
	return t
}()

func isBracket(c byte) bool { return bracketByte[c] }
func isOpen(c byte) bool    { return c == '[' || c == '(' || c == '{' || c == '<' }
func isClose(c byte) bool   { return c == ']' || c == ')' || c == '}' || c == '>' }
func isLetter(c byte) bool  { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isDigit(c byte) bool   { return c >= '0' && c <= '9' }

// isHost reports whether c can be part of a hostname (or, above 0x7f, of a UTF-8 one).
func isHost(c byte) bool { return isLetter(c) || isDigit(c) || c == '-' || c == '_' || c >= 0x80 }

// hasPrefixFold reports whether b starts with s, an ASCII lowercase word, in any case.
func hasPrefixFold(b []byte, s string) bool {
	if len(b) < len(s) {
		return false
	}
	for k := range len(s) {
		if b[k]|0x20 != s[k] {
			return false
		}
	}
	return true
}
