package decode

import "testing"

func TestPunycode(t *testing.T) {
	t.Parallel()
	tests := []familyCase{
		{name: "cyrillic i", in: "fetch('https://skim.evіl-cdn.example/c.js')", chain: "punycode", text: "https://skim.xn--evl-cdn-sog.example/c.js", at: "https://skim.evіl-cdn.example/c.js"},
		{name: "greek omicron", in: `<script src="//skim.evil-cdn.οrg.example/c.js">`, chain: "punycode", text: "xn--"},
		{name: "german", in: "host = 'bücher.example'", chain: "punycode", text: "xn--bcher-kva.example"},
		{name: "ideographic dot", in: "host = 'bücher。example'", chain: "punycode", text: "xn--bcher-kva.example"},
		{name: "in base64", in: "atob('" + b64("https://bücher.example/c.js") + "')", chain: "base64>punycode", text: "xn--bcher-kva.example"},

		{name: "prose", in: "// Größe und Straße sind Wörter."},
		{name: "cjk", in: "/* 中文注释。没有域名 */"},
		{name: "cjk before word", in: "<p>拥有堆上的内存。Rust 编写，并支持其中的代码块。trait</p>"},
		{name: "no dot", in: "title = 'café'"},
		{name: "numeric tld", in: "v = 'ä.123'"},
		{name: "already ascii", in: "h = 'xn--bcher-kva.example'"},
	}
	runFamily(t, Punycode, tests)
}
