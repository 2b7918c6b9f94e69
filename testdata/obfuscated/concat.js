var a = 'https://sk' + 'im.evil' + '-cdn.exa' + 'mple/c.js';
var b = ['https://skim', 'evil-cdn', 'example/collect'].join('.');
var c = "skim#evil-cdn#example".split("#").join(".");
