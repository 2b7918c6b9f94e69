package decode

import (
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"
)

// TestInertNumber: expand decodes every literal that inertNumber passes over to nothing and
// leaves the scan as it was, at the top and in a nested layer, above and at the depth limit: all
// numbers of one to four digits, and random ones up to the longest that inertNumber takes.
func TestInertNumber(t *testing.T) {
	t.Parallel()
	check := func(lit string) {
		t.Helper()
		if !inertNumber([]byte(lit)) {
			t.Fatalf("inertNumber(%q) = false, want true", lit)
		}
		src := []byte("x = '" + lit + "';")
		for _, depth := range []int{0, 1, defaultMaxDepth} {
			for _, nests := range []bool{false, true} {
				st := &state{maxDepth: defaultMaxDepth, budget: defaultBudget, nests: nests}
				sc := &scan{st: st, src: src, top: depth == 0, depth: depth}
				if depth > 0 {
					sc.prefix = []Family{Base64}
				}
				before, stBefore := *sc, *st
				if sc.expand(src[5:5+len(lit)], 5, 5+len(lit), nil, true) {
					t.Fatalf("expand(%q) at depth %d emitted a span", lit, depth)
				}
				if !reflect.DeepEqual(*sc, before) || !reflect.DeepEqual(*st, stBefore) {
					t.Fatalf("expand(%q) at depth %d changed the scan: %+v, %+v", lit, depth, *sc, *st)
				}
			}
		}
	}
	for n := range 10000 {
		for w := len(strconv.Itoa(n)); w <= 4; w++ {
			check(pad(n, w))
		}
	}
	r := rand.New(rand.NewPCG(21, 22))
	for range 20000 {
		b := make([]byte, 5+r.IntN(minShifted-5))
		for k := range b {
			b[k] = '0' + byte(r.IntN(10))
		}
		check(string(b))
	}
	for _, lit := range []string{"", "0x7f000001", "1.2", "123456789012", "12a"} {
		if inertNumber([]byte(lit)) {
			t.Errorf("inertNumber(%q) = true, want false", lit)
		}
	}
	// What inertNumber takes beyond the digits must be inert too: near-numbers, each checked
	// when inertNumber takes it (a wider inertNumber that took 0x10000001, which expand decodes
	// to 16.0.0.1, passed the checks above).
	const near = "0123456789xX.aAfFeE+- "
	for _, a := range near {
		for _, b := range near {
			for _, c := range near {
				for _, lit := range []string{string(a), string([]rune{a, b}), string([]rune{a, b, c})} {
					if inertNumber([]byte(lit)) {
						check(lit)
					}
				}
			}
		}
	}
	for range 20000 {
		b := make([]byte, 1+r.IntN(minShifted-1))
		for k := range b {
			b[k] = '0' + byte(r.IntN(10))
		}
		switch r.IntN(3) {
		case 0: // the hexadecimal form
			if len(b) >= 2 {
				b[0], b[1] = '0', "xX"[r.IntN(2)]
			}
		case 1: // a byte of the near alphabet
			b[r.IntN(len(b))] = near[r.IntN(len(near))]
		default: // any byte
			b[r.IntN(len(b))] = byte(r.IntN(256))
		}
		if inertNumber(b) {
			check(string(b))
		}
	}
}

// pad writes n in w digits, with leading zeros.
func pad(n, w int) string {
	s := strconv.Itoa(n)
	for len(s) < w {
		s = "0" + s
	}
	return s
}

// TestPastColon: the main loop's colon never acts right after a quote, whatever surrounds it,
// so pastColon may pass over it: runTrigger is false for a colon after each quote, at the top
// and nested, for every byte after it and after the words that make a colon act.
func TestPastColon(t *testing.T) {
	t.Parallel()
	for _, q := range []byte("'\"`") {
		for _, before := range []string{"", "x", "hxxp", "hxxps", "HXXP", "data", "DATA", "http"} {
			for c := range 256 {
				src := append([]byte(before), q, ':', byte(c), '/', '/')
				i := len(before) + 1
				if got := pastColon(src, i); got != i+1 {
					t.Fatalf("pastColon(%q, %d) = %d, want %d", src, i, got, i+1)
				}
				for _, top := range []bool{true, false} {
					sc := &scan{st: &state{}, src: src, top: top}
					if sc.runTrigger(i, trigger[':']) {
						t.Fatalf("runTrigger(%q, %d) = true after a quote", src, i)
					}
				}
			}
		}
	}
	if got := pastColon([]byte(`"a",`), 3); got != 3 {
		t.Errorf("pastColon past a comma = %d, want 3", got)
	}
	// It passes over the colon alone: a slash after a quote may start a token ('a'//2130706433).
	for c := range 256 {
		src := []byte{'\'', byte(c)}
		if want := 1 + b2i(c == ':'); pastColon(src, 1) != want {
			t.Fatalf("pastColon(%q, 1) = %d, want %d", src, pastColon(src, 1), want)
		}
	}
	if got := pastColon([]byte(`'a'`), 3); got != 3 {
		t.Errorf("pastColon at the end of the text = %d, want 3", got)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
