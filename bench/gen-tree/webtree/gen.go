package webtree

import (
	"encoding/base64"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
)

// gen appends generated text to b. In min mode the JavaScript generators write as a minifier
// does: no indentation, no optional spaces, short local names, statements on one long line.
type gen struct {
	r   *rand.Rand
	b   []byte
	min bool
	// lineStart is where the current line began (min mode breaks lines at statement ends).
	lineStart, lineMax int
}

func (g *gen) s(s string)                { g.b = append(g.b, s...) }
func (g *gen) c(c byte)                  { g.b = append(g.b, c) }
func (g *gen) w() string                 { return pick(g.r, words) }
func (g *gen) n(lo, hi int) int          { return lo + g.r.IntN(hi-lo+1) }
func (g *gen) chance(p float64) bool     { return g.r.Float64() < p }
func (g *gen) num(n int)                 { g.b = strconv.AppendInt(g.b, int64(n), 10) }
func (g *gen) f(format string, a ...any) { g.b = fmt.Appendf(g.b, format, a...) }

// sp is an optional space: gone in min mode.
func (g *gen) sp() {
	if !g.min {
		g.c(' ')
	}
}

// nl ends a line and indents the next; in min mode it writes nothing.
func (g *gen) nl(indent int) {
	if g.min {
		return
	}
	g.c('\n')
	for range indent {
		g.s("  ")
	}
}

func (g *gen) camel() string {
	a := g.w()
	switch g.r.IntN(3) {
	case 0:
		return a
	case 1:
		return a + title(g.w())
	default:
		return a + title(g.w()) + title(g.w())
	}
}

// local is a variable name: short in min mode.
func (g *gen) local() string {
	if g.min {
		const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$"
		if g.r.IntN(4) == 0 {
			return string([]byte{letters[g.r.IntN(len(letters))], letters[g.r.IntN(26)]})
		}
		return string(letters[g.r.IntN(len(letters))])
	}
	return g.camel()
}

func (g *gen) b64(n int) string {
	buf := make([]byte, n)
	for i := range buf {
		buf[i] = byte(g.r.Uint32())
	}
	return base64.StdEncoding.EncodeToString(buf)
}

// strLit writes a JavaScript string's contents: UI text, paths, URLs of background hosts,
// selectors, escapes and base64 data as real bundles hold them.
func (g *gen) strLit() {
	switch g.r.IntN(20) {
	case 0, 1, 2:
		g.s(title(g.w()))
		for range g.n(1, 5) {
			g.c(' ')
			g.s(g.w())
		}
	case 3, 4:
		g.s("/api/v")
		g.num(g.n(1, 3))
		g.c('/')
		g.s(g.w())
		g.c('/')
		g.s(g.w())
	case 5, 6:
		g.s("https://")
		g.s(pick(g.r, bgHosts))
		g.c('/')
		g.s(g.w())
		if g.chance(0.5) {
			g.c('/')
			g.s(g.w())
			g.s(".js")
		}
	case 7, 8:
		g.c('.')
		g.s(g.w())
		g.s("__")
		g.s(g.w())
	case 9:
		g.s("data:image/svg+xml;base64,")
		g.s(g.b64(g.n(40, 400)))
	case 10:
		if g.min {
			g.s(`\x3cdiv class=\x22`)
			g.s(g.w())
			g.s(`\x22\x3e\x3c/div\x3e`)
		} else {
			g.s(`\u00e9t\u00e9 `)
			g.s(g.w())
		}
	case 11:
		g.s("sha384-")
		g.s(g.b64(48))
	case 12:
		g.s(g.w())
		g.c('-')
		g.s(g.w())
	case 13:
		g.s(pick(g.r, bgIPs))
	case 14:
		g.s("#")
		g.s(g.w())
	default:
		g.s(g.camel())
	}
}

func (g *gen) str() {
	q := byte('\'')
	if g.min || g.chance(0.3) {
		q = '"'
	}
	g.c(q)
	g.strLit()
	g.c(q)
}

