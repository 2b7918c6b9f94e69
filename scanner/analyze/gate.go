package analyze

import (
	"bytes"
	"context"
	"slices"
	"time"

	"github.com/shieldscan/shieldscan/scanner"
	"github.com/shieldscan/shieldscan/scanner/decode"
	"github.com/shieldscan/shieldscan/scanner/emulate"
)

// Emulation is the scan's use of the sandbox: the scripts whose indicators say Suspicious run
// in scanner/emulate's child processes (one kept per worker, GOMAXPROCS of them, each running
// one script after another), each for at most timeout, all of them within budget. The child is
// the running program started again, so its main must hand over to emulate.ChildMain when
// emulate.IsChild (see scanner/emulate).
func Emulation(budget, timeout time.Duration) *scanner.Emulation {
	return &scanner.Emulation{
		Suspicious: Suspicious,
		Sandbox:    func() scanner.Sandbox { return &sandbox{} },
		Budget:     budget, Timeout: timeout,
	}
}

// sandbox is a scan worker's emulate.Worker.
type sandbox struct{ w emulate.Worker }

func (s *sandbox) Run(ctx context.Context, script []byte, timeout time.Duration) (*emulate.Result, error) {
	return s.w.Run(ctx, script, emulate.Options{Timeout: timeout})
}

func (s *sandbox) Close() { s.w.Close() }

// Suspicious reports whether running the script src may reveal what static decoding cannot.
// It does when the script decodes itself at run time in one of the ways skimmers and droppers
// do, which no indicator weighs: a character loop with XOR (String.fromCharCode(… ^ key) in a
// script that reads charCodeAt: the XOR and RC4 of payloads, keys derived from the script's own
// text), ten or more obfuscator.io _0x identifiers, or the Windows Script Host (WScript). Else
// it does when the obfuscation indicators reach the "suspicious" verdict (a score of 20 or
// more, leaving out the hidden-host indicator: a scan matches what decoding reveals itself) and
// one of them is a sign of code built at run time (eval-decoded, packer, string-array,
// deep-nesting): an escaped literal on a long line scores as much, but the static decoder
// reads it whole.
//
// dec is src's decoding and signs its marks of self-decoding code (scanner.Signs), or nil to
// find them here. It is the gate of scan's emulation, called for every script of a repository:
// with the signs that the scan's matching pass counts at no cost, it looks only at a few bytes
// around them and around the decoder's spans (every run-time indicator wraps encoded text), so
// an ordinary script costs no regular expression and no search of its own.
func Suspicious(src []byte, dec *decode.Result, signs *scanner.Signs) bool {
	if signs == nil {
		signs = scanner.FindSigns(src)
	}
	if signs.WScript > 0 && namesWSH(src) || signs.HexIdents >= minHexIdents {
		return true
	}
	for _, at := range signs.FromCharCode {
		if signs.CharCodeAt > 0 && at < len(src) && xorInCall(src, at) {
			return true
		}
	}
	if dec == nil {
		d := decode.Find(src, decode.Options{NoProseDefang: true})
		dec = &d
	}
	// Each run-time indicator weighs suspiciousScore or more alone, so the verdict needs no
	// other indicator searched for.
	return maySuspect(src, dec) && runTimeIn(src, *dec)
}

// namesWSH reports whether src uses the Windows Script Host: "wscript" in any case at the start
// of a word and followed by a dot or a bracket (WScript.CreateObject, "wscript.shell",
// WScript["Sleep"]). Inside a word it is Flash embeds' allowScriptAccess, common in old
// libraries and templates; alone it is a name in a list, as linters keep their environments'
// globals (WScript: true). The scan's signs only count it.
func namesWSH(src []byte) bool {
	const word = "wscript"
	for from := 0; from+len(word) <= len(src); {
		i := indexFold(src[from:], word)
		if i < 0 {
			return false
		}
		at := from + i
		if (at == 0 || !isIdent(src[at-1])) && dotAfter(src, at+len(word)) {
			return true
		}
		from = at + 1
	}
	return false
}

