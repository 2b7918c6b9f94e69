package scanner

import (
	"cmp"
	"math/bits"
	"slices"
)

// automaton is an Aho–Corasick DFA over a compressed, ASCII-case-folded alphabet: one table
// lookup per input byte and no allocation. A flat-table DFA is faster than the published Go
// Aho–Corasick modules (bench/README.md, "Figures the code relies on"), which is why it is ours.
//
// States are numbered breadth-first. The first nd of them, the trie's top levels where nearly
// every input byte leads, have dense rows. When every state fits in denseMax table entries (up
// to about 1,000 hosts with their Caesar spellings) the automaton is that flat table and
// nothing else. A threat-intelligence feed of 100,000 hosts makes millions of states, too many for a row
// each: the states below the dense ones keep only their children (contiguous in breadth-first
// order, so one offset), the class on the edge into them and their failure link, 9 bytes a
// state, and a step from one of them follows failure links until a child or a dense row takes
// the byte. bench/README.md has the figures.
type automaton struct {
	class  [256]uint8
	nclass int
	// trans[s+c] for a dense state s (encoded) and byte class c is the next state, encoded,
	// shifted left once, with the low bit set when that state has output. A state index x is
	// encoded x×nclass when it is dense (x < nd), sparse+x-nd otherwise.
	trans  []int32
	nd     int // the dense states: 0..nd-1
	sparse int // nd×nclass, the encoding of the first sparse state
	// Sparse state i (state index nd+i): its children are the sparse states first[i] to
	// first[i+1]-1, label[i] is the class on the edge into it and fail[i] its failure state,
	// encoded. All three are nil when every state is dense.
	first []int32
	label []uint8
	fail  []int32
	// Outputs. outBits has a bit per state index that has output, its own or its failure
	// states'; such a state's rank among them (outRank per 64 states, plus a popcount) indexes
	// own, the first needle that ends exactly there (-1 when none does), and dict, the rank of
	// the next state with output along its failure links (-1 when none). sameEnd[id] is the next
	// needle with the same text as needle id, or -1.
	outBits []uint64
	outRank []int32
	own     []int32
	dict    []int32
	sameEnd []int32
	maxLen  int // the longest needle
}

// denseMax bounds the dense table: 8 Mi entries of 4 bytes.
const denseMax = 8 << 20

// newAutomaton builds the DFA for needles, matched case-insensitively in ASCII.
func newAutomaton(needles []string) *automaton { return buildAutomaton(needles, denseMax) }

