package emulate

import "testing"

// Most of the fake browser's API in one script: nothing throws, and each
// sink records under its name.
func TestWorldAPI(t *testing.T) {
	t.Parallel()
	res := run(t, `
var steps = [];
function step(n, f) { try { f(); steps.push(n); } catch (e) { fetch("https://fail.example/" + n + "/" + e); } }
step("el", function () { var d = document.createElement("div"); d.id = "x"; d.className = "a b"; document.body.appendChild(d); d.innerHTML = "<a href='https://ih.example/'>x</a>"; d.insertAdjacentHTML("beforeend", "<b>"); d.remove(); d.cloneNode(true); d.getBoundingClientRect(); d.closest("body"); d.matches(".a"); d.querySelectorAll("a"); d.dataset.k = 1; d.style.display = "none"; d.click(); d.focus(); d.hasAttribute("x"); d.removeAttribute("x"); d.firstChild; d.lastChild; });
step("doc", function () { document.createTextNode("t"); document.createDocumentFragment(); var e = document.createEvent("Event"); e.initEvent("x"); document.dispatchEvent(e); document.getElementsByName("payment[cc_number]")[0].value; document.getElementsByClassName("checkout-form").length; document.querySelectorAll("form input[type=text]").item(0); document.scripts.length; document.currentScript; document.cookie = "a=b"; document.cookie.indexOf("a=b"); document.hasFocus(); document.open(); document.close(); document.title; document.referrer; });
step("win", function () { window.getComputedStyle(document.body).getPropertyValue("x"); matchMedia("(x)").matches; requestAnimationFrame(function () {}); requestIdleCallback(function () {}); queueMicrotask(function () {}); history.pushState({}, "", "/"); performance.now(); screen.width; innerWidth; alert(1); confirm("x"); prompt("y"); postMessage("x", "*"); new CustomEvent("x", {detail: 1}); new Event("y"); new MutationObserver(function () {}).observe(document.body, {}); var fd = new FormData(document.forms[0]); fd.append("k", "v"); fd.get("k"); new URLSearchParams("a=1").toString(); new URL("https://u.example/a?b#c").hostname; new URL("x", "https://u.example/a/b").href; console.log(1); localStorage.key(0); localStorage.length; sessionStorage.clear(); crypto.getRandomValues(new Uint8Array(2)); });
step("net", function () { var x = new XMLHttpRequest(); x.open("POST", "https://x.example/"); x.setRequestHeader("a", "b"); x.withCredentials = true; x.send("d"); x.abort(); fetch(new Request("https://req.example/")).then(function (r) { return r.text(); }); var w = new WebSocket("wss://w.example/"); w.send("x"); w.close(); new EventSource("https://es.example/").close(); new Worker("https://wk.example/w.js"); navigator.javaEnabled(); window.open("https://open.example/"); location.assign("https://assign.example/"); location.replace("https://replace.example/"); location.href = "https://href.example/"; window.location = "https://wloc.example/"; new Audio("https://audio.example/a.mp3"); });
step("jq", function () { var $f = $("form"); $f.find("input").each(function () { $(this).val(); }); $f.attr("action"); $f.prop("id"); $f.html(); $f.text(); $f.css("x", "y").show().hide().addClass("a").removeClass("a"); $f.first().get(0); $f.serialize(); $("#place-order").click(function () {}); $("<div>"); $.get("https://g.example/", function () {}); $.getJSON("https://gj.example/"); $.each([1], function () {}); $.extend({}, {a: 1}); $.param({a: 1}); $.isFunction($); $.trim(" x "); $.noConflict(); $.Deferred().done(function () {}); $(window).on("load", function () {}); $(document).ready(function () {}); jQuery.fn.jquery; });
fetch("https://done.example/?" + steps.join(","));
`, Options{Profiles: []string{"browser"}})
	checkEvents(t, "world API", res, []want{
		{"fetch", "https://done.example/?el,doc,win,net,jq", 0, false},
		{"innerHTML", "https://ih.example/", 0, false},
		{"XMLHttpRequest.open", "https://x.example/", 0, false},
		{"fetch", "https://req.example/", 0, false},
		{"Worker", "https://wk.example/w.js", 0, false},
		{"window.open", "https://open.example/", 0, false},
		{"location.assign", "https://assign.example/", 0, false},
		{"location.replace", "https://replace.example/", 0, false},
		{"location.href", "https://href.example/", 0, false},
		{"location", "https://wloc.example/", 0, false},
		{"audio.src", "https://audio.example/a.mp3", 0, false},
		{"jQuery.get", "https://g.example/", 0, false},
		{"jQuery.getJSON", "https://gj.example/", 0, false},
	})
}

