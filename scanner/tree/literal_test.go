package tree

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
)

// literalHolds reports whether the prefilter is sound for line and path: when go-git's pattern
// matches path, path holds literal(line). Then patterns.match skips only patterns that go-git
// would pass over too, so it answers as gitignore.NewMatcher for any list of lines.
func literalHolds(line string, domain, path []string, isDir bool) bool {
	lit := literal(line)
	if lit == "" || strings.Contains(strings.Join(path, "/"), lit) {
		return true
	}
	return gitignore.ParsePattern(line, domain).Match(path, isDir) == gitignore.NoMatch
}

// TestLiteralExhaustive checks literalHolds for every line of up to 4 bytes over the bytes that
// mean something to ParsePattern or filepath.Match, against every path of one component of up
// to 3 bytes or two of one.
func TestLiteralExhaustive(t *testing.T) {
	if testing.Short() {
		t.Skip("exhaustive")
	}
	const lineAlpha = "ab*?[]^-\\/ !"
	const compAlpha = "ab]-\\ [!"
	all := func(alpha string, max int) []string {
		out, level := []string{""}, []string{""}
		for range max {
			var next []string
			for _, s := range level {
				for i := range len(alpha) {
					next = append(next, s+alpha[i:i+1])
				}
			}
			out, level = append(out, next...), next
		}
		return out[1:]
	}
	var paths [][]string
	for _, c := range all(compAlpha, 3) {
		paths = append(paths, []string{c})
	}
	short := all(compAlpha, 1)
	for _, c := range short {
		for _, d := range short {
			paths = append(paths, []string{c, d})
		}
	}
	for _, line := range all(lineAlpha, 4) {
		for _, p := range paths {
			for _, isDir := range []bool{false, true} {
				if !literalHolds(line, nil, p, isDir) {
					t.Fatalf("line %q matches path %q (dir %v) but literal(line) = %q is not in it", line, p, isDir, literal(line))
				}
			}
		}
	}
}

// TestLiteralRandom checks literalHolds on longer random lines, with domains, non-UTF-8 bytes,
// CR and escaped trailing spaces, against paths built to match them often: each path
// component is a pattern part with its wildcards, escapes and some other bytes dropped, kept
// or replaced at random.
func TestLiteralRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	const lineAlpha = "ab*?[]^-\\/ !\xff\r"
	const fill = "ab]-\\ [!^\xff\r"
	tokens := []string{"[a]", "[^a]", "[\\]", "[\\]a]", "[]", "[a-b]", "[^-]", "**", "\\ ", "\\[", "\\\\", "é"}
	for range 200000 {
		var b strings.Builder
		for range rng.IntN(8) + 1 {
			if rng.IntN(3) == 0 {
				b.WriteString(tokens[rng.IntN(len(tokens))])
			} else {
				b.WriteByte(lineAlpha[rng.IntN(len(lineAlpha))])
			}
		}
		line := b.String()
		if rng.IntN(8) == 0 {
			line += "\\ "
		}
		var domain []string
		if rng.IntN(4) == 0 {
			domain = []string{"a"}
		}
		// A path from the line: its parts with every special byte replaced by a random one.
		var path []string
		path = append(path, domain...)
		for _, part := range strings.Split(strings.TrimPrefix(line, "!"), "/") {
			var c strings.Builder
			for i := range len(part) {
				switch {
				case strings.IndexByte("*?[]\\^-", part[i]) >= 0 || rng.IntN(4) == 0:
					// Drop it, keep it, or put another byte in its place.
					switch rng.IntN(3) {
					case 0:
						c.WriteByte(fill[rng.IntN(len(fill))])
					case 1:
						c.WriteByte(part[i])
					}
				default:
					c.WriteByte(part[i])
				}
			}
			if c.Len() > 0 || rng.IntN(2) == 0 {
				path = append(path, c.String())
			}
		}
		if rng.IntN(3) == 0 {
			path = append([]string{"b"}, path...)
		}
		isDir := rng.IntN(2) == 0
		if !literalHolds(line, domain, path, isDir) {
			t.Fatalf("line %q (domain %q) matches path %q (dir %v) but literal(line) = %q is not in it", line, domain, path, isDir, literal(line))
		}
	}
}

// FuzzLiteral checks literalHolds for one line and one path: unlike FuzzPatterns, a mismatch
// needs only the one pattern to match, not to be the last matching line of a list.
func FuzzLiteral(f *testing.F) {
	for _, s := range [][2]string{
		{"*.log", "dir/x.log"}, {"x\\*y", "x*y"}, {"[a-c]b/d", "ab/d"}, {"a[\\]]b", "a]b"},
		{"[^a]bc", "xbc"}, {"ab\\ ", "ab "}, {"a/**/b", "a/x/b"}, {"**/x?y", "q/xzy"},
		{"[]a]b", "ab"}, {"a\\", "a"}, {"é[é]", "éé"}, {"\xff?\xff", "\xffa\xff"}, {"[\\]a]bc", "]bc"},
	} {
		f.Add(s[0], s[1], false)
	}
	f.Fuzz(func(t *testing.T, line, p string, isDir bool) {
		path := strings.Split(p, "/")
		if !literalHolds(line, nil, path, isDir) {
			t.Fatalf("line %q matches path %q (dir %v) but literal(line) = %q is not in it", line, path, isDir, literal(line))
		}
	})
}
