package decode

import "bytes"

// Dean Edwards' packer wraps a script as
//
//	eval(function(p,a,c,k,e,d){…return p}('payload',62,N,'w|o|r|d|s'.split('|'),0,{}))
//
// where each word of the payload is an index, in base a, into the word list.
// packer unpacks it without running it.

// maxPackerHead is the longest unpacker function body considered (the packer's
// own is 200 bytes); a longer one is reported as a LimitPacker.
const maxPackerHead = 64 << 10

// packerCall reads a packed script at the '(' at paren, whatever calls the
// unpacker: eval(…), window.eval(…), this['eval'](…) or another name. k is
// where the callee's name ends (paren, or before the spaces in front of it).
// It returns the offset after the call.
func (sc *scan) packerCall(k, paren int) (int, bool) {
	src := sc.src
	i := paren + 1
	for i < len(src) && i-paren < 8 && (src[i] == ' ' || src[i] == '\n' || src[i] == '\t') {
		i++
	}
	if i+len("function(") > len(src) || src[i] != 'f' || !bytes.HasPrefix(src[i:], []byte("function")) {
		return 0, false
	}
	start := paren
	if _, open, ok := bracketNameBefore(src, k); ok {
		start = identStart(src, open)
	} else if j := identStart(src, k); j < k {
		start = j
	}
	return sc.packer(start, paren)
}

// packer reads a packed script whose call starts at start and whose "(" is
// at paren. It returns the offset after the call.
func (sc *scan) packer(start, paren int) (int, bool) {
	src := sc.src
	p := parser{sc: sc, src: src}
	i := p.ws(paren + 1)
	if !p.at(i, "function") {
		return 0, false
	}
	i = p.ws(i + len("function"))
	if !p.at(i, "(p,a,c,k,e,") && !p.at(i, "(p, a, c, k, e, ") {
		return 0, false
	}
	head := src[i:min(len(src), i+maxPackerHead)]
	k := bytes.Index(head, []byte("}('"))
	if k2 := bytes.Index(head, []byte("}(\"")); k2 >= 0 && (k < 0 || k2 < k) {
		k = k2
	}
	if k < 0 {
		if len(head) == maxPackerHead {
			sc.st.limit(LimitPacker, sc.outerStart(start))
		}
		return 0, false
	}
	j := i + k + 2
	lit, cl, ok := p.literal(j, true)
	if !ok {
		return 0, false
	}
	payload, ok := p.literalValue(lit, src[j])
	if !ok {
		return 0, false
	}
	j = p.ws(cl + 1)
	var nums [2]int64
	for n := range nums {
		if !p.at(j, ",") {
			return 0, false
		}
		v, e, ok := p.number(p.ws(j + 1))
		if !ok {
			return 0, false
		}
		nums[n], j = v, p.ws(e)
	}
	if !p.at(j, ",") {
		return 0, false
	}
	j = p.ws(j + 1)
	if j >= len(src) || src[j] != '\'' && src[j] != '"' {
		return 0, false
	}
	wl, cl, ok := p.literal(j, true)
	if !ok {
		return 0, false
	}
	words, ok := p.literalValue(wl, src[j])
	if !ok {
		return 0, false
	}
	name, a, ok := p.method(cl + 1)
	if !ok {
		// '…'['split']('|'), the method named in brackets (maybe escaped).
		name, a, ok = p.bracketMethod(cl + 1)
	}
	if !ok || string(name) != "split" {
		return 0, false
	}
	sep, e, ok := p.stringArg(a)
	if !ok {
		return 0, false
	}
	// The rest is ",0,{}))": end after the eval call's ')'.
	tail := src[e:min(len(src), e+64)]
	t := bytes.Index(tail, []byte("))"))
	if t < 0 {
		return 0, false
	}
	end := e + t + 2
	out, ok := unpack(payload.s, int(nums[0]), bytes.Split(words.s, sep))
	if !ok || !sc.st.spend(len(out)) {
		return 0, false
	}
	// Escapes in the payload or the word list (\xHH strings) are peeled
	// before the unpacking.
	c := with(union(payload.chain, words.chain), Packer)
	sc.expand(out, start, end, c, false)
	sc.covered = max(sc.covered, end)
	return end, true
}

// unpack replaces each word of payload, read as a number in base radix, by
// that entry of words when it is not empty.
func unpack(payload []byte, radix int, words [][]byte) ([]byte, bool) {
	if radix < 2 || radix > 62 {
		return nil, false
	}
	out := make([]byte, 0, len(payload)*2)
	for i := 0; i < len(payload); {
		if !isIdent(payload[i]) || payload[i] == '$' {
			out = append(out, payload[i])
			i++
			continue
		}
		e := i
		for e < len(payload) && isIdent(payload[e]) && payload[e] != '$' {
			e++
		}
		w := payload[i:e]
		if n, ok := packerIndex(w, radix); ok && n < len(words) && len(words[n]) > 0 {
			out = append(out, words[n]...)
		} else {
			out = append(out, w...)
		}
		i = e
	}
	return out, true
}

// packerIndex reads w in the packer's base: 0-9, a-z, then A-Z for radixes
// above 36.
func packerIndex(w []byte, radix int) (int, bool) {
	n := 0
	for _, c := range w {
		var d int
		switch {
		case c >= '0' && c <= '9':
			d = int(c - '0')
		case c >= 'a' && c <= 'z':
			d = int(c-'a') + 10
		case c >= 'A' && c <= 'Z':
			d = int(c-'A') + 36
		default:
			return 0, false
		}
		if d >= radix || n > 1<<24 {
			return 0, false
		}
		n = n*radix + d
	}
	return n, true
}
