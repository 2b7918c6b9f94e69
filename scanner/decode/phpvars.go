package decode

// PHP variables: a skimmer builds its host from pieces kept in variables
// ($d = base64_decode('…'); … base64_decode('…').$d). A scan remembers the
// value of each $name it sees assigned a string expression that it could
// evaluate whole ($name = …; or $name .= …;), and an expression that names
// the variable later uses that value. JavaScript names that start with $
// are read the same way.

const (
	// maxVars is the number of variables a scan remembers; later ones are
	// not recorded.
	maxVars = 256
	// maxVarValue is the longest value remembered.
	maxVarValue = 4 << 10
)

// variable reads a variable name ($name) at i and returns it with its '$',
// the offset after it, and whether its value is known.
func (sc *scan) variable(i int) (name []byte, end int, ok bool) {
	src := sc.src
	if i+1 >= len(src) || src[i] != '$' || !isIdent(src[i+1]) || isDigit(src[i+1]) {
		return nil, 0, false
	}
	e := i + 1
	for e < len(src) && e-i <= 64 && isIdent(src[e]) && src[e] != '$' {
		e++
	}
	name = src[i:e]
	_, ok = sc.vars[string(name)]
	return name, e, ok
}

// knowsVariable reports whether a variable with a known value is named at i.
func (sc *scan) knowsVariable(i int) bool {
	_, _, ok := sc.variable(i)
	return ok
}

// assignedAt is a quick test that an '=' comes before src[start], as in an
// assignment: most expressions are not the right-hand side of one.
func assignedAt(src []byte, start int) bool {
	j := start
	for j > 0 && (src[j-1] == ' ' || src[j-1] == '\t') {
		j--
	}
	return j > 0 && src[j-1] == '='
}

// assigned records v, the value of the expression src[start:end], when that
// expression is the whole right-hand side of an assignment to a variable:
// "$name = EXPR;" or "$name .= EXPR;" (appended to a known value). For an
// append it returns the variable's new value when that joins decoded pieces
// or a name across the edge (see concatRest), so that it is decoded there.
func (sc *scan) assigned(start, end int, v val) (joined val, ok bool) {
	src := sc.src
	j := start
	for j > 0 && (src[j-1] == ' ' || src[j-1] == '\t') {
		j--
	}
	if j < 3 || src[j-1] != '=' {
		return val{}, false
	}
	j--
	appending := false
	switch src[j-1] {
	case '.':
		appending = true
		j--
	case '=', '!', '<', '>', '+', '-', '*', '/', '%', '&', '|', '^', '?':
		return val{}, false // a comparison or another compound assignment
	}
	e := end
	for e < len(src) && (src[e] == ' ' || src[e] == '\t') {
		e++
	}
	if e >= len(src) || src[e] != ';' {
		return val{}, false // the expression goes on with something not evaluated
	}
	dollar, j, named := nameBefore(src, j)
	if !named {
		return val{}, false
	}
	key := string(src[dollar:j])
	old, known := sc.vars[key]
	if appending {
		if !known {
			return val{}, false
		}
		old.variable = true
		parts := []val{old, v}
		p := parser{sc: sc, src: src}
		w, good := p.concatOp(parts, true)
		if !good {
			return val{}, false
		}
		v = w
		joined, ok = w, phpDecoded(parts, true, false) || joinsName(parts)
	}
	if len(v.s) > maxVarValue {
		delete(sc.vars, key) // a value too long to keep is no longer known
		return joined, ok
	}
	if sc.vars == nil {
		sc.vars = make(map[string]val)
	}
	if !known && len(sc.vars) >= maxVars {
		return joined, ok
	}
	sc.vars[key] = val{s: v.s, chain: v.chain, lits: v.lits, pieces: 1}
	return joined, ok
}

// nameBefore finds the $name that ends at j, spaces and tabs before j aside: dollar is the
// index of its '$' and end where it ends.
func nameBefore(src []byte, j int) (dollar, end int, ok bool) {
	for j > 0 && (src[j-1] == ' ' || src[j-1] == '\t') {
		j--
	}
	k := j
	for k > 0 && j-k < 64 && isIdent(src[k-1]) && src[k-1] != '$' {
		k--
	}
	if k == j || k == 0 || src[k-1] != '$' {
		return 0, 0, false
	}
	return k - 1, j, true
}

// varPrefix returns where the expression that starts at start really starts
// when known variables are joined to its front ($h . base64_decode(…),
// $a.$b.'…'): the main loop meets such an expression at its first call or
// literal. It returns start when there is none.
func (sc *scan) varPrefix(start int) int {
	if len(sc.vars) == 0 {
		return start
	}
	src := sc.src
	for n := 0; n < 16; n++ {
		j := start
		for j > 0 && (src[j-1] == ' ' || src[j-1] == '\t') {
			j--
		}
		if j == 0 || src[j-1] != '.' && src[j-1] != '+' {
			return start
		}
		dollar, j, named := nameBefore(src, j-1)
		if !named {
			return start
		}
		if _, e, ok := sc.variable(dollar); !ok || e != j {
			return start
		}
		start = dollar
	}
	return start
}
