package rules

import (
	"fmt"
	"strings"
)

// Class is what the scan concluded about one resource.
type Class uint8

const (
	// Declared resources are referenced in the scanned tree, plainly or encoded.
	Declared Class = iota + 1 // declared
	// Historical resources are referenced only in git history, not in the current tree.
	Historical // historical
	// Unknown resources are referenced nowhere that was scanned.
	Unknown // unknown
)

// Level is a finding's severity, as in SARIF.
type Level uint8

const (
	// None is below every level: --fail-on never.
	None Level = iota // none
	// Note is for information: a declared, plain reference.
	Note // note
	// Warning needs a look: a reference that only history holds.
	Warning // warning
	// Error needs action: an unknown or obfuscated resource.
	Error // error
)

// ParseLevel reads a --fail-on value.
func ParseLevel(s string) (Level, error) {
	switch strings.ToLower(s) {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "note":
		return Note, nil
	case "never", "none":
		return None, nil
	}
	return 0, fmt.Errorf("%q is not one of error, warning, note, never", s)
}

// Strength is how closely a reference matches its resource; a place reports its strongest.
type Strength uint8

const (
	// HostMatch is the resource's host, or a subdomain of it.
	HostMatch Strength = iota + 1 // host
	// PathMatch is the URL's host and path with another query.
	PathMatch // path
	// URLMatch is the URL's host and path (and query, when the alert has one).
	URLMatch // url
	// IPMatch is the resource's address, in any spelling.
	IPMatch // ip
)

// Context labels what a line does with a reference; it is a best-effort reading of the line.
type Context string

// The contexts of the contract.
const (
	CtxScriptSrc    Context = "html-script-src"
	CtxLink         Context = "html-link"
	CtxCSSURL       Context = "css-url"
	CtxJSImport     Context = "js-import"
	CtxJSNetwork    Context = "js-network"
	CtxCSP          Context = "csp"
	CtxConfig       Context = "config"
	CtxServerConfig Context = "server-config"
	CtxComment      Context = "comment"
	CtxDocs         Context = "docs"
	CtxOther        Context = "other"
)

func (c Class) MarshalText() ([]byte, error)    { return []byte(c.String()), nil }
func (l Level) MarshalText() ([]byte, error)    { return []byte(l.String()), nil }
func (s Strength) MarshalText() ([]byte, error) { return []byte(s.String()), nil }
func (k Kind) MarshalText() ([]byte, error)     { return []byte(k.String()), nil }
