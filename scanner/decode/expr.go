package decode

import (
	"bytes"
	"encoding/binary"
	"html"
	"math/bits"
)

// The string-expression evaluator behind concat, reversed, charcode and the
// decoding calls. It reads a small, side-effect-free subset of JavaScript and
// PHP: string literals, + and PHP's . between them, [..].join(..),
// .split(..).reverse().join(..), and calls of known decoding functions. Anything
// else ends the expression.

// val is the value of a string expression.
type val struct {
	s       []byte
	chain   []Family
	raw     bool // s is a literal's source text, without escapes
	lits    int  // plain string literals that went into s
	pieces  int  // operands concatenated
	postfix bool // a method such as .split or .join was applied
	// variable is set for the value of a variable (see phpvars.go).
	variable bool
}

type parser struct {
	sc    *scan
	src   []byte
	depth int
}

const (
	maxParseDepth = 24
	// maxElems bounds the numbers, array items and operands of one
	// expression; a longer list is reported as a LimitElements.
	maxElems = 1 << 16
)

// tooMany records that a list at p.src[i] has more than maxElems elements.
func (p *parser) tooMany(i int) {
	p.sc.st.limit(LimitElements, p.sc.outerStart(i))
}

// callKind says what a known function does to its argument.
type callKind uint8

const (
	callAtob callKind = iota + 1
	callBase64Decode
	callBufferFrom
	callFromCharCode
	callApply
	callChr
	callStrrev
	callRot13
	callGzinflate
	callGzuncompress
	callGzdecode
	callURLDecode
	callEntityDecode
	callHex2bin
)

var calls = map[string]callKind{
	"atob":                    callAtob,
	"base64_decode":           callBase64Decode,
	"from":                    callBufferFrom,
	"fromCharCode":            callFromCharCode,
	"apply":                   callApply,
	"chr":                     callChr,
	"strrev":                  callStrrev,
	"str_rot13":               callRot13,
	"gzinflate":               callGzinflate,
	"gzuncompress":            callGzuncompress,
	"gzdecode":                callGzdecode,
	"unescape":                callURLDecode,
	"decodeURIComponent":      callURLDecode,
	"decodeURI":               callURLDecode,
	"urldecode":               callURLDecode,
	"rawurldecode":            callURLDecode,
	"html_entity_decode":      callEntityDecode,
	"htmlspecialchars_decode": callEntityDecode,
	"hex2bin":                 callHex2bin,
}

// ws skips white space.
func (p *parser) ws(i int) int {
	for n := 0; i < len(p.src) && n < 1024; i, n = i+1, n+1 {
		switch p.src[i] {
		case ' ', '\t', '\n', '\r':
		default:
			return i
		}
	}
	return i
}

// at reports whether p.src[i:] starts with s.
func (p *parser) at(i int, s string) bool {
	return i >= 0 && i <= len(p.src) && bytes.HasPrefix(p.src[i:], []byte(s))
}

// literal reads the string literal opened by the quote at i and returns its
// source text and the offset of the closing quote. Literals in ' and " end at
// a newline unless multiline is set (PHP strings may span lines).
func (p *parser) literal(i int, multiline bool) (content []byte, closeAt int, ok bool) {
	content, closeAt, _, ok = p.literalScan(i, multiline)
	return content, closeAt, ok
}

// Bits of literalScan's report.
const (
	lbBackslash = 1 << iota
	lbTrigger   // a byte the main loop may act on
)

