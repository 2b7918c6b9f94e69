package scanner

import "github.com/shieldscan/shieldscan/rules"

// ContextOf labels what line (of the file at slash path p) does with the reference that starts at
// byte col (0-based) in it: a script tag, a CSP, a network call, a comment, docs… (best effort).
func ContextOf(p string, line []byte, col int) rules.Context { return contextOf(p, line, col) }
