package report

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/shieldscan/shieldscan/rules"
)

// Redacted stands for a secret value in every output.
const Redacted = "REDACTED"

var (
	secretsMu sync.RWMutex
	secrets   []string
)

// AddSecret makes every later Safe string hide v wherever it appears, whatever its origin (the
// API token, when an API response echoes it back in a URL). Values shorter than 8 bytes are
// ignored: they would hide ordinary text.
func AddSecret(v string) {
	v = strings.TrimSpace(v)
	if len(v) < 8 {
		return
	}
	secretsMu.Lock()
	defer secretsMu.Unlock()
	for _, s := range secrets {
		if s == v {
			return
		}
	}
	secrets = append(secrets, v)
}

// Redact hides credentials: those a URL may carry (rules.Redact) and every secret value given to
// AddSecret.
func Redact(s string) string {
	if strings.ContainsAny(s, "@=") {
		// A userinfo password needs an "@", a token-like query value an "=": without either,
		// rules.Redact's expressions cannot match (they cost a report of 100,000 resources a
		// second).
		s = rules.Redact(s)
	}
	secretsMu.RLock()
	defer secretsMu.RUnlock()
	for _, v := range secrets {
		if strings.Contains(s, v) {
			s = strings.ReplaceAll(s, v, Redacted)
		}
	}
	return s
}

// Safe is s as every output may show it: credentials redacted, invalid UTF-8 replaced and
// terminal controls escaped.
func Safe(s string) string { return Escape(Redact(s)) }

// Escape makes s harmless on a terminal: C0 and C1 controls (but tab), DEL and the bidirectional
// overrides and isolates (U+202A–U+202E, U+2066–U+2069) become visible escapes (\x1b, \u202e),
// and invalid UTF-8 becomes U+FFFD; a backslash stays as it is.
func Escape(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteRune(utf8.RuneError)
		case unsafeRune(r) && r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' || c == 0x7f || c >= 0x80 {
			// Non-ASCII is checked rune by rune below; ASCII controls always need escaping.
			if c < 0x80 {
				return true
			}
			return needsEscapeSlow(s[i:])
		}
	}
	return false
}

func needsEscapeSlow(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || unsafeRune(r) {
			return true
		}
		i += n
	}
	return false
}

func unsafeRune(r rune) bool {
	switch {
	case r == '\t':
		return false
	case r < 0x20, r == 0x7f, 0x80 <= r && r < 0xa0:
		return true
	case 0x202a <= r && r <= 0x202e, 0x2066 <= r && r <= 0x2069:
		return true
	}
	return false
}

func itoa(n int) string { return strconv.Itoa(n) }
