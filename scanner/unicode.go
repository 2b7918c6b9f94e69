package scanner

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// Transcode returns UTF-16 or UTF-32 text (see Read: with a byte-order mark, or recognised by
// where its NUL bytes fall) as UTF-8 without the mark, and false for anything else, which it
// leaves alone. Lines and characters of the result are those of data, so a line number or
// column found in the result is one of the file.
func Transcode(data []byte) ([]byte, bool) {
	head := data[:min(len(data), binarySniff)]
	if !mayBeUTF16or32(data, head) {
		return data, false
	}
	f, bom, ok := sniffUnicode(data)
	if !ok {
		return data, false
	}
	return toUTF8(data[bom:], f), true
}

// A unicodeForm is a Unicode encoding other than UTF-8 that Read turns into UTF-8: UTF-16 or
// UTF-32, little or big endian.
type unicodeForm struct {
	width     int // bytes per code unit: 2 or 4
	bigEndian bool
}

// unit returns the code unit at b[0:f.width].
func (f unicodeForm) unit(b []byte) rune {
	if f.width == 2 {
		if f.bigEndian {
			return rune(b[0])<<8 | rune(b[1])
		}
		return rune(b[1])<<8 | rune(b[0])
	}
	if f.bigEndian {
		return rune(b[0])<<24 | rune(b[1])<<16 | rune(b[2])<<8 | rune(b[3])
	}
	return rune(b[3])<<24 | rune(b[2])<<16 | rune(b[1])<<8 | rune(b[0])
}

var (
	utf16LE = unicodeForm{2, false}
	utf16BE = unicodeForm{2, true}
	utf32LE = unicodeForm{4, false}
	utf32BE = unicodeForm{4, true}
)

// mayBeUTF16or32 is the cheap test that Read runs on every file: a byte-order mark of UTF-16 or
// UTF-32, or a NUL byte in head (which UTF-8 text never has).
func mayBeUTF16or32(data, head []byte) bool {
	return len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF ||
		data[0] == 0 && bytes.HasPrefix(data, []byte{0, 0, 0xFE, 0xFF})) ||
		bytes.IndexByte(head, 0) >= 0
}

// sniffUnicode recognises UTF-16 and UTF-32 text and returns its form and the length of its
// byte-order mark: by the mark, or without one by the NUL bytes that characters below U+0100
// leave in every second byte (UTF-16) or in three bytes of four (UTF-32). Either way the first
// 8 KiB must read as text: valid code units, no NUL and no control characters but white space
// and escape. A genuine binary fails that test.
func sniffUnicode(data []byte) (f unicodeForm, bom int, ok bool) {
	head := data[:min(len(data), binarySniff)]
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE, 0, 0}) && textual(head[4:], utf32LE, 0):
		return utf32LE, 4, true
	case bytes.HasPrefix(head, []byte{0, 0, 0xFE, 0xFF}) && textual(head[4:], utf32BE, 0):
		return utf32BE, 4, true
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}) && textual(head[2:], utf16LE, 0):
		return utf16LE, 2, true
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}) && textual(head[2:], utf16BE, 0):
		return utf16BE, 2, true
	}
	// Without a mark, at least half of the characters must lie below U+0100 (markup, code,
	// configuration: what is worth scanning) for the NUL pattern to say something.
	for _, f := range []unicodeForm{utf32LE, utf32BE, utf16LE, utf16BE} {
		if len(data)%f.width == 0 && textual(head, f, 0.5) {
			return f, 0, true
		}
	}
	return unicodeForm{}, 0, false
}

// textual reports whether b, the start of a text in form f (maybe cut inside a character), reads
// as text, with at least a share latin of its characters below U+0100.
func textual(b []byte, f unicodeForm, latin float64) bool {
	b = b[:len(b)/f.width*f.width]
	n, low := 0, 0
	for i := 0; i < len(b); i += f.width {
		r := f.unit(b[i:])
		if f.width == 2 && utf16.IsSurrogate(r) {
			if r >= 0xDC00 {
				return false // a low surrogate first
			}
			if i+2 >= len(b) {
				break // the cut fell inside the pair
			}
			r2 := f.unit(b[i+2:])
			if r = utf16.DecodeRune(r, r2); r == utf8.RuneError {
				return false
			}
			i += 2
		}
		if !utf8.ValidRune(r) || r == 0 || r < 0x20 && r != '\t' && r != '\n' && r != '\v' && r != '\f' && r != '\r' && r != 0x1B ||
			r == 0xFFFE || r == 0xFFFF {
			return false
		}
		n++
		if r < 0x100 {
			low++
		}
	}
	return n > 0 && float64(low) >= latin*float64(n)
}

// toUTF8 transcodes data (without its byte-order mark) from form f. A unit that is no character
// (a lone surrogate, a value beyond U+10FFFF) becomes U+FFFD, so that every character of the
// file is one character of the result: lines and columns count the file's own characters.
func toUTF8(data []byte, f unicodeForm) []byte {
	out := make([]byte, 0, len(data)/f.width*3/2+utf8.UTFMax)
	n := len(data) / f.width * f.width
	for i := 0; i < n; i += f.width {
		r := f.unit(data[i:])
		if f.width == 2 && utf16.IsSurrogate(r) {
			r2 := utf8.RuneError
			if r < 0xDC00 && i+2 < n {
				r2 = f.unit(data[i+2:])
			}
			if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
				r = d
				i += 2
			} else {
				r = utf8.RuneError
			}
		}
		if !utf8.ValidRune(r) {
			r = utf8.RuneError
		}
		out = utf8.AppendRune(out, r)
	}
	if n < len(data) {
		out = utf8.AppendRune(out, utf8.RuneError) // a cut last unit
	}
	return out
}