// dotAfter reports whether a member of the object named before src[i:] is read: a dot follows,
// after spaces, or a bracket, also after the quote and bracket that close the name
// (WScript["CreateObject"], this["WScript"]["Sleep"]).
func dotAfter(src []byte, i int) bool {
	if i+1 < len(src) && (src[i] == '"' || src[i] == '\'') && src[i+1] == ']' {
		i += 2
	}
	for ; i < len(src) && isSpace(src[i]); i++ {
	}
	return i < len(src) && (src[i] == '.' || src[i] == '[')
}

// xorInCall reports whether the fromCharCode call whose name starts at at XORs in its arguments,
// read up to xorWindow bytes on: fromCharCode(c ^ k), fromCharCode.apply(null, a.map(c => c ^
// k)), String['fromCharCode'](c ^ k). A caret after the call is not its: minified libraries
// follow their surrogate-pair fromCharCode with a regular expression's ^ anchor or [^…] class.
func xorInCall(src []byte, at int) bool {
	end := min(len(src), at+xorWindow)
	depth := 0
	for i := at + len("fromCharCode"); i < end; i++ {
		switch c := src[i]; {
		case c == '(':
			depth++
		case c == ')':
			if depth <= 1 {
				return false
			}
			depth--
		case c == '^':
			if depth > 0 && src[i-1] != '[' {
				return true
			}
		case depth == 0 && c == '/' && i+1 < end && src[i+1] == '*':
			k := bytes.Index(src[i+2:end], []byte("*/")) // a comment before the call
			if k < 0 {
				return false
			}
			i += k + 3
		case depth == 0 && c != '.' && !isSpace(c) && !isIdent(c) && !member(c):
			return false // no call: the name passed as a value, or the end of a statement
		}
	}
	return false
}

// member reports whether c is part of a member read by a quoted name: String['fromCharCode'],
// .fromCharCode["apply"].
func member(c byte) bool { return c == '\'' || c == '"' || c == '`' || c == '[' || c == ']' }

// indexFold is the offset of the first ASCII-case-insensitive match of the lowercase word in b,
// or -1.
func indexFold(b []byte, word string) int {
	for i := 0; i+len(word) <= len(b); i++ {
		j := bytes.IndexAny(b[i:len(b)-len(word)+1], "wW")
		if j < 0 {
			return -1
		}
		i += j
		if bytes.EqualFold(b[i:i+len(word)], []byte(word)) {
			return i
		}
	}
	return -1
}

func isIdent(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// xorWindow is how far after a fromCharCode the XOR of a decoding loop is.
const xorWindow = 80

// runTime are the indicators of code that the script builds or decodes when it runs.
var runTime = map[IndicatorKind]bool{EvalDecoded: true, Packer: true, StringArray: true, DeepNesting: true}

// evalWords start the texts that evalDecodedRE and packerRE match in scripts.
var evalWords = []string{"eval", "Function", "setTimeout", "setInterval", "execScript", "document.write"}

// evalWindow is how far before a span an eval word is looked for, and how much text after it
// those expressions read.
const evalWindow = 96

// maySuspect is a necessary condition of a run-time indicator, read from the decoding alone:
// a depth limit or a span three layers deep (deep-nesting), a packed span (packer), or an eval
// word shortly before a span (eval-decoded: eval(atob('…')), Function('\x…')). A string array
// is let through by its _0x identifiers (Suspicious), or not at all.
func maySuspect(src []byte, dec *decode.Result) bool {
	for _, l := range dec.Limits {
		if l.Kind == decode.LimitDepth || l.Kind == decode.LimitPacker {
			return true
		}
	}
	last := -1 // spans overlap; a window is read once
	for _, sp := range dec.Spans {
		if (len(sp.Chain) >= minNestLayers || slices.Contains(sp.Chain, decode.Packer)) && scanner.Hides("", src, sp) {
			return true
		}
		if sp.Start <= last || sp.Start > len(src) {
			continue
		}
		last = sp.Start
		from := max(0, sp.Start-evalWindow)
		before := src[from:sp.Start]
		for _, w := range evalWords {
			if i := bytes.LastIndex(before, []byte(w)); i >= 0 {
				at := from + i
				win := src[at:min(len(src), at+2*evalWindow)]
				if evalDecodedRE.Match(win) || packerRE.Match(win) {
					return true
				}
			}
		}
	}
	return false
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
