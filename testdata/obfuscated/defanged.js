/*
 * TODO(ops): block hxxps://skim[.]evil-cdn[.]example/c.js at the WAF,
 * also 203[.]0[.]113[.]7 which served the loader.
 */
function noop() {}
