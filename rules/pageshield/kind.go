package pageshield

import (
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/shieldscan/shieldscan/rules"
)

// Options change how Read takes its input.
type Options struct {
	// Kind, KindScript or KindConnection, says what the items of the input are, whatever their
	// fields suggest; "" lets Read decide (and say when that was a guess).
	Kind string
}

// ParseKind checks a --kind value: "script", "connection", or "" for none. The error wraps
// rules.ErrInvalid.
func ParseKind(s string) (string, error) {
	switch k := strings.ToLower(strings.TrimSpace(s)); k {
	case "", KindScript, KindConnection:
		return k, nil
	case "scripts", "connections":
		return strings.TrimSuffix(k, "s"), nil
	}
	return "", fmt.Errorf("--kind %q: want script or connection: %w", s, rules.ErrInvalid)
}

// kindGuess is a kind that no field, endpoint or --kind gave: Read picked it, and says so.
type kindGuess struct {
	kind, why string
	n         int
}

// decideKind says what items read together (one response, one array, one CSV) are: --kind, the
// API endpoint, a field only scripts carry (scores, hash, versions) or a column named for the kind
// settle it; else it is a guess from the file's name and the items' URLs, and why says so.
func decideKind(override, endpoint string, scriptField bool, name string, urls []string) (kind, why string) {
	switch {
	case override != "":
		return override, ""
	case endpoint != "":
		return endpoint, ""
	case scriptField:
		return KindScript, ""
	}
	base := strings.ToLower(path.Base(strings.ReplaceAll(name, `\`, "/")))
	switch {
	case strings.Contains(base, "connection") && !strings.Contains(base, "script"):
		return KindConnection, "the file's name says connections"
	case strings.Contains(base, "script") && !strings.Contains(base, "connection"):
		return KindScript, "the file's name says scripts"
	}
	named, hostOnly := 0, 0
	for _, s := range urls {
		u, err := url.Parse(strings.TrimSpace(s))
		if err != nil {
			continue
		}
		switch p := strings.ToLower(u.EscapedPath()); {
		case (p == "" || p == "/") && u.RawQuery == "":
			hostOnly++
		case isScriptPath(p):
			named++
		}
	}
	switch {
	case hostOnly > 0 && named == 0:
		return KindConnection, "their URLs name hosts only, as connections' do"
	case named > 0:
		return KindScript, "their URLs name .js files"
	}
	return KindScript, "nothing tells; scripts are the safer guess, as the site's own are then matched by path"
}

// guessed records that n items were taken for kind, for why.
func guessed(guesses []kindGuess, kind, why string, n int) []kindGuess {
	if why == "" || n == 0 {
		return guesses
	}
	for i, g := range guesses {
		if g.kind == kind && g.why == why {
			guesses[i].n += n
			return guesses
		}
	}
	return append(guesses, kindGuess{kind: kind, why: why, n: n})
}

// guessNotes are the notes that say which kinds were guesses.
func guessNotes(name string, guesses []kindGuess) []string {
	var notes []string
	for _, g := range guesses {
		what := g.kind + "s"
		if g.n == 1 {
			what = "a " + g.kind
		}
		notes = append(notes, fmt.Sprintf(
			"%s: %s taken for %s, a guess (no field says which: %s); give --kind script or --kind connection to say",
			displayName(name), count(g.n, "item"), what, g.why))
	}
	return notes
}

// displayName names an input in notes: "-" is standard input.
func displayName(name string) string {
	if name == "-" {
		return "standard input"
	}
	return name
}

// count is "1 item", "2 items".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// cookieFields are the fields of a Page Shield cookie that scripts and connections lack.
var cookieFields = []string{
	"domain_attribute", "path_attribute", "same_site_attribute", "http_only_attribute",
	"secure_attribute", "expires_attribute", "max_age_attribute",
}

// cookieMsg is the error for Page Shield cookies.
const cookieMsg = "Page Shield cookies are not resources: shieldscan looks for scripts and connections; give their export or --cloudflare-zone instead"

// isCookie reports whether an object without a url is a Page Shield cookie: a name with a cookie
// type or attribute.
func isCookie(n *node) bool {
	if n.kind != '{' || n.get("url") != nil || n.get("name") == nil {
		return false
	}
	if t := n.get("type"); t != nil && t.kind == '"' && (t.str == "first_party" || t.str == "unknown") {
		return true
	}
	return n.has(cookieFields...)
}
