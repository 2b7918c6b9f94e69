package decode

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"io"
)

// phpChain returns the chain after a gzinflate, gzuncompress, gzdecode or
// str_rot13 call: the base64_decode and PHP calls it wraps fold into one
// PHPChain.
func phpChain(c []Family) []Family {
	for len(c) > 0 && (c[len(c)-1] == Base64 || c[len(c)-1] == PHPChain) {
		c = c[:len(c)-1]
	}
	return with(c, PHPChain)
}

// inflate decompresses b as gzinflate (raw deflate), gzuncompress (zlib) or
// gzdecode (gzip) does, producing at most limit bytes. A result longer than
// limit comes back with ok=false and over=true.
func inflate(kind callKind, b []byte, limit int) (out []byte, ok, over bool) {
	var r io.Reader
	var err error
	switch kind {
	case callGzinflate:
		r = flate.NewReader(bytes.NewReader(b))
	case callGzuncompress:
		r, err = zlib.NewReader(bytes.NewReader(b))
	default:
		r, err = gzip.NewReader(bytes.NewReader(b))
	}
	if err != nil {
		return nil, false, false
	}
	out, err = io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if len(out) > limit {
		return nil, false, true
	}
	if err != nil && len(out) == 0 {
		return nil, false, false
	}
	return out, true, false
}
