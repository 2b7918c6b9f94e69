package decode

import (
	"bytes"
	"hash/maphash"
	"math/bits"

	"github.com/shieldscan/shieldscan/internal/refang"
)

// Span is decoded text found in an input, with the bytes of the input it
// stands for.
type Span struct {
	// Start and End are byte offsets in the original input: src[Start:End]
	// is the encoded text. Layers found inside decoded text map to the span
	// of the outermost encoded text.
	Start, End int
	// Text is the decoded text. It may keep parts of the source verbatim (a
	// partially escaped literal decodes to the whole literal), so a caller
	// that finds a needle in Text should treat it as encoded only if the
	// needle does not also occur plainly in src[Start:End].
	Text []byte
	// Chain lists the families in the order decoding peeled them, outermost
	// first: atob(…) of a reversed string is [Base64, Reversed].
	Chain []Family
}

// Options bound the work Spans does on one input.
type Options struct {
	// MaxDepth is the number of nested layers to peel; 0 means 4, except
	// that a nest of lone base64 runs (base64 of base64 of …), which costs
	// one decoding per layer, is then peeled up to 64 layers.
	MaxDepth int
	// Budget is the number of decoded bytes Spans may produce in one call;
	// 0 means 4 MiB. When it runs out, Spans stops and reports truncated.
	Budget int
	// NoProseDefang leaves out the defanging styles that only prose uses (word dots such as
	// {dot} and -dot-, spaces around separators, commas between octets, "__" for "://"…):
	// their search reads every separator of the input, and analysts do not write them in
	// source code. The bracketed styles ([.], (.), hxxp) are found either way.
	NoProseDefang bool
}

const (
	defaultMaxDepth = 4
	defaultBudget   = 4 << 20
	// maxLiteral is the window in which an escaped string literal is decoded:
	// a longer one is decoded window by window (see longLiteral).
	maxLiteral = 1 << 20
	// literalOverlap is how much consecutive windows of a long literal share:
	// more than the longest escaped reference (2,000 characters of \u{HHHHHH}).
	literalOverlap = 32 << 10
	maxTokenLeft   = 4 << 10 // how far a run trigger looks back for its token start
	// maxChain is the longest chain of families, and so the deepest nest of
	// lone base64 runs that is peeled (others stop at Options.MaxDepth).
	maxChain = 64
)

// Result is what Find decoded in one input.
type Result struct {
	// Spans are the decoded spans, in the order found.
	Spans []Span
	// Truncated reports that Options.Budget ran out before the end of the
	// input.
	Truncated bool
	// Limits are the places where another bound stopped decoding, sorted by
	// offset (at most 64 of them).
	Limits []Limit
}

// Spans is Find without the limits: the spans and whether the budget ran
// out.
func Spans(src []byte, opt Options) (spans []Span, truncated bool) {
	r := Find(src, opt)
	return r.Spans, r.Truncated
}

// Find finds candidate spans in src (string literals, decoding calls and
// encoded-looking runs) in one pass, decodes each, and decodes the results
// again up to opt.MaxDepth layers. It returns the spans whose decoded text
// differs from the source text, in the order found; spans may overlap, and one
// encoded text can yield several spans (one per layer peeled). It reports
// whether opt.Budget ran out before the end of src, and where another limit
// left text undecoded. Find never executes anything.
func Find(src []byte, opt Options) Result {
	nests := opt.MaxDepth <= 0
	if opt.MaxDepth <= 0 {
		opt.MaxDepth = defaultMaxDepth
	}
	if opt.Budget <= 0 {
		opt.Budget = defaultBudget
	}
	st := &state{maxDepth: opt.MaxDepth, budget: opt.Budget, nests: nests}
	sc := &scan{st: st, src: src, top: true}
	sc.run()
	if !opt.NoProseDefang {
		sc.defangRegions() // every style rules.Parse accepts (internal/refang)
	}
	sortLimits(st.limits)
	return Result{Spans: st.spans, Truncated: st.truncated, Limits: st.limits}
}

// state is shared by the scans of one Find call.
type state struct {
	maxDepth  int
	nests     bool // nests of lone base64 runs go deeper than maxDepth
	budget    int  // decoded bytes left
	truncated bool
	spans     []Span
	seen      map[spanKey]struct{}
	seed      maphash.Seed
	tmp       []byte // a decoder's output until it proves worth keeping
	limits    []Limit
	// probed is set when a probe scan (see scan.probe) would have emitted a span.
	probed bool
}

// tmpBuf returns st.tmp emptied, with room for n bytes. Decoders that
// usually find nothing decode into it and copy what they keep.
func (st *state) tmpBuf(n int) []byte {
	if cap(st.tmp) < n {
		st.tmp = make([]byte, 0, max(n, 256))
	}
	return st.tmp[:0]
}

type spanKey struct {
	start, end int
	chain      string
	text       uint64
}

// spend takes n bytes from the budget and reports whether they were there.
func (st *state) spend(n int) bool {
	if st.truncated {
		return false
	}
	if n > st.budget {
		st.truncated = true
		st.budget = 0
		return false
	}
	st.budget -= n
	return true
}

// scan is one pass over a text: the input itself (top) or a decoded layer.
type scan struct {
	st  *state
	src []byte
	// top is set for the input itself, whose offsets are the span offsets.
	// A nested scan reports every span at [start, end) of the input.
	top        bool
	start, end int
	prefix     []Family // chain that produced src
	depth      int
	covered    int // run triggers below this offset lie in an emitted span
	tokEnd     int // end of the last run token
	// highEnd is the end of the last token that a non-ASCII byte started
	// and that can hold no Unicode hostname: its other non-ASCII bytes
	// start nothing.
	highEnd int
	b64Done int // end of the last raw literal searched for base64 runs
	closeAt [3]int
	// inside are the closing quotes of the literals whose text the main
	// loop is reading again (a literal that holds triggers is read from its
	// first byte), innermost last: a quote in one starts a literal only if
	// that literal closes before the enclosing one does. A quote of another
	// kind in a string ("~ ` '") would otherwise open a literal that runs to
	// the next such quote in the file, kilobytes of code taken for text.
	inside     []int
	parseDepth int
	scratch    []byte         // decoded lone literals that are not kept
	vars       map[string]val // PHP variables assigned so far (see phpvars.go)
	// probe is set for a scan of the layer below the depth limit: it emits
	// nothing and peels no further, it only finds out whether that layer
	// decodes to anything (state.probed).
	probe bool
}

