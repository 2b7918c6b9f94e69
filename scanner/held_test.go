package scanner

import (
	"strings"
	"testing"
	"time"

	"github.com/shieldscan/shieldscan/rules"
)

// A blob whose scripts wait for the sandbox holds bytes of its own, of its size: not the
// worker's read buffer, which is as large as the largest file the worker read (the held-bytes
// budget counts the blob's length), and which the worker's next read overwrites.
func TestHeldScriptsOwnTheirBytes(t *testing.T) {
	t.Parallel()
	m := buildMatcher([]*rules.Resource{mustParse(t, "hidden.example")}, true, true)
	f := &fakeSandbox{}
	opts := Options{Decode: true, MaxFileSize: DefaultMaxFileSize, Emulation: f.emulation(30 * time.Second)}
	for _, tt := range []struct{ path, text, script string }{
		{"skim.js", "SUSPICIOUS\nSEND fetch https://h~idden.example/a\n", "SUSPICIOUS\nSEND fetch https://h~idden.example/a\n"},
		{"page.html", "<p>x</p>\n<script>\nSUSPICIOUS\nSEND script.src https://h~idden.example/p\n</script>\n",
			"\nSUSPICIOUS\nSEND script.src https://h~idden.example/p\n"},
	} {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			// The worker read a 1 MiB file before this one.
			buf := make([]byte, 0, 1<<20)
			b := Blob{Path: tt.path, Load: func(buf *[]byte, _ int64) ([]byte, error) {
				*buf = append((*buf)[:0], tt.text...)
				return *buf, nil
			}}
			res := scanBlob(m, b, opts, &buf)
			if len(res.scripts) != 1 {
				t.Fatalf("%d scripts, want 1", len(res.scripts))
			}
			if n := len(res.data); cap(res.data) > n+n/4+64 {
				t.Errorf("held blob of %d bytes keeps %d bytes of storage", n, cap(res.data))
			}
			// The worker reads its next blob into its buffer.
			if buf != nil {
				copy(buf[:cap(buf)], strings.Repeat("X", cap(buf)))
			}
			if string(res.data) != tt.text || string(res.scripts[0].text) != tt.script {
				t.Errorf("held blob %q, script %q after the next read; want %q, %q", res.data, res.scripts[0].text, tt.text, tt.script)
			}
		})
	}
}