// buildAutomaton builds the DFA with dense rows for as many states as fit in maxDense entries.
func buildAutomaton(needles []string, maxDense int) *automaton {
	a := &automaton{sameEnd: make([]int32, len(needles))}
	// Byte classes: one per distinct (folded) needle byte, in byte order, and class 0 for every
	// other byte.
	total := 0
	var present [256]bool
	for _, n := range needles {
		total += len(n)
		a.maxLen = max(a.maxLen, len(n))
		for j := range len(n) {
			present[lower(n[j])] = true
		}
	}
	for b := range present {
		if present[b] {
			a.nclass++
			a.class[b] = uint8(a.nclass)
		}
	}
	a.nclass++
	for b := 'A'; b <= 'Z'; b++ {
		a.class[b] = a.class[b+'a'-'A']
	}
	nc := a.nclass

	// The needles sorted by their class strings (equal ones by index): the needles below a trie
	// state are a run of that order and its children are the run's sub-runs by the next class,
	// so the trie is built level by level, breadth-first, without pointers. Level d reads the
	// needles' d-th classes in that order, skipping the needles shorter than d+1: col(d) holds
	// exactly those, so each level reads one buffer front to back.
	order := sortNeedles(needles, &a.class, nc)
	for i := range a.sameEnd {
		a.sameEnd[i] = -1
	}
	lens, count := make([]int32, len(order)), make([]int, a.maxLen+1)
	for i, id := range order {
		lens[i] = int32(len(needles[id]))
		count[lens[i]]++
	}
	// colStart[d+1] is where column d starts, then, once filled, where it ends.
	colStart := make([]int, a.maxLen+2)
	longer := len(order) - count[0]
	for d := range a.maxLen {
		colStart[d+2] = colStart[d+1] + longer
		longer -= count[d+1]
	}
	cols := make([]byte, total)
	// Needles are read in sorted order, from anywhere in memory: a block of them is counted
	// first, in a loop whose loads do not wait for each other, then copied from the cache.
	// Each needle adds a state per byte past its longest common prefix with the one before.
	states, prev := 1, ""
	const block = 64
	for b := 0; b < len(order); b += block {
		ids := order[b:min(b+block, len(order))]
		for _, id := range ids {
			n := needles[id]
			states += len(n) - commonPrefixFold(prev, n)
			prev = n
		}
		for _, id := range ids {
			n := needles[id]
			for d := range len(n) {
				cols[colStart[d+1]] = a.class[n[d]]
				colStart[d+1]++
			}
		}
	}
	col := func(d int) []byte { return cols[colStart[d]:colStart[d+1]] }

	// Per state index, while building: first (its children start), label and fail. Dense rows
	// hold plain state indices until the end.
	dense := min(max(maxDense/nc, 1), states)
	first := make([]int32, 0, states+1)
	label := make([]uint8, 1, states)
	fail := make([]int32, 1, states)
	trans := make([]int32, 0, dense*nc)
	a.outBits = make([]uint64, (states+63)/64)
	hasOut := func(x int32) bool { return a.outBits[x>>6]&(1<<(x&63)) != 0 }
	// addState records state x's output: the run order[lo:hi] of needles that end there, and
	// its failure state f. States are added in index order, so outRank stays exact.
	addState := func(x int32, lo, hi int, f int32) {
		if x&63 == 0 {
			a.outRank = append(a.outRank, int32(len(a.own)))
		}
		if lo == hi && (x == 0 || !hasOut(f)) {
			return
		}
		a.outBits[x>>6] |= 1 << (x & 63)
		o, d := int32(-1), int32(-1)
		if lo < hi {
			o = order[lo]
			for k := lo; k+1 < hi; k++ {
				a.sameEnd[order[k]] = order[k+1]
			}
		}
		if x != 0 && hasOut(f) {
			d = a.rank(f)
		}
		a.own = append(a.own, o)
		a.dict = append(a.dict, d)
	}
	// step is the transition from a state whose children are all known.
	step := func(f int32, c uint8) int32 {
		for int(f) >= dense {
			for j := first[f]; j < first[f+1]; j++ {
				if label[j] == c {
					return j
				}
			}
			f = fail[f]
		}
		return trans[int(f)*nc+int(c)]
	}
	// ends returns the end of the run of order[lo:hi] whose needles have length depth.
	ends := func(lo, hi, depth int) int {
		for lo < hi && int(lens[lo]) == depth {
			lo++
		}
		return lo
	}

	type run struct{ lo, hi, state int32 }
	level, next := make([]run, 0, len(needles)+1), make([]run, 0, len(needles)+1)
	level = append(level, run{0, int32(len(order)), 0})
	addState(0, 0, ends(0, len(order), 0), 0)
	n := int32(1)
	for depth := 0; len(level) > 0; depth++ {
		// The children of this level's states, their labels and the dense rows of those states;
		// then the children's failure links, in a loop of their own whose table loads (one a
		// state, anywhere in the table) do not wait for each other; then their outputs.
		next = next[:0]
		keys, p := col(depth), 0 // keys[p] is the depth-th class of the needle order[lo]
		for _, r := range level {
			s := r.state
			first = append(first, n) // len(first) was s
			lo := ends(int(r.lo), int(r.hi), depth)
			for lo < int(r.hi) {
				c := keys[p]
				hi := lo + 1
				for p++; hi < int(r.hi) && keys[p] == c; p++ {
					hi++
				}
				label = append(label, c)
				next = append(next, run{int32(lo), int32(hi), n})
				n++
				lo = hi
			}
			if int(s) < dense {
				if s == 0 {
					trans = append(trans, make([]int32, nc)...)
				} else {
					f := int(fail[s])
					trans = append(trans, trans[f*nc:(f+1)*nc]...)
				}
				row := trans[int(s)*nc:]
				for t := first[s]; t < n; t++ {
					row[label[t]] = t
				}
			}
		}
		fail = fail[:n]
		for _, r := range level {
			s, end := r.state, n
			if int(s)+1 < len(first) {
				end = first[s+1]
			}
			if s == 0 {
				continue // the root's children fail to the root
			}
			for t, f := first[s], fail[s]; t < end; t++ {
				fail[t] = step(f, label[t])
			}
		}
		for _, r := range next {
			addState(r.state, int(r.lo), ends(int(r.lo), int(r.hi), depth+1), fail[r.state])
		}
		level, next = next, level
	}
	first = append(first, n)

	nd := min(int(n), dense)
	a.nd, a.sparse = nd, nd*nc
	enc := func(x int32) int32 {
		if int(x) < nd {
			return x * int32(nc)
		}
		return int32(a.sparse) + x - int32(nd)
	}
	a.trans = trans[:nd*nc]
	for i, t := range a.trans {
		v := enc(t) << 1
		if hasOut(t) {
			v |= 1
		}
		a.trans[i] = v
	}
	if nd < int(n) {
		a.first, a.label, a.fail = first[nd:], label[nd:], fail[nd:]
		for i := range a.first {
			a.first[i] -= int32(nd)
		}
		for i, f := range a.fail {
			a.fail[i] = enc(f)
		}
	}
	return a
}