// child returns a scan of text, a decoding of sc.src[ls:le] by chain c.
func (sc *scan) child(text []byte, ls, le int, c []Family) *scan {
	s, e := sc.outer(ls, le)
	p := make([]Family, 0, len(sc.prefix)+len(c))
	p = append(append(p, sc.prefix...), c...)
	return &scan{st: sc.st, src: text, start: s, end: e, prefix: p, depth: sc.depth + 1, probe: sc.probe}
}

// outerStart is the offset in the input of the text at sc.src[i].
func (sc *scan) outerStart(i int) int {
	s, _ := sc.outer(i, i)
	return s
}

func (sc *scan) outer(ls, le int) (int, int) {
	if sc.top {
		return ls, le
	}
	return sc.start, sc.end
}

// emit records text as the decoding of sc.src[ls:le] by chain c.
func (sc *scan) emit(ls, le int, text []byte, c []Family) bool {
	if len(c) == 0 || len(text) == 0 {
		return false
	}
	if sc.top && bytes.Equal(text, sc.src[ls:le]) {
		return false
	}
	s, e := sc.outer(ls, le)
	st := sc.st
	if len(sc.prefix)+len(c) > maxChain {
		if !sc.probe {
			st.limit(LimitDepth, s)
		}
		return false
	}
	chain := make([]Family, 0, len(sc.prefix)+len(c))
	chain = append(append(chain, sc.prefix...), c...)
	if st.seen == nil {
		st.seen = make(map[spanKey]struct{})
		st.seed = maphash.MakeSeed()
	}
	k := spanKey{s, e, ChainString(chain), maphash.Bytes(st.seed, text)}
	if _, dup := st.seen[k]; dup {
		return !sc.probe
	}
	if sc.probe {
		// Something that no other path found lies below the depth limit.
		st.probed = true
		return false
	}
	st.seen[k] = struct{}{}
	st.spans = append(st.spans, Span{Start: s, End: e, Text: text, Chain: chain})
	return true
}

// Trigger classes for the main loop.
const (
	tNone = iota
	tQuote
	tParen
	tBracket
	tAmp
	tPercent
	tSlash
	tColon
	tHigh
)

var trigger = func() (t [256]uint8) {
	t['\''], t['"'], t['`'] = tQuote, tQuote, tQuote
	t['('] = tParen
	t['['] = tBracket
	t['&'] = tAmp
	t['%'] = tPercent
	t['/'] = tSlash
	t[':'] = tColon
	for c := 0x80; c < 0x100; c++ {
		t[c] = tHigh
	}
	return t
}()

// isTrigger is 1 for the bytes that trigger holds, else 0.
var isTrigger = func() (t [256]uint64) {
	for c, k := range trigger {
		if k != tNone {
			t[c] = 1
		}
	}
	return t
}()

// nextIn returns the offset of the first byte at or after i whose entry in
// set is 1, or len(src). It reads eight bytes at a time with one branch:
// most bytes of code and text are in none of the sets it is given.
func nextIn(src []byte, i int, set *[256]uint64) int {
	for ; i+8 <= len(src); i += 8 {
		b := src[i : i+8 : i+8]
		m := set[b[0]] | set[b[1]]<<1 | set[b[2]]<<2 | set[b[3]]<<3 |
			set[b[4]]<<4 | set[b[5]]<<5 | set[b[6]]<<6 | set[b[7]]<<7
		if m != 0 {
			return i + bits.TrailingZeros64(m)
		}
	}
	for ; i < len(src) && set[src[i]] == 0; i++ {
	}
	return i
}

// triggerBlock holds the triggers of one 64-byte block of a text as bits,
// for the main loop and for the literals it reads: each byte is classified
// once, however many searches pass over it.
type triggerBlock struct {
	base int    // offset of the block whose bits mask holds, or -1
	mask uint64 // bit k is set when src[base+k] is a trigger
	stop uint64 // bit k is set when src[base+k] is a backslash, a newline or a quote
}

// next returns the offset of the first byte of src at or after i that the
// main loop acts on, or len(src), reading the blocks on the way into t. src
// is the same text in every call.
func (t *triggerBlock) next(src []byte, i int) int {
	if i&^63 == t.base {
		if m := t.mask >> (i & 63); m != 0 {
			return i + bits.TrailingZeros64(m)
		}
	}
	return t.nextBlock(src, i)
}

// nextBlock is next beyond the bits that t holds.
func (t *triggerBlock) nextBlock(src []byte, i int) int {
	for i < len(src) {
		b := i &^ 63
		if b != t.base {
			t.base = b
			if b+64 <= len(src) { // triggerBits, one call fewer
				var high, slash uint64
				t.mask, t.stop, high, slash = triggerBits64((*[64]byte)(src[b : b+64]))
				if !allTriggers {
					t.mask &^= deadSlash(src, b, slash)
					if high != 0 {
						t.mask &^= deadHigh(src, b, high, t.stop)
					}
				}
			} else {
				t.mask, t.stop = triggerBits(src, b)
			}
		}
		if m := t.mask >> (i & 63); m != 0 {
			return i + bits.TrailingZeros64(m)
		}
		i = b + 64
	}
	return len(src)
}

// triggerBits returns the triggers of src[b:b+64] that the main loop may act
// on as bits (a slash not before another, deadSlash, and a non-ASCII byte
// that cannot start a Unicode hostname, deadHigh, are left out), and the
// bytes that may stop a literal's reading (isStop).
func triggerBits(src []byte, b int) (trig, stop uint64) {
	var high, slash uint64
	if b+64 <= len(src) {
		trig, stop, high, slash = triggerBits64((*[64]byte)(src[b : b+64]))
	} else {
		for k, c := range src[b:] {
			trig |= isTrigger[c] << k
			stop |= isStop[c] << k
			high |= uint64(c>>7) << k
			slash |= isSlash[c] << k
		}
	}
	if !allTriggers {
		trig &^= deadSlash(src, b, slash)
		if high != 0 {
			trig &^= deadHigh(src, b, high, stop)
		}
	}
	return trig, stop
}

// allTriggers, set by a test, keeps every byte of the trigger table a
// trigger: the main loop as it was before deadSlash and deadHigh, for
// TestDeadTriggers to compare with.
var allTriggers bool