// literalScan is literal that also reports what the literal holds: bit
// lbBackslash for a backslash and lbTrigger for a byte the main loop may act
// on (always set for now).
func (p *parser) literalScan(i int, multiline bool) (content []byte, closeAt int, holds uint8, ok bool) {
	src := p.src
	q := src[i]
	// A literal of any length is read: finding its end costs one pass to the
	// next quote of its kind, and a long one is decoded in windows.
	lim := len(src)
	nl := q != '`' && !multiline
	holds = lbTrigger
	// Most literals are short: their first bytes are read a word at a time,
	// stopping at the quote, a backslash or a newline that ends the literal,
	// before the searches below take over.
	j := i + 1
	const ones = 0x0101010101010101
	for wq, wn := ones*uint64(q), uint64(ones*'\n'); j+8 <= lim && j-i <= 64; {
		x := binary.LittleEndian.Uint64(src[j:])
		m := zeroByte(x ^ wq)
		if nl {
			m |= zeroByte(x ^ wn)
		}
		if holds&lbBackslash == 0 {
			m |= zeroByte(x ^ ones*'\\')
		}
		if m == 0 {
			j += 8
			continue
		}
		// The lowest bit of m is exact: it marks the first such byte.
		k := j + bits.TrailingZeros64(m)>>3
		switch c := src[k]; {
		case c == '\\':
			holds |= lbBackslash
		case c == '\n' && nl:
			return nil, 0, 0, false
		case c == q && escaped(src, k):
			holds |= lbBackslash
		case c == q:
			return src[i+1 : k], k, holds, true
		}
		j = k + 1
	}
	for j < lim {
		k := bytes.IndexByte(src[j:lim], q)
		if k < 0 {
			return nil, 0, 0, false
		}
		if nl && bytes.IndexByte(src[j:j+k], '\n') >= 0 {
			return nil, 0, 0, false
		}
		if holds&lbBackslash == 0 && bytes.IndexByte(src[j:j+k], '\\') >= 0 {
			holds |= lbBackslash
		}
		j += k
		if escaped(src, j) {
			holds |= lbBackslash
			j++
			continue
		}
		return src[i+1 : j], j, holds, true
	}
	return nil, 0, 0, false
}

// literalValue evaluates a literal's source text.
func (p *parser) literalValue(lit []byte, q byte) (val, bool) {
	return p.literalValueTo(nil, lit, q, bytes.IndexByte(lit, '\\') >= 0)
}

// single holds a one-family chain for each family, shared: chains are never
// written in place.
var single = func() (t [familyCount][]Family) {
	for f := range t {
		t[f] = []Family{Family(f)}
	}
	return t
}()

// literalValueTo is literalValue for a literal whose backslashes bs reports.
// An escaped literal is decoded into dst when dst is not nil.
func (p *parser) literalValueTo(dst, lit []byte, q byte, bs bool) (val, bool) {
	if q == '`' && bytes.Contains(lit, []byte("${")) {
		return val{}, false // a template with substitutions has no static value
	}
	if !bs {
		return val{s: lit, raw: true, lits: 1, pieces: 1}, true
	}
	out, f, n := unescapeTo(dst, lit)
	if !p.sc.st.spend(len(out)) {
		return val{}, false
	}
	v := val{s: out, lits: 1, pieces: 1}
	if n > 0 {
		v.chain = single[f]
	}
	return v, true
}

// expr evaluates the string expression starting at i.
func (p *parser) expr(i int) (v val, end int, ok bool) {
	if p.depth >= maxParseDepth || i >= len(p.src) {
		return val{}, 0, false
	}
	p.depth++
	defer func() { p.depth-- }()
	v, end, ok = p.term(i, false)
	if !ok {
		return val{}, 0, false
	}
	return p.concatRest(v, end)
}

