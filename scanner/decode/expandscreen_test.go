package decode

import (
	"fmt"
	"strings"
	"testing"
)

// TestExpandScreen: expand screens its text once, for the shift search and for the base64 runs;
// a layer that a decoder made of the text is screened anew. Each input hides base64 of "hello
// world, hello world" behind one family whose decoder changes the text (the text itself holds
// no base64 run); the base64 layer under it must be found. It fails when expand takes the
// text's screen for the decoded layer's.
func TestExpandScreen(t *testing.T) {
	const b64 = "aGVsbG8gd29ybGQsIGhlbGxvIHdvcmxk" // "hello world, hello world"
	enc := func(format string) string {
		var sb strings.Builder
		for i := range len(b64) {
			fmt.Fprintf(&sb, format, b64[i])
		}
		return sb.String()
	}
	for _, src := range []string{
		"x " + enc("%%%02X") + " y",
		"x " + enc("&#x%x;") + " y",
		"x = \"" + enc(`\x%02x`) + "\";",
		"x = '" + enc(`\u%04x`) + "';",
	} {
		r := Find([]byte(src), Options{NoProseDefang: true})
		found := false
		for _, s := range r.Spans {
			if string(s.Text) == "hello world, hello world" && len(s.Chain) == 2 && s.Chain[1] == Base64 {
				found = true
			}
		}
		if !found {
			t.Errorf("Find(%q) = %+v, want a span of the base64 layer", src, r.Spans)
		}
	}
}