// deadSlash returns the slashes of src[b:b+64] (slash, as bits) that no
// slash follows: the main loop acts at a slash only when "/" and a digit
// follow it (a numeric address after "//").
func deadSlash(src []byte, b int, slash uint64) uint64 {
	live := slash & (slash >> 1)
	if slash>>63 != 0 && b+64 < len(src) && src[b+64] == '/' {
		live |= slash & (1 << 63)
	}
	return slash &^ live
}

var isSlash = bitSet("/")

// triggerBitsGo is triggerBits64 in Go, eight bytes at a time.
func triggerBitsGo(w *[64]byte) (trig, stop, high, slash uint64) {
	for k := 0; k < 64; k += 8 {
		g := w[k : k+8 : k+8]
		trig |= (isTrigger[g[0]] | isTrigger[g[1]]<<1 | isTrigger[g[2]]<<2 | isTrigger[g[3]]<<3 |
			isTrigger[g[4]]<<4 | isTrigger[g[5]]<<5 | isTrigger[g[6]]<<6 | isTrigger[g[7]]<<7) << k
		stop |= (isStop[g[0]] | isStop[g[1]]<<1 | isStop[g[2]]<<2 | isStop[g[3]]<<3 |
			isStop[g[4]]<<4 | isStop[g[5]]<<5 | isStop[g[6]]<<6 | isStop[g[7]]<<7) << k
		high |= uint64(g[0]>>7|g[1]>>7<<1|g[2]>>7<<2|g[3]>>7<<3|g[4]>>7<<4|g[5]>>7<<5|g[6]>>7<<6|g[7]>>7<<7) << k
		slash |= (isSlash[g[0]] | isSlash[g[1]]<<1 | isSlash[g[2]]<<2 | isSlash[g[3]]<<3 |
			isSlash[g[4]]<<4 | isSlash[g[5]]<<5 | isSlash[g[6]]<<6 | isSlash[g[7]]<<7) << k
	}
	return trig, stop, high, slash
}

// hostBitsGo is hostBits64 in Go.
func hostBitsGo(w *[64]byte) (sep, dot uint64) {
	for k, c := range w {
		sep |= isHostSep[c] << k
		dot |= isHostDot[c] << k
	}
	return sep, dot
}

// isHostSep holds delimiters that end a token wherever they stand (delim,
// no parenthesis) besides isStop's, which are delimiters too: the space, the
// tab and the angle brackets. isHostDot holds the bytes at which highToken
// looks for a hostname: the dot and the lead bytes 0xe3 and 0xef of the full
// stops that IDNA maps to one (mayUnicodeHost).
var isHostSep, isHostDot = bitSet(" \t<>"), bitSet(".\xe3\xef")

func bitSet(s string) (t [256]uint64) {
	for _, c := range []byte(s) {
		t[c] = 1
	}
	return t
}

// deadHigh returns the non-ASCII bytes of src[b:b+64] (high, as bits) at
// which the main loop can do nothing: highToken decodes a token from a
// non-ASCII byte on only when a dot or an IDNA full stop follows that byte
// before the token's end, and the main loop passes over every non-ASCII
// byte that the token of a highToken call that decoded nothing holds. A
// byte is dead when the first byte at or after it that isHostSep, isStop
// (each a delimiter: the token ends there at the latest) or isHostDot holds
// is one of the first two, within this block or the next (hostPeek bytes).
// stop is the block's isStop bits.
func deadHigh(src []byte, b int, high, stop uint64) uint64 {
	var sep, dot uint64
	if b+64 <= len(src) {
		sep, dot = hostBits64((*[64]byte)(src[b : b+64]))
	} else {
		for k, c := range src[b:] {
			sep |= isHostSep[c] << k
			dot |= isHostDot[c] << k
		}
	}
	end := sep | stop
	// Each end's bit spreads to the bytes before it up to the last dot:
	// the bytes whose first end or dot is an end.
	g, p := end, ^dot
	g |= p & (g >> 1)
	p &= p >> 1
	g |= p & (g >> 2)
	p &= p >> 2
	g |= p & (g >> 4)
	p &= p >> 4
	g |= p & (g >> 8)
	p &= p >> 8
	g |= p & (g >> 16)
	p &= p >> 16
	g |= p & (g >> 32)
	dead := high & g
	// The bytes after the block's last end or dot: the next block decides.
	if x := end | dot; high>>(64-bits.LeadingZeros64(x)) != 0 && endsFirst(src, b+64) {
		dead |= high &^ (1<<(64-bits.LeadingZeros64(x)) - 1)
	}
	return dead
}

// hostPeek is how far past its block deadHigh looks for the end of the
// block's last token.
const hostPeek = 64

// endsFirst reports whether src[i:i+hostPeek] holds a byte of isHostSep or
// isStop before any byte of isHostDot.
func endsFirst(src []byte, i int) bool {
	if i >= len(src) {
		return false
	}
	for _, c := range src[i:min(len(src), i+hostPeek)] {
		if isHostDot[c] != 0 {
			return false
		}
		if isHostSep[c]|isStop[c] != 0 {
			return true
		}
	}
	return false
}

// isStop is 1 for the bytes that literal reads in a literal, else 0: a
// backslash and a newline, which end a literal's plain text, and the quotes,
// one of which closes it. Its other triggers need no look: whether there is
// one is enough.
var isStop = func() (t [256]uint64) {
	t['\\'], t['\n'] = 1, 1
	t['\''], t['"'], t['`'] = 1, 1, 1
	return t
}()