// expr writes a JavaScript expression.
func (g *gen) expr(depth int) {
	if depth > 2 {
		g.s(g.local())
		return
	}
	switch g.r.IntN(12) {
	case 0, 1:
		g.s(g.local())
		g.c('.')
		g.s(g.camel())
	case 2, 3:
		g.str()
	case 4:
		g.num(g.n(0, 1000))
	case 5:
		g.s(g.local())
		g.c('.')
		g.s(g.camel())
		g.c('(')
		for i := range g.n(0, 3) {
			if i > 0 {
				g.c(',')
				g.sp()
			}
			g.expr(depth + 1)
		}
		g.c(')')
	case 6:
		g.c('{')
		g.sp()
		for i := range g.n(1, 4) {
			if i > 0 {
				g.c(',')
				g.sp()
			}
			g.s(g.camel())
			g.c(':')
			g.sp()
			g.expr(depth + 1)
		}
		g.sp()
		g.c('}')
	case 7:
		g.c('(')
		g.s(g.local())
		g.c(')')
		g.sp()
		g.s("=>")
		g.sp()
		g.expr(depth + 1)
	case 8:
		g.expr(depth + 1)
		g.sp()
		g.s(pick(g.r, []string{"+", "-", "*", "&&", "||", "===", "!==", ">", "<", "??"}))
		g.sp()
		g.expr(depth + 1)
	case 9:
		if g.min {
			g.s("!0")
		} else {
			g.s(pick(g.r, []string{"true", "false", "null", "undefined"}))
		}
	case 10:
		g.c('`')
		g.s(g.w())
		g.s("/${")
		g.s(g.local())
		g.s("}/")
		g.s(g.w())
		g.c('`')
	default:
		g.s(g.local())
	}
}

// stmt writes one statement (which may hold a block) at indent.
func (g *gen) stmt(indent, depth int) {
	switch g.r.IntN(14) {
	case 0, 1, 2:
		if g.min {
			g.s("var ")
		} else {
			g.s(pick(g.r, []string{"const ", "let ", "const "}))
		}
		g.s(g.local())
		g.sp()
		g.c('=')
		g.sp()
		g.expr(0)
		g.c(';')
	case 3, 4:
		g.s(g.local())
		g.c('.')
		g.s(g.camel())
		g.sp()
		g.c('=')
		g.sp()
		g.expr(0)
		g.c(';')
	case 5, 6:
		g.expr(0)
		g.c(';')
	case 7:
		if depth > 2 {
			g.s("return ")
			g.expr(0)
			g.c(';')
			return
		}
		g.s("if")
		g.sp()
		g.c('(')
		g.expr(1)
		g.c(')')
		g.sp()
		g.c('{')
		g.block(indent+1, depth+1, 1, 4)
		g.nl(indent)
		g.c('}')
	case 8:
		if depth > 2 {
			g.s("break;")
			return
		}
		i := g.local()
		g.s("for")
		g.sp()
		g.s("(let ")
		g.s(i)
		g.s(" = 0; ")
		g.s(i)
		g.s(" < ")
		g.s(g.local())
		g.s(".length; ")
		g.s(i)
		g.s("++)")
		g.sp()
		g.c('{')
		g.block(indent+1, depth+1, 1, 3)
		g.nl(indent)
		g.c('}')
	case 9:
		if g.min {
			return
		}
		g.s("// ")
		g.s(pick(g.r, prose))
	case 10:
		g.s(g.local())
		g.s(".addEventListener(")
		g.str()
		g.c(',')
		g.sp()
		g.s("function")
		g.sp()
		g.s("(e)")
		g.sp()
		g.c('{')
		g.block(indent+1, depth+1, 1, 3)
		g.nl(indent)
		g.s("});")
	default:
		g.s("return ")
		g.expr(0)
		g.c(';')
	}
}

func (g *gen) block(indent, depth, lo, hi int) {
	for range g.n(lo, hi) {
		g.nl(indent)
		g.stmt(indent, depth)
	}
}

