package decode

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shieldscan/shieldscan/internal/refang"
	"github.com/shieldscan/shieldscan/internal/refang/refangtest"
)

// Fuzz targets: Spans never panics and keeps its spans inside the input
// (FuzzSpans), and each family's encoding of a needle decodes back to it.

func addFamilySeeds(f *testing.F, tables ...[]familyCase) {
	for _, tt := range tables {
		for _, c := range tt {
			f.Add(c.in)
		}
	}
}

func FuzzSpans(f *testing.F) {
	for _, s := range []string{"", "'", `"\x`, "atob(", "[1,2,3,4,5,6]", "eval(function(p,a,c,k,e,d){", "&#", "%u", "//0x", "\xff"} {
		f.Add(s)
	}
	addFamilySeeds(f, base64Cases(), hexCases(), charCodeCases(), concatCases(), reversedCases(), ipCases(), byteShiftCases())
	f.Add(escapedPack("var s='" + testURL + "';"))
	f.Add("<?php $d = base64_decode('ZXZpbC5leGFtcGxl'); $d .= 'x'; $u = base64_decode('aHR0cHM6Ly8=').$d; echo $d . $u; ?>")
	f.Fuzz(func(t *testing.T, in string) {
		spans, _ := Spans([]byte(in), Options{Budget: 1 << 20})
		checkBounds(t, in, spans)
		// With one layer the probes below the depth limit run on small inputs.
		r := Find([]byte(in), Options{Budget: 1 << 20, MaxDepth: 1})
		checkBounds(t, in, r.Spans)
		checkLimits(t, in, r.Limits)
	})
}

// checkLimits checks that limits lie inside the input, in order, with a kind.
func checkLimits(t *testing.T, in string, limits []Limit) {
	t.Helper()
	for k, l := range limits {
		if l.Offset < 0 || l.Offset >= len(in) || l.Kind.String() == "unknown" {
			t.Fatalf("Find(%q): limit %v outside input of %d bytes", in, l, len(in))
		}
		if k > 0 && l.Offset < limits[k-1].Offset {
			t.Fatalf("Find(%q): limits %v out of order", in, limits)
		}
	}
}

// roundTrip checks that Spans finds needle in the decoding of in.
func roundTrip(t *testing.T, in, needle string, chain string) {
	t.Helper()
	spans, truncated := Spans([]byte(in), Options{})
	checkBounds(t, in, spans)
	if truncated {
		return
	}
	if findSpan(in, spans, chain, needle, "") < 0 {
		t.Errorf("Spans(%q) = %v, want %s span holding %q", in, fmtSpans(in, spans), chain, needle)
	}
}

// needleOK restricts fuzzed needles to what an alerted resource looks like:
// printable ASCII without quotes or backslashes, with a letter.
func needleOK(s string) bool {
	if len(s) < 4 || len(s) > 200 {
		return false
	}
	letter := false
	for i := range len(s) {
		c := s[i]
		if c < 0x21 || c > 0x7e || c == '\'' || c == '"' || c == '`' || c == '\\' {
			return false
		}
		letter = letter || isAlpha(c)
	}
	return letter
}

func hostSeeds(f *testing.F) {
	for _, s := range []string{testURL, "skim.evil-cdn.example", "203.0.113.7", "https://a.example/x?y=1&z=2", "abcd"} {
		f.Add(s)
	}
}

// fuzzFamily fuzzes needles through each encoder: Spans must find the
// needle with the given chain. An encoder returns "" to skip a needle.
func fuzzFamily(f *testing.F, chain string, encs ...func(string) string) {
	hostSeeds(f)
	f.Fuzz(func(t *testing.T, needle string) {
		if !needleOK(needle) {
			t.Skip()
		}
		for _, enc := range encs {
			if in := enc(needle); in != "" {
				roundTrip(t, in, needle, chain)
			}
		}
	})
}

func FuzzBase64(f *testing.F) {
	fuzzFamily(f, "base64",
		func(s string) string { return "x = atob('" + b64(s) + "');" },
		func(s string) string {
			if len(s) < 12 {
				return "" // too short to stand alone
			}
			return "x = '" + b64(s) + "';"
		},
		func(s string) string {
			if len(s) < 18 {
				return "" // too short behind a prefix
			}
			return "x = 'sha384-" + b64(s) + "';" // decoded by x.slice(7)
		})
}

func FuzzHexEscape(f *testing.F) {
	fuzzFamily(f, "hex-escape", func(s string) string { return "u = '" + hexEsc(s, 1) + "';" })
}

func FuzzUnicodeEscape(f *testing.F) {
	fuzzFamily(f, "unicode-escape", func(s string) string { return `u = "` + uniEsc(s) + `";` })
}