// literal reads the string literal that the quote at src[i] opens (in ' or
// ", a literal ends at a newline), as literalScan does, from the bits of the
// block that holds i and of up to literalBlocks blocks after it: it looks at
// the bytes that may stop it, and at the triggers only as bits. It returns
// the closing quote's offset, what the literal holds (as literalScan),
// whether a trigger lies inside it, and ok=false when no literal starts at
// i. decided is false when those blocks do not settle it: literalScan reads
// on. When the main loop reads on from the literal's end (a literal with no
// trigger inside), t is left holding the block of that end.
func (t *triggerBlock) literal(src []byte, i int) (cl int, holds uint8, trig, ok, decided bool) {
	if i&^63 != t.base {
		return 0, 0, false, false, false
	}
	q := src[i]
	holds = lbTrigger
	base, mask, stop := t.base, t.mask, t.stop
	// The bits after i's; a shift by 64 (i at a block's last byte) leaves none.
	after := ^uint64(0) << (uint(i&63) + 1)
	m, tr := stop&after, mask&after
	for n := 0; ; n++ {
		for ; m != 0; m &= m - 1 {
			p := base + bits.TrailingZeros64(m)
			switch c := src[p]; {
			case c == '\\':
				holds |= lbBackslash
			case c == '\n':
				if q != '`' {
					return 0, 0, false, false, true
				}
			case c == q && !escaped(src, p):
				// A trigger before p: another quote, an escaped one, or any other.
				trig = trig || tr&(1<<uint(p&63)-1) != 0
				if !trig {
					t.base, t.mask, t.stop = base, mask, stop
				}
				return p, holds, trig, true, true
			case c == q: // escaped
				holds |= lbBackslash
			}
		}
		trig = trig || tr != 0
		if n == literalBlocks || base+64 >= len(src) {
			return 0, 0, false, false, false
		}
		base += 64
		mask, stop = triggerBits(src, base)
		m, tr = stop, mask
	}
}

// literalBlocks is how many blocks after its quote's literal reads: most
// literals that cross a block's end close in the next one, and the main loop
// reads on from there with those bits.
const literalBlocks = 3

// nextASCIITrigger returns the offset of the first byte of src[i:end] that
// trigger holds and that is ASCII, or end.
func nextASCIITrigger(src []byte, i, end int) int {
	for ; i < end; i++ {
		if t := trigger[src[i]]; t != tNone && t != tHigh {
			return i
		}
	}
	return end
}

// run is the single pass over sc.src.
func (sc *scan) run() {
	src, st := sc.src, sc.st
	tb := triggerBlock{base: -1}
	for i := 0; i < len(src); i++ {
		// tb.next, by hand: the function is too big to be inlined.
		if m := tb.mask >> (i & 63); i&^63 == tb.base && m != 0 {
			i += bits.TrailingZeros64(m)
		} else if i = tb.nextBlock(src, i); i >= len(src) {
			return
		}
		t := trigger[src[i]]
		if st.truncated {
			return
		}
		next := i
		switch t {
		case tQuote:
			if sc.closeAt[quoteKind(src[i])] == i+1 {
				continue // the end of the last literal of its kind
			}
			if next = sc.plainLiteral(i, &tb); next == 0 {
				next = sc.quote(i, &tb)
			}
		case tParen:
			next = sc.paren(i)
		case tBracket:
			next = sc.bracket(i)
		case tSlash:
			if i+2 < len(src) && src[i+1] == '/' && isDigit(src[i+2]) && sc.top && i >= sc.covered && i >= sc.tokEnd {
				next = sc.token(i)
			}
		case tHigh:
			if i < sc.highEnd {
				// A token that highToken passed over: its non-ASCII bytes
				// start nothing, its other triggers still act.
				next = nextASCIITrigger(src, i, sc.highEnd)
			} else if sc.top && i >= sc.covered && i >= sc.tokEnd {
				next = sc.highToken(i)
			}
		default:
			if sc.top && i >= sc.covered && i >= sc.tokEnd && sc.runTrigger(i, t) {
				next = sc.token(i)
			}
		}
		if next > i {
			i = next - 1
		}
	}
}

// runTrigger reports whether the byte at i starts an encoded-looking run.
func (sc *scan) runTrigger(i int, t uint8) bool {
	src := sc.src
	switch t {
	case tAmp:
		return entityAt(src, i) > 0
	case tPercent:
		return i+2 < len(src) && (isHex(src[i+1]) && isHex(src[i+2]) || src[i+1] == 'u' || src[i+1] == 'U')
	case tSlash:
		return i+2 < len(src) && src[i+1] == '/' && isDigit(src[i+2])
	case tColon:
		if i < 4 {
			return false
		}
		switch src[i-1] | 0x20 {
		case 'p', 's':
			return i+1 < len(src) && (src[i+1] == '/' || src[i+1] == '[') &&
				(hasSuffixFold(src[:i], "hxxp") || hasSuffixFold(src[:i], "hxxps"))
		case 'a':
			// A data: URI in a literal has had its base64 runs decoded.
			return i >= sc.b64Done && hasSuffixFold(src[:i], "data")
		}
		return false
	}
	return false
}

// token decodes the run of non-delimiter bytes around i and returns its end.
func (sc *scan) token(i int) int {
	a, b := sc.tokenBounds(i)
	if b <= a {
		return i + 1
	}
	return sc.decodeToken(a, b)
}

// tokenBounds returns the run of non-delimiter bytes around i.
func (sc *scan) tokenBounds(i int) (a, b int) {
	src := sc.src
	lo := max(sc.covered, sc.tokEnd, i-maxTokenLeft)
	a = i
	for a > lo && !isDelim(src, a-1, -1) {
		a--
	}
	// A token runs to its delimiter however long it is (the budget bounds
	// its decoding): cutting it would cut a reference across the cut.
	b = i
	for b < len(src) && !isDelim(src, b, +1) {
		b++
	}
	return a, b
}

// decodeToken decodes the token src[a:b] and returns its end.
func (sc *scan) decodeToken(a, b int) int {
	sc.tokEnd = b
	if sc.expand(sc.src[a:b], a, b, nil, true) {
		sc.covered = b
	}
	return b
}

// inHighToken is 1 for the bytes that highToken looks at: delimiters, dots
// and the lead bytes of full stops, and the ASCII triggers.
var inHighToken = func() (t [256]uint64) {
	for c := range t {
		if delim[c] || c == '.' || c == 0xe3 || c == 0xef || trigger[c] != tNone && trigger[c] != tHigh {
			t[c] = 1
		}
	}
	return t
}()

