package decode

import "testing"

func TestConcat(t *testing.T) {
	t.Parallel()
	runFamily(t, Concat, concatCases())
}

func concatCases() []familyCase {
	return []familyCase{
		{name: "plus", in: "s.src = 'https://sk' + 'im.evil-' + \"cdn.example/c.js\";", chain: "concat", text: testURL, at: "'https://sk' + 'im.evil-' + \"cdn.example/c.js\""},
		{name: "across lines", in: "var u = 'https://skim.' +\n  'evil-cdn.' +\n  'example/c.js';", chain: "concat", text: testURL},
		{name: "php dot", in: "<?php $u = 'https://skim' . '.evil-cdn' . '.example/c.js'; ?>", chain: "concat", text: testURL},
		{name: "php dot no spaces", in: `<?php $u="https://skim"."."."evil-cdn.example"; ?>`, chain: "concat", text: "https://skim.evil-cdn.example"},
		{name: "array join", in: "var u = ['https://', 'skim.evil-cdn', '.example/c.js'].join('');", chain: "concat", text: testURL},
		{name: "array join dot", in: "h = ['skim', 'evil-cdn', 'example'].join('.')", chain: "concat", text: "skim.evil-cdn.example"},
		{name: "split join replace", in: "h = 'skim#evil-cdn#example'.split('#').join('.')", chain: "concat", text: "skim.evil-cdn.example"},
		{name: "concat method", in: "u = 'https://skim'.concat('.evil-cdn.example')", chain: "concat", text: "https://skim.evil-cdn.example"},
		{name: "number piece", in: "u = 'http://' + 3405803783 + '/c.js'", chain: "concat>ip-numeric", text: "http://203.0.113.7/c.js"},
		{name: "escaped pieces", in: `u = '\x68\x74' + 'tps://skim.evil-cdn.example'`, chain: "hex-escape>concat", text: "https://skim.evil-cdn.example"},
		{name: "parenthesised", in: "u = ('https://skim' + '.evil-cdn.example')", chain: "concat", text: "https://skim.evil-cdn.example"},

		{name: "variable between", in: "u = 'https://' + host + '/c.js';"},
		{name: "increment", in: "x = 'a' ++ b"},
		{name: "method call", in: "'abc'.toUpperCase() + x"},
		{name: "array without join", in: "var a = ['skim', 'evil-cdn', 'example'];"},
		{name: "markdown code before attribute end", in: "<meta content=\"Source of `core`.\"><title>core - Rust</title><script>if(x){}</script><a href=\"y\">"},
	}
}