func FuzzOctalEscape(f *testing.F) {
	fuzzFamily(f, "octal-escape", func(s string) string { return `u = "` + octEsc(s) + `";` })
}

func FuzzCharCode(f *testing.F) {
	fuzzFamily(f, "charcode",
		func(s string) string { return "u = String.fromCharCode(" + codes(s, false) + ");" },
		func(s string) string { return "<?php $u = " + chrChain(s) + "; ?>" })
}

func FuzzURLEncoded(f *testing.F) {
	fuzzFamily(f, "url-encoded", func(s string) string { return "u = '" + pctAll(s) + "';" })
}

func FuzzHTMLEntity(f *testing.F) {
	fuzzFamily(f, "html-entity",
		func(s string) string { return `<a href="` + entities(s, false) + `">` },
		func(s string) string { return `<a href="` + entities(s, true) + `">` })
}

func FuzzConcat(f *testing.F) {
	fuzzFamily(f, "concat",
		func(s string) string { return "u = '" + s[:len(s)/2] + "' + '" + s[len(s)/2:] + "';" },
		func(s string) string { return "u = ['" + s[:len(s)/2] + "', '" + s[len(s)/2:] + "'].join('');" })
}

func FuzzReversed(f *testing.F) {
	fuzzFamily(f, "reversed",
		func(s string) string { return "u = '" + rev(s) + "'.split('').reverse().join('');" },
		func(s string) string { return "<?php $u = strrev('" + rev(s) + "'); ?>" })
}

func FuzzIPNumeric(f *testing.F) {
	f.Add(uint32(3405803783))
	f.Add(uint32(1<<24 + 1))
	f.Fuzz(func(t *testing.T, n uint32) {
		if n < 1<<24 {
			t.Skip()
		}
		want := string(quad([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}))
		for _, host := range []string{
			strconvU(uint64(n), 10),
			"0x" + strconvU(uint64(n), 16),
			"0" + strconvU(uint64(n), 8),
			"0x" + strconvU(uint64(n>>24), 16) + ".0" + strconvU(uint64(n>>16&255), 8) + "." + strconvU(uint64(n&0xffff), 10),
		} {
			roundTrip(t, "i.src = 'http://"+host+"/p.gif';", want, "ip-numeric")
		}
	})
}

func strconvU(n uint64, base int) string {
	const digits = "0123456789abcdef"
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= uint64(base) {
		b = append([]byte{digits[n%uint64(base)]}, b...)
	}
	return string(b)
}

func FuzzPunycode(f *testing.F) {
	f.Add("skіm")
	f.Add("bücher")
	f.Fuzz(func(t *testing.T, label string) {
		if !utf8.ValidString(label) || len(label) > 60 || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			t.Skip()
		}
		for _, r := range label {
			if r == '.' || !isHostRune(r) {
				t.Skip() // the decoder reads letters, marks and digits only
			}
		}
		host := label + ".example"
		ace, ok := toALabel([]byte(host))
		if !ok {
			t.Skip()
		}
		roundTrip(t, "s.src = 'https://"+host+"/c.js';", ace, "punycode")
	})
}

func FuzzDefanged(f *testing.F) {
	hostSeeds(f)
	for _, c := range refangtest.Cases(f) {
		if c.Outcome != refangtest.Refused {
			f.Add(c.Canonical)
		}
	}
	f.Fuzz(func(t *testing.T, needle string) {
		if !needleOK(needle) || !strings.Contains(needle, ".") || strings.ContainsAny(needle, "[](){}|^<>%&,") {
			t.Skip()
		}
		if s, changed := refang.String(needle); changed || s != needle || refang.Text([]byte(needle)) != nil {
			t.Skip() // a needle that is itself defanged text ("hxxp://…", "http//…")
		}
		// Only dots between host characters are defanged.
		var b strings.Builder
		for i := range len(needle) {
			if needle[i] == '.' && i > 0 && i+1 < len(needle) && isHostByte(needle[i-1]) && isHostByte(needle[i+1]) {
				b.WriteString("[.]")
			} else {
				b.WriteByte(needle[i])
			}
		}
		if b.Len() == len(needle) {
			t.Skip()
		}
		roundTrip(t, "// seen: "+b.String()+" today", needle, "defanged")
	})
}

func FuzzPHPChain(f *testing.F) {
	fuzzFamily(f, "php-chain",
		func(s string) string { return "<?php eval(gzinflate(base64_decode('" + b64b(deflate(s)) + "'))); ?>" },
		func(s string) string { return "<?php $u = str_rot13('" + rot13(s) + "'); ?>" })
}