// highToken handles a non-ASCII byte at i. Its token is decoded only when it
// may hold a Unicode hostname (punycode's family): a dot, or a full stop that
// IDNA maps to one, before an ASCII letter. That dot lies after i, the
// token's first non-ASCII byte since the last one passed over: the top-level
// label of such a host is ASCII and comes after its non-ASCII labels. Words
// of prose in other scripts, which are most non-ASCII tokens, are passed
// over at the cost of one read to their end; the other triggers inside them
// still act.
func (sc *scan) highToken(i int) int {
	src := sc.src
	host, other := false, false
	e := nextIn(src, i, &inHighToken)
	for ; e < len(src); e = nextIn(src, e+1, &inHighToken) {
		c := src[e]
		if delim[c] && isDelim(src, e, +1) {
			break
		}
		switch t := trigger[c]; {
		case c == '.' || c == 0xe3 || c == 0xef:
			host = host || mayUnicodeHost(src[e:min(len(src), e+4)])
		case t != tNone && t != tHigh:
			other = true
		}
	}
	if !host {
		sc.highEnd = e
		if !other {
			return e // nothing else in the token to act on
		}
		return i + 1
	}
	a, b := sc.tokenBounds(i)
	if b <= a {
		return i + 1
	}
	return sc.decodeToken(a, b)
}

// plainLiteral is quote for the commonest literal, in fewer steps, or 0 when
// the literal at i is not one: a literal in ' or " with no backslash,
// newline or other quote inside, which no operator or call joins to
// anything. Inside a literal that the main loop reads (quote's enclosing
// one), such a literal closes before the enclosing one does, whose closing
// quote would be a trigger inside it, and nothing after it is read: the
// enclosing literal changes nothing. TestPlainLiteral compares it with
// quote.
func (sc *scan) plainLiteral(i int, tb *triggerBlock) int {
	src := sc.src
	q := src[i]
	if q == '`' || i > 0 && src[i-1] == '\\' || plainOff {
		return 0
	}
	var cl int
	var trig bool
	if m := tb.stop >> (i & 63) >> 1; m != 0 {
		// The first byte after i that may stop a literal, in i's block, must
		// be its closing quote.
		cl = i + 1 + bits.TrailingZeros64(m)
		if src[cl] != q {
			return 0
		}
		trig = tb.mask>>(i&63)>>1&(1<<(cl-i-1)-1) != 0
	} else {
		c, holds, tr, ok, decided := tb.literal(src, i)
		if !decided || !ok || holds&lbBackslash != 0 {
			return 0
		}
		cl, trig = c, tr
	}
	if q == '\'' && isApostrophe(src, i) || len(sc.vars) > 0 && sc.varPrefix(i) < i {
		return 0
	}
	p := parser{src: src}
	if j := p.ws(cl + 1); j < len(src) && (src[j] == '+' || src[j] == '.') {
		return 0
	}
	// quote's steps for a single literal from here.
	after := i + 1
	if trig {
		sc.enclosing(i) // drops the literals that end before i, as quote's call does
		sc.inside = append(sc.inside, cl)
	} else {
		after = pastColon(src, cl+1)
	}
	sc.closeAt[quoteKind(q)] = cl + 1
	lit := src[i+1 : cl]
	if assignedAt(src, i) {
		if w, ok := sc.assigned(i, cl+1, val{s: lit, raw: true, lits: 1, pieces: 1}); ok {
			sc.expand(w.s, i, cl+1, w.chain, false) // $h .= '…'
		}
	}
	sc.rawLiteral(lit, i+1, cl)
	return after
}

// rawLiteral searches lit, the text of a single literal with no escape at src[ls:le], as its
// run triggers would not: a literal of address bytes (an encoded IP) is decoded whole, any
// other is screened for a byte shift and base64 runs.
func (sc *scan) rawLiteral(lit []byte, ls, le int) {
	if len(lit) <= 40 && allIPBytes(lit) {
		if !inertNumber(lit) {
			sc.expand(lit, ls, le, nil, true)
		}
		return
	}
	if len(lit) >= minShifted {
		shift, b64, mask := screen(lit)
		if shift {
			sc.shifted(lit, ls, le, nil)
		}
		if b64 {
			sc.base64RunsOf(lit, ls, le, nil, true, mask, len(lit) <= maxScreened)
		}
	}
	sc.b64Done = le
}

// plainOff, set by a test, leaves every literal to quote.
var plainOff bool

// enclosing is the closing quote of the innermost literal that the main loop
// is reading and i lies in, or the end of the text.
func (sc *scan) enclosing(i int) int {
	for n := len(sc.inside); n > 0; n-- {
		if e := sc.inside[n-1]; e > i {
			return e
		}
		sc.inside = sc.inside[:n-1]
	}
	return len(sc.src)
}

// quote handles a quote at i: a string literal, maybe the start of a string
// expression. tb holds the triggers of the block that holds i; quote may read
// later blocks into it.
func (sc *scan) quote(i int, tb *triggerBlock) int {
	src := sc.src
	q := src[i]
	k := quoteKind(q)
	if sc.closeAt[k] == i+1 || escaped(src, i) || isApostrophe(src, i) {
		return i + 1
	}
	if len(sc.vars) > 0 { // varPrefix's first test, without the call
		// $host . '/c.js': the expression starts at a variable.
		if s := sc.varPrefix(i); s < i {
			if end, ok := sc.callAt(s); ok && end > i {
				return end
			}
		}
	}
	// Inside a literal, the literal and its expression end before it does, unless the literal
	// runs past it on its line: the enclosing "literal" may be the code between two strings,
	// opened by a quote in a regular expression or a comment (s.replace(/'/g, "&#39;");
	// document.write("<script src='…'>")), and minified code is one line. A template that runs
	// past it on to another line is the enclosing literal's text.
	encl := sc.enclosing(i)
	p := parser{sc: sc, src: src}
	var lit []byte
	cl, holds, trig, ok, decided := tb.literal(src, i)
	if !decided {
		lit, cl, holds, ok = p.literalScan(i, false)
	} else if ok {
		lit = src[i+1 : cl]
	}
	if ok && cl >= encl {
		ok = bytes.IndexByte(lit, '\n') < 0
	} else {
		p.src = src[:encl]
	}
	if !ok {
		return i + 1
	}
	bs := holds&lbBackslash != 0
	// After a lone literal the main loop reads its text, unless no byte of it
	// would make it act.
	after := i + 1
	if !decided {
		trig = holds&lbTrigger != 0 && tb.next(src, i+1) < cl
	}
	if !trig {
		after = pastColon(src, cl+1)
	} else {
		sc.inside = append(sc.inside, cl)
	}
	sc.closeAt[k] = cl + 1
	end := cl + 1
	j := p.ws(end)
	more := j < len(src) && (src[j] == '+' || src[j] == '.')
	if len(lit) > maxLiteral && bs && !more && sc.longLiteral(lit, q, i+1, cl) {
		return after
	}
	// A lone escaped literal decodes into the scan's scratch buffer: only a
	// decoding that hides something is kept (and emitted), so it is copied.
	var dst []byte
	if bs && !more {
		if cap(sc.scratch) < len(lit) { // unescaping never lengthens
			sc.scratch = make([]byte, 0, max(len(lit), 256))
		}
		dst = sc.scratch
	}
	var v val
	if !bs && q != '`' {
		v, ok = val{s: lit, raw: true, lits: 1, pieces: 1}, true // literalValueTo's value, without the call
	} else {
		v, ok = p.literalValueTo(dst, lit, q, bs)
	}
	if dst != nil && ok {
		sc.scratch = v.s[:0]
		if len(v.chain) > 0 {
			v.s = bytes.Clone(v.s)
		}
	}
	if !ok {
		v = val{s: lit, raw: true} // a template with ${}
	} else if more {
		// Maybe an expression: 'a' + 'b', '…'.split('').reverse().join('').
		p.depth++
		w, e, ok := p.termRest(v, end)
		if ok {
			w, e, ok = p.concatRest(w, e)
		}
		if ok {
			v, end = w, e
		}
	}
	if ok && assignedAt(src, i) {
		if w, ok := sc.assigned(i, end, v); ok {
			sc.expand(w.s, i, end, w.chain, false) // $h .= '…'
		}
	}
	if end == cl+1 && !v.postfix {
		// A single literal. Run triggers inside it handle most families.
		if !v.raw {
			if sc.expand(v.s, i+1, cl, v.chain, false) {
				sc.covered = max(sc.covered, end)
			}
			return after
		}
		sc.rawLiteral(lit, i+1, cl)
		return after
	}
	sc.expand(v.s, i, end, v.chain, false)
	sc.covered = max(sc.covered, end)
	return end
}

