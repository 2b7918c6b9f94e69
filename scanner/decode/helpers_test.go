package decode

import (
	"fmt"
	"strings"
	"testing"
)

// A familyCase is one table row of a family test. A positive row (chain set)
// wants a span with that chain whose Text contains text and, when at is set,
// whose source in is exactly at. A negative row (chain empty) wants no span
// whose chain mentions the family under test.
type familyCase struct {
	name  string
	in    string
	chain string
	text  string
	at    string
}

func (c familyCase) String() string { return c.name }

// runFamily checks the table for family f.
func runFamily(t *testing.T, f Family, tests []familyCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			spans, _ := Spans([]byte(tt.in), Options{})
			checkBounds(t, tt.in, spans)
			if tt.chain == "" {
				for _, s := range spans {
					if hasFamily(s.Chain, f) {
						t.Errorf("Spans(%q) = %v, want no %s span", tt.in, fmtSpans(tt.in, spans), f)
					}
				}
				return
			}
			if findSpan(tt.in, spans, tt.chain, tt.text, tt.at) < 0 {
				t.Errorf("Spans(%q) = %v, want %s span with %q at %q", tt.in, fmtSpans(tt.in, spans), tt.chain, tt.text, tt.at)
			}
		})
	}
}

func hasFamily(c []Family, f Family) bool {
	for _, g := range c {
		if g == f {
			return true
		}
	}
	return false
}

// findSpan returns the index of the first span with chain whose Text
// contains text and (if at is set) whose source is at.
func findSpan(in string, spans []Span, chain, text, at string) int {
	for k, s := range spans {
		if ChainString(s.Chain) != chain || !strings.Contains(string(s.Text), text) {
			continue
		}
		if at != "" && in[s.Start:s.End] != at {
			continue
		}
		return k
	}
	return -1
}

func checkBounds(t *testing.T, in string, spans []Span) {
	t.Helper()
	for _, s := range spans {
		if s.Start < 0 || s.Start >= s.End || s.End > len(in) {
			t.Fatalf("Spans(%q): span [%d,%d) outside input of %d bytes", in, s.Start, s.End, len(in))
		}
		if len(s.Chain) == 0 {
			t.Fatalf("Spans(%q): span [%d,%d) has no chain", in, s.Start, s.End)
		}
	}
}

func fmtSpans(in string, spans []Span) string {
	var b strings.Builder
	b.WriteByte('[')
	for k, s := range spans {
		if k > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %q=>%q", ChainString(s.Chain), in[s.Start:s.End], s.Text)
	}
	b.WriteByte(']')
	return b.String()
}
