package emulate

import (
	"reflect"
	"sort"
	"strings"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/parser"
)

// Names of the hooks that rewritten direct eval calls use. They are
// installed on the global object as non-enumerable properties.
const (
	markName = "__shieldscan_direct_eval"
	evalName = "__shieldscan_eval_arg"
	// closer ends each insertion; the comment makes it reversible.
	closer = ")/*__shieldscan*/"
)

// hookTexts are the texts rewriteEval inserts.
var hookTexts = []string{"(" + markName + "(),", evalName + "(", closer}

// unrewriteEval undoes rewriteEval, so that a function's toString() gives
// its source as written (scripts derive keys from it).
func unrewriteEval(s string) string {
	if !strings.Contains(s, "__shieldscan") {
		return s
	}
	for _, h := range hookTexts {
		s = strings.ReplaceAll(s, h, "")
	}
	return s
}

// stripHTMLComments blanks the lines of src that begin with an HTML comment
// opener or closer (`<!--`, `-->`), which browsers accept in inline scripts
// and goja rejects. Line numbers are kept.
func stripHTMLComments(src string) string {
	if !strings.Contains(src, "<!--") && !strings.Contains(src, "-->") {
		return src
	}
	lines := strings.SplitAfter(src, "\n")
	for i, l := range lines {
		t := strings.TrimLeft(l, " \t\r\ufeff")
		if strings.HasPrefix(t, "<!--") || strings.HasPrefix(t, "-->") {
			end := ""
			if strings.HasSuffix(l, "\n") {
				end = "\n"
			}
			lines[i] = "//" + strings.TrimSuffix(t, "\n") + end
		}
	}
	return strings.Join(lines, "")
}

type insertion struct {
	off  int
	text string
}

// rewriteEval makes every direct eval call in src observable while keeping
// it direct (and so keeping the caller's scope): `eval(x)` becomes
// `(__mark(), eval(__arg(x)))` (with a comment after each
// inserted closing parenthesis, see unrewriteEval). The mark tells the global eval getter to
// hand out the real eval once; the argument hook records the code and
// rewrites it in turn. When src does not parse it is returned unchanged
// (goja reports the syntax error when it compiles it).
func rewriteEval(src string) string {
	if !strings.Contains(src, "eval") {
		return src
	}
	prog, err := parser.ParseFile(nil, "", src, 0)
	if err != nil {
		return src
	}
	base := prog.File.Base()
	var ins []insertion
	walk(reflect.ValueOf(prog), func(c *ast.CallExpression) {
		id, ok := c.Callee.(*ast.Identifier)
		if !ok || id.Name.String() != "eval" || len(c.ArgumentList) == 0 {
			return
		}
		if _, spread := c.ArgumentList[0].(*ast.SpreadElement); spread {
			return
		}
		a := c.ArgumentList[0]
		end, ok := argEnd(src, c, base)
		if !ok {
			return
		}
		ins = append(ins,
			insertion{int(c.Idx0()) - base, hookTexts[0]},
			insertion{int(a.Idx0()) - base, hookTexts[1]},
			insertion{end, closer},
			insertion{int(c.Idx1()) - base, closer},
		)
	})
	if len(ins) == 0 {
		return src
	}
	// Stable: at one offset an enclosing call's opener (found first, in
	// pre-order) stays before the openers of the calls it holds; closers
	// are all the same text so their order does not matter.
	sort.SliceStable(ins, func(i, j int) bool { return ins[i].off < ins[j].off })
	var b strings.Builder
	b.Grow(len(src) + len(ins)*24)
	prev := 0
	for _, in := range ins {
		if in.off < prev || in.off > len(src) {
			return src
		}
		b.WriteString(src[prev:in.off])
		b.WriteString(in.text)
		prev = in.off
	}
	b.WriteString(src[prev:])
	return b.String()
}

// argEnd is the offset just past the first argument of c (its closing
// parenthesis or the comma after it). Node ends are not used: goja's
// Identifier.Idx1 is wrong for names with non-ASCII letters.
func argEnd(src string, c *ast.CallExpression, base int) (int, bool) {
	if len(c.ArgumentList) == 1 {
		end := int(c.RightParenthesis) - base
		return end, end >= 0 && end < len(src) && src[end] == ')'
	}
	i := int(c.ArgumentList[1].Idx0()) - base - 1
	for i >= 0 && i < len(src) && strings.IndexByte(" \t\r\n", src[i]) >= 0 {
		i--
	}
	return i, i >= 0 && i < len(src) && src[i] == ','
}

// rewriteEvalBody is rewriteEval for the body of a function built with
// Function(…), which may return at its top level and so does not parse as
// a script on its own.
func rewriteEvalBody(body string) string {
	const pre, post = "(function(){", "\n})"
	w := rewriteEval(pre + body + post)
	if !strings.HasPrefix(w, pre) || !strings.HasSuffix(w, post) {
		return body
	}
	return w[len(pre) : len(w)-len(post)]
}

var (
	callType = reflect.TypeOf((*ast.CallExpression)(nil))
	fileType = reflect.TypeOf((*ast.Program)(nil)).Elem()
)

// walk visits every *ast.CallExpression reachable from v in pre-order. goja's
// ast package has no visitor, so it goes by reflection over the node structs.
func walk(v reflect.Value, fn func(*ast.CallExpression)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return
		}
		if v.Type() == callType {
			fn(v.Interface().(*ast.CallExpression))
		}
		walk(v.Elem(), fn)
	case reflect.Struct:
		if v.Type().PkgPath() != fileType.PkgPath() {
			return // file.File, unistring and such hold no nodes
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				walk(v.Field(i), fn)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walk(v.Index(i), fn)
		}
	}
}
