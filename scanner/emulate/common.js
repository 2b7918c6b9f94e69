// Shared by every profile. Runs once per fresh runtime, before the script,
// as a function of the host bridge H (see world.go). Nothing it defines is
// enumerable on the global object except what a real host has.
(function (H) {
	"use strict";
	var G = globalThis;
	var realEval = G.eval; // taken before the hooks are installed: calls through it are indirect
	var nativeNames = new WeakMap();
	var fnToString = Function.prototype.toString;
	function N(f, name) {
		nativeNames.set(f, name || f.name || "");
		return f;
	}
	H.N = N;
	var toStr = N(function toString() {
		if (nativeNames.has(this)) {
			return "function " + nativeNames.get(this) + "() { [native code] }";
		}
		return H.unrewrite(fnToString.call(this));
	}, "toString");
	Object.defineProperty(Function.prototype, "toString", {value: toStr, writable: true, configurable: true});

	// hidden defines a non-enumerable global, as host globals are.
	function hidden(name, v) {
		if (typeof v === "function" && !nativeNames.has(v)) N(v, name);
		Object.defineProperty(G, name, {value: v, writable: true, configurable: true, enumerable: false});
	}
	H.hidden = hidden;
	H.str = function (v) {
		try {
			return String(v);
		} catch (e) {
			return "";
		}
	};

	// Timers: queued and run after the script, earliest first, a bounded
	// number of times in all (see drain in world.go).
	var timers = [], seq = 0, clock = 0;
	function addTimer(fn, ms, args, repeat, name) {
		var id = ++seq;
		ms = Number(ms) || 0;
		if (typeof fn !== "function") {
			var code = H.str(fn);
			H.code(name, code);
			fn = function () { H.run(code); };
		}
		timers.push({id: id, at: clock + ms, ms: ms, fn: fn, args: args, repeat: repeat, seq: id});
		return id;
	}
	function clearTimer(id) {
		for (var i = 0; i < timers.length; i++) {
			if (timers[i].id === id) { timers.splice(i, 1); return; }
		}
	}
	hidden("setTimeout", function setTimeout(fn, ms) { return addTimer(fn, ms, Array.prototype.slice.call(arguments, 2), 0, "setTimeout"); });
	hidden("setInterval", function setInterval(fn, ms) { return addTimer(fn, ms, Array.prototype.slice.call(arguments, 2), 2, "setInterval"); });
	hidden("setImmediate", function setImmediate(fn) { return addTimer(fn, 0, Array.prototype.slice.call(arguments, 1), 0, "setImmediate"); });
	hidden("clearTimeout", function clearTimeout(id) { clearTimer(id); });
	hidden("clearInterval", function clearInterval(id) { clearTimer(id); });
	hidden("clearImmediate", function clearImmediate(id) { clearTimer(id); });
	H.nextTimer = function () {
		if (timers.length === 0) return null;
		var best = 0;
		for (var i = 1; i < timers.length; i++) {
			var t = timers[i], b = timers[best];
			if (t.at < b.at || (t.at === b.at && t.seq < b.seq)) best = i;
		}
		var t = timers[best];
		if (t.repeat > 0) {
			t.repeat--;
			t.at += Math.max(t.ms, 1);
			t.seq = ++seq;
		} else {
			timers.splice(best, 1);
		}
		if (t.at > clock) { H.advance(t.at - clock); clock = t.at; }
		return t;
	};
	H.sleep = function (ms) {
		ms = Number(ms) || 0;
		if (ms > 0) { H.advance(ms); clock += ms; }
	};

	// H.run evaluates generated code (a string timer, a script written into
	// the page) globally; H.call runs a callback. A script's exception stays
	// inside them, an interrupt does not (it cannot be caught).
	H.run = function (src) {
		var p = H.prep(src);
		if (p === null) return undefined;
		try { return realEval(p); } catch (e) { return undefined; }
	};
	H.call = function (fn) {
		try { fn(); } catch (e) {}
	};

	hidden("atob", H.atob);
	hidden("btoa", H.btoa);

	// Members named by a TypeError of an earlier run ("Object has no member
	// 'x'") become functions that return undefined on every host object.
	H.stubMembers = function (obj) {
		for (var i = 0; i < H.stubs.length; i++) {
			var m = H.stubs[i];
			if (!(m in obj)) {
				try {
					Object.defineProperty(obj, m, {value: N(function () { return undefined; }, m), writable: true, configurable: true});
				} catch (e) {}
			}
		}
		return obj;
	};
	// Ask for the strictly required: the stubbed globals of earlier runs.
	for (var i = 0; i < H.globals.length; i++) {
		if (!(H.globals[i] in G)) hidden(H.globals[i], H.stubMembers(N(function () { return undefined; }, H.globals[i])));
	}
})
