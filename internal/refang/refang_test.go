package refang

import (
	"testing"

	"github.com/shieldscan/shieldscan/internal/refang/refangtest"
)

func TestStringStyles(t *testing.T) {
	t.Parallel()
	for _, c := range refangtest.Cases(t) {
		t.Run(c.Input, func(t *testing.T) {
			t.Parallel()
			_, changed := String(c.Input)
			switch {
			case (c.Outcome == refangtest.Refanged || c.Outcome == refangtest.Escaped) && !changed:
				t.Errorf("String(%q) changed nothing, want it refanged (styles.txt:%d)", c.Input, c.Line)
			case c.Outcome == refangtest.Plain && changed:
				t.Errorf("String(%q) changed it, want it as it is (styles.txt:%d)", c.Input, c.Line)
			}
		})
	}
}

func TestText(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"two indicators", "iocs: evil[.]example, hxxp://cdn(.)evil[.]example/x.js.", "iocs: evil.example, http://cdn.evil.example/x.js."},
		{"scheme after a word", "src=hxxps://evil[.]example/a", "src=https://evil.example/a"},
		{"spaced mark in prose", "see example [.] com now", "see example.com now"},
		{"json escapes alone are plain", `{"u": "https:\/\/evil.example\/x.js"}`, ""},
		{"json escapes refanged with a mark", `"hxxps:\/\/evil[.]example\/x.js"`, `"https://evil.example/x.js"`},
		{"regex class", "s.replace(/[.]/g, '')", ""},
		{"array index", "a[i](.5) + b[0].c + f(x).y", ""},
		{"markdown link", "[.](./README.md)", ""},
		{"python slice", "copy = a[:]\n", ""},
		{"go template", "{{.Name}} {{.}}", ""},
		{"word hxxp", "shxxp://x.example", ""},
		{"identifier with a dot", "my-dot-site.example", ""},
		{"idn with an ideographic dot", "bücher。example", ""},
		{"ipv6", "[2001:db8::1]:443 and [::ffff:192.0.2.1]", ""},
		{"three numbers", "[1,2,3]", ""},
		{"four numbers", "ip = [203,0,113,7]", "ip = [203.0.113.7]"},
		{"scheme kept as written", "Http://evil[.]example", "Http://evil.example"},
		{"word at the end", "0 DOT ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := string(Text([]byte(tt.in))); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestAt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		at   int
		want int
	}{
		{"evil[.]example", 4, 3},
		{"evil(dot)example", 4, 5},
		{"evil[punkt]example", 4, 7},
		{"[https]://evil.example", 0, 10},
		{"hxxps[:]//evil.example", 5, 3},
		{"evil [.] example", 4, 0}, // spaces: more than one token
		{"a[0].b", 1, 0},
		{"[2001:db8::1]", 0, 0},
	}
	for _, tt := range tests {
		if got := At([]byte(tt.in), tt.at); got != tt.want {
			t.Errorf("At(%q, %d) = %d, want %d", tt.in, tt.at, got, tt.want)
		}
	}
}

// FuzzText: Text and Regions never panic, regions are ordered and inside the text, and text
// without a region is left alone. $SHIELDSCAN_REFANG_KERNEL chooses the kernel of the search
// (useKernel), so that each kernel can be fuzzed.
func FuzzText(f *testing.F) {
	useKernel(f)
	for _, c := range refangtest.Cases(f) {
		f.Add("// seen: " + c.Input + " today")
		f.Add(c.Input)
	}
	f.Fuzz(func(t *testing.T, in string) {
		last := 0
		var regions [][2]int
		for start, end := range Regions([]byte(in)) {
			if start < last || end <= start || end > len(in) {
				t.Fatalf("Regions(%q) yielded [%d,%d) after %d", in, start, end, last)
			}
			last = end
			regions = append(regions, [2]int{start, end})
		}
		out := Text([]byte(in))
		if (out == nil) != (len(regions) == 0) {
			t.Fatalf("Text(%q) = %q with regions %v", in, out, regions)
		}
	})
}
