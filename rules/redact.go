package rules

import "regexp"

var (
	// userinfo with a password: scheme://user:secret@host
	redactUserinfo = regexp.MustCompile(`(//[^/\s:@'"<>]+:)[^/\s@'"<>]+@`)
	// query values whose names say they are credentials
	redactQuery = regexp.MustCompile(`(?i)([?&;](?:access_token|id_token|token|api_?key|apikey|key|secret|client_secret|password|passwd|pwd|pass|auth|authorization|sig|signature|session|sessionid|sid|jwt|code)=)[^&#\s'"<>]+`)
)

// Redact hides credentials that a URL may carry (a userinfo password, token-like query values).
// Matching runs on the raw bytes; everything shown to people or written to reports goes
// through Redact first.
func Redact(s string) string {
	s = redactUserinfo.ReplaceAllString(s, "${1}REDACTED@")
	return redactQuery.ReplaceAllString(s, "${1}REDACTED")
}