// concatRest evaluates the operands joined to v (which ends at end) by + or
// PHP's '.'.
func (p *parser) concatRest(v val, end int) (val, int, bool) {
	// Most expressions join a few operands: their lists start on the stack.
	var partsBuf [4]val
	var endsBuf [4]int
	parts, ends := partsBuf[:0], endsBuf[:0] // the operands and where each ends
	php := false
	for len(parts) < maxElems {
		j := p.ws(end)
		if j >= len(p.src) {
			break
		}
		c := p.src[j]
		if c == '+' && !p.at(j+1, "+") && !p.at(j+1, "=") || c == '.' && p.src[end-1] != '`' && p.phpConcatAt(j+1) {
			php = php || c == '.'
			t, e, ok := p.term(p.ws(j+1), true)
			if !ok {
				break
			}
			if len(parts) == 0 {
				parts, ends = append(parts, v), append(ends, end)
			}
			parts, ends = append(parts, t), append(ends, e)
			end = e
			continue
		}
		break
	}
	if len(parts) >= maxElems {
		p.tooMany(end)
	}
	if len(parts) == 0 {
		return v, end, !v.variable // a variable alone hides nothing
	}
	// Variables are read for PHP concatenation of decoded pieces, or when
	// a name runs across the edge of a variable's value ($d . 'n.example'):
	// in other expressions (echo '<a href="'.$u.'">') they would only repeat
	// a value found where it was assigned. The expression then ends before
	// its first variable.
	if !phpDecoded(parts, php, false) && !joinsName(parts) {
		for k, t := range parts {
			if !t.variable {
				continue
			}
			switch k {
			case 0:
				return val{}, 0, false
			case 1:
				return parts[0], ends[0], true
			}
			parts, end = parts[:k], ends[k-1]
			break
		}
	}
	v, ok := p.concatOp(parts, php)
	return v, end, ok
}

// phpDecoded reports whether parts, joined by PHP's '.' (php), include a
// piece that a PHP decoding call made (base64_decode, str_rot13 or gz*): a
// call written there, or with vars also a variable that holds its result.
func phpDecoded(parts []val, php, vars bool) bool {
	if !php {
		return false
	}
	for _, t := range parts {
		if n := len(t.chain); n > 0 && (vars || !t.variable) && (t.chain[n-1] == Base64 || t.chain[n-1] == PHPChain) {
			return true
		}
	}
	return false
}

// phpConcatAt reports whether the text after a '.' at i-1 is PHP string
// concatenation rather than a JavaScript method call.
func (p *parser) phpConcatAt(i int) bool {
	i = p.ws(i)
	if i >= len(p.src) {
		return false
	}
	switch p.src[i] {
	case '\'', '"':
		return true
	case '$':
		_, _, ok := p.sc.variable(i)
		return ok
	}
	e := i
	for e < len(p.src) && e-i < 32 && isIdent(p.src[e]) {
		e++
	}
	switch calls[string(p.src[i:e])] {
	case callChr, callBase64Decode, callStrrev, callRot13, callGzinflate, callGzuncompress,
		callGzdecode, callURLDecode, callEntityDecode, callHex2bin:
		return p.at(p.ws(e), "(")
	}
	return false
}

// joinsName reports whether a run of host characters runs across an edge
// between a variable's value and the piece beside it.
func joinsName(parts []val) bool {
	for k := 1; k < len(parts); k++ {
		a, b := parts[k-1], parts[k]
		if (a.variable || b.variable) && len(a.s) > 0 && len(b.s) > 0 &&
			isHostChar(a.s[len(a.s)-1]) && isHostChar(b.s[0]) {
			return true
		}
	}
	return false
}

// concatOp joins the values of parts, joined by + or, when php is set, by
// PHP's '.' too. PHP concatenation of pieces that PHP decoding calls made
// (base64_decode('aHR0cHM6Ly9za2ltLg==').$host) is one php-chain.
func (p *parser) concatOp(parts []val, php bool) (val, bool) {
	v, ok := p.concat(parts)
	if !ok || !phpDecoded(parts, php, true) {
		return v, ok
	}
	var c []Family
	for _, t := range parts {
		c = union(c, t.chain)
	}
	v.chain = phpChain(c)
	return v, true
}

