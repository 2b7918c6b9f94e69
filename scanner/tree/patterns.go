package tree

import (
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
)

// pattern is one line of an ignore file, parsed by go-git, with the longest run of literal
// text that any path it matches holds (see literal).
type pattern struct {
	p   gitignore.Pattern
	lit string
}

func newPattern(line string, domain []string) pattern {
	return pattern{p: gitignore.ParsePattern(line, domain), lit: literal(line)}
}

// patterns are the ignore rules in force in a directory, lowest priority first. match gives the
// answer of go-git's gitignore matcher, which tries every pattern from the last one back until
// one matches: most paths match none, and each pattern costs a filepath.Match per path
// component. A pattern whose literal text the path lacks cannot match, and is passed over with
// one substring search.
type patterns []pattern

// match reports whether path (its components, below the top of the walk) is ignored.
func (ps patterns) match(path []string, isDir bool) bool {
	if len(ps) == 0 {
		return false
	}
	joined := strings.Join(path, "/")
	for i := len(ps) - 1; i >= 0; i-- {
		if ps[i].lit != "" && !strings.Contains(joined, ps[i].lit) {
			continue
		}
		if r := ps[i].p.Match(path, isDir); r != gitignore.NoMatch {
			return r == gitignore.Exclude
		}
	}
	return false
}

// literal returns the longest run of bytes of the ignore pattern line that any path it matches
// holds as they are. go-git matches each slash-separated part of a pattern against one path
// component with filepath.Match (or reports no match when a part is malformed), and a run of
// bytes that are neither wildcards, nor in a class, nor escaped matches only itself. The
// leading '!' and the trailing spaces and slash that ParsePattern strips are left out; a
// trailing space may be escaped, so a backslash ends a run without a look at what follows.
func literal(line string) string {
	line = strings.TrimPrefix(line, "!")
	line = strings.TrimRight(line, " /")
	best, start := "", 0
	cut := func(end int) {
		if end-start > len(best) {
			best = line[start:end]
		}
	}
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '*', '?', '/', '\\':
			cut(i)
			start = i + 1
		case '[':
			// A class matches one byte of a set: skip to its end. An unclosed class is a
			// malformed part, which matches nothing: what comes after it then proves nothing,
			// so the search stops.
			cut(i)
			end := classEnd(line, i)
			if end < 0 {
				return best
			}
			i, start = end, end+1
		}
	}
	cut(len(line))
	return best
}

// classEnd returns the index of the ']' that closes the class opened at line[i], or -1. As in
// filepath.Match, a ']' right after the '[' or the '^' is the class's first byte, and a
// backslash escapes the next byte.
func classEnd(line string, i int) int {
	j := i + 1
	if j < len(line) && line[j] == '^' {
		j++
	}
	for first := true; j < len(line); j, first = j+1, false {
		switch line[j] {
		case '\\':
			j++
		case ']':
			if !first {
				return j
			}
		case '/':
			return -1
		}
	}
	return -1
}