// fn writes a function or class at top level.
func (g *gen) fn() {
	switch g.r.IntN(4) {
	case 0:
		if !g.min {
			g.s("/**\n * ")
			g.s(pick(g.r, prose))
			g.f("\n * @param {%s} %s\n * @returns {Promise<void>}\n */\n", pick(g.r, []string{"string", "number", "Object", "HTMLElement"}), g.camel())
			g.s("export ")
		}
		g.s("function ")
		g.s(g.camel())
		g.c('(')
		g.s(g.local())
		g.c(',')
		g.sp()
		g.s(g.local())
		g.c(')')
		g.sp()
		g.c('{')
		g.block(1, 0, 2, 12)
		g.nl(0)
		g.c('}')
	case 1:
		g.s("class ")
		g.s(title(g.camel()))
		g.s(" extends ")
		g.s(pick(g.r, []string{"Component", "HTMLElement", "EventEmitter", "Base"}))
		g.sp()
		g.c('{')
		for range g.n(2, 6) {
			g.nl(1)
			g.s(g.camel())
			g.c('(')
			g.s(g.local())
			g.c(')')
			g.sp()
			g.c('{')
			g.block(2, 1, 1, 8)
			g.nl(1)
			g.c('}')
		}
		g.nl(0)
		g.c('}')
	default:
		g.stmt(0, 0)
	}
	if !g.min {
		g.s("\n\n")
	}
}

func (g *gen) jsFile(size int) {
	if g.chance(0.3) {
		g.s("'use strict';\n\n")
	}
	for range g.n(1, 8) {
		g.f("import { %s, %s } from '%s/%s';\n", g.camel(), g.camel(), pick(g.r, []string{".", "..", "../..", "@shop"}), g.w())
	}
	g.c('\n')
	for len(g.b) < size {
		g.fn()
	}
}

// minJSFile writes a bundle: a license comment, then statements on lines of 100 KB or more
// (some bundles are one line), then a sourceMappingURL comment.
func (g *gen) minJSFile(size int) {
	g.min = true
	g.s(pick(g.r, licenses))
	g.c('\n')
	g.lineStart = len(g.b)
	g.lineMax = math.MaxInt
	if g.chance(0.6) {
		g.lineMax = g.n(100_000, 1_200_000)
	}
	g.s("(()=>{var __webpack_modules__={")
	mod := 0
	for len(g.b) < size {
		g.num(mod)
		mod += g.n(1, 40)
		g.s(":function(e,t,n){\"use strict\";")
		for range g.n(3, 30) {
			g.fn()
			if g.b[len(g.b)-1] != ';' {
				g.c(';')
			}
		}
		g.s("},")
		if len(g.b)-g.lineStart > g.lineMax {
			g.c('\n')
			g.lineStart = len(g.b)
		}
	}
	g.s("}})();\n//# sourceMappingURL=bundle.min.js.map\n")
}

