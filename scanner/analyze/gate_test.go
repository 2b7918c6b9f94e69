package analyze

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/shieldscan/shieldscan/scanner"
	"github.com/shieldscan/shieldscan/scanner/decode"
)

func TestSuspicious(t *testing.T) {
	t.Parallel()
	file := func(name string) string {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	tests := []struct {
		name string
		in   string
		want bool
	}{
		// What only running reveals: the corpus of scanner/emulate.
		{"XOR of a percent-encoded payload", file("emulate/xor_uri.js"), true},
		{"base64+RC4 string array", file("emulate/string_array_rc4.js"), true},
		{"string array", file("emulate/string_array.js"), true},
		{"key from the script's own text", file("emulate/self_key.js"), true},
		{"JScript dropper", file("emulate/wsh_dropper.js"), true},
		{"packer", file("emulate/packer_eval.js"), true},
		{"Function of decoded code", `new Function(decodeURIComponent("%76%61%72%20%6B%3D%22%6B%33%79%22"))();`, true},
		{"eval of atob", `eval(atob("dmFyIHM9ZG9jdW1lbnQuY3JlYXRlRWxlbWVudCgnc2NyaXB0Jyk7"));`, true},
		{"document.write of unescape", `document.write(unescape("%3Cscript%20src%3D%22x.js%22%3E%3C%2Fscript%3E"));`, true},
		// Ordinary code, and obfuscation that static decoding reads whole.
		{"minified library", file("obfuscated/negative/minified.js"), false},
		{"jQuery-like bundle", file("../scanner/analyze/testdata/jqlike.min.js"), false},
		{"escaped URL on a long line", `var u="\x68\x74\x74\x70\x73\x3a\x2f\x2f\x65\x76\x69\x6c\x2e\x65\x78\x61\x6d\x70\x6c\x65";` + longLineText(), false},
		{"atob without eval", `var cfg = JSON.parse(atob("eyJhIjogMX0="));`, false},
		{"eval of a variable", `var code = load(); eval(code);`, false},
		{"fromCharCode without XOR", `var s = String.fromCharCode(72, 105); var c = s.charCodeAt(0);`, false},
		{"XOR without charCodeAt", `var h = String.fromCharCode(a ^ b);`, false},
		{"XOR through apply", `var s = "k3y", o = String.fromCharCode.apply(null, d.map(function (c, i) { return c ^ s.charCodeAt(i % 3); }));`, true},
		{"XOR in a call by a quoted name", `for(var s="",i=0;i<d.length;i++)s+=String['fromCharCode'](d.charCodeAt(i)^k);`, true},
		{"XOR in a call by a double-quoted name", `for(var s="",i=0;i<d.length;i++)s+=window["String"]["fromCharCode"](d.charCodeAt(i)^k);`, true},
		{"XOR through a quoted apply", `var o=String.fromCharCode["apply"](null,d.map(function(c,i){return c^s.charCodeAt(i%3)}));`, true},
		{"XOR after a comment", `s+=String.fromCharCode/* c */(d.charCodeAt(i)^k);`, true},
		{"a caret after the call", `f=function(n){return String.fromCharCode(n>>10|55296,1023&n|56320)},re=/([\0-\x1f\x7f]|^-?\d)|^-$|[^\0-\x1f]/g,g=function(e){return e.charCodeAt(0)}`, false},
		{"a few _0x names", `var _0x1 = 1, _0x2 = 2;`, false},
		{"a nest in a source map's sources", "var a = 1;\n//# sourceMappingURL=data:application/json;base64," +
			nest(`{"sourcesContent":["var k='`+nest("hello there, friend", 2)+`';"]}`, 1), false},
		{"WScript in a string", `var sh = new ActiveXObject("wscript.shell"); sh.Run("cmd /c x");`, true},
		{"WScript after an operator", `var a=1;WScript.Sleep(1000)`, true},
		{"WScript's member by a quoted name", `var sh=WScript["CreateObject"]("WScript" + ".Shell");`, true},
		{"WScript from the global object", `var g=this;g["WScript"]["Sleep"](1000);`, true},
		{"WScript in a JSON list of globals", `{"globals": {"WScript": false, "ActiveXObject": false}}`, false},
		{"WScript set in a table of globals", `globals["WScript"] = true;`, false},
		{"WScript in a linter's globals", `var wsh = { ActiveXObject: true, Enumerator: true, WScript : true, WSH: true };`, false},
		{"Flash embed's allowScriptAccess", `swfobject.embedSWF("c.swf", "g", "100%", "250", "9", "", {}, {allowScriptAccess: "always", wmode: "opaque"});`, false},
		{"ActiveX fallback of old browser code", `var x = window.XMLHttpRequest ? new XMLHttpRequest() : new ActiveXObject("Microsoft.XMLHTTP");`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Suspicious([]byte(tt.in), nil, nil); got != tt.want {
				t.Errorf("Suspicious(%.60q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func longLineText() string {
	b := make([]byte, 1200)
	for i := range b {
		b[i] = 'a' + byte(i%26)
	}
	return "var t='" + string(b) + "';"
}

// TestRunTimeIn checks the gate's shortcut against what it stands for: each run-time kind weighs
// suspiciousScore or more alone (so the score needs no other indicator), and runTimeIn finds a
// run-time indicator exactly when indicators does, on every sample script of the repository.
func TestRunTimeIn(t *testing.T) {
	t.Parallel()
	for k := range runTime {
		if k.Weight() < suspiciousScore {
			t.Errorf("%s weighs %d, under the suspicious score %d: the gate's shortcut no longer holds", k, k.Weight(), suspiciousScore)
		}
	}
	var files []string
	for _, glob := range []string{"../../testdata/emulate/*", "../../testdata/obfuscated/*", "../../testdata/obfuscated/*/*", "testdata/*"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	seen := map[bool]int{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			continue // a directory
		}
		dec := decode.Find(src, decode.Options{NoProseDefang: true})
		want := slices.ContainsFunc(indicators("", src, scanner.NewLines(src), nil, dec), func(in Indicator) bool { return runTime[in.Kind] })
		if got := runTimeIn(src, dec); got != want {
			t.Errorf("runTimeIn(%s) = %v, indicators say %v", f, got, want)
		}
		seen[want]++
	}
	if seen[true] == 0 || seen[false] == 0 {
		t.Errorf("samples with and without run-time indicators: %v; the test needs both", seen)
	}
}