// The same for the fake Windows Script Host.
func TestWSHAPI(t *testing.T) {
	t.Parallel()
	res := run(t, `
var steps = [];
function step(n, f) { try { f(); steps.push(n); } catch (e) { new ActiveXObject("MSXML2.XMLHTTP").open("GET", "https://fail.example/" + n + "/" + e.message); } }
step("ws", function () { WScript.Echo("x"); WScript.Sleep(10); WScript.ScriptFullName; WScript.FullName; WScript.Arguments.length; WScript.Arguments.Named.Exists("a"); WScript.StdOut.WriteLine("x"); ScriptEngine(); ScriptEngineMajorVersion(); });
step("fso", function () { var f = WScript.CreateObject("Scripting.FileSystemObject"); f.BuildPath(f.GetSpecialFolder(2), f.GetTempName()); f.GetFileName("C:\\a\\b.exe"); f.GetBaseName("b.exe"); f.GetExtensionName("b.exe"); f.GetParentFolderName("C:\\a\\b"); f.FolderExists("C:\\"); f.CreateFolder("C:\\x"); f.GetFolder("C:\\x").Files.Count; f.GetFile("C:\\x\\y").Size; f.GetDrive("C").SerialNumber; f.DeleteFile("x"); f.CopyFile("a", "b"); f.MoveFile("a", "b"); var e = new Enumerator(f.GetFolder("C:\\").SubFolders); for (; !e.atEnd(); e.moveNext()) e.item(); });
step("shell", function () { var s = new ActiveXObject("WScript.Shell"); s.RegWrite("HKCU\\x", 1); s.SpecialFolders("Desktop"); s.CreateShortcut("x.lnk").Save(); s.Popup("x"); s.Exec("cmd /c whoami").StdOut.ReadAll(); s.Environment("SYSTEM")("OS"); try { s.RegRead("HKLM\\nope"); } catch (e) {} });
step("wmi", function () { var w = GetObject("winmgmts:\\\\.\\root\\cimv2"); w.ExecQuery("select * from Win32_OperatingSystem").Count; w.Get("Win32_Process").Create("calc.exe"); });
step("misc", function () { var d = new ActiveXObject("Scripting.Dictionary"); d.Add("k", "v"); d.Exists("k"); d.Item("k"); var x = new ActiveXObject("MSXML2.DOMDocument").createElement("b64"); x.dataType = "bin.base64"; new ActiveXObject("Shell.Application").ShellExecute("cmd.exe", "/c calc", "", "open", 0); var h = new ActiveXObject("MSXML2.ServerXMLHTTP.6.0"); h.setTimeouts(1, 1, 1, 1); h.open("POST", "https://sx.example/", false); h.send("x"); h.getAllResponseHeaders(); try { new ActiveXObject("No.Such.Object"); } catch (e) {} });
new ActiveXObject("MSXML2.XMLHTTP").open("GET", "https://done.example/?" + steps.join(","));
`, Options{Profiles: []string{profileWSH}})
	checkEvents(t, "WSH API", res, []want{
		{"MSXML2.XMLHTTP.open", "https://done.example/?ws,fso,shell,wmi,misc", 0, false},
		{"WScript.Shell.Exec", "cmd /c whoami", 0, false},
		{"WMI.Win32_Process.Create", "calc.exe", 0, false},
		{"Shell.Application.ShellExecute", "cmd.exe /c calc", 0, false},
		{"MSXML2.ServerXMLHTTP.open", "https://sx.example/", 0, false},
	})
}
