package emulate

import (
	"errors"
	"strings"
	"testing"

	"github.com/dop251/goja/parser"
)

func TestRewriteEval(t *testing.T) {
	t.Parallel()
	const m, a, c = "(" + markName + "(),", evalName + "(", closer
	tests := []struct {
		name, in, want string
	}{
		{"no eval", `f(x)`, `f(x)`},
		{"direct", `eval(x)`, m + `eval(` + a + `x` + c + `)` + c},
		{"extra arguments", `eval(x, 1)`, m + `eval(` + a + `x` + c + `, 1)` + c},
		{"nested", `eval(eval(y))`, m + `eval(` + a + m + `eval(` + a + `y` + c + `)` + c + c + `)` + c},
		{"in a function", `function f(){var a="x"; return eval("a")}`, `function f(){var a="x"; return ` + m + `eval(` + a + `"a"` + c + `)` + c + `}`},
		{"member call is not direct", `window.eval(x)`, `window.eval(x)`},
		{"comma is not direct", `(0, eval)(x)`, `(0, eval)(x)`},
		{"no argument", `eval()`, `eval()`},
		{"spread", `eval(...a)`, `eval(...a)`},
		{"in a string", `s = "eval(x)"`, `s = "eval(x)"`},
		{"syntax error", `eval(x`, `eval(x`},
		{"multibyte before", `var é = "ü"; eval(é)`, `var é = "ü"; ` + m + `eval(` + a + `é` + c + `)` + c},
		{"multibyte, extra arguments", `eval(é , 1)`, m + `eval(` + a + `é ` + c + `, 1)` + c},
		{"trailing comma", `eval(x,)`, m + `eval(` + a + `x,` + c + `)` + c},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := rewriteEval(tt.in)
			if got != tt.want {
				t.Errorf("rewriteEval(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if back := unrewriteEval(got); back != tt.in {
				t.Errorf("unrewriteEval(rewriteEval(%q)) = %q", tt.in, back)
			}
		})
	}
}

func TestRewriteEvalBody(t *testing.T) {
	t.Parallel()
	const m, a, c = "(" + markName + "(),", evalName + "(", closer
	tests := []struct {
		name, in, want string
	}{
		{"return at top level", `var a = 1; return eval("a")`, `var a = 1; return ` + m + `eval(` + a + `"a"` + c + `)` + c},
		{"no eval", `return 1`, `return 1`},
		{"does not parse", `return eval(`, `return eval(`},
		// Rewritten like any code: Function treats it the same either way.
		{"closes the wrapper", `}); eval(x); (function(){`, `}); ` + m + `eval(` + a + `x` + c + `)` + c + `; (function(){`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := rewriteEvalBody(tt.in); got != tt.want {
				t.Errorf("rewriteEvalBody(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestStripHTMLComments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"none", "a();\nb();", "a();\nb();"},
		{"opener and closer", "<!--\na();\n//-->\n-->\n", "//<!--\na();\n//-->\n//-->\n"},
		{"indented", "  <!-- hide\nx", "//<!-- hide\nx"},
		{"inside a line is kept", "if (a <!-- b) x", "if (a <!-- b) x"},
		{"no final newline", "x\n-->", "x\n//-->"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := stripHTMLComments(tt.in); got != tt.want {
				t.Errorf("stripHTMLComments(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMissing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err    string
		name   string
		global bool
	}{
		{"ReferenceError: Mage is not defined at script.js:1:1(0)", "Mage", true},
		{"TypeError: Object has no member 'init' at script.js:1:9(3)", "init", false},
		{"TypeError: Cannot read property 'value' of undefined", "", false},
		{"SyntaxError: Unexpected token", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		var err error
		if tt.err != "" {
			err = errors.New(tt.err)
		}
		name, global := missing(err)
		if name != tt.name || global != tt.global {
			t.Errorf("missing(%q) = %q, %v; want %q, %v", tt.err, name, global, tt.name, tt.global)
		}
	}
}

func TestProfilesFor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want []string
		got  []string
	}{
		{"browser only", `fetch(x)`, nil, []string{"browser"}},
		{"script host first", `new ActiveXObject("x")`, nil, []string{"wsh", "browser"}},
		{"narrowed", `WScript.Echo(1)`, []string{"wsh"}, []string{"wsh"}},
		{"asked for without indicators", `fetch(x)`, []string{"wsh"}, []string{"wsh"}},
		{"unknown name", `fetch(x)`, []string{"node"}, nil},
	}
	for _, tt := range tests {
		got := profilesFor(tt.src, tt.want)
		if strings.Join(got, ",") != strings.Join(tt.got, ",") {
			t.Errorf("%s: profilesFor(%q, %v) = %v, want %v", tt.name, tt.src, tt.want, got, tt.got)
		}
	}
}

// FuzzRewriteEval: the rewrite never breaks a script that parses, and
// toString() can always undo it.
func FuzzRewriteEval(f *testing.F) {
	for _, s := range []string{`eval(x)`, `function f(){return eval("a")}`, `eval(eval(y), z)`, `a.eval(b)`, `eval(...a)`, "var é; eval(é)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if strings.Contains(src, "__shieldscan") {
			t.Skip()
		}
		got := rewriteEval(src)
		if back := unrewriteEval(got); back != src {
			t.Fatalf("unrewriteEval(rewriteEval(%q)) = %q", src, back)
		}
		if _, err := parser.ParseFile(nil, "", src, 0); err == nil {
			if _, err := parser.ParseFile(nil, "", got, 0); err != nil {
				t.Fatalf("rewriteEval(%q) = %q, which does not parse: %v", src, got, err)
			}
		}
	})
}