// pastColon returns j+1 when src[j], the byte after a literal's closing
// quote, is a colon (a JSON key's, an object key's, a ternary's), else j:
// the main loop's colon acts only after "hxxp", "hxxps" or "data"
// (runTrigger), never after a quote, so the loop need not stop there.
func pastColon(src []byte, j int) int {
	if j < len(src) && src[j] == ':' {
		return j + 1
	}
	return j
}

// longLiteral decodes lit, an escaped literal at src[ls:le] longer than
// maxLiteral and quoted by q, window by window: each window is at most
// maxLiteral bytes and starts literalOverlap bytes before the end of the
// last, so that an escaped reference across the edge of one lies whole in
// the next. Every window is reported at the whole literal, as a shorter
// literal is: a reference in an overlap is reported once. It reports false,
// doing nothing, for a template with substitutions (no static value).
//
//go:noinline
func (sc *scan) longLiteral(lit []byte, q byte, ls, le int) bool {
	if q == '`' && bytes.Contains(lit, []byte("${")) {
		return false
	}
	emitted := false
	for a := 0; a < len(lit) && !sc.st.truncated; {
		b := len(lit)
		if b-a > maxLiteral {
			b = escapeStart(lit, a+maxLiteral)
		}
		out, f, n := unescapeTo(sc.st.tmpBuf(b-a), lit[a:b])
		sc.st.tmp = out[:0]
		if !sc.st.spend(len(out)) {
			break
		}
		var c []Family
		if n > 0 {
			c = single[f]
		}
		if sc.expand(bytes.Clone(out), ls, le, c, false) {
			emitted = true
		}
		if b == len(lit) {
			break
		}
		a = max(a+1, escapeStart(lit, b-literalOverlap))
	}
	if emitted {
		sc.covered = max(sc.covered, le+1)
	}
	return true
}

// escapeStart moves the cut at i back to the start of the escape sequence
// that holds it, if any, so that a window never starts or ends inside one.
func escapeStart(lit []byte, i int) int {
	if k := bytes.LastIndexByte(lit[max(0, i-11):i], '\\'); k >= 0 {
		i = max(0, i-11) + k
		if escaped(lit, i) {
			i-- // the second backslash of \\
		}
	}
	return i
}

// inertNumber reports whether lit, a literal's text, is a decimal number
// shorter than minShifted, which expand decodes to nothing: no decoder's
// marks, one part of an address that only the 0x form makes one (bareIP),
// too short for a shift or a base64 run. Most literals of digits in code
// and data are such numbers. TestInertNumber holds expand to it.
func inertNumber(lit []byte) bool {
	if len(lit) >= minShifted {
		return false
	}
	for _, c := range lit {
		if !isDigit(c) {
			return false
		}
	}
	return len(lit) > 0
}

func allIPBytes(b []byte) bool {
	for _, c := range b {
		if !isIPByte(c) {
			return false
		}
	}
	return len(b) > 0
}

// paren handles '(' at i: a decoding call such as atob(…), a packed script,
// a list of character codes whatever calls it, or a defanged (.).
func (sc *scan) paren(i int) int {
	src := sc.src
	k := i
	for k > 0 && i-k < 8 && src[k-1] == ' ' {
		k--
	}
	var a uint8
	if i+1 < len(src) {
		a = afterParen[src[i+1]]
	}
	if a&apPacker != 0 {
		if end, ok := sc.packerCall(k, i); ok {
			return end
		}
	}
	if k >= 2 && callSuffix.Has(src[k-2], src[k-1]) {
		j := k
		for j > 0 && k-j < 32 && isIdent(src[j-1]) {
			j--
		}
		if n := k - j; n > 0 && n < len(callFilter) && callFilter[n]>>(src[k-1]&31)&1 != 0 {
			if _, ok := calls[string(src[j:k])]; ok {
				if end, ok := sc.callAt(qualifiedStart(src, j)); ok {
					return end
				}
			}
		}
	} else if k >= 2 && src[k-1] == ']' {
		// A call by bracket access: String['fromCharCode'](…).
		if name, open, ok := bracketNameBefore(src, k); ok {
			if _, ok := calls[string(name)]; ok {
				if end, ok := sc.callAt(identStart(src, open)); ok {
					return end
				}
			}
		}
	}
	if a&apCodes != 0 {
		if end, ok := sc.codeList(k, i); ok {
			return end
		}
	}
	if sc.top && i >= sc.covered && i >= sc.tokEnd && mayDefang(src, i) && defangAt(src, i) > 0 {
		return sc.token(i)
	}
	return i + 1
}

