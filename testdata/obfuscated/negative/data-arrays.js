// Number arrays that are data, and code that moves character codes without hiding a host (a negative corpus sample).
var polygon = [[51.5074, -0.1278], [48.8566, 2.3522], [40.7128, -74.006]];
var points = [104, 116, 116, 112, 115, 58, 300, 420, 1024, 46, 99, 111, 109, 47];
var pngSignature = [137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 16];
var gifHeader = new Uint8Array([71, 73, 70, 56, 57, 97, 1, 0, 1, 0, 128, 0, 0, 255, 255, 255]);
var navKeys = [8, 9, 13, 16, 17, 18, 27, 33, 34, 35, 36, 37, 38, 39, 40, 45, 46];
var alphabet = [65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,97,98,99,100,101,102,103,104,105,106,107,108,109,110,111,112,113,114,115,116,117,118,119,120,121,122,48,49,50,51,52,53,54,55,56,57,43,47];
var hexDigits = String.fromCharCode.apply(null, [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);
var crcTable = [0x00000000, 0x77073096, 0xee0e612c, 0x990951ba, 0x076dc419, 0x706af48f, 0xe963a535];
var palette = [255, 99, 71, 255, 165, 0, 60, 179, 113, 106, 90, 205, 238, 130, 238];
var widths = [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333];
var greeting = String.fromCharCode(72, 101, 108, 108, 111, 44, 32, 119, 111, 114, 108, 100);
drawSeries(12, 15, 19, 22, 31, 47, 58, 64, 70, 88);
var version = [1, 12, 4, 0, 0, 7];
function rot(s, k) { var o = ''; for (var i = 0; i < s.length; i++) { o += String.fromCharCode(s.charCodeAt(i) + k); } return o; }
var label = rot('Ifmmp!xpsme', -1), query = '?page=22&sort=11&limit=33', times = '09:22 <11 =22 >33 ?44';
var css = 'a{margin:0;00px}b{width:5**}c{x:8--y}';
for(var n=0,r=[];n<256;n++){r[n]=n<128?n:n-256}var t=e.charCodeAt(0)-48,o=t>9?t-7:t;
