package decode

import "unicode/utf8"

// charCodes converts String.fromCharCode arguments to UTF-8: each number is
// taken modulo 65536 as a UTF-16 code unit and surrogate pairs are joined.
func charCodes(ns []int64) []byte {
	out := make([]byte, 0, len(ns))
	for i := 0; i < len(ns); i++ {
		r := rune(uint16(ns[i]))
		if r >= 0xd800 && r < 0xdc00 && i+1 < len(ns) {
			if r2 := rune(uint16(ns[i+1])); r2 >= 0xdc00 && r2 < 0xe000 {
				r = 0x10000 + (r-0xd800)<<10 + (r2 - 0xdc00)
				i++
			}
		}
		out = utf8.AppendRune(out, r)
	}
	return out
}
