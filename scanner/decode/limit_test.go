package decode

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// nestB64 encodes s in base64 n times.
func nestB64(s string, n int) string {
	for range n {
		s = b64(s)
	}
	return s
}

// altNest hides s under n layers that alternate between atob('…') and an
// escaped literal: each scan layer peels two of them.
func altNest(s string, n int) string {
	for k := range n {
		if k%2 == 0 {
			s = "atob('" + b64(s) + "')"
		} else {
			s = "'" + hexEsc(s, 1) + "'"
		}
	}
	return s
}

// TestSpansLongLiteral checks that an escaped literal longer than the
// decoder's window (maxLiteral) is decoded window by window: the reference
// inside is found, reported at the whole literal, and no limit is left.
func TestSpansLongLiteral(t *testing.T) {
	t.Parallel()
	hex := hexEsc(testURL, 1)
	tests := []struct {
		name, in, chain string
	}{
		{"hex url after 256 Ki hex escapes", `var a = "` + strings.Repeat(`\x41`, 1<<18) + hex + `";`, "hex-escape"},
		{"unicode escapes over 1 MiB", `var a = "` + strings.Repeat(`\u0041`, 1<<18+1) + uniEsc(testURL) + `";`, "unicode-escape"},
		{"url across a window edge", `var a = '` + strings.Repeat(`\x41`, maxLiteral/4-10) + hex + strings.Repeat(`\x41`, 1<<18) + `';`, "hex-escape"},
		{"url at the start", `var a = '` + hex + strings.Repeat(`\x41`, 1<<19) + `';`, "hex-escape"},
		{"10 MB literal", `var a = '` + strings.Repeat(`\x41`, 10<<20/4) + hex + `';`, "hex-escape"},
		{"template over lines", "var a = `" + strings.Repeat(`\x41\n`, 1<<18) + hex + "`;", "hex-escape"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			spans, truncated := Spans([]byte(tt.in), Options{})
			checkBounds(t, tt.in[:1], nil)
			if truncated {
				t.Errorf("Spans(%s) truncated", tt.name)
			}
			lit := tt.in[9 : len(tt.in)-2]
			if findSpan(tt.in, spans, tt.chain, testURL, lit) < 0 {
				t.Fatalf("Spans(%s) = %d spans, want a %s span of the whole literal holding %q", tt.name, len(spans), tt.chain, testURL)
			}
			if got := Find([]byte(tt.in), Options{}).Limits; got != nil {
				t.Errorf("Find(%s).Limits = %v, want none", tt.name, got)
			}
		})
	}
}

// padPacker packs a loader whose unpacker function is padded with n bytes of
// comment.
func padPacker(n int) string {
	script := "var s=document.createElement('script');s.src='" + testURL + "';"
	return strings.Replace(pack(script, 62), "d){", "d){/*"+strings.Repeat("x", n)+"*/", 1)
}

func TestFindLimits(t *testing.T) {
	t.Parallel()
	var data strings.Builder
	data.WriteString("var table = [")
	for range 70000 {
		data.WriteString("104,")
	}
	data.WriteString("1];\n")
	tests := []struct {
		name  string
		in    string
		opt   Options
		chain string // a span with this chain must hold testURL, when set
		want  []Limit
	}{
		{name: "base64 nest of 30", in: "p='" + nestB64(testURL, 30) + "'", chain: strings.Repeat("base64>", 29) + "base64"},
		{name: "base64 nest of 6 under MaxDepth 4", in: "p='" + nestB64(testURL, 6) + "'", opt: Options{MaxDepth: 4},
			want: []Limit{{LimitDepth, 3}}},
		{name: "alternating nest of 10", in: "x = " + altNest(testURL, 10) + ";", want: []Limit{{LimitDepth, 5}}},
		{name: "alternating nest of 6", in: "x = " + altNest(testURL, 6) + ";", chain: "hex-escape>base64>hex-escape>base64>hex-escape>base64"},
		{name: "too many char codes", in: "x;\nu = String.fromCharCode(" + strings.Repeat("65,", 70000) + codes(testURL, false) + ");",
			want: []Limit{{LimitElements, 7}}},
		{name: "char codes under the limit", in: "u = String.fromCharCode(" + strings.Repeat("65,", 60000) + codes(testURL, false) + ");",
			chain: "charcode"},
		{name: "long numeric table", in: data.String()},
		{name: "base64 nest of 4", in: "p='" + nestB64(testURL, 4) + "'", chain: "base64>base64>base64>base64"},
		{name: "packer with an 8 KiB unpacker", in: padPacker(8 << 10), chain: "packer"},
		{name: "packer with a 70 KiB unpacker", in: padPacker(70 << 10), want: []Limit{{LimitPacker, 0}}},
		{name: "clean web", in: string(cleanWeb(1 << 20))},
		{name: "obfuscated web", in: string(obfuscatedWeb(1 << 20))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Find([]byte(tt.in), tt.opt)
			checkBounds(t, tt.in, got.Spans)
			if got.Truncated {
				t.Errorf("Find(%s) truncated", tt.name)
			}
			if tt.chain != "" && findSpan(tt.in, got.Spans, tt.chain, testURL, "") < 0 {
				t.Errorf("Find(%s) has no %s span holding %q", tt.name, tt.chain, testURL)
			}
			if diff := cmp.Diff(tt.want, got.Limits); diff != "" {
				t.Errorf("Find(%s).Limits mismatch (-want +got):\n%s", tt.name, diff)
			}
		})
	}
}

// TestSpansLongRun checks that an encoded run outside a literal is decoded
// whole however long it is: a reference is found wherever it lies in it (the
// run used to be cut every 64 KiB, and a reference across a cut was lost).
func TestSpansLongRun(t *testing.T) {
	t.Parallel()
	const cut = 64 << 10
	tests := []struct {
		name, in, chain string
	}{
		{"percent across 64 KiB", "x = " + strings.Repeat("%41", cut/3-10) + pctAll(testURL) + strings.Repeat("%41", 1000) + ";", "url-encoded"},
		{"entities across 64 KiB", "<p>" + strings.Repeat("&#65;", cut/5-10) + entities(testURL, false) + strings.Repeat("&#65;", 1000) + "</p>", "html-entity"},
		{"percent after 1 MiB", "x = " + strings.Repeat("%41", (1<<20)/3) + pctAll(testURL) + ";", "url-encoded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Find([]byte(tt.in), Options{})
			checkBounds(t, tt.in, got.Spans)
			if findSpan(tt.in, got.Spans, tt.chain, testURL, "") < 0 || got.Truncated || got.Limits != nil {
				t.Errorf("Find(%s) = %d spans, truncated %v, limits %v, want a %s span holding %q", tt.name, len(got.Spans), got.Truncated, got.Limits, tt.chain, testURL)
			}
		})
	}
}