// concat joins the values of parts.
func (p *parser) concat(parts []val) (val, bool) {
	n := 0
	var v val
	for _, t := range parts {
		n += len(t.s)
		v.lits += t.lits
		v.pieces += t.pieces
		v.chain = union(v.chain, t.chain)
	}
	if !p.sc.st.spend(n) {
		return val{}, false
	}
	v.s = make([]byte, 0, n)
	for _, t := range parts {
		v.s = append(v.s, t.s...)
	}
	if v.pieces >= 2 && v.lits >= 1 {
		v.chain = union(v.chain, []Family{Concat})
	}
	v.postfix = true
	return v, true
}

// union appends to a the families of b that a lacks.
func union(a, b []Family) []Family {
	for _, f := range b {
		found := false
		for _, g := range a {
			if f == g {
				found = true
				break
			}
		}
		if !found && len(a) < maxChain {
			a = append(a[:len(a):len(a)], f)
		}
	}
	return a
}

// with returns c followed by f.
func with(c []Family, f Family) []Family {
	if len(c) >= maxChain {
		return c
	}
	return append(c[:len(c):len(c)], f)
}

// term evaluates one operand: a literal, an array, a parenthesised
// expression, a known call or (after +) a number, with its postfix methods.
func (p *parser) term(i int, allowNum bool) (v val, end int, ok bool) {
	src := p.src
	if i >= len(src) {
		return val{}, 0, false
	}
	switch c := src[i]; {
	case c == '\'' || c == '"' || c == '`':
		lit, cl, ok := p.literal(i, false)
		if !ok {
			return val{}, 0, false
		}
		if v, ok = p.literalValue(lit, c); !ok {
			return val{}, 0, false
		}
		end = cl + 1
	case c == '[':
		return p.array(i)
	case c == '(':
		if v, end, ok = p.expr(p.ws(i + 1)); !ok {
			return val{}, 0, false
		}
		if end = p.ws(end); !p.at(end, ")") {
			return val{}, 0, false
		}
		end++
	case c == '$' && p.sc.knowsVariable(i):
		name, e, _ := p.sc.variable(i)
		v, end = p.sc.vars[string(name)], e
		v.variable = true
	case isIdent(c) && !isDigit(c):
		if v, end, ok = p.call(i); !ok {
			return val{}, 0, false
		}
	case allowNum && isDigit(c):
		e := i
		for e < len(src) && e-i < 40 && (isAlnum(src[e]) || src[e] == '.') {
			e++
		}
		return val{s: src[i:e], pieces: 1}, e, true
	default:
		return val{}, 0, false
	}
	return p.termRest(v, end)
}

// termRest applies the postfix methods after an operand v ending at end.
func (p *parser) termRest(v val, end int) (val, int, bool) {
	src := p.src
	v, end = p.postfix(v, end)
	// A property, unknown method or index applied to the value makes it
	// something this evaluator does not know ('abc'.length, 'abc'[0]).
	j := p.ws(end)
	if p.at(j, "[") || p.at(j, ".") && !p.phpConcatAt(j+1) && j+1 < len(src) && isIdent(src[j+1]) {
		return val{}, 0, false
	}
	return v, end, true
}

// method reads ".name(" at i and returns name and the offset after '('.
func (p *parser) method(i int) (name []byte, after int, ok bool) {
	j := p.ws(i)
	if !p.at(j, ".") {
		return nil, 0, false
	}
	k := p.ws(j + 1)
	e := k
	for e < len(p.src) && e-k < 32 && isIdent(p.src[e]) {
		e++
	}
	if e == k {
		return nil, 0, false
	}
	a := p.ws(e)
	if !p.at(a, "(") {
		return nil, 0, false
	}
	return p.src[k:e], p.ws(a + 1), true
}

// bracketName reads a bracket access ['name'] or ["name"] at i (after white
// space) and returns the name, its escapes decoded, and the offset after ']'.
func (p *parser) bracketName(i int) (name []byte, end int, ok bool) {
	j := p.ws(i)
	if !p.at(j, "[") {
		return nil, 0, false
	}
	j = p.ws(j + 1)
	if j >= len(p.src) || p.src[j] != '\'' && p.src[j] != '"' {
		return nil, 0, false
	}
	q := p.src[j]
	k := bytes.IndexByte(p.src[j+1:min(len(p.src), j+1+maxBracketName)], q)
	if k < 0 {
		return nil, 0, false
	}
	if name, ok = identName(p.src[j+1 : j+1+k]); !ok {
		return nil, 0, false
	}
	e := p.ws(j + k + 2)
	if !p.at(e, "]") {
		return nil, 0, false
	}
	return name, e + 1, true
}

