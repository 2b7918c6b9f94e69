package scanner

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"
	"unicode/utf8"
)

// refSpan is span by a full index of the line starts, as Lines answered before its cursor.
func refSpan(data []byte, off int) (n, start, end int) {
	starts := []int{0}
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	i, found := slices.BinarySearch(starts, off)
	if !found {
		i--
	}
	start, end = starts[i], len(data)
	if i+1 < len(starts) {
		end = starts[i+1] - 1
	}
	if end > start && data[end-1] == '\r' {
		end--
	}
	return i + 1, start, end
}

// checkLines looks offs up in one Lines, in their order, and compares each answer with the
// index's.
func checkLines(t *testing.T, data []byte, offs []int) {
	t.Helper()
	l := NewLines(data)
	for _, off := range offs {
		n, start, end := l.span(off)
		wn, ws, we := refSpan(data, off)
		if n != wn || start != ws || end != we {
			t.Fatalf("span(%d) of %q = %d [%d,%d), want %d [%d,%d)", off, data, n, start, end, wn, ws, we)
		}
		if got, want := l.runes(start, off), utf8.RuneCount(data[start:off]); got != want {
			t.Fatalf("runes(%d, %d) of %q = %d, want %d", start, off, data, got, want)
		}
	}
}

// TestLinesCursor checks the cursor's answers against an index of line starts for lookups in
// order, backwards, on one long line and at random, in texts with CR LF, empty lines, a
// trailing line break and runes of every length, valid or not (an offset may split a rune).
func TestLinesCursor(t *testing.T) {
	t.Parallel()
	pieces := []string{"a", "bc", "\n", "\r\n", "\n\n", "é", "€", "😀", "\xe2\x82", "\xff", " ", "x.example"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		var b bytes.Buffer
		for range rng.IntN(60) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		data := b.Bytes()
		all := make([]int, len(data)+1)
		for i := range all {
			all[i] = i
		}
		random := make([]int, 40)
		for i := range random {
			random[i] = rng.IntN(len(data) + 1)
		}
		for name, offs := range map[string][]int{
			"in order":                  all,
			"backwards":                 reversed(all),
			"at random":                 random,
			"a sorted run then another": append(slices.Sorted(slices.Values(random[:20])), slices.Sorted(slices.Values(random[20:]))...),
		} {
			t.Run(name, func(t *testing.T) { checkLines(t, data, offs) })
		}
	}
	// a long line of references: the column is counted on from the last one
	line := bytes.Repeat([]byte("é x.example "), 500)
	var offs []int
	for i := range 500 {
		offs = append(offs, i*len("é x.example ")+len("é "))
	}
	checkLines(t, line, offs)
}

func reversed(s []int) []int {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}

// TestLinesIndexAfterJumps checks that lookups that jump about the text build the index and
// keep answering right.
func TestLinesIndexAfterJumps(t *testing.T) {
	t.Parallel()
	data := bytes.Repeat([]byte("line of text\n"), 20000)
	var offs []int
	for i := range 20 {
		offs = append(offs, len(data)-1-i, i) // the cursor crosses the text each time
	}
	checkLines(t, data, offs)
	l := NewLines(data)
	for _, off := range offs {
		l.span(off)
	}
	if l.starts == nil {
		t.Error("lookups that crossed the text 40 times built no index")
	}
}

func FuzzLines(f *testing.F) {
	f.Add([]byte("a\r\nbé\n\n€x"), []byte{3, 0, 9, 5, 200})
	f.Fuzz(func(t *testing.T, data, offs []byte) {
		var list []int
		for _, o := range offs {
			list = append(list, int(o)%(len(data)+1))
		}
		checkLines(t, data, list)
	})
}
