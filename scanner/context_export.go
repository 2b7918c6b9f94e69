package scanner

import "github.com/shieldscan/shieldscan/rules"

// ContextOf labels what line (of the file at slash path p) does with the reference that starts at
// byte col (0-based) in it: a script tag, a CSP, a network call, a comment, docs… (best effort).
func ContextOf(p string, line []byte, col int) rules.Context { return contextOf(p, line, col) }

// ServerConfig reports whether the file at slash path p is a web server's or proxy's
// configuration (nginx, Apache, HAProxy, Caddy, IIS, Netlify-style _headers).
func ServerConfig(p string) bool { return serverConfig(p) }