// bracketMethod reads ['name']( at i and returns name and the offset after
// '(' and white space.
func (p *parser) bracketMethod(i int) (name []byte, after int, ok bool) {
	name, e, ok := p.bracketName(i)
	if !ok {
		return nil, 0, false
	}
	a := p.ws(e)
	if !p.at(a, "(") {
		return nil, 0, false
	}
	return name, p.ws(a + 1), true
}

// closeParen expects ')' at i (after white space) and returns the offset
// after it.
func (p *parser) closeParen(i int) (int, bool) {
	i = p.ws(i)
	if !p.at(i, ")") {
		return 0, false
	}
	return i + 1, true
}

// stringArg reads a string literal argument followed by ')'.
func (p *parser) stringArg(i int) ([]byte, int, bool) {
	if i >= len(p.src) || (p.src[i] != '\'' && p.src[i] != '"') {
		return nil, 0, false
	}
	lit, cl, ok := p.literal(i, false)
	if !ok {
		return nil, 0, false
	}
	v, ok := p.literalValue(lit, p.src[i])
	if !ok {
		return nil, 0, false
	}
	end, ok := p.closeParen(cl + 1)
	return v.s, end, ok
}

// postfix applies string methods after a value: .split(…) followed by list
// methods, .toString(), .concat(…). It stops before anything else.
func (p *parser) postfix(v val, end int) (val, int) {
	for {
		name, a, ok := p.method(end)
		if !ok {
			return v, end
		}
		switch string(name) {
		case "toString", "trim":
			e, ok := p.closeParen(a)
			if !ok {
				if _, e, ok = p.stringArg(a); !ok {
					return v, end
				}
			}
			end = e
		case "concat":
			t, e, ok := p.expr(a)
			if !ok {
				return v, end
			}
			e, ok = p.closeParen(e)
			if !ok {
				return v, end
			}
			w, ok := p.concat([]val{v, t})
			if !ok {
				return v, end
			}
			v, end = w, e
		case "split":
			sep, e, ok := p.stringArg(a)
			if !ok {
				return v, end
			}
			w, e, ok := p.listOps(splitList(v.s, sep), e, v.chain, false, sep)
			if !ok {
				return v, end
			}
			v, end = w, e
		default:
			return v, end
		}
	}
}

// listOps applies .reverse() and a final .join(sep) to a list. fromArray
// says whether the list is an array literal (else the result of .split(sep0)).
func (p *parser) listOps(list [][]byte, i int, c []Family, fromArray bool, sep0 []byte) (val, int, bool) {
	rev := false
	for {
		name, a, ok := p.method(i)
		if !ok {
			return val{}, 0, false
		}
		switch string(name) {
		case "reverse":
			e, ok := p.closeParen(a)
			if !ok {
				return val{}, 0, false
			}
			rev, i = !rev, e
		case "join":
			sep, e, ok := p.stringArg(a)
			if !ok {
				if e, ok = p.closeParen(a); !ok {
					return val{}, 0, false
				}
				sep = []byte(",")
			}
			s, ok := p.join(list, sep, rev)
			if !ok {
				return val{}, 0, false
			}
			switch {
			case fromArray && len(list) >= 2:
				c = with(c, Concat)
			case !fromArray && !rev && !bytes.Equal(sep, sep0):
				c = with(c, Concat) // split(x).join(y) replaces x by y
			}
			if rev {
				c = with(c, Reversed)
			}
			return val{s: s, chain: c, lits: 1, pieces: 1, postfix: true}, e, true
		default:
			return val{}, 0, false
		}
	}
}

