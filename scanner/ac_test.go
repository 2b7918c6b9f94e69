package scanner

import (
	"fmt"
	"math/rand/v2"
	"path"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/shieldscan/shieldscan/bench/gen-feed/feed"
	"github.com/shieldscan/shieldscan/bench/gen-tree/webtree"
	"github.com/shieldscan/shieldscan/internal/benchcpu"
	"github.com/shieldscan/shieldscan/rules"
)

// naiveFind is the automaton's contract written plainly: every occurrence of every needle,
// ASCII case-insensitively, by end offset, then longest first, then by needle index.
func naiveFind(needles []string, data []byte) []string {
	var out []string
	for end := 1; end <= len(data); end++ {
		var ids []int
		for id, n := range needles {
			if len(n) == 0 || len(n) > end {
				continue
			}
			ok := true
			for i := range len(n) {
				if lower(n[i]) != lower(data[end-len(n)+i]) {
					ok = false
					break
				}
			}
			if ok {
				ids = append(ids, id)
			}
		}
		slices.SortStableFunc(ids, func(x, y int) int { return len(needles[y]) - len(needles[x]) })
		for _, id := range ids {
			out = append(out, fmt.Sprintf("%d@%d", id, end))
		}
	}
	return out
}

func findAll(a *automaton, data []byte) []string {
	var out []string
	a.find(data, func(id, end int) { out = append(out, fmt.Sprintf("%d@%d", id, end)) })
	return out
}

// layouts are the dense-table budgets the tests build each automaton with: all dense, as the
// matcher's 50 needles are, and the root alone or the top levels dense, as a 100,000-host feed
// is (every step then crosses sparse states, failure links and dense rows).
var layouts = []struct {
	name     string
	maxDense int
}{{"dense", denseMax}, {"root-dense", 1}, {"top-dense", 64 * 8}}

func TestAutomatonLayouts(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 2))
	randText := func(alphabet string, n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		return b
	}
	tests := []struct {
		name    string
		needles []string
		text    string
	}{
		{"overlapping", []string{"he", "she", "his", "hers"}, "uSHErs his"},
		{"nested hosts", []string{"evil.example", "cdn.evil.example", "example", "le"}, "x cdn.EVIL.example/evil.example"},
		{"duplicates", []string{"abc", "ABC", "bc", "abc"}, "zabcabc"},
		{"single bytes", []string{"a", "b", "ab", "ba"}, "abba aab"},
		{"no needle byte", []string{"xyz"}, "\x00\xff   \n"},
		{"needle longer than text", []string{"abcdefgh"}, "abc"},
		{"four walks", []string{"needle.example", "dle.ex", "e"}, strings.Repeat("a needle.example, ", 400)},
		{"non-ascii", []string{"bücher.example", "\xffx"}, "Bücher.example BÜCHER.example \xffX"},
	}
	for i := range 40 {
		var needles []string
		for range 1 + r.IntN(60) {
			needles = append(needles, string(randText("abcAB.-", 1+r.IntN(6))))
		}
		tests = append(tests, struct {
			name    string
			needles []string
			text    string
		}{fmt.Sprintf("random %d", i), needles, string(randText("abcAB.-x", r.IntN(6000)))})
	}
	for _, tt := range tests {
		want := naiveFind(tt.needles, []byte(tt.text))
		for _, l := range layouts {
			t.Run(tt.name+"/"+l.name, func(t *testing.T) {
				t.Parallel()
				a := buildAutomaton(tt.needles, l.maxDense)
				if got := findAll(a, []byte(tt.text)); strings.Join(got, " ") != strings.Join(want, " ") {
					t.Errorf("find(%q) in %q = %v, want %v", tt.needles, tt.text, got, want)
				}
			})
		}
	}
}

// TestAutomatonSparse checks that a budget smaller than the automaton leaves the states below
// it sparse, and that the dense layout keeps none: the tests above then exercise both.
func TestAutomatonSparse(t *testing.T) {
	needles := []string{"cdn.evil.example", "evil.example"} // 29 states, 13 classes
	tests := []struct {
		name                  string
		maxDense              int
		wantDense, wantSparse int
	}{
		{"all dense", denseMax, 29, 0},
		{"root only", 1, 1, 28},
		{"five rows", 13 * 5, 5, 24},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := buildAutomaton(needles, tt.maxDense)
			if a.nd != tt.wantDense || len(a.label) != tt.wantSparse {
				t.Errorf("buildAutomaton(%q, %d): %d dense and %d sparse states, want %d and %d",
					needles, tt.maxDense, a.nd, len(a.label), tt.wantDense, tt.wantSparse)
			}
		})
	}
}

