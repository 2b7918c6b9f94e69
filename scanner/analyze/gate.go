package analyze

import (
	"bytes"
	"context"
	"time"

	"github.com/shieldscan/shieldscan/scanner"
	"github.com/shieldscan/shieldscan/scanner/decode"
	"github.com/shieldscan/shieldscan/scanner/emulate"
)

// Emulation is the scan's use of the sandbox: the scripts whose indicators say Suspicious run
// in scanner/emulate's child process, each for at most timeout, all of them within budget.
func Emulation(budget, timeout time.Duration) *scanner.Emulation {
	return &scanner.Emulation{
		Suspicious: Suspicious,
		Run: func(ctx context.Context, script []byte, timeout time.Duration) (*emulate.Result, error) {
			return emulate.Run(ctx, script, emulate.Options{Timeout: timeout})
		},
		Budget: budget, Timeout: timeout,
	}
}

// Suspicious reports whether the obfuscation indicators of the script src reach the
// "suspicious" verdict (a score of 20 or more), leaving out the hidden-host indicator: a scan
// matches the hosts that decoding reveals itself, and runs a script to find those it does not.
// dec is src's decoding, or nil to decode it here when needed.
//
// It is the gate of scan's emulation, called for every script of a repository, so it first
// looks, with byte searches only, for the signs without which the score cannot reach 20 (an
// eval or a write of decoded data, a packer, a string array, deep nesting, a run of escapes);
// the ordinary script lacks them and costs no regular expression and no decoding.
func Suspicious(src []byte, dec *decode.Result) bool {
	if !maySuspect(src, dec) {
		return false
	}
	if dec == nil {
		d := decode.Find(src, decode.Options{NoProseDefang: true})
		dec = &d
	}
	s, _ := score(indicators(src, scanner.NewLines(src), nil, *dec))
	return s >= suspiciousScore
}

// evalWords start the texts that evalDecodedRE and packerRE match in scripts.
var evalWords = []string{"eval", "Function", "setTimeout", "setInterval", "execScript", "document.write"}

// evalWindow is how much text after an eval word those expressions read.
const evalWindow = 96

// maySuspect is a necessary condition of Suspicious: without one of these signs, no sum of the
// indicators' weights reaches the threshold (the weights: eval-decoded, deep-nesting, packer
// and string-array reach it alone; escape-run does with long-line or high-entropy; the other
// two together do not).
func maySuspect(src []byte, dec *decode.Result) bool {
	if dec != nil {
		for _, l := range dec.Limits {
			if l.Kind == decode.LimitDepth {
				return true
			}
		}
		for _, sp := range dec.Spans {
			if len(sp.Chain) >= minNestLayers {
				return true
			}
		}
	}
	for _, w := range evalWords {
		for from := 0; ; {
			i := bytes.Index(src[from:], []byte(w))
			if i < 0 {
				break
			}
			i += from
			win := src[i:min(len(src), i+evalWindow)]
			if evalDecodedRE.Match(win) || packerRE.Match(win) {
				return true
			}
			from = i + len(w)
		}
	}
	if bytes.Contains(src, []byte("_0x")) || bytes.Contains(src, []byte("shift())")) ||
		bytes.Contains(src, []byte("shift']())")) || bytes.Contains(src, []byte(`shift"]())`)) {
		return true // a string array's identifiers or rotation
	}
	return escapeRunAt(src)
}

// escapeRunAt reports whether src holds a run of escapes as escapeRunRE counts them
// (16 backslash escapes, 24 percent-codes or entities in a row), or a list of 16 character
// codes where fromCharCode or chr is named.
func escapeRunAt(src []byte) bool {
	for from := 0; ; {
		i := bytes.IndexByte(src[from:], '\\')
		if i < 0 {
			break
		}
		i += from
		n, j := 0, i
		for j < len(src) && src[j] == '\\' {
			k := escapeLen(src[j:])
			if k == 0 {
				break
			}
			n++
			j += k
		}
		if n >= minEscapeRun {
			return true
		}
		from = max(j, i+1)
	}
	for from := 0; ; {
		i := bytes.IndexByte(src[from:], '%')
		if i < 0 {
			break
		}
		i += from
		n, j := 0, i
		for j+2 < len(src) && src[j] == '%' && isHexByte(src[j+1]) && isHexByte(src[j+2]) {
			n++
			j += 3
		}
		if n >= 24 {
			return true
		}
		from = max(j, i+1)
	}
	for from := 0; ; {
		i := bytes.Index(src[from:], []byte("&#"))
		if i < 0 {
			break
		}
		i += from
		n, j := 0, i
		for k := entityLen(src[j:]); k > 0; k = entityLen(src[j:]) {
			n++
			j += k
		}
		if n >= 24 {
			return true
		}
		from = max(j, i+1)
	}
	// Character-code lists: escapeRunRE reads them after fromCharCode or chr, codeListRE
	// anywhere once one of those is named.
	named := false
	for _, w := range []string{"fromCharCode", "chr("} {
		for from := 0; ; {
			i := bytes.Index(src[from:], []byte(w))
			if i < 0 {
				break
			}
			named = true
			i += from
			if escapeRunRE.Match(src[i:min(len(src), i+1024)]) {
				return true
			}
			from = i + len(w)
		}
	}
	return named && codeListRE.Match(src)
}

// entityLen is the length of the character reference (&#NN; or &#xHH;) at the start of s, 0
// when there is none.
func entityLen(s []byte) int {
	if len(s) < 3 || s[0] != '&' || s[1] != '#' {
		return 0
	}
	j := 2
	hex := s[j] == 'x' || s[j] == 'X'
	if hex {
		j++
	}
	d := j
	for j < len(s) && j-d < 7 && (hex && isHexByte(s[j]) || !hex && s[j] >= '0' && s[j] <= '9') {
		j++
	}
	if j == d {
		return 0
	}
	if j < len(s) && s[j] == ';' {
		j++
	}
	return j
}

// escapeLen is the length of the backslash escape at the start of s, 0 when there is none.
func escapeLen(s []byte) int {
	if len(s) < 2 {
		return 0
	}
	hexN := func(from, n int) bool {
		if len(s) < from+n {
			return false
		}
		for _, c := range s[from : from+n] {
			if !isHexByte(c) {
				return false
			}
		}
		return true
	}
	switch c := s[1]; {
	case c == 'x' && hexN(2, 2):
		return 4
	case c == 'u' && hexN(2, 4):
		return 6
	case c == 'u' && len(s) > 3 && s[2] == '{':
		if k := bytes.IndexByte(s[3:min(len(s), 10)], '}'); k > 0 && hexN(3, k) {
			return 4 + k
		}
	case c >= '0' && c <= '7' && len(s) >= 4 && s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7':
		return 4
	}
	return 0
}

func isHexByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