// afterParen sorts the byte after an opening parenthesis for the searches of
// paren that read from there, each of which skips white space first: a
// packed script's "function" (apPacker) and a list of character codes, maybe
// after "null," or "this," (apCodes). Most calls in code are neither.
var afterParen = func() (t [256]uint8) {
	for _, c := range []byte(" \t\n") {
		t[c] = apPacker | apCodes
	}
	t['\r'] = apCodes
	t['f'] = apPacker
	for _, c := range []byte("0123456789nt") {
		t[c] = apCodes
	}
	return t
}()

const (
	apPacker = 1 << iota
	apCodes
)

// callAt decodes the string expression starting at start, a call of a known
// decoding function, and returns its end.
func (sc *scan) callAt(start int) (int, bool) {
	if start >= len(sc.src) || !isIdent(sc.src[start]) {
		return 0, false
	}
	p := parser{sc: sc, src: sc.src}
	v, end, ok := val{}, 0, false
	if s := sc.varPrefix(start); s < start {
		if v, end, ok = p.expr(s); ok {
			start = s
		}
	}
	if !ok {
		if v, end, ok = p.expr(start); !ok {
			return 0, false
		}
	}
	if assignedAt(sc.src, start) {
		if w, ok := sc.assigned(start, end, v); ok {
			sc.expand(w.s, start, end, w.chain, false) // $h .= base64_decode(…)
		}
	}
	sc.expand(v.s, start, end, v.chain, false)
	sc.covered = max(sc.covered, end)
	return end, true
}

// bracketNameBefore reads a bracket access ['name'] or ["name"] ending just
// before k and returns the name (its escapes decoded) and the offset of '['.
func bracketNameBefore(src []byte, k int) (name []byte, open int, ok bool) {
	if k < 4 || src[k-1] != ']' {
		return nil, 0, false
	}
	q := src[k-2]
	if q != '\'' && q != '"' {
		return nil, 0, false
	}
	lo := max(0, k-2-maxBracketName)
	s := bytes.LastIndexByte(src[lo:k-2], q)
	if s < 0 {
		return nil, 0, false
	}
	s += lo
	if s == 0 || src[s-1] != '[' {
		return nil, 0, false
	}
	name, ok = identName(src[s+1 : k-2])
	return name, s - 1, ok
}

// maxBracketName is the longest bracketed name read, escapes included
// ("fromCharCode" as \x escapes is 48 bytes).
const maxBracketName = 96

// identName decodes the escapes of a literal's text and returns it when it is
// an identifier.
func identName(lit []byte) ([]byte, bool) {
	if bytes.IndexByte(lit, '\\') >= 0 {
		lit, _, _ = unescape(lit)
	}
	if len(lit) == 0 || len(lit) > 32 {
		return nil, false
	}
	for _, c := range lit {
		if !isIdent(c) {
			return nil, false
		}
	}
	return lit, true
}

// callSuffix holds the last two bytes of each decoding function name: most
// calls in ordinary code are rejected without reading their name.
var callSuffix = func() (s *refang.PairSet) {
	s = new(refang.PairSet)
	for name := range calls {
		s.Add(name[len(name)-2], name[len(name)-1])
	}
	return s
}()

// callFilter has bit c&31 of entry n set for each decoding function name of
// length n ending in byte c: most calls in ordinary code skip the map lookup.
var callFilter = func() (t [32]uint32) {
	for name := range calls {
		t[len(name)] |= 1 << (name[len(name)-1] & 31)
	}
	return t
}()

// bracket handles '[' at i: an array joined into a string, a numeric array
// of character codes, or a defanged [.].
func (sc *scan) bracket(i int) int {
	if i > 0 && (isIdent(sc.src[i-1]) || sc.src[i-1] == ')' || sc.src[i-1] == ']') {
		// An index, a[…]: no array literal here.
		if sc.top && i >= sc.covered && i >= sc.tokEnd && mayDefang(sc.src, i) && defangAt(sc.src, i) > 0 {
			return sc.token(i)
		}
		return i + 1
	}
	p := parser{sc: sc, src: sc.src}
	// An array of strings starts with an operand that is no number.
	if j := p.ws(i + 1); j < len(sc.src) && !isDigit(sc.src[j]) {
		if v, end, ok := p.expr(i); ok {
			sc.expand(v.s, i, end, v.chain, false)
			sc.covered = max(sc.covered, end)
			return end
		}
	}
	if v, end, ok := p.charCodeArray(i); ok {
		sc.expand(v.s, i, end, v.chain, false)
		sc.covered = max(sc.covered, end)
		return end
	}
	if sc.top && i >= sc.covered && i >= sc.tokEnd && mayDefang(sc.src, i) && defangAt(sc.src, i) > 0 {
		return sc.token(i)
	}
	return i + 1
}

// A seqDecoder decodes every occurrence of its family in a text. It returns
// ok=false when nothing significant changed.
type seqDecoder func(sc *scan, t []byte) ([]byte, Family, bool)

var seqDecoders = []seqDecoder{
	decodeEscapes,
	decodeEntities,
	decodeURLEscapes,
	decodeDefanged,
	decodeIPs,
	decodePunycode,
}