// commonPrefixFold returns the length of the longest common prefix of x and y, ASCII
// case-insensitively.
func commonPrefixFold(x, y string) int {
	n := min(len(x), len(y))
	for i := range n {
		if x[i] != y[i] && lower(x[i]) != lower(y[i]) {
			return i
		}
	}
	return n
}

// compareFold compares x and y as lowerASCII(x) and lowerASCII(y).
func compareFold(x, y string) int {
	n := commonPrefixFold(x, y)
	if n < len(x) && n < len(y) {
		return cmp.Compare(lower(x[n]), lower(y[n]))
	}
	return cmp.Compare(len(x), len(y))
}

// sortNeedles returns the needles' indices in the order of their texts in ASCII lower case,
// equal ones by index. Classes follow byte order, so the order of their class strings is the
// same. Each needle's first classes, packed into a word, take a radix sort (stable, so equal
// words stay in index order); only needles whose words are the same are compared.
func sortNeedles(needles []string, class *[256]uint8, nclass int) []int32 {
	width := max(bits.Len(uint(nclass-1)), 1) // bits a class takes
	k := 64 / width                           // classes in a word
	words, order := make([]uint64, len(needles)), make([]int32, len(needles))
	for i, n := range needles {
		var w uint64
		for j := range k {
			w <<= width
			if j < len(n) {
				w |= uint64(class[n[j]])
			}
		}
		words[i], order[i] = w, int32(i)
	}
	// An LSD radix sort, the words and their indices moving together.
	const digit = 11
	words2, order2 := make([]uint64, len(words)), make([]int32, len(words))
	var count [1 << digit]int32
	for shift := 0; shift < k*width; shift += digit {
		clear(count[:])
		for _, w := range words {
			count[w>>shift&(1<<digit-1)]++
		}
		if len(words) == 0 || int(count[words[0]>>shift&(1<<digit-1)]) == len(words) {
			continue // every word has this digit
		}
		sum := int32(0)
		for d, v := range count {
			count[d] = sum
			sum += v
		}
		for i, w := range words {
			d := w >> shift & (1<<digit - 1)
			words2[count[d]], order2[count[d]] = w, order[i]
			count[d]++
		}
		words, words2, order, order2 = words2, words, order2, order
	}
	for i := 0; i < len(words); {
		j, long := i+1, len(needles[order[i]]) > k
		for j < len(words) && words[j] == words[i] {
			long = long || len(needles[order[j]]) > k
			j++
		}
		if long && j-i > 1 {
			slices.SortFunc(order[i:j], func(x, y int32) int {
				return cmp.Or(compareFold(needles[x][k:], needles[y][k:]), cmp.Compare(x, y))
			})
		}
		i = j
	}
	return order
}

// lowerASCII returns s with ASCII upper case folded, s itself when it has none.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				b[j] = lower(b[j])
			}
			return string(b)
		}
	}
	return s
}

