package tree

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
)

func TestLiteral(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{"node_modules", "node_modules"},
		{"node_modules/", "node_modules"},
		{"!keep.txt", "keep.txt"},
		{"*.log", ".log"},
		{"/config/config.ini.php", "config.ini.php"},
		{"tmp/**/cache-*", "cache-"},
		{"a?bcd", "bcd"},
		{"[Bb]uild-output", "uild-output"},
		{"x[^ab]yz", "yz"},
		{"x[a\\]b]yz", "yz"},       // an escaped ']' does not close the class
		{"ab[cd", "ab"},            // an unclosed class: nothing after it counts
		{"\\#literal", "#literal"}, // the escaped byte starts the next run
		{"trailing\\ ", "trailing"},
		{"*", ""},
		{"**", ""},
		{"!", ""},
	} {
		if got := literal(tc.line); got != tc.want {
			t.Errorf("literal(%q) = %q, want %q", tc.line, got, tc.want)
		}
	}
}

// TestPatternsMatchGoGit checks that patterns.match answers as go-git's matcher over the same
// lines does, for random ignore files and paths built from the bytes that matter to patterns.
func TestPatternsMatchGoGit(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "ab.-*?[]^!\\/ "
	word := func(n int, alpha string) string {
		var b strings.Builder
		for range rng.IntN(n) + 1 {
			b.WriteByte(alpha[rng.IntN(len(alpha))])
		}
		return b.String()
	}
	for range 3000 {
		domain := []string{}
		if rng.IntN(3) == 0 {
			domain = []string{word(2, "ab")}
		}
		var lines []string
		var ps patterns
		var gg []gitignore.Pattern
		for range rng.IntN(6) + 1 {
			line := word(8, alphabet)
			lines = append(lines, line)
			ps = append(ps, newPattern(line, domain))
			gg = append(gg, gitignore.ParsePattern(line, domain))
		}
		m := gitignore.NewMatcher(gg)
		for range 20 {
			var path []string
			for range rng.IntN(4) + 1 {
				path = append(path, word(5, "ab.-*?[]^! "))
			}
			isDir := rng.IntN(2) == 0
			if got, want := ps.match(path, isDir), m.Match(path, isDir); got != want {
				t.Fatalf("lines %q in %q, path %q (dir %v): match = %v, go-git says %v", lines, domain, path, isDir, got, want)
			}
		}
	}
}

func FuzzPatterns(f *testing.F) {
	f.Add("*.log", "dir/x.log", false)
	f.Add("[a-c]b/d", "ab/d", true)
	f.Add("!x\\*y", "a/x*y", false)
	f.Fuzz(func(t *testing.T, lines, p string, isDir bool) {
		var ps patterns
		var gg []gitignore.Pattern
		for _, line := range strings.Split(lines, "\n") {
			ps = append(ps, newPattern(line, nil))
			gg = append(gg, gitignore.ParsePattern(line, nil))
		}
		path := strings.Split(p, "/")
		if got, want := ps.match(path, isDir), gitignore.NewMatcher(gg).Match(path, isDir); got != want {
			t.Fatalf("lines %q, path %q (dir %v): match = %v, go-git says %v", lines, path, isDir, got, want)
		}
	})
}