func (p *parser) join(list [][]byte, sep []byte, rev bool) ([]byte, bool) {
	n := 0
	for _, e := range list {
		n += len(e) + len(sep)
	}
	if !p.sc.st.spend(n) {
		return nil, false
	}
	out := make([]byte, 0, n)
	for k := range list {
		e := list[k]
		if rev {
			e = list[len(list)-1-k]
		}
		if k > 0 {
			out = append(out, sep...)
		}
		out = append(out, e...)
	}
	return out, true
}

// array evaluates an array literal of strings followed by list methods
// ending in .join(…).
func (p *parser) array(i int) (val, int, bool) {
	var listBuf [8][]byte // most arrays are short: the list starts on the stack
	list := listBuf[:0]
	var c []Family
	j := p.ws(i + 1)
	for len(list) < maxElems {
		if p.at(j, "]") {
			break
		}
		t, e, ok := p.expr(j)
		if !ok {
			return val{}, 0, false
		}
		list = append(list, t.s)
		c = union(c, t.chain)
		j = p.ws(e)
		if p.at(j, ",") {
			j = p.ws(j + 1)
			continue
		}
		if !p.at(j, "]") {
			return val{}, 0, false
		}
	}
	// A longer array (of strings, so far) is not reported: data tables have
	// them, and only a .join after the array would make it text.
	if !p.at(j, "]") || len(list) == 0 {
		return val{}, 0, false
	}
	return p.listOps(list, j+1, c, true, nil)
}

// splitList splits s like JavaScript's String.prototype.split with a string
// separator; "" splits into characters.
func splitList(s, sep []byte) [][]byte {
	if len(sep) > 0 {
		return bytes.Split(s, sep)
	}
	var out [][]byte
	for i := 0; i < len(s); {
		n := runeLen(s[i:])
		out = append(out, s[i:i+n])
		i += n
	}
	return out
}

// number reads a numeric literal (decimal, 0x hex, 0o/0b, legacy 0 octal).
func (p *parser) number(i int) (n int64, end int, ok bool) {
	src := p.src
	base := int64(10)
	j := i
	if p.at(i, "0x") || p.at(i, "0X") {
		base, j = 16, i+2
	} else if p.at(i, "0o") || p.at(i, "0O") {
		base, j = 8, i+2
	} else if p.at(i, "0b") || p.at(i, "0B") {
		base, j = 2, i+2
	} else if p.at(i, "0") && i+1 < len(src) && isDigit(src[i+1]) {
		base, j = 8, i+1
	}
	s := j
	for j < len(src) && j-s < 12 {
		d := digitVal(src[j])
		if d < 0 || int64(d) >= base {
			break
		}
		n = n*base + int64(d)
		j++
	}
	if j == s || j < len(src) && isIdent(src[j]) {
		return 0, 0, false
	}
	return n, j, true
}

func digitVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return -1
}

// numbers reads a comma-separated list of numbers up to the closing byte cl
// and returns the offset after it. A spread of an array literal (...[1,2])
// is read as its elements. A list of more than maxElems numbers fails with
// end -1: the caller says whether that is worth a LimitElements.
func (p *parser) numbers(i int, cl byte) ([]int64, int, bool) {
	var out []int64
	j := p.ws(i)
	for len(out) < maxElems {
		if j < len(p.src) && p.src[j] == cl {
			return out, j + 1, true
		}
		if p.at(j, "...[") {
			ns, e, ok := p.numbers(j+4, ']')
			if !ok {
				return nil, e, false
			}
			out = append(out, ns...)
			j = p.ws(e)
		} else {
			n, e, ok := p.number(j)
			if !ok {
				return nil, 0, false
			}
			out = append(out, n)
			j = p.ws(e)
		}
		if p.at(j, ",") {
			j = p.ws(j + 1)
		} else if j >= len(p.src) || p.src[j] != cl {
			return nil, 0, false
		}
	}
	return nil, -1, false
}