func FuzzPacker(f *testing.F) {
	f.Add("var s='" + testURL + "';")
	f.Add("a b c a b c")
	f.Fuzz(func(t *testing.T, script string) {
		if !needleOK(strings.ReplaceAll(script, " ", "_")) {
			t.Skip()
		}
		spans, _ := Spans([]byte(pack(script, 62)), Options{})
		for _, s := range spans {
			if ChainString(s.Chain) == "packer" && bytes.Equal(s.Text, []byte(script)) {
				return
			}
		}
		t.Errorf("Spans(pack(%q)) = %v, want packer span with the script", script, spans)
	})
}

func FuzzShift(f *testing.F) {
	f.Add("skim.evil-cdn.example", 3)
	f.Fuzz(func(t *testing.T, s string, k int) {
		got := Shift(Shift([]byte(s), k), -k)
		if string(got) != s {
			t.Errorf("Shift(Shift(%q, %d), %d) = %q, want the input", s, k, -k, got)
		}
	})
}

// addressNeedle restricts fuzzed needles further to text with a hostname or
// address in it, which the by-value decoders require.
func addressNeedle(s string) bool { return needleOK(s) && hasAddress([]byte(s)) }

func FuzzCharCodeByValue(f *testing.F) {
	hostSeeds(f)
	f.Fuzz(func(t *testing.T, needle string) {
		if !addressNeedle(needle) || len(needle) < minCodes {
			t.Skip()
		}
		for _, in := range []string{
			"u = String['fromCharCode'](" + codes(needle, false) + ");",
			"var f = String.fromCharCode; u = f(" + codes(needle, true) + ");",
			"u = a[b(3, 9)](" + codes(needle, false) + ");",
			"var t = [" + codes(needle, false) + "];",
		} {
			roundTrip(t, in, needle, "charcode")
		}
	})
}

func FuzzByteShift(f *testing.F) {
	for _, k := range []int{-5, -1, 1, 5} {
		f.Add("skim.evil-cdn.example", "/c.js", k)
	}
	f.Add("203.0.113.7", "p?a=1&b=2", 2)
	f.Fuzz(func(t *testing.T, host, path string, k int) {
		if k = k % (maxShift + 1); k == 0 || len(host) < shiftMinHost || !isAddress([]byte(host)) || strings.IndexFunc(host, func(r rune) bool { return r > 0x7f || !isHostChar(byte(r)) }) >= 0 || !needleOK("x"+path) {
			t.Skip()
		}
		path = "/" + strings.TrimPrefix(path, "/") // a path, not more of the host
		for _, u := range []string{"https://" + host + path, "//" + host + path} {
			in := shiftBy(u, k)
			if strings.ContainsAny(in, "'\\\n") || !utf8.ValidString(in) || hasControl(in) {
				continue // the shifted text would end or escape its literal
			}
			roundTrip(t, "var s = d('"+in+"', "+strconvU(uint64(max(k, -k)), 10)+");", u, "shift")
		}
	})
}

// hasControl reports whether s holds an ASCII control character.
func hasControl(s string) bool {
	for i := range len(s) {
		if s[i] < 0x20 || s[i] == 0x7f {
			return true
		}
	}
	return false
}

func FuzzPackerEscaped(f *testing.F) {
	f.Add("var s='" + testURL + "';")
	f.Add("a b c a b c")
	f.Fuzz(func(t *testing.T, script string) {
		if !needleOK(strings.ReplaceAll(script, " ", "_")) || strings.Contains(script, "|") {
			t.Skip()
		}
		in := escapedPack(script)
		spans, _ := Spans([]byte(in), Options{})
		checkBounds(t, in, spans)
		for _, s := range spans {
			if ChainString(s.Chain) == "hex-escape>packer" && bytes.Equal(s.Text, []byte(script)) {
				return
			}
		}
		t.Errorf("Spans(escapedPack(%q)) = %v, want hex-escape>packer span with the script", script, fmtSpans(in, spans))
	})
}

func FuzzPHPHalves(f *testing.F) {
	hostSeeds(f)
	f.Fuzz(func(t *testing.T, needle string) {
		if !needleOK(needle) {
			t.Skip()
		}
		a, b := needle[:len(needle)/2], needle[len(needle)/2:]
		roundTrip(t, "<?php $u = base64_decode('"+b64(a)+"').base64_decode('"+b64(b)+"'); ?>", needle, "php-chain")
		roundTrip(t, "<?php\n$d = base64_decode(\""+b64(b)+"\");\n$u = base64_decode(\""+b64(a)+"\").$d;\n", needle, "php-chain")
	})
}