// FuzzAutomaton compares every layout of the automaton with naiveFind: needles are the
// non-empty lines of the first input.
func FuzzAutomaton(f *testing.F) {
	f.Add("he\nshe\nhis\nhers", "uSHErs his")
	f.Add("evil.example\ncdn.evil.example\nexample", "cdn.evil.example evil.examplex")
	f.Add("a\naa\naaa", strings.Repeat("a", 5000))
	f.Fuzz(func(t *testing.T, list, text string) {
		var needles []string
		for n := range strings.SplitSeq(list, "\n") {
			if n != "" {
				needles = append(needles, n)
			}
		}
		if len(needles) > 200 || len(text) > 1<<16 {
			return
		}
		want := strings.Join(naiveFind(needles, []byte(text)), " ")
		for _, l := range layouts {
			if got := strings.Join(findAll(buildAutomaton(needles, l.maxDense), []byte(text)), " "); got != want {
				t.Fatalf("%s: find(%q) in %q = %s, want %s", l.name, needles, text, got, want)
			}
		}
	})
}

// feedResources parses the first n hosts of the benchmark feed (bench/gen-feed), as a
// threat-intelligence feed of that size reaches the scan.
func feedResources(b testing.TB, n int) []*rules.Resource {
	var res []*rules.Resource
	for _, h := range feed.Hosts(1, n) {
		res = append(res, mustParse(b, h))
	}
	return res
}

var feedText = sync.OnceValues(func() ([]byte, error) {
	var js []byte
	_, err := webtree.Generate(webtree.Config{Seed: 1, Size: 8 << 20}, func(name string, data []byte) error {
		if path.Ext(name) == ".js" && !strings.HasPrefix(name, "node_modules/") {
			js = append(js, data...)
		}
		return nil
	})
	return js, err
})

// BenchmarkNeedles builds the matcher for 1,000 to 100,000 alerted hosts of the feed, with
// their Caesar spellings as a decoding scan does (8 needles a host), and matches generated
// JavaScript with it on one core:
//
//	go test ./scanner -run '^$' -bench Needles -benchmem -benchtime=1x
func BenchmarkNeedles(b *testing.B) {
	text, err := feedText()
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1000, 10000, 100000} {
		res := feedResources(b, n)
		b.Run(fmt.Sprintf("hosts=%d/build", n), func(b *testing.B) {
			b.ReportAllocs()
			var m *matcher
			benchcpu.Loop(b, func() { m = newMatcherFor(res, true) })
			b.ReportMetric(float64(len(m.needles)), "needles")
			b.ReportMetric(float64(m.ac.nd+len(m.ac.label)), "states")
		})
		b.Run(fmt.Sprintf("hosts=%d/match", n), func(b *testing.B) {
			m := newMatcherFor(res, true)
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			benchcpu.Loop(b, func() { m.match(text) })
		})
	}
}

// TestSortNeedles compares sortNeedles with a comparison sort of the lower-cased texts (equal
// ones by index) on random needle sets: short and long needles around the packed word's
// length, shared prefixes, duplicates, upper case, and alphabets of 2 to 200 classes (whose
// width changes how many classes a word holds).
func TestSortNeedles(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 3))
	for i := range 200 {
		alphabet := "ab"
		switch i % 4 {
		case 1:
			alphabet = "abcAB.-0"
		case 2:
			alphabet = "abcdefghijklmnopqrstuvwxyz0123456789.-ABC"
		case 3:
			var b []byte
			for c := 1; c < 200; c++ {
				b = append(b, byte(c))
			}
			alphabet = string(b)
		}
		var needles []string
		prefix := ""
		for range r.IntN(300) {
			b := []byte(prefix)
			for range r.IntN(25) {
				b = append(b, alphabet[r.IntN(len(alphabet))])
			}
			needles = append(needles, string(b))
			if r.IntN(3) == 0 {
				prefix = string(b[:r.IntN(len(b)+1)])
			}
		}
		a := buildAutomaton(needles, denseMax) // for its classes
		want := make([]int32, len(needles))
		for j := range want {
			want[j] = int32(j)
		}
		slices.SortStableFunc(want, func(x, y int32) int {
			return strings.Compare(lowerASCII(needles[x]), lowerASCII(needles[y]))
		})
		if got := sortNeedles(needles, &a.class, a.nclass); !slices.Equal(got, want) {
			t.Fatalf("sortNeedles(%q) = %v, want %v", needles, got, want)
		}
	}
}