// call evaluates a call of a known decoding function starting at i (the
// first byte of its possibly qualified name).
func (p *parser) call(i int) (val, int, bool) {
	src := p.src
	e := i
	var last []byte
	for seg := 0; seg < 4; seg++ {
		s := e
		for e < len(src) && e-s < 32 && isIdent(src[e]) {
			e++
		}
		if e == s {
			return val{}, 0, false
		}
		last = src[s:e]
		// String['fromCharCode']: a name in brackets, maybe escaped.
		for ; seg < 3 && e < len(src) && src[e] == '['; seg++ {
			nm, be, ok := p.bracketName(e)
			if !ok {
				break
			}
			last, e = nm, be
		}
		if seg < 3 && p.at(e, ".") && e+1 < len(src) && isIdent(src[e+1]) && !isDigit(src[e+1]) {
			e++
			continue
		}
		break
	}
	name := src[i:e]
	kind := calls[string(last)]
	a := p.ws(e)
	if kind == 0 || !p.at(a, "(") {
		return val{}, 0, false
	}
	a = p.ws(a + 1)
	switch kind {
	case callFromCharCode:
		ns, end, ok := p.numbers(a, ')')
		if !ok || len(ns) == 0 {
			if end < 0 {
				p.tooMany(i)
			}
			return val{}, 0, false
		}
		return p.fromCharCode(ns, nil, end)
	case callApply:
		if !bytes.HasSuffix(name, []byte("fromCharCode.apply")) {
			return val{}, 0, false
		}
		k := a
		for k < len(src) && isIdent(src[k]) {
			k++
		}
		k = p.ws(k)
		if !p.at(k, ",") {
			return val{}, 0, false
		}
		k = p.ws(k + 1)
		if !p.at(k, "[") {
			return val{}, 0, false
		}
		ns, end, ok := p.numbers(k+1, ']')
		if !ok {
			if end < 0 {
				p.tooMany(i)
			}
			return val{}, 0, false
		}
		end, ok = p.closeParen(end)
		if !ok {
			return val{}, 0, false
		}
		return p.fromCharCode(ns, nil, end)
	case callChr:
		n, end, ok := p.number(a)
		if !ok {
			return val{}, 0, false
		}
		end, ok = p.closeParen(end)
		if !ok || !p.sc.st.spend(1) {
			return val{}, 0, false
		}
		return val{s: []byte{byte(n)}, chain: []Family{CharCode}, pieces: 1}, end, true
	}
	arg, end, ok := p.expr(a)
	if !ok {
		// PHP strings may span lines: retry a lone literal argument.
		if a >= len(src) || (src[a] != '\'' && src[a] != '"') {
			return val{}, 0, false
		}
		lit, cl, ok := p.literal(a, true)
		if !ok {
			return val{}, 0, false
		}
		if arg, ok = p.literalValue(lit, src[a]); !ok {
			return val{}, 0, false
		}
		end = cl + 1
	}
	// Extra arguments: one simple literal or identifier each.
	var extra []byte
	for n := 0; n < 3; n++ {
		k := p.ws(end)
		if !p.at(k, ",") {
			break
		}
		k = p.ws(k + 1)
		if k < len(src) && (src[k] == '\'' || src[k] == '"') {
			lit, cl, ok := p.literal(k, false)
			if !ok {
				return val{}, 0, false
			}
			extra, end = lit, cl+1
			continue
		}
		s := k
		for k < len(src) && k-s < 32 && isIdent(src[k]) {
			k++
		}
		if k == s {
			return val{}, 0, false
		}
		end = k
	}
	end, ok = p.closeParen(end)
	if !ok {
		return val{}, 0, false
	}
	out, c, ok := p.apply(kind, name, arg, extra)
	if !ok {
		return val{}, 0, false
	}
	return val{s: out, chain: c, pieces: 1, lits: arg.lits, postfix: true}, end, true
}