// expand decodes text, which stands for sc.src[ls:le] after chain c, layer
// by layer. raw says that text is sc.src[ls:le] itself, so that runs inside
// it map to their own offsets. It reports whether it emitted a span.
func (sc *scan) expand(text []byte, ls, le int, c []Family, raw bool) bool {
	emitted := sc.emit(ls, le, text, c)
	// One screen of text answers both searches: base64Runs's too when no
	// decoder changes text (screened).
	screened, b64 := false, false
	if len(text) >= minShifted {
		var shift bool
		shift, b64, _ = screen(text)
		screened = true
		if shift && sc.shifted(text, ls, le, c) {
			emitted = true
		}
	}
	cur, c0 := text, c
	runs := func(sc *scan, cur []byte, c []Family) bool {
		if screened && len(c) == len(c0) { // no decoder changed text: cur is text
			return b64 && sc.base64RunsOf(cur, ls, le, c, raw, 0, false)
		}
		return sc.base64Runs(cur, ls, le, c, raw)
	}
	for _, dec := range seqDecoders {
		out, f, ok := dec(sc, cur)
		if !ok || len(c) >= maxChain {
			continue
		}
		cur = out
		c = append(c[:len(c):len(c)], f)
		raw = false
		emitted = sc.emit(ls, le, cur, c) || emitted
	}
	if sc.st.truncated || sc.probe {
		return emitted
	}
	if sc.depth >= sc.st.maxDepth {
		if sc.st.nests && loneBase64(cur) {
			// A nest of base64 runs costs one decoding per layer: it is peeled
			// to the end (or to maxChain layers).
			return runs(sc, cur, c) || emitted
		}
		// What the limit leaves out: base64 runs and the decoded texts' own
		// spans. Only whether they hold anything is found out.
		p := *sc
		p.probe = true
		runs(&p, cur, c)
		if len(c0) > 0 {
			p.child(text, ls, le, c0).run()
		}
		if len(c) > len(c0) {
			p.child(cur, ls, le, c).run()
		}
		sc.limitIfProbed(ls, le)
		return emitted
	}
	if runs(sc, cur, c) {
		emitted = true
	}
	if len(c0) > 0 {
		sc.child(text, ls, le, c0).run()
	}
	if len(c) > len(c0) {
		sc.child(cur, ls, le, c).run()
	}
	return emitted
}

// splice finishes a text rebuilt with replacements, out, which covers t up
// to last: it appends the rest of t and charges the budget. A nil out means
// that nothing was replaced.
func (sc *scan) splice(out, t []byte, last int, f Family) ([]byte, Family, bool) {
	if out == nil {
		return nil, 0, false
	}
	out = append(out, t[last:]...)
	if !sc.st.spend(len(out)) {
		return nil, 0, false
	}
	return out, f, true
}

// nest decodes text further, a decoding of sc.src[ls:le] by chain c that has
// been emitted already.
func (sc *scan) nest(text []byte, ls, le int, c []Family) {
	if sc.st.truncated || sc.probe {
		return
	}
	ch := sc.child(text, ls, le, c)
	if sc.depth >= sc.st.maxDepth {
		if sc.st.nests && loneBase64(text) {
			// A nest of base64 runs: see expand.
			ch.base64Runs(text, 0, len(text), nil, false)
			return
		}
		ch.probe = true
		ch.expand(text, 0, len(text), nil, false)
		ch.run()
		sc.limitIfProbed(ls, le)
		return
	}
	ch.expand(text, 0, len(text), nil, false)
	ch.run()
}

// limitIfProbed records a depth limit at the encoded text sc.src[ls:le] when a
// probe scan below it found something to decode.
func (sc *scan) limitIfProbed(ls, le int) {
	if !sc.st.probed {
		return
	}
	sc.st.probed = false
	sc.st.limit(LimitDepth, sc.outerStart(ls))
}

// loneBase64 reports whether t is one base64 run (with its padding) and
// nothing else, as a layer of a base64 nest is.
func loneBase64(t []byte) bool {
	t = bytes.TrimRight(t, "=")
	if len(t) < minB64Run {
		return false
	}
	for _, c := range t {
		if b64val[c] < 0 {
			return false
		}
	}
	return true
}

func quoteKind(c byte) int {
	switch c {
	case '\'':
		return 0
	case '"':
		return 1
	}
	return 2
}

// escaped reports whether src[i] is preceded by an odd number of backslashes.
func escaped(src []byte, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && src[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

// isApostrophe reports whether the ' at i sits between two letters, as in
// "don't", and so opens no literal.
func isApostrophe(src []byte, i int) bool {
	return src[i] == '\'' && i > 0 && i+1 < len(src) && isAlpha(src[i-1]) && isAlpha(src[i+1])
}

// identStart returns the start of the possibly qualified identifier that ends
// at k.
func identStart(src []byte, k int) int {
	j := k
	for j > 0 && k-j < 32 && isIdent(src[j-1]) {
		j--
	}
	return qualifiedStart(src, j)
}

// qualifiedStart extends an identifier starting at j back over "name." parts.
func qualifiedStart(src []byte, j int) int {
	for k := 0; k < 4 && j > 1 && src[j-1] == '.' && isIdent(src[j-2]); k++ {
		j--
		for j > 0 && isIdent(src[j-1]) {
			j--
		}
	}
	return j
}

var delim = func() (t [256]bool) {
	for _, c := range []byte(" \t\r\n\f\v'\"`<>(){}\\|^") {
		t[c] = true
	}
	t[0] = true
	return t
}()

// isDelim reports whether src[i] ends a run token. Parentheses are kept when
// they belong to a defanged (.) or (dot); dir is the direction of travel.
func isDelim(src []byte, i, dir int) bool {
	c := src[i]
	if !delim[c] {
		return false
	}
	switch c {
	case '(':
		return defangAt(src, i) == 0
	case ')':
		for _, n := range []int{3, 5} {
			if j := i - n + 1; j >= 0 && defangAt(src, j) == n {
				return false
			}
		}
	}
	return true
}

func hasSuffixFold(b []byte, s string) bool {
	if len(b) < len(s) {
		return false
	}
	return bytes.EqualFold(b[len(b)-len(s):], []byte(s))
}

var ctype = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case c >= '0' && c <= '9':
			t[c] = cDigit | cHex | cIdent | cB64
		case c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
			t[c] = cAlpha | cHex | cIdent | cB64
		case c >= 'g' && c <= 'z', c >= 'G' && c <= 'Z':
			t[c] = cAlpha | cIdent | cB64
		case c == '_':
			t[c] = cIdent | cB64
		case c == '$':
			t[c] = cIdent
		case c == '+', c == '/', c == '-':
			t[c] = cB64
		}
		if t[c]&cHex != 0 || c == '.' || c == 'x' || c == 'X' {
			t[c] |= cIP
		}
	}
	return t
}()

const (
	cDigit = 1 << iota
	cHex
	cAlpha
	cIdent
	cB64
	cIP // what a numeric IPv4 address is written with: isIPByte
)

func isDigit(c byte) bool { return ctype[c]&cDigit != 0 }
func isHex(c byte) bool   { return ctype[c]&cHex != 0 }
func isAlpha(c byte) bool { return ctype[c]&cAlpha != 0 }
func isIdent(c byte) bool { return ctype[c]&cIdent != 0 }
func isAlnum(c byte) bool { return ctype[c]&(cAlpha|cDigit) != 0 }