func (g *gen) htmlFile(size int) {
	g.s("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\">\n")
	g.s("  <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	g.f("  <title>{{ page.title }} | %s</title>\n", title(g.w()))
	g.s("  <link rel=\"stylesheet\" href=\"https://fonts.googleapis.com/css2?family=Inter:wght@400;600&amp;display=swap\">\n")
	g.f("  <link rel=\"stylesheet\" href=\"/css/%s.css?v=%d\">\n", g.w(), g.n(1, 99))
	g.s("</head>\n<body class=\"")
	g.s(g.w())
	g.s("\">\n")
	depth := 1
	for len(g.b) < size {
		ind := strings.Repeat("  ", depth)
		switch g.r.IntN(14) {
		case 0, 1:
			if depth < 8 {
				g.f("%s<%s class=\"%s %s-%s\">\n", ind, pick(g.r, htmlTags), g.w(), g.w(), g.w())
				depth++
			}
		case 2, 3:
			if depth > 1 {
				depth--
				g.f("%s</div>\n", strings.Repeat("  ", depth))
			}
		case 4:
			g.f("%s<a href=\"/%s/%s\" class=\"%s\">{{ '%s %s' | t }}</a>\n", ind, g.w(), g.w(), g.w(), g.w(), g.w())
		case 5:
			g.f("%s<img src=\"/img/%s/%s.jpg\" alt=\"%s %s\" loading=\"lazy\" width=\"%d\" height=\"%d\">\n", ind, g.w(), g.w(), title(g.w()), g.w(), g.n(100, 900), g.n(100, 900))
		case 6:
			g.f("%s<p>%s &amp; %s&nbsp;&mdash; &#169; 2024</p>\n", ind, pick(g.r, prose), g.w())
		case 7:
			g.f("%s{%% if %s.%s %%}\n%s  <span class=\"%s\">{{ %s.%s | money }}</span>\n%s{%% endif %%}\n", ind, g.w(), g.w(), ind, g.w(), g.w(), g.w(), ind)
		case 8:
			g.f("%s<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\" width=\"24\" height=\"24\"><path d=\"M%d %dC%d.%d %d %d %d.%d %d %dl%d-%dz\"/></svg>\n", ind,
				g.n(0, 24), g.n(0, 24), g.n(0, 24), g.n(0, 99), g.n(0, 24), g.n(0, 24), g.n(0, 24), g.n(0, 99), g.n(0, 24), g.n(0, 24), g.n(0, 9), g.n(0, 9))
		case 9:
			g.f("%s<button type=\"button\" data-action=\"%s\" onclick=\"%s()\">%s</button>\n", ind, g.w(), g.camel(), title(g.w()))
		case 10:
			g.f("%s<form action=\"/%s/%s\" method=\"post\"><input type=\"hidden\" name=\"%s\" value=\"{{ %s }}\"><input type=\"email\" name=\"email\" placeholder=\"%s\"></form>\n", ind, g.w(), g.w(), g.w(), g.camel(), title(g.w()))
		case 11:
			g.f("%s<script>\n", ind)
			g.block(depth+1, 1, 2, 6)
			g.f("\n%s</script>\n", ind)
		case 12:
			g.f("%s<a href=\"https://%s/%s\" target=\"_blank\" rel=\"noopener\">%s</a>\n", ind, pick(g.r, bgHosts), g.w(), title(g.w()))
		default:
			g.f("%s<span class=\"%s\" data-%s=\"%d\">{{ %s.%s }}</span>\n", ind, g.w(), g.w(), g.n(0, 999), g.w(), g.w())
		}
	}
	g.s("</body>\n</html>\n")
}

func (g *gen) phpFile(size int) {
	g.f("<?php\n\ndeclare(strict_types=1);\n\nnamespace App\\%s\\%s;\n\n", title(g.w()), title(g.w()))
	for range g.n(2, 8) {
		g.f("use %s\\%s\\%s;\n", pick(g.r, []string{"App\\Models", "Illuminate\\Support\\Facades", "Magento\\Framework", "Symfony\\Component"}), title(g.w()), title(g.w()))
	}
	g.f("\n/**\n * %s\n */\nclass %s%s extends %s\n{\n", pick(g.r, prose), title(g.w()), title(g.w()), pick(g.r, []string{"Controller", "Model", "AbstractBlock", "Command"}))
	for range g.n(1, 5) {
		g.f("    private $%s;\n", g.camel())
	}
	for len(g.b) < size {
		g.f("\n    /**\n     * %s\n     */\n    public function %s(Request $request, int $id): %s\n    {\n", pick(g.r, prose), g.camel(), pick(g.r, []string{"JsonResponse", "array", "void", "?string"}))
		for range g.n(3, 14) {
			switch g.r.IntN(8) {
			case 0:
				g.f("        $%s = $this->%s->find($id);\n", g.camel(), g.camel())
			case 1:
				g.f("        if (!$%s) {\n            throw new NotFoundException(__('%s %s not found'));\n        }\n", g.camel(), title(g.w()), g.w())
			case 2:
				g.f("        $%s = DB::table('%s_%s')->where('%s_id', $id)->orderBy('%s')->get();\n", g.camel(), g.w(), g.w(), g.w(), g.w())
			case 3:
				g.f("        foreach ($%s as $%s) {\n            $total += $%s->price * $%s->quantity;\n        }\n", g.camel(), g.w(), g.w(), g.w())
			case 4:
				g.f("        $%s = ['%s' => $%s, '%s' => %d, 'url' => '%s'];\n", g.camel(), g.w(), g.camel(), g.w(), g.n(0, 500), "https://"+pick(g.r, bgHosts)+"/"+g.w())
			case 5:
				g.f("        // %s\n", pick(g.r, prose))
			case 6:
				g.f("        $this->logger->info(sprintf('%s %%s for %%d', $%s), ['id' => $id]);\n", title(g.w()), g.camel())
			default:
				g.f("        $%s = $request->get('%s', '%s');\n", g.camel(), g.w(), g.w())
			}
		}
		g.f("        return response()->json(['%s' => $%s]);\n    }\n", g.w(), g.camel())
	}
	g.s("}\n")
}

func (g *gen) cssFile(size int) {
	for len(g.b) < size {
		switch g.r.IntN(12) {
		case 0:
			g.f("@media (max-width: %dpx) {\n  .%s-%s { %s; }\n}\n\n", pick(g.r, []int{480, 768, 1024, 1280}), g.w(), g.w(), pick(g.r, cssProps))
		case 1:
			g.f(".%s-icon {\n  background-image: url(\"data:image/png;base64,%s\");\n}\n\n", g.w(), g.b64(g.n(150, 3000)))
		case 2:
			g.f("@font-face {\n  font-family: \"%s\";\n  src: url(\"../fonts/%s.woff2\") format(\"woff2\");\n  font-display: swap;\n}\n\n", title(g.w()), g.w())
		default:
			g.f(".%s__%s", g.w(), g.w())
			if g.chance(0.4) {
				g.f(", .%s > .%s:hover", g.w(), g.w())
			}
			g.s(" {\n")
			for range g.n(1, 8) {
				g.f("  %s;\n", pick(g.r, cssProps))
			}
			if g.chance(0.1) {
				g.f("  background: url('../img/%s/%s.png') no-repeat;\n", g.w(), g.w())
			}
			g.s("}\n\n")
		}
	}
}

func (g *gen) jsonFile(size int) {
	g.s("{\n")
	for len(g.b) < size {
		switch g.r.IntN(4) {
		case 0:
			g.f("  \"%s.%s\": \"https://%s/%s\",\n", g.w(), g.w(), pick(g.r, bgHosts), g.w())
		default:
			g.f("  \"%s.%s\": \"%s %s %s\",\n", g.w(), g.w(), title(g.w()), g.w(), g.w())
		}
	}
	g.s("  \"version\": 1\n}\n")
}

func (g *gen) lockFile(size int) {
	g.s("{\n  \"name\": \"shop-theme\",\n  \"lockfileVersion\": 3,\n  \"requires\": true,\n  \"packages\": {\n")
	for len(g.b) < size {
		name := g.w() + "-" + g.w()
		if g.chance(0.2) {
			name = "@" + g.w() + "/" + g.w()
		}
		ver := fmt.Sprintf("%d.%d.%d", g.n(0, 12), g.n(0, 30), g.n(0, 20))
		g.f("    \"node_modules/%s\": {\n      \"version\": \"%s\",\n      \"resolved\": \"https://registry.npmjs.org/%s/-/%s-%s.tgz\",\n      \"integrity\": \"sha512-%s\",\n",
			name, ver, name, name[strings.LastIndexByte(name, '/')+1:], ver, g.b64(64))
		if g.chance(0.4) {
			g.s("      \"dev\": true,\n")
		}
		if g.chance(0.5) {
			g.s("      \"dependencies\": {\n")
			for i := range g.n(1, 5) {
				if i > 0 {
					g.s(",\n")
				}
				g.f("        \"%s-%s\": \"^%d.%d.0\"", g.w(), g.w(), g.n(0, 9), g.n(0, 20))
			}
			g.s("\n      },\n")
		}
		g.f("      \"license\": \"%s\"\n    },\n", pick(g.r, []string{"MIT", "ISC", "Apache-2.0", "BSD-3-Clause"}))
	}
	g.s("    \"\": {}\n  }\n}\n")
}

// mapFile writes a source map: a long VLQ "mappings" line and the sources as escaped strings.
func (g *gen) mapFile(size int) {
	const vlq = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	g.s("{\"version\":3,\"file\":\"bundle.min.js\",\"sources\":[")
	for i := range g.n(3, 20) {
		if i > 0 {
			g.c(',')
		}
		g.f("\"webpack://shop/./src/%s/%s.js\"", g.w(), g.w())
	}
	g.s("],\"names\":[")
	for i := range g.n(20, 200) {
		if i > 0 {
			g.c(',')
		}
		g.f("%q", g.camel())
	}
	g.s("],\"mappings\":\"")
	for len(g.b) < size/2 {
		for range g.n(4, 6) {
			g.c(vlq[g.r.IntN(64)])
		}
		if g.chance(0.05) {
			g.c(';')
		} else {
			g.c(',')
		}
	}
	g.s("AAAA\",\"sourcesContent\":[\"")
	src := &gen{r: g.r}
	for len(g.b)+len(src.b) < size {
		src.fn()
	}
	r := strings.NewReplacer("\\", "\\\\", "\"", "\\\"", "\n", "\\n", "\t", "\\t")
	g.s(r.Replace(string(src.b)))
	g.s("\"]}\n")
}

func (g *gen) mdFile(size int) {
	g.f("# %s %s\n\n", title(g.w()), g.w())
	for len(g.b) < size {
		switch g.r.IntN(6) {
		case 0:
			g.f("## %s\n\n", title(g.w()))
		case 1:
			g.s("```js\n")
			g.block(0, 1, 2, 6)
			g.s("\n```\n\n")
		case 2:
			g.f("See [%s](https://%s/%s/%s) for details.\n\n", g.w(), pick(g.r, bgHosts), g.w(), g.w())
		default:
			for range g.n(2, 5) {
				g.s(pick(g.r, prose))
				g.c(' ')
			}
			g.s("\n\n")
		}
	}
}

func (g *gen) confFile(f *file) {
	switch {
	case f.path == ".gitignore":
		g.s("/node_modules/\n/storage/logs/\n*.log\n.env\n.DS_Store\n")
		return
	case strings.HasSuffix(f.path, "/.gitignore"):
		g.s("/.cache/\n")
		return
	case strings.HasSuffix(f.path, ".htaccess"):
		g.s("Options -Indexes\nRewriteEngine On\nRewriteCond %{REQUEST_FILENAME} !-f\nRewriteRule ^ index.php [L]\n")
		g.s("<IfModule mod_headers.c>\n  Header always set X-Frame-Options \"SAMEORIGIN\"\n  Header set Strict-Transport-Security \"max-age=31536000\"\n</IfModule>\n")
	case strings.HasSuffix(f.path, ".yml"):
		g.s("name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n")
	}
	for len(g.b) < f.size {
		switch g.r.IntN(4) {
		case 0:
			g.f("# %s\n", pick(g.r, prose))
		case 1:
			g.f("%s_%s = %s\n", g.w(), g.w(), pick(g.r, bgIPs))
		case 2:
			g.f("location /%s/ {\n    proxy_pass http://%s:%d;\n}\n", g.w(), pick(g.r, bgIPs), g.n(3000, 9000))
		default:
			g.f("%s.%s = \"%s\"\n", g.w(), g.w(), g.w())
		}
	}
}

func (g *gen) binFile(f *file) {
	headers := map[string]string{
		".png":   "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		".jpg":   "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01",
		".gif":   "GIF89a\x01\x00\x01\x00\x80\x00\x00",
		".webp":  "RIFF\x00\x00\x00\x00WEBPVP8 ",
		".woff2": "wOF2\x00\x01\x00\x00",
		".ico":   "\x00\x00\x01\x00\x01\x00",
	}
	for ext, h := range headers {
		if strings.HasSuffix(f.path, ext) {
			g.s(h)
		}
	}
	for len(g.b) < f.size {
		v := g.r.Uint64()
		for range 8 {
			g.c(byte(v))
			v >>= 8
		}
	}
}

func (g *gen) logFile(size int) {
	for len(g.b) < size {
		g.f("%s - - [%02d/Mar/2024:%02d:%02d:%02d +0000] \"GET /%s/%s HTTP/1.1\" %d %d \"https://%s/\" \"Mozilla/5.0 (X11; Linux x86_64)\"\n",
			pick(g.r, bgIPs), g.n(1, 28), g.n(0, 23), g.n(0, 59), g.n(0, 59), g.w(), g.w(), pick(g.r, []int{200, 200, 200, 304, 404}), g.n(100, 90000), pick(g.r, bgHosts))
	}
}
