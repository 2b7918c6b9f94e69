// The browser profile: a checkout page of a small shop. Runs after common.js
// with the same host bridge H.
(function (H) {
	"use strict";
	var G = globalThis, N = H.N, hidden = H.hidden, str = H.str;
	var page = H.page;
	var all = []; // every element and host object that can hold listeners

	// Events: listeners and on* properties are collected and fired after the
	// script (see fire), the way a visitor who fills the form would.
	function EventTarget() {}
	EventTarget.prototype.addEventListener = N(function addEventListener(type, fn) {
		if (!this.__ls) Object.defineProperty(this, "__ls", {value: [], enumerable: false});
		if (typeof fn === "function" || (fn && typeof fn.handleEvent === "function")) this.__ls.push([String(type), fn]);
	}, "addEventListener");
	EventTarget.prototype.removeEventListener = N(function removeEventListener() {}, "removeEventListener");
	EventTarget.prototype.dispatchEvent = N(function dispatchEvent(ev) {
		dispatch(this, ev && ev.type, ev);
		return true;
	}, "dispatchEvent");
	EventTarget.prototype.attachEvent = N(function attachEvent(type, fn) {
		this.addEventListener(String(type).replace(/^on/, ""), fn);
	}, "attachEvent");

	function makeEvent(type, target) {
		return {
			type: type, target: target, currentTarget: target, srcElement: target, bubbles: true,
			isTrusted: true, timeStamp: 1000, keyCode: 13, which: 13, key: "Enter", button: 0,
			preventDefault: N(function preventDefault() {}), stopPropagation: N(function stopPropagation() {}),
			stopImmediatePropagation: N(function stopImmediatePropagation() {})
		};
	}
	function dispatch(target, type, ev) {
		if (!target || !type) return;
		ev = ev || makeEvent(type, target);
		var ls = (target.__ls || []).slice();
		for (var i = 0; i < ls.length; i++) {
			if (ls[i][0] !== type) continue;
			var fn = ls[i][1];
			H.call(function () {
				if (typeof fn === "function") fn.call(target, ev); else fn.handleEvent(ev);
			});
		}
		var on = target["on" + type];
		if (typeof on === "function") H.call(function () { on.call(target, ev); });
	}
	H.fireAll = function (types) {
		for (var t = 0; t < types.length; t++) {
			var targets = all.slice();
			for (var i = 0; i < targets.length; i++) dispatch(targets[i], types[t]);
		}
	};

	var urlProps = {src: 1, href: 1, action: 1, data: 1, formaction: 1, poster: 1, background: 1, codebase: 1};

	function Node() {}
	Node.prototype = Object.create(EventTarget.prototype);
	function Element(tag) {
		tag = String(tag || "div").toLowerCase();
		Object.defineProperty(this, "__a", {value: {}, enumerable: false});
		this.tagName = this.nodeName = tag.toUpperCase();
		this.nodeType = 1;
		this.childNodes = [];
		this.children = this.childNodes;
		this.parentNode = this.parentElement = null;
		this.style = {};
		this.dataset = {};
		this.className = "";
		this.id = "";
		this.name = "";
		this.value = "";
		this.type = "";
		this.ownerDocument = null;
		all.push(this);
		H.stubMembers(this);
	}
	Element.prototype = Object.create(Node.prototype);
	Element.prototype.constructor = Element;
	function sinkName(el, prop) {
		return (el.__sink || el.tagName.toLowerCase()) + "." + prop;
	}
	Object.keys(urlProps).forEach(function (p) {
		var name = p === "formaction" ? "formAction" : p;
		Object.defineProperty(Element.prototype, name, {
			get: function () { return this.__a[p] === undefined ? "" : this.__a[p]; },
			set: function (v) {
				v = str(v);
				this.__a[p] = v;
				H.rec(sinkName(this, name), v);
				if (this.tagName === "IMG" || (this.tagName === "SCRIPT" && this.parentNode)) loaded(this);
			},
			configurable: true
		});
	});
	function loaded(el) {
		if (el.__loading) return;
		el.__loading = true;
		G.setTimeout(function () { el.__loading = false; dispatch(el, "load"); }, 1);
	}
	Element.prototype.setAttribute = N(function setAttribute(n, v) {
		n = String(n).toLowerCase();
		if (urlProps[n]) { this[n === "formaction" ? "formAction" : n] = v; return; }
		v = str(v);
		this.__a[n] = v;
		if (n === "id" || n === "name" || n === "value" || n === "type") this[n] = v;
		if (n === "class") this.className = v;
		if (/^on/.test(n)) { H.code(sinkName(this, n), v); var el = this; this[n] = function () { H.run(v); }; }
	}, "setAttribute");
	Element.prototype.getAttribute = N(function getAttribute(n) {
		n = String(n).toLowerCase();
		if (n === "id" || n === "name" || n === "value" || n === "type") return this[n] || null;
		if (n === "class") return this.className || null;
		var v = this.__a[n];
		return v === undefined ? null : v;
	}, "getAttribute");
	Element.prototype.hasAttribute = N(function hasAttribute(n) { return this.getAttribute(n) !== null; }, "hasAttribute");
	Element.prototype.removeAttribute = N(function removeAttribute(n) { delete this.__a[String(n).toLowerCase()]; }, "removeAttribute");
	function adopt(parent, child) {
		if (!child || typeof child !== "object") return child;
		if (child.parentNode && child.parentNode.childNodes) {
			var i = child.parentNode.childNodes.indexOf(child);
			if (i >= 0) child.parentNode.childNodes.splice(i, 1);
		}
		child.parentNode = child.parentElement = parent;
		if (child.tagName === "SCRIPT") {
			var code = child.text || child.textContent || child.innerHTML;
			if (child.__a.src) loaded(child);
			else if (code) { H.code("script.text", str(code)); H.run(str(code)); }
		}
		if (child.tagName === "IFRAME") loaded(child);
		return child;
	}
	Element.prototype.appendChild = N(function appendChild(c) { adopt(this, c); this.childNodes.push(c); return c; }, "appendChild");
	Element.prototype.append = N(function append() {
		for (var i = 0; i < arguments.length; i++) this.appendChild(arguments[i]);
	}, "append");
	Element.prototype.prepend = Element.prototype.append;
	Element.prototype.insertBefore = N(function insertBefore(c) { adopt(this, c); this.childNodes.unshift(c); return c; }, "insertBefore");
	Element.prototype.replaceChild = N(function replaceChild(c) { adopt(this, c); this.childNodes.push(c); return c; }, "replaceChild");
	Element.prototype.removeChild = N(function removeChild(c) {
		var i = this.childNodes.indexOf(c);
		if (i >= 0) this.childNodes.splice(i, 1);
		return c;
	}, "removeChild");
	Element.prototype.remove = N(function remove() { if (this.parentNode && this.parentNode.removeChild) this.parentNode.removeChild(this); }, "remove");
	Element.prototype.cloneNode = N(function cloneNode() { var e = new Element(this.tagName); return e; }, "cloneNode");
	Element.prototype.insertAdjacentHTML = N(function insertAdjacentHTML(pos, html) { writeHTML("insertAdjacentHTML", html, false); }, "insertAdjacentHTML");
	Element.prototype.click = N(function click() { dispatch(this, "click"); }, "click");
	Element.prototype.focus = N(function focus() {}, "focus");
	Element.prototype.blur = N(function blur() {}, "blur");
	Element.prototype.submit = N(function submit() {
		H.rec(sinkName(this, "submit"), this.__a.action || page.href);
	}, "submit");
	Element.prototype.reset = N(function reset() {}, "reset");
	Element.prototype.getBoundingClientRect = N(function getBoundingClientRect() {
		return {top: 0, left: 0, right: 100, bottom: 20, width: 100, height: 20, x: 0, y: 0};
	}, "getBoundingClientRect");
	Element.prototype.contains = N(function contains(o) { return o === this; }, "contains");
	Element.prototype.closest = N(function closest(sel) { return matches(this, String(sel)) ? this : (this.parentNode && this.parentNode.closest ? this.parentNode.closest(sel) : null); }, "closest");
	Element.prototype.matches = N(function (sel) { return matches(this, String(sel)); }, "matches");
	Element.prototype.querySelector = N(function querySelector(sel) { return query(String(sel), this, false)[0] || null; }, "querySelector");
	Element.prototype.querySelectorAll = N(function querySelectorAll(sel) { return query(String(sel), this, false); }, "querySelectorAll");
	Element.prototype.getElementsByTagName = N(function getElementsByTagName(t) { return query(String(t), this, false); }, "getElementsByTagName");
	Element.prototype.getElementsByClassName = N(function getElementsByClassName(c) { return query("." + String(c).trim().split(/\s+/).join("."), this, false); }, "getElementsByClassName");
	["innerHTML", "outerHTML"].forEach(function (p) {
		Object.defineProperty(Element.prototype, p, {
			get: function () { return this["__" + p] || ""; },
			set: function (v) {
				v = str(v);
				Object.defineProperty(this, "__" + p, {value: v, writable: true, enumerable: false, configurable: true});
				if (this.tagName !== "SCRIPT") writeHTML(p, v, false);
			},
			configurable: true
		});
	});
	["text", "textContent", "innerText"].forEach(function (p) {
		Object.defineProperty(Element.prototype, p, {
			get: function () { return this["__t"] || (this.tagName === "SCRIPT" ? this.innerHTML : "") || ""; },
			set: function (v) { Object.defineProperty(this, "__t", {value: str(v), writable: true, enumerable: false, configurable: true}); },
			configurable: true
		});
	});
	Object.defineProperty(Element.prototype, "firstChild", {get: function () { return this.childNodes[0] || null; }, configurable: true});
	Object.defineProperty(Element.prototype, "lastChild", {get: function () { return this.childNodes[this.childNodes.length - 1] || null; }, configurable: true});
	Object.defineProperty(Element.prototype, "elements", {get: function () { return query("input,select,textarea,button", this, false); }, configurable: true});
	Object.defineProperty(Element.prototype, "length", {get: function () { return this.tagName === "FORM" ? this.elements.length : undefined; }, configurable: true});

	// Selectors: tag, #id, .class, [attr], [attr=value] and lists of those,
	// with descendant combinators read as "anywhere below".
	function matchesOne(el, s) {
		var m, re = /(^[a-zA-Z][\w-]*|\*)|#([\w-]+)|\.([\w-]+)|\[\s*([\w-]+)\s*(?:([*^$|~]?=)\s*(?:"([^"]*)"|'([^']*)'|([^\]\s]*))\s*)?\]|:[\w-]+(\([^)]*\))?/g;
		var any = false;
		while ((m = re.exec(s))) {
			any = true;
			if (m[1] && m[1] !== "*" && el.tagName !== m[1].toUpperCase()) return false;
			if (m[2] && el.id !== m[2]) return false;
			if (m[3] && (" " + el.className + " ").indexOf(" " + m[3] + " ") < 0) return false;
			if (m[4]) {
				var v = el.getAttribute(m[4]), want = m[6] !== undefined ? m[6] : m[7] !== undefined ? m[7] : m[8];
				m[6] = want;
				if (v === null) return false;
				if (m[5] === "=" && v !== m[6]) return false;
				if (m[5] === "*=" && v.indexOf(m[6]) < 0) return false;
				if (m[5] === "^=" && v.indexOf(m[6]) !== 0) return false;
				if (m[5] === "$=" && v.slice(-m[6].length) !== m[6]) return false;
			}
		}
		return any;
	}
	function matches(el, sel) {
		if (!el || !el.tagName) return false;
		var alts = sel.split(",");
		for (var i = 0; i < alts.length; i++) {
			var parts = alts[i].trim().split(/\s*[\s>+~]\s*/);
			if (matchesOne(el, parts[parts.length - 1])) return true;
		}
		return false;
	}
	function descendants(root, out) {
		var cs = root.childNodes || [];
		for (var i = 0; i < cs.length; i++) {
			if (cs[i] && cs[i].tagName) { out.push(cs[i]); descendants(cs[i], out); }
		}
		return out;
	}
	function query(sel, root, lazy) {
		var els = descendants(root, []), out = [];
		for (var i = 0; i < els.length; i++) if (matches(els[i], sel)) out.push(els[i]);
		if (out.length === 0 && lazy) {
			// A lookup of a field by id or name that the page lacks gets a
			// field: skimmers are written for many shops' field names.
			var m = /^\s*(?:[a-z]*)(?:#([\w-]+)|\[name=(?:"([^"]+)"|'([^']+)'|([^\]\s]+))\])\s*$/i.exec(sel);
			if (m) { var nm = m[2] || m[3] || m[4] || m[1]; out.push(field(m[1] || "", nm, form)); }
		}
		out.item = N(function item(i) { return this[i] || null; }, "item");
		out.namedItem = N(function namedItem(n) { for (var i = 0; i < this.length; i++) if (this[i].id === n || this[i].name === n) return this[i]; return null; }, "namedItem");
		return out;
	}

	// The page.
	var document = new EventTarget();
	all.push(document);
	function el(tag, attrs, parent) {
		var e = new Element(tag);
		e.ownerDocument = document;
		for (var k in attrs) e.setAttribute(k, attrs[k]);
		if (parent) { e.parentNode = e.parentElement = parent; parent.childNodes.push(e); }
		return e;
	}
	var html = el("html", {lang: "en"});
	var head = el("head", {}, html);
	var body = el("body", {"class": "checkout-index-index"}, html);
	el("title", {}, head).text = "Checkout";
	el("meta", {name: "viewport", content: "width=device-width"}, head);
	var form = el("form", {id: "co-payment-form", name: "checkout", method: "post", "class": "checkout-form"}, body);
	form.__a.action = page.origin + "/checkout/onepage/saveOrder/";
	function guess(key) {
		var k = key.toLowerCase();
		if (/cvv|cvc|cid|security|csc/.test(k)) return "737";
		if (/(exp|month).*(m|month)$|exp_?m|month/.test(k)) return "09";
		if (/exp|year|yy/.test(k)) return "2029";
		if (/cc|card|number|pan|num/.test(k)) return page.card;
		if (/mail/.test(k)) return "jane.doe@example.net";
		if (/phone|tel/.test(k)) return "+1 555 0100 123";
		if (/zip|post/.test(k)) return "94107";
		if (/city/.test(k)) return "San Francisco";
		if (/street|address/.test(k)) return "1 Market St";
		if (/country/.test(k)) return "US";
		if (/first|owner|holder|name/.test(k)) return "Jane Doe";
		if (/pass/.test(k)) return "hunter2!";
		return "Jane";
	}
	function field(id, name, parent) {
		var tag = /country|month|year/.test(name) ? "select" : "input";
		var e = el(tag, {type: "text", id: id, name: name, autocomplete: name}, parent);
		e.value = guess(name || id);
		return e;
	}
	[["firstname", "billing[firstname]"], ["lastname", "billing[lastname]"], ["email", "billing[email]"],
		["telephone", "billing[telephone]"], ["street1", "billing[street][]"], ["city", "billing[city]"],
		["postcode", "billing[postcode]"], ["country", "billing[country_id]"],
		["cc_owner", "payment[cc_owner]"], ["cc_number", "payment[cc_number]"], ["cc_exp_month", "payment[cc_exp_month]"],
		["cc_exp_year", "payment[cc_exp_year]"], ["cc_cid", "payment[cc_cid]"]].forEach(function (f) { field(f[0], f[1], form); });
	form.childNodes[1].value = "Doe";
	var button = el("button", {type: "submit", id: "place-order", "class": "action primary checkout"}, form);
	button.textContent = "Place Order";
	el("script", {src: page.origin + "/static/js/checkout.js"}, head);

	document.nodeType = 9;
	document.documentElement = html;
	document.head = head;
	document.body = body;
	document.childNodes = [html];
	document.title = "Checkout";
	document.readyState = "complete";
	document.domain = page.host;
	document.referrer = page.origin + "/checkout/cart/";
	document.characterSet = document.charset = "UTF-8";
	document.compatMode = "CSS1Compat";
	document.visibilityState = "visible";
	document.hidden = false;
	document.defaultView = G;
	document.forms = [form];
	document.forms.checkout = form;
	document.images = [];
	document.links = [];
	Object.defineProperty(document, "scripts", {get: function () { return query("script", html, false); }, enumerable: true});
	Object.defineProperty(document, "currentScript", {get: function () { return cur; }, enumerable: true});
	var cur = el("script", {id: "shieldscan-current"});
	var cookie = "PHPSESSID=5f2c0a1b7e9d4c3a8b6e1f0d2c4a6b8e; form_key=Xh3kP9qL2mN7vB4c";
	Object.defineProperty(document, "cookie", {
		get: function () { return cookie; },
		set: function (v) { v = str(v).split(";")[0]; cookie += "; " + v; },
		enumerable: true
	});
	document.createElement = N(function createElement(t) { var e = new Element(t); e.ownerDocument = document; return e; }, "createElement");
	document.createElementNS = N(function createElementNS(ns, t) { return document.createElement(t); }, "createElementNS");
	document.createTextNode = N(function createTextNode(t) { return {nodeType: 3, textContent: str(t), nodeValue: str(t)}; }, "createTextNode");
	document.createDocumentFragment = N(function createDocumentFragment() { return new Element("#fragment"); }, "createDocumentFragment");
	document.createEvent = N(function createEvent() {
		var e = makeEvent("", null);
		e.initEvent = N(function initEvent(t) { e.type = t; }, "initEvent");
		return e;
	}, "createEvent");
	document.getElementById = N(function getElementById(id) { return query("#" + String(id), html, true)[0] || null; }, "getElementById");
	document.getElementsByName = N(function getElementsByName(n) { return query("[name=\"" + String(n) + "\"]", html, true); }, "getElementsByName");
	document.getElementsByTagName = N(function getElementsByTagName(t) { return query(String(t), html, false); }, "getElementsByTagName");
	document.getElementsByClassName = N(function getElementsByClassName(c) { return query("." + String(c).trim().split(/\s+/).join("."), html, false); }, "getElementsByClassName");
	document.querySelector = N(function querySelector(s) { return query(String(s), html, true)[0] || null; }, "querySelector");
	document.querySelectorAll = N(function querySelectorAll(s) { return query(String(s), html, false); }, "querySelectorAll");
	function writeHTML(sink, s, run) {
		s = str(s);
		H.code(sink, s);
		var m, re = /\b(?:src|href|action|data|formaction|background)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
		while ((m = re.exec(s))) H.rec(sink, m[1] !== undefined ? m[1] : m[2] !== undefined ? m[2] : m[3]);
		if (!run) return;
		var sre = /<script\b[^>]*>([\s\S]*?)<\/script\s*>/gi;
		while ((m = sre.exec(s))) if (m[1].trim()) H.run(m[1]);
	}
	document.write = N(function write() { writeHTML("document.write", Array.prototype.join.call(arguments, ""), true); }, "write");
	document.writeln = N(function writeln() { writeHTML("document.write", Array.prototype.join.call(arguments, "") + "\n", true); }, "writeln");
	document.open = N(function open() { return document; }, "open");
	document.close = N(function close() {}, "close");
	document.hasFocus = N(function hasFocus() { return true; }, "hasFocus");
	H.stubMembers(document);

	var location = {};
	["href", "protocol", "host", "hostname", "port", "pathname", "search", "hash", "origin"].forEach(function (k) { location[k] = page[k]; });
	location.assign = N(function assign(u) { H.rec("location.assign", str(u)); }, "assign");
	location.replace = N(function replace(u) { H.rec("location.replace", str(u)); }, "replace");
	location.reload = N(function reload() {}, "reload");
	location.toString = N(function toString() { return page.href; }, "toString");
	Object.defineProperty(location, "href", {
		get: function () { return page.href; }, set: function (u) { H.rec("location.href", str(u)); }, enumerable: true
	});
	H.stubMembers(location);
	var setLoc = function (u) { H.rec("location", str(u)); };
	Object.defineProperty(document, "location", {get: function () { return location; }, set: setLoc, enumerable: true});
	Object.defineProperty(document, "URL", {value: page.href, enumerable: true});
	Object.defineProperty(G, "location", {get: function () { return location; }, set: setLoc, enumerable: true, configurable: false});

	var navigator = {
		userAgent: page.userAgent, appVersion: page.userAgent.replace(/^Mozilla\//, ""), appName: "Netscape",
		appCodeName: "Mozilla", product: "Gecko", vendor: "Google Inc.", platform: "Win32", language: "en-US",
		languages: ["en-US", "en"], cookieEnabled: true, onLine: true, webdriver: false, doNotTrack: null,
		hardwareConcurrency: 8, deviceMemory: 8, maxTouchPoints: 0, plugins: [], mimeTypes: [],
		sendBeacon: N(function sendBeacon(u) { H.rec("sendBeacon", str(u)); return true; }, "sendBeacon"),
		javaEnabled: N(function javaEnabled() { return false; }, "javaEnabled")
	};
	H.stubMembers(navigator);

	function Storage() { Object.defineProperty(this, "__d", {value: {}, enumerable: false}); }
	Storage.prototype.getItem = N(function getItem(k) { k = String(k); return Object.prototype.hasOwnProperty.call(this.__d, k) ? this.__d[k] : null; }, "getItem");
	Storage.prototype.setItem = N(function setItem(k, v) { this.__d[String(k)] = str(v); }, "setItem");
	Storage.prototype.removeItem = N(function removeItem(k) { delete this.__d[String(k)]; }, "removeItem");
	Storage.prototype.clear = N(function clear() { for (var k in this.__d) delete this.__d[k]; }, "clear");
	Storage.prototype.key = N(function key(i) { return Object.keys(this.__d)[i] || null; }, "key");
	Object.defineProperty(Storage.prototype, "length", {get: function () { return Object.keys(this.__d).length; }});

	function Image(w, h) {
		var e = new Element("img");
		Object.defineProperty(e, "__sink", {value: "Image", enumerable: false});
		e.width = w || 0;
		e.height = h || 0;
		e.ownerDocument = document;
		return e;
	}
	function Audio(u) {
		var e = new Element("audio");
		if (u !== undefined) e.src = u;
		return e;
	}

	function XMLHttpRequest() {
		all.push(this);
		this.readyState = 0;
		this.status = 0;
		this.responseText = "";
		this.response = "";
		this.responseType = "";
		this.withCredentials = false;
		H.stubMembers(this);
	}
	XMLHttpRequest.prototype = Object.create(EventTarget.prototype);
	XMLHttpRequest.prototype.open = N(function open(m, u) { H.rec("XMLHttpRequest.open", str(u)); this.readyState = 1; }, "open");
	XMLHttpRequest.prototype.setRequestHeader = N(function setRequestHeader() {}, "setRequestHeader");
	XMLHttpRequest.prototype.getResponseHeader = N(function getResponseHeader() { return null; }, "getResponseHeader");
	XMLHttpRequest.prototype.getAllResponseHeaders = N(function getAllResponseHeaders() { return ""; }, "getAllResponseHeaders");
	XMLHttpRequest.prototype.overrideMimeType = N(function overrideMimeType() {}, "overrideMimeType");
	XMLHttpRequest.prototype.abort = N(function abort() {}, "abort");
	XMLHttpRequest.prototype.send = N(function send() {
		var x = this;
		G.setTimeout(function () {
			x.readyState = 4;
			x.status = 200;
			x.statusText = "OK";
			dispatch(x, "readystatechange");
			dispatch(x, "load");
			dispatch(x, "loadend");
		}, 1);
	}, "send");
	XMLHttpRequest.UNSENT = 0; XMLHttpRequest.OPENED = 1; XMLHttpRequest.DONE = 4;

	function Response() { this.ok = true; this.status = 200; this.statusText = "OK"; this.headers = {get: function () { return null; }}; }
	Response.prototype.text = N(function text() { return Promise.resolve(""); }, "text");
	Response.prototype.json = N(function json() { return Promise.resolve({}); }, "json");
	Response.prototype.blob = N(function blob() { return Promise.resolve({size: 0, type: ""}); }, "blob");
	Response.prototype.arrayBuffer = N(function arrayBuffer() { return Promise.resolve(new ArrayBuffer(0)); }, "arrayBuffer");
	function fetch(input) {
		H.rec("fetch", input && typeof input === "object" && "url" in input ? str(input.url) : str(input));
		return Promise.resolve(new Response());
	}
	function Request(u, o) { this.url = str(u); this.method = (o && o.method) || "GET"; }
	function WebSocket(u) {
		H.rec("WebSocket", str(u));
		all.push(this);
		this.url = str(u);
		this.readyState = 1;
		var w = this;
		G.setTimeout(function () { dispatch(w, "open"); }, 1);
	}
	WebSocket.prototype = Object.create(EventTarget.prototype);
	WebSocket.prototype.send = N(function send() {}, "send");
	WebSocket.prototype.close = N(function close() {}, "close");
	function EventSource(u) { H.rec("EventSource", str(u)); all.push(this); this.url = str(u); this.readyState = 1; }
	EventSource.prototype = Object.create(EventTarget.prototype);
	EventSource.prototype.close = N(function close() {}, "close");
	function Worker(u) { H.rec("Worker", str(u)); }
	Worker.prototype = Object.create(EventTarget.prototype);
	Worker.prototype.postMessage = N(function postMessage() {}, "postMessage");
	Worker.prototype.terminate = N(function terminate() {}, "terminate");

	function MutationObserver(fn) { this.fn = fn; }
	MutationObserver.prototype.observe = N(function observe() {}, "observe");
	MutationObserver.prototype.disconnect = N(function disconnect() {}, "disconnect");
	function FormData(f) {
		var d = [];
		if (f && f.elements) for (var i = 0; i < f.elements.length; i++) d.push([f.elements[i].name, f.elements[i].value]);
		this.__d = d;
	}
	FormData.prototype.append = N(function append(k, v) { this.__d.push([String(k), str(v)]); }, "append");
	FormData.prototype.get = N(function get(k) { for (var i = 0; i < this.__d.length; i++) if (this.__d[i][0] === k) return this.__d[i][1]; return null; }, "get");
	FormData.prototype.entries = N(function entries() { return this.__d[Symbol.iterator](); }, "entries");
	function URLSearchParams(s) { this.__s = str(s || ""); }
	URLSearchParams.prototype.toString = N(function toString() { return this.__s; }, "toString");
	URLSearchParams.prototype.append = N(function append(k, v) { this.__s += (this.__s ? "&" : "") + encodeURIComponent(k) + "=" + encodeURIComponent(v); }, "append");
	function URL(u, b) {
		u = str(u);
		if (!/^[a-z][a-z0-9+.-]*:/i.test(u) && b !== undefined) u = str(b).replace(/\/[^\/]*$/, "/") + u.replace(/^\//, "");
		var m = /^([a-z][a-z0-9+.-]*:)\/\/([^\/?#:]*)(?::(\d+))?([^?#]*)(\?[^#]*)?(#.*)?$/i.exec(u);
		if (!m) throw new TypeError("Failed to construct 'URL': Invalid URL");
		this.href = u; this.protocol = m[1]; this.hostname = m[2]; this.port = m[3] || "";
		this.host = m[2] + (m[3] ? ":" + m[3] : ""); this.pathname = m[4] || "/"; this.search = m[5] || ""; this.hash = m[6] || "";
		this.origin = m[1] + "//" + this.host;
	}
	URL.prototype.toString = N(function toString() { return this.href; }, "toString");

	var ctors = {Element: Element, HTMLElement: Element, Node: Node, EventTarget: EventTarget, Image: Image, Audio: Audio,
		XMLHttpRequest: XMLHttpRequest, WebSocket: WebSocket, EventSource: EventSource, Worker: Worker,
		MutationObserver: MutationObserver, FormData: FormData, URLSearchParams: URLSearchParams, URL: URL,
		Storage: Storage, Request: Request, Response: Response, HTMLFormElement: Element, HTMLInputElement: Element,
		HTMLScriptElement: Element, HTMLDocument: EventTarget, Document: EventTarget};
	for (var k in ctors) hidden(k, N(ctors[k], k));
	hidden("fetch", N(fetch, "fetch"));
	hidden("document", document);
	hidden("navigator", navigator);
	hidden("localStorage", new Storage());
	hidden("sessionStorage", new Storage());
	["window", "self", "top", "parent", "frames"].forEach(function (k) { hidden(k, G); });
	hidden("opener", null);
	hidden("frameElement", null);
	hidden("name", "");
	hidden("closed", false);
	hidden("length", 0);
	hidden("origin", page.origin);
	hidden("isSecureContext", true);
	hidden("innerWidth", 1366); hidden("innerHeight", 768); hidden("outerWidth", 1366); hidden("outerHeight", 860);
	hidden("devicePixelRatio", 1); hidden("scrollX", 0); hidden("scrollY", 0); hidden("pageXOffset", 0); hidden("pageYOffset", 0);
	hidden("screen", {width: 1920, height: 1080, availWidth: 1920, availHeight: 1040, colorDepth: 24, pixelDepth: 24});
	hidden("history", {length: 2, state: null, pushState: N(function pushState() {}), replaceState: N(function replaceState() {}), back: N(function back() {})});
	hidden("performance", {now: N(function now() { return 1234.5; }), timing: {navigationStart: 0}, getEntriesByType: N(function getEntriesByType() { return []; })});
	hidden("crypto", {getRandomValues: N(function getRandomValues(a) { for (var i = 0; i < a.length; i++) a[i] = Math.floor(Math.random() * 256); return a; })});
	var noop = function () {};
	hidden("console", {log: N(noop, "log"), info: N(noop, "info"), warn: N(noop, "warn"), error: N(noop, "error"), debug: N(noop, "debug"), trace: N(noop, "trace"), dir: N(noop, "dir"), table: N(noop, "table"), clear: N(noop, "clear")});
	["alert", "focus", "blur", "scrollTo", "scroll", "print", "stop", "close", "postMessage", "moveTo", "resizeTo"].forEach(function (k) { hidden(k, N(function () {}, k)); });
	hidden("confirm", N(function confirm() { return true; }));
	hidden("prompt", N(function prompt() { return ""; }));
	hidden("open", N(function open(u) { H.rec("window.open", str(u)); return null; }));
	hidden("getComputedStyle", N(function getComputedStyle() { return {getPropertyValue: N(function getPropertyValue() { return ""; })}; }));
	hidden("matchMedia", N(function matchMedia() { return {matches: false, addListener: N(noop, "addListener"), addEventListener: N(noop, "addEventListener")}; }));
	hidden("requestAnimationFrame", N(function requestAnimationFrame(fn) { return G.setTimeout(fn, 16); }));
	hidden("cancelAnimationFrame", N(function cancelAnimationFrame(id) { G.clearTimeout(id); }));
	hidden("requestIdleCallback", N(function requestIdleCallback(fn) { return G.setTimeout(fn, 50); }));
	hidden("queueMicrotask", N(function queueMicrotask(fn) { Promise.resolve().then(fn); }));
	hidden("addEventListener", EventTarget.prototype.addEventListener);
	hidden("removeEventListener", EventTarget.prototype.removeEventListener);
	hidden("dispatchEvent", EventTarget.prototype.dispatchEvent);
	hidden("attachEvent", EventTarget.prototype.attachEvent);
	hidden("Event", N(function Event(t) { return makeEvent(str(t), null); }, "Event"));
	hidden("CustomEvent", N(function CustomEvent(t, o) { var e = makeEvent(str(t), null); e.detail = o && o.detail; return e; }, "CustomEvent"));
	all.push(G);
	H.stubMembers(G);

	// A jQuery-like $: enough of the API that loaders and skimmers use.
	function wrap(els) {
		var w = Object.create(jq.fn);
		for (var i = 0; i < els.length; i++) w[i] = els[i];
		w.length = els.length;
		return w;
	}
	function jq(a, ctx) {
		if (typeof a === "function") { G.setTimeout(function () { a.call(document, jq); }, 0); return wrap([document]); }
		if (a === undefined || a === null) return wrap([]);
		if (typeof a === "string") {
			var s = a.trim();
			if (s.charAt(0) === "<") { writeHTML("jQuery.html", s, false); var m = /^<([a-z0-9]+)/i.exec(s); return wrap([document.createElement(m ? m[1] : "div")]); }
			return wrap(query(s, html, true));
		}
		if (a.length !== undefined && typeof a !== "function" && a !== G && !a.tagName) return wrap(Array.prototype.slice.call(a));
		return wrap([a]);
	}
	function deferred() {
		var d = {};
		["done", "fail", "always", "then", "catch", "success", "error", "complete"].forEach(function (k) {
			d[k] = N(function (fn) { return d; }, k);
		});
		d.readyState = 4;
		d.status = 200;
		d.abort = N(function abort() {});
		return d;
	}
	function request(sink, u, o) {
		if (u && typeof u === "object") { o = u; u = o.url; }
		H.rec(sink, str(u === undefined ? page.href : u));
		var fn = typeof o === "function" ? o : o && (o.success || o.complete);
		if (typeof fn === "function") G.setTimeout(function () { fn(sink === "jQuery.getJSON" ? {} : "", "success", deferred()); }, 1);
		return deferred();
	}
	jq.fn = jq.prototype = {
		jquery: "3.6.0",
		each: N(function each(fn) { for (var i = 0; i < this.length; i++) fn.call(this[i], i, this[i]); return this; }),
		on: N(function on(t) {
			var fn = arguments[arguments.length - 1];
			var types = String(t).split(/\s+/);
			return this.each(function () { for (var i = 0; i < types.length; i++) if (this.addEventListener) this.addEventListener(types[i].split(".")[0], fn); });
		}),
		ready: N(function ready(fn) { G.setTimeout(function () { fn.call(document, jq); }, 0); return this; }),
		val: N(function val(v) { if (v === undefined) return this[0] ? this[0].value : undefined; return this.each(function () { this.value = v; }); }),
		attr: N(function attr(k, v) { if (v === undefined) return this[0] ? this[0].getAttribute(k) : undefined; return this.each(function () { this.setAttribute(k, v); }); }),
		prop: N(function prop(k, v) { if (v === undefined) return this[0] ? this[0][k] : undefined; return this.each(function () { this[k] = v; }); }),
		html: N(function html(v) { if (v === undefined) return this[0] ? this[0].innerHTML : undefined; return this.each(function () { this.innerHTML = v; }); }),
		text: N(function text(v) { if (v === undefined) return this[0] ? this[0].textContent : ""; return this.each(function () { this.textContent = v; }); }),
		append: N(function append(v) { writeHTML("jQuery.append", typeof v === "string" ? v : "", true); return this; }),
		find: N(function find(s) { return wrap(this[0] ? query(String(s), this[0], false) : []); }),
		serialize: N(function serialize() { return this[0] && this[0].elements ? Array.prototype.map.call(this[0].elements, function (e) { return encodeURIComponent(e.name) + "=" + encodeURIComponent(e.value); }).join("&") : ""; }),
		css: N(function css() { return this; }), show: N(function show() { return this; }), hide: N(function hide() { return this; }),
		addClass: N(function addClass() { return this; }), removeClass: N(function removeClass() { return this; }),
		trigger: N(function trigger(t) { return this.each(function () { dispatch(this, String(t)); }); }),
		first: N(function first() { return wrap(this.length ? [this[0]] : []); }),
		get: N(function get(i) { return i === undefined ? Array.prototype.slice.call(this) : this[i]; })
	};
	["click", "submit", "change", "blur", "focus", "keyup", "keydown", "input", "load", "mousedown"].forEach(function (t) {
		jq.fn[t] = N(function (fn) { return fn ? this.on(t, fn) : this.trigger(t); }, t);
	});
	jq.ajax = N(function ajax(u, o) { return request("jQuery.ajax", u, o); }, "ajax");
	jq.get = N(function get(u, d, fn) { return request("jQuery.get", u, typeof d === "function" ? d : fn); }, "get");
	jq.post = N(function post(u, d, fn) { return request("jQuery.post", u, typeof d === "function" ? d : fn); }, "post");
	jq.getJSON = N(function getJSON(u, d, fn) { return request("jQuery.getJSON", u, typeof d === "function" ? d : fn); }, "getJSON");
	jq.getScript = N(function getScript(u, fn) { return request("jQuery.getScript", u, fn); }, "getScript");
	jq.each = N(function each(o, fn) { if (o && o.length !== undefined) { for (var i = 0; i < o.length; i++) fn.call(o[i], i, o[i]); } else { for (var k in o) fn.call(o[k], k, o[k]); } return o; });
	jq.extend = N(function extend() { var t = arguments[0] || {}; for (var i = 1; i < arguments.length; i++) for (var k in arguments[i]) t[k] = arguments[i][k]; return t; });
	jq.param = N(function param(o) { var p = []; for (var k in o) p.push(encodeURIComponent(k) + "=" + encodeURIComponent(o[k])); return p.join("&"); });
	jq.isFunction = N(function isFunction(f) { return typeof f === "function"; });
	jq.trim = N(function trim(s) { return str(s).trim(); });
	jq.noConflict = N(function noConflict() { return jq; });
	jq.Deferred = N(function Deferred() { return deferred(); });
	hidden("jQuery", N(jq, "jQuery"));
	hidden("$", jq);
})