func (p *parser) fromCharCode(ns []int64, c []Family, end int) (val, int, bool) {
	out := charCodes(ns)
	if !p.sc.st.spend(len(out)) {
		return val{}, 0, false
	}
	return val{s: out, chain: with(c, CharCode), pieces: 1}, end, true
}

// apply runs the decoding function kind on arg.
func (p *parser) apply(kind callKind, name []byte, arg val, extra []byte) ([]byte, []Family, bool) {
	st := p.sc.st
	c := arg.chain
	var out []byte
	var ok bool
	switch kind {
	case callAtob:
		out, ok = base64Strict(arg.s)
		c = with(c, Base64)
	case callBase64Decode:
		out, ok = base64Strict(arg.s)
		if len(c) == 0 || c[len(c)-1] != PHPChain {
			c = with(c, Base64)
		}
	case callBufferFrom:
		if !bytes.HasSuffix(name, []byte("Buffer.from")) {
			return nil, nil, false
		}
		switch string(extra) {
		case "base64", "base64url":
			out, ok = base64Strict(arg.s)
			c = with(c, Base64)
		case "hex":
			out, ok = hexDecode(arg.s)
			c = with(c, HexEscape)
		}
	case callStrrev:
		out, ok = reverseBytes(arg.s), true
		c = with(c, Reversed)
	case callRot13:
		out, ok = Shift(arg.s, 13), true
		c = phpChain(c)
	case callGzinflate, callGzuncompress, callGzdecode:
		var over bool
		out, ok, over = inflate(kind, arg.s, st.budget)
		if over {
			st.truncated = true
		}
		c = phpChain(c)
	case callURLDecode:
		var changed bool
		out, changed, _ = percentDecode(arg.s)
		ok = changed
		c = with(c, URLEncoded)
	case callEntityDecode:
		s := html.UnescapeString(string(arg.s))
		out, ok = []byte(s), s != string(arg.s)
		c = with(c, HTMLEntity)
	case callHex2bin:
		out, ok = hexDecode(arg.s)
		c = with(c, HexEscape)
	}
	if !ok || !st.spend(len(out)) {
		return nil, nil, false
	}
	return out, c, true
}

// charCodeArray evaluates a numeric array literal at i as character codes,
// when the numbers look like text and fromCharCode or chr( is used near it,
// or when they spell text with a hostname or address in it (see
// addressCodes): such an array is turned into text later, by whatever code.
func (p *parser) charCodeArray(i int) (val, int, bool) {
	j := p.ws(i + 1)
	if j >= len(p.src) || !isDigit(p.src[j]) || !manyNumbers(p.src, j) {
		return val{}, 0, false
	}
	ns, end, ok := p.numbers(j, ']')
	if !ok || len(ns) < minCodes {
		if end < 0 && bytes.Contains(p.src[max(0, i-charCodeWindow):i], []byte("fromCharCode")) {
			p.tooMany(i)
		}
		return val{}, 0, false
	}
	if out, ok := addressCodes(ns); ok {
		if !p.sc.st.spend(len(out)) {
			return val{}, 0, false
		}
		return val{s: out, chain: single[CharCode], pieces: 1}, end, true
	}
	text := 0
	for _, n := range ns {
		if n < 9 || n > 0xffff {
			return val{}, 0, false
		}
		if n >= 0x20 && n < 0x7f {
			text++
		}
	}
	if text*10 < len(ns)*8 {
		return val{}, 0, false
	}
	near := p.src[max(0, i-charCodeWindow):min(len(p.src), end+charCodeWindow)]
	if !bytes.Contains(near, []byte("fromCharCode")) && !bytes.Contains(near, []byte("chr(")) {
		return val{}, 0, false
	}
	return p.fromCharCode(ns, nil, end)
}

// charCodeWindow is how far from a numeric array fromCharCode is looked for.
const charCodeWindow = 4 << 10
