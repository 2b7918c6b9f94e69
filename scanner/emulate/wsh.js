// The Windows Script Host profile (wscript.exe running a .js file). Runs
// after common.js with the same host bridge H. Nothing here touches a file,
// the registry, the network or a process: everything answers from tables.
(function (H) {
	"use strict";
	var G = globalThis, N = H.N, hidden = H.hidden, str = H.str;
	var env = {
		TEMP: "C:\\Users\\jdoe\\AppData\\Local\\Temp", TMP: "C:\\Users\\jdoe\\AppData\\Local\\Temp",
		APPDATA: "C:\\Users\\jdoe\\AppData\\Roaming", LOCALAPPDATA: "C:\\Users\\jdoe\\AppData\\Local",
		USERPROFILE: "C:\\Users\\jdoe", USERNAME: "jdoe", USERDOMAIN: "DESKTOP-4F2K9QJ", COMPUTERNAME: "DESKTOP-4F2K9QJ",
		WINDIR: "C:\\Windows", SYSTEMROOT: "C:\\Windows", SYSTEMDRIVE: "C:", PROGRAMDATA: "C:\\ProgramData",
		PROGRAMFILES: "C:\\Program Files", "PROGRAMFILES(X86)": "C:\\Program Files (x86)", PUBLIC: "C:\\Users\\Public",
		COMSPEC: "C:\\Windows\\system32\\cmd.exe", OS: "Windows_NT", PROCESSOR_ARCHITECTURE: "AMD64",
		NUMBER_OF_PROCESSORS: "4", HOMEDRIVE: "C:", HOMEPATH: "\\Users\\jdoe", PATHEXT: ".COM;.EXE;.BAT;.CMD;.VBS;.JS;.WSF",
		PATH: "C:\\Windows\\system32;C:\\Windows;C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\"
	};
	var registry = {
		"hklm\\software\\microsoft\\windows nt\\currentversion\\productname": "Windows 10 Pro",
		"hklm\\software\\microsoft\\windows nt\\currentversion\\currentbuild": "19045",
		"hklm\\software\\microsoft\\windows nt\\currentversion\\currentversion": "6.3",
		"hklm\\software\\microsoft\\windows nt\\currentversion\\releaseid": "2009",
		"hklm\\software\\microsoft\\windows nt\\currentversion\\registeredowner": "jdoe",
		"hklm\\system\\currentcontrolset\\control\\nls\\language\\default": "0409",
		"hkcu\\control panel\\international\\locale": "00000409",
		"hkcu\\control panel\\international\\scountry": "United States",
		"hklm\\software\\microsoft\\cryptography\\machineguid": "6c1f0b5e-2a47-4d3e-9b8f-1e2d3c4b5a69",
		"hkcu\\software\\microsoft\\windows\\currentversion\\explorer\\shell folders\\desktop": "C:\\Users\\jdoe\\Desktop"
	};
	function regKey(k) {
		return str(k).toLowerCase().replace(/^hkey_local_machine/, "hklm").replace(/^hkey_current_user/, "hkcu");
	}
	function expand(s) {
		return str(s).replace(/%([^%]+)%/g, function (m, k) {
			var v = env[k.toUpperCase()];
			return v === undefined ? m : v;
		});
	}

	// ci wraps a host object so that its members are found whatever their
	// case, as COM automation does; a member it lacks is undefined.
	function ci(o, name) {
		H.stubMembers(o);
		var lower = {};
		Object.keys(o).forEach(function (k) { lower[k.toLowerCase()] = k; });
		return new Proxy(o, {
			get: function (t, k) {
				if (typeof k !== "string" || k in t) return t[k];
				var real = lower[k.toLowerCase()];
				return real === undefined ? undefined : t[real];
			},
			set: function (t, k, v) {
				var real = typeof k === "string" ? lower[k.toLowerCase()] : undefined;
				t[real === undefined ? k : real] = v;
				return true;
			},
			has: function (t, k) { return k in t || (typeof k === "string" && lower[k.toLowerCase()] !== undefined); }
		});
	}
	function method(name, f) { return N(f, name); }

	function collection(items) {
		var c = {Count: items.length, length: items.length};
		for (var i = 0; i < items.length; i++) c[i] = items[i];
		c.Item = method("Item", function (i) { return items[i]; });
		return c;
	}
	function http(progid) {
		var o = {
			readyState: 0, status: 0, statusText: "", responseText: "", responseBody: "", ResponseStream: null,
			Option: method("Option", function () {}),
			open: method("open", function (m, u) { H.rec(progid + ".open", str(u)); o.readyState = 1; }),
			setRequestHeader: method("setRequestHeader", function () {}),
			setTimeouts: method("setTimeouts", function () {}),
			setProxy: method("setProxy", function () {}),
			SetCredentials: method("SetCredentials", function () {}),
			getResponseHeader: method("getResponseHeader", function () { return ""; }),
			getAllResponseHeaders: method("getAllResponseHeaders", function () { return ""; }),
			WaitForResponse: method("WaitForResponse", function () { return true; }),
			abort: method("abort", function () {}),
			send: method("send", function () {
				o.readyState = 4;
				o.status = 200;
				o.statusText = "OK";
				if (typeof o.onreadystatechange === "function") H.call(function () { o.onreadystatechange(); });
			})
		};
		return ci(o);
	}
	function stream() {
		var data = "";
		var o = {
			Type: 1, Mode: 3, Position: 0, Size: 0, Charset: "unicode", State: 0,
			Open: method("Open", function () { o.State = 1; }),
			Close: method("Close", function () { o.State = 0; }),
			Write: method("Write", function (d) { data += str(d); o.Size = data.length; }),
			WriteText: method("WriteText", function (d) { data += str(d); o.Size = data.length; }),
			Read: method("Read", function () { return ""; }),
			ReadText: method("ReadText", function () { return data; }),
			SaveToFile: method("SaveToFile", function (p) { H.rec("ADODB.Stream.SaveToFile", str(p)); }),
			LoadFromFile: method("LoadFromFile", function () {}),
			CopyTo: method("CopyTo", function () {}),
			Flush: method("Flush", function () {}),
			SetEOS: method("SetEOS", function () {})
		};
		return ci(o);
	}
	function textStream(path) {
		return ci({
			AtEndOfStream: true, AtEndOfLine: true, Line: 1,
			ReadAll: method("ReadAll", function () { return ""; }),
			ReadLine: method("ReadLine", function () { return ""; }),
			Read: method("Read", function () { return ""; }),
			Write: method("Write", function (s) { H.code("FileSystemObject.Write", str(s)); }),
			WriteLine: method("WriteLine", function (s) { H.code("FileSystemObject.Write", str(s)); }),
			Close: method("Close", function () {})
		});
	}
	function folder(p) {
		return ci({Path: p, Name: p.replace(/^.*\\/, ""), Files: collection([]), SubFolders: collection([]),
			toString: method("toString", function () { return p; })});
	}
	function fso() {
		var special = ["C:\\Windows", "C:\\Windows\\System32", env.TEMP];
		return ci({
			FileExists: method("FileExists", function () { return false; }),
			FolderExists: method("FolderExists", function () { return true; }),
			DriveExists: method("DriveExists", function () { return true; }),
			GetSpecialFolder: method("GetSpecialFolder", function (n) { return folder(special[n] || env.TEMP); }),
			GetTempName: method("GetTempName", function () { return "rad4F2A1.tmp"; }),
			BuildPath: method("BuildPath", function (a, b) { return str(a).replace(/\\$/, "") + "\\" + str(b); }),
			GetFileName: method("GetFileName", function (p) { return str(p).replace(/^.*[\\\/]/, ""); }),
			GetBaseName: method("GetBaseName", function (p) { return str(p).replace(/^.*[\\\/]/, "").replace(/\.[^.]*$/, ""); }),
			GetParentFolderName: method("GetParentFolderName", function (p) { return str(p).replace(/[\\\/][^\\\/]*$/, ""); }),
			GetExtensionName: method("GetExtensionName", function (p) { var m = /\.([^.\\\/]*)$/.exec(str(p)); return m ? m[1] : ""; }),
			GetAbsolutePathName: method("GetAbsolutePathName", function (p) { return str(p); }),
			GetFolder: method("GetFolder", function (p) { return folder(str(p)); }),
			GetFile: method("GetFile", function (p) { return ci({Path: str(p), Size: 0, Name: str(p).replace(/^.*\\/, ""), Attributes: 0}); }),
			GetDrive: method("GetDrive", function () { return ci({DriveLetter: "C", SerialNumber: 1234567890, TotalSize: 256e9, FreeSpace: 100e9}); }),
			Drives: collection([]),
			CreateFolder: method("CreateFolder", function (p) { return folder(str(p)); }),
			CreateTextFile: method("CreateTextFile", function (p) { return textStream(str(p)); }),
			OpenTextFile: method("OpenTextFile", function (p) { return textStream(str(p)); }),
			DeleteFile: method("DeleteFile", function () {}),
			DeleteFolder: method("DeleteFolder", function () {}),
			CopyFile: method("CopyFile", function () {}),
			MoveFile: method("MoveFile", function () {})
		});
	}
	function shell() {
		return ci({
			Run: method("Run", function (c) { H.rec("WScript.Shell.Run", str(c)); return 0; }),
			Exec: method("Exec", function (c) {
				H.rec("WScript.Shell.Exec", str(c));
				var out = ci({AtEndOfStream: true, ReadAll: method("ReadAll", function () { return ""; }), ReadLine: method("ReadLine", function () { return ""; })});
				return ci({Status: 1, ExitCode: 0, ProcessID: 4242, StdOut: out, StdErr: out, StdIn: textStream(""), Terminate: method("Terminate", function () {})});
			}),
			RegRead: method("RegRead", function (k) {
				var v = registry[regKey(k)];
				if (v === undefined) throw new Error("Unable to open registry key \"" + str(k) + "\" for reading.");
				return v;
			}),
			RegWrite: method("RegWrite", function () {}),
			RegDelete: method("RegDelete", function () {}),
			ExpandEnvironmentStrings: method("ExpandEnvironmentStrings", expand),
			Environment: method("Environment", function () {
				return N(function (k) { var v = env[str(k).toUpperCase()]; return v === undefined ? "" : v; }, "Item");
			}),
			SpecialFolders: method("SpecialFolders", function (n) { return env.USERPROFILE + "\\" + str(n); }),
			CreateShortcut: method("CreateShortcut", function () { return ci({TargetPath: "", Arguments: "", Save: method("Save", function () {})}); }),
			Popup: method("Popup", function () { return 1; }),
			SendKeys: method("SendKeys", function () {}),
			AppActivate: method("AppActivate", function () { return false; }),
			CurrentDirectory: env.USERPROFILE
		});
	}
	function shellApp() {
		return ci({
			ShellExecute: method("ShellExecute", function (f, a) { H.rec("Shell.Application.ShellExecute", str(f) + (a === undefined ? "" : " " + str(a))); }),
			NameSpace: method("NameSpace", function (p) { return folder(str(p)); })
		});
	}
	function wmi() {
		return ci({
			ExecQuery: method("ExecQuery", function () { return collection([]); }),
			InstancesOf: method("InstancesOf", function () { return collection([]); }),
			Get: method("Get", function () { return ci({Create: method("Create", function (c) { H.rec("WMI.Win32_Process.Create", str(c)); return 0; })}); })
		});
	}
	var progids = {
		"msxml2.xmlhttp": function () { return http("MSXML2.XMLHTTP"); },
		"msxml2.xmlhttp.3.0": function () { return http("MSXML2.XMLHTTP"); },
		"msxml2.xmlhttp.6.0": function () { return http("MSXML2.XMLHTTP"); },
		"microsoft.xmlhttp": function () { return http("MSXML2.XMLHTTP"); },
		"msxml2.serverxmlhttp": function () { return http("MSXML2.ServerXMLHTTP"); },
		"msxml2.serverxmlhttp.6.0": function () { return http("MSXML2.ServerXMLHTTP"); },
		"winhttp.winhttprequest.5.1": function () { return http("WinHttpRequest"); },
		"adodb.stream": stream,
		"scripting.filesystemobject": fso,
		"wscript.shell": shell,
		"shell.application": shellApp,
		"scripting.dictionary": function () {
			var d = {};
			return ci({
				Add: method("Add", function (k, v) { d[k] = v; }), Item: method("Item", function (k) { return d[k]; }),
				Exists: method("Exists", function (k) { return Object.prototype.hasOwnProperty.call(d, k); }),
				Keys: method("Keys", function () { return Object.keys(d); }), Count: 0
			});
		},
		"msxml2.domdocument": function () {
			var el = ci({dataType: "", text: "", nodeTypedValue: ""});
			return ci({createElement: method("createElement", function () { return el; }), loadXML: method("loadXML", function () { return true; })});
		}
	};
	progids["msxml2.domdocument.6.0"] = progids["microsoft.xmldom"] = progids["msxml2.domdocument"];
	function create(id) {
		var f = progids[str(id).toLowerCase()];
		if (!f) {
			var e = new Error("Automation server can't create object");
			e.number = -2146827859;
			throw e;
		}
		return f();
	}
	function ActiveXObject(id) { return create(id); }

	var args = collection([]);
	args.Named = ci({Exists: method("Exists", function () { return false; }), Item: method("Item", function () { return undefined; }), length: 0, Count: 0});
	args.Unnamed = collection([]);
	var WScript = ci({
		Name: "Windows Script Host", Version: "5.812", BuildVersion: 16384,
		FullName: "C:\\Windows\\System32\\wscript.exe", Path: "C:\\Windows\\System32",
		ScriptFullName: env.TEMP + "\\invoice_0412.js", ScriptName: "invoice_0412.js", Interactive: true,
		Timeout: 0, Arguments: args,
		Echo: method("Echo", function () {}),
		Sleep: method("Sleep", function (ms) { H.sleep(ms); }),
		Quit: method("Quit", function () { H.quit(); }),
		CreateObject: method("CreateObject", create),
		GetObject: method("GetObject", function (p) { return str(p).toLowerCase().indexOf("winmgmts") === 0 ? wmi() : create(p); }),
		ConnectObject: method("ConnectObject", function () {}),
		DisconnectObject: method("DisconnectObject", function () {}),
		StdOut: textStream(""), StdErr: textStream(""), StdIn: textStream("")
	});
	function Enumerator(c) {
		var i = 0, n = c ? (c.Count !== undefined ? c.Count : c.length || 0) : 0;
		this.atEnd = method("atEnd", function () { return i >= n; });
		this.item = method("item", function () { return c.Item ? c.Item(i) : c[i]; });
		this.moveNext = method("moveNext", function () { i++; });
		this.moveFirst = method("moveFirst", function () { i = 0; });
	}
	hidden("WScript", WScript);
	hidden("WSH", WScript);
	hidden("ActiveXObject", N(ActiveXObject, "ActiveXObject"));
	hidden("GetObject", WScript.GetObject);
	hidden("Enumerator", N(Enumerator, "Enumerator"));
	hidden("ScriptEngine", N(function ScriptEngine() { return "JScript"; }));
	hidden("ScriptEngineMajorVersion", N(function ScriptEngineMajorVersion() { return 5; }));
	hidden("ScriptEngineMinorVersion", N(function ScriptEngineMinorVersion() { return 8; }));
	hidden("ScriptEngineBuildVersion", N(function ScriptEngineBuildVersion() { return 16384; }));
	H.stubMembers(G);
})
