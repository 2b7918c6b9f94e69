package config

import (
	"iter"
	"strings"
)

// InlineMarker is the comment text that silences the findings on its line.
const InlineMarker = "shieldscan:ignore"

// opener is how a comment starts. Some openers may stand anywhere on a line (C-family, CSS,
// HTML, templates); the others are common inside code, so they count only at the start of the
// line or after white space (shell, YAML, Python, Ruby and nginx #; SQL and Lua --; INI ;; TeX
// and Erlang %), and "*" only as the first character of a block comment's continuation line.
type opener struct {
	text    string
	leading bool // only at the start of the line or after white space
}

var openers = []opener{
	{"//", false}, {"/*", false}, {"<!--", false}, {"{#", false}, {"{{/*", false}, {"{{!", false}, {"<%#", false}, {"@*", false},
	{"#", true}, {"--", true}, {";", true}, {"%", true}, {"*", true},
}

// InlineIgnored reports whether line carries a "shieldscan:ignore" comment: the marker as a
// whole word (a reason may follow it) after a comment opener of any common syntax, as in
//
//	<script src="https://cdn.example/x.js"></script> <!-- shieldscan:ignore vendor widget -->
//	fetch("https://api.example/v1") // shieldscan:ignore: reviewed in SEC-12
//	proxy_pass https://api.example; # shieldscan:ignore
//
// The marker inside a string literal ("shieldscan:ignore") does not count.
func InlineIgnored(line string) bool {
	for at := range occurrences(line, InlineMarker) {
		end := at + len(InlineMarker)
		if wordByte(line, at-1) || wordByte(line, end) || byteIs(line, at-1, '-') || byteIs(line, end, '-') {
			continue
		}
		if commentBefore(line[:at]) {
			return true
		}
	}
	return false
}

// commentBefore reports whether a comment opens somewhere in s.
func commentBefore(s string) bool {
	for _, o := range openers {
		for at := range occurrences(s, o.text) {
			switch {
			case o.text == "//" && byteIs(s, at-1, ':'):
				// "https://" is a URL, not a comment.
			case o.text == "*":
				if strings.TrimLeft(s[:at], " \t") == "" {
					return true
				}
			case !o.leading || at == 0 || byteIs(s, at-1, ' ') || byteIs(s, at-1, '\t'):
				return true
			}
		}
	}
	return false
}

// occurrences yields the offset of every occurrence of sub in s, left to right.
func occurrences(s, sub string) iter.Seq[int] {
	return func(yield func(int) bool) {
		for from := 0; ; {
			i := strings.Index(s[from:], sub)
			if i < 0 || !yield(from+i) {
				return
			}
			from += i + len(sub)
		}
	}
}

func byteIs(s string, i int, c byte) bool { return i >= 0 && i < len(s) && s[i] == c }

// wordByte reports whether s[i] exists and is a letter, digit or underscore.
func wordByte(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	c := s[i]
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