func lower(b byte) byte {
	if b >= 'A' && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

// rank returns the rank of state index x among the states with output.
func (a *automaton) rank(x int32) int32 {
	w := x >> 6
	return a.outRank[w] + int32(bits.OnesCount64(a.outBits[w]&(1<<(x&63)-1)))
}

// report calls hit for every needle that ends at the encoded state s: its own, then those of
// its failure states, longest first.
func (a *automaton) report(s, end int, hit func(needle, end int)) {
	x := s / a.nclass
	if s >= a.sparse {
		x = a.nd + s - a.sparse
	}
	for r := a.rank(int32(x)); r >= 0; r = a.dict[r] {
		for id := a.own[r]; id >= 0; id = a.sameEnd[id] {
			hit(int(id), end)
		}
	}
}

// find calls hit for every needle occurrence in data, overlapping ones included, with the
// needle's index and the offset just past its end, in order of end offset.
//
// Each step's table load depends on the previous one, so one walk is bound by load latency.
// Long inputs are cut in four quarters walked in the same loop, whose loads overlap. Walk k
// starts maxLen-1 bytes before its quarter (the first at 0) and reports only what ends in its
// quarter, so every occurrence is reported once; the later walks' hits wait until the first
// walk's are out (the gain is in bench/README.md, "Figures the code relies on").
func (a *automaton) find(data []byte, hit func(needle, end int)) {
	if len(a.sameEnd) == 0 {
		return
	}
	if a.first != nil {
		a.walkSparse(data, hit)
		return
	}
	q, ov := len(data)/walks, a.maxLen-1
	if len(data) < multiWalkMin || ov > q {
		a.walk(data, 0, 0, hit)
		return
	}
	// Each walk takes n steps: walk k reads data[k*q-ov : (k+1)*q] (the first from 0, and
	// its last ov steps report nothing); the last quarter's rest is walked after.
	n := q + ov
	s1, s2, s3 := q-ov, 2*q-ov, 3*q-ov
	d0, d1, d2, d3 := data[:n], data[s1:s1+n], data[s2:s2+n], data[s3:s3+n]
	trans, class := a.trans, &a.class
	var later [walks - 1][][2]int
	var keep [walks - 1]func(id, end int)
	for k := range keep {
		keep[k] = func(id, end int) { later[k] = append(later[k], [2]int{id, end}) }
	}
	var t [walks]int
	for i := 0; i < n; i++ {
		var v [walks]int32
		if i, v = steps(trans, class, d0, d1, d2, d3, i, &t); i >= n {
			break
		}
		if v[0]&1 != 0 && i < q {
			a.report(t[0], i+1, hit)
		}
		if end := s1 + i + 1; v[1]&1 != 0 && end > q && end <= 2*q {
			a.report(t[1], end, keep[0])
		}
		if end := s2 + i + 1; v[2]&1 != 0 && end > 2*q && end <= 3*q {
			a.report(t[2], end, keep[1])
		}
		if end := s3 + i + 1; v[3]&1 != 0 && end > 3*q {
			a.report(t[3], end, keep[2])
		}
	}
	for _, hs := range later {
		for _, h := range hs {
			hit(h[0], h[1])
		}
	}
	a.walk(data[s3+n:], t[3], s3+n, hit)
}

// steps takes the four walks of find from step i (their states in *t) until one reaches a
// state with output or the inputs end, and returns that step (len(d0) at the end) and the four
// transitions taken. d1, d2 and d3 are as long as d0. The loop is kept apart from the
// reporting, so that its states stay in registers.
func steps(trans []int32, class *[256]uint8, d0, d1, d2, d3 []byte, i int, t *[walks]int) (int, [walks]int32) {
	t0, t1, t2, t3 := t[0], t[1], t[2], t[3]
	d1, d2, d3 = d1[:len(d0)], d2[:len(d0)], d3[:len(d0)]
	var v0, v1, v2, v3 int32
	for ; i < len(d0); i++ {
		v0 = trans[t0+int(class[d0[i]])]
		v1 = trans[t1+int(class[d1[i]])]
		v2 = trans[t2+int(class[d2[i]])]
		v3 = trans[t3+int(class[d3[i]])]
		t0, t1, t2, t3 = int(v0>>1), int(v1>>1), int(v2>>1), int(v3>>1)
		if (v0|v1|v2|v3)&1 != 0 {
			break
		}
	}
	*t = [walks]int{t0, t1, t2, t3}
	return i, [walks]int32{v0, v1, v2, v3}
}

// walks is how many walks find interleaves, and multiWalkMin the input length from which it
// does.
const (
	walks        = 4
	multiWalkMin = 4 << 10
)

// walk runs the dense DFA from encoded state s over data, which starts at offset base.
func (a *automaton) walk(data []byte, s, base int, hit func(needle, end int)) {
	trans, class := a.trans, &a.class
	for i, b := range data {
		v := trans[s+int(class[b])]
		s = int(v >> 1)
		if v&1 != 0 {
			a.report(s, base+i+1, hit)
		}
	}
}

// walkSparse runs the automaton with sparse states over data.
func (a *automaton) walkSparse(data []byte, hit func(needle, end int)) {
	trans, class, sparse := a.trans, &a.class, a.sparse
	s := 0
	for i, b := range data {
		c := int(class[b])
		var v int32
		if s < sparse {
			v = trans[s+c]
		} else {
			v = a.sparseNext(s, c)
		}
		s = int(v >> 1)
		if v&1 != 0 {
			a.report(s, i+1, hit)
		}
	}
}

// sparseNext is the transition from the sparse state encoded s on class c, as trans holds it.
func (a *automaton) sparseNext(s, c int) int32 {
	if c == 0 {
		return a.trans[0] // no needle holds a class-0 byte: every state goes where the root goes
	}
	for s >= a.sparse {
		i := s - a.sparse
		for j := a.first[i]; j < a.first[i+1]; j++ {
			if int(a.label[j]) == c {
				v := (int32(a.sparse) + j) << 1
				if x := a.nd + int(j); a.outBits[x>>6]&(1<<(x&63)) != 0 {
					v |= 1
				}
				return v
			}
		}
		s = int(a.fail[i])
	}
	return a.trans[s+c]
}
