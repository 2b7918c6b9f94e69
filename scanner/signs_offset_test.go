package scanner

import (
	"bytes"
	"strings"
	"testing"
)

// TestFindSignsOffsets: FindSigns's places are offsets in the script it was given, even after
// invalid UTF-8 or letters whose lowercase is longer or shorter (bytes.ToLower's copy moved
// them, and the gate then looked for the XOR of a decoding loop in the wrong place).
func TestFindSignsOffsets(t *testing.T) {
	src := []byte(strings.Repeat("\xff", 40) + "/*\u212a\u023a*/ String.fromCharCode(c.charCodeAt(i)^k)")
	s := FindSigns(src)
	want := bytes.Index(src, []byte("fromCharCode"))
	if len(s.FromCharCode) != 1 || s.FromCharCode[0] != want {
		t.Errorf("FindSigns().FromCharCode = %v, want [%d]", s.FromCharCode, want)
	}
}
