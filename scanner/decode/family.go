package decode

import "strings"

// Family names one encoding that a decoder peels. Its String method gives the
// name used in SARIF's properties.encoding.
type Family uint8

const (
	// Base64 is standard or URL-safe base64, alone or in atob, base64_decode
	// or Buffer.from(…, 'base64').
	Base64 Family = iota + 1
	// HexEscape is \xHH inside a string literal.
	HexEscape
	// UnicodeEscape is \uHHHH or \u{H…} inside a string literal.
	UnicodeEscape
	// OctalEscape is \NNN inside a string literal.
	OctalEscape
	// CharCode is String.fromCharCode(…), a numeric array fed to it, or a
	// PHP chr(…) chain.
	CharCode
	// URLEncoded is %HH (and %uHHHH) percent-encoding.
	URLEncoded
	// HTMLEntity is a decimal, hex or named character reference.
	HTMLEntity
	// Concat is string literals joined by + or PHP's ., or an array joined
	// with .join(…).
	Concat
	// Reversed is a string reversed by .split('').reverse().join('') or
	// PHP's strrev.
	Reversed
	// IPNumeric is an IPv4 address spelled as one number or with hex or
	// octal parts, decoded to its dotted quad.
	IPNumeric
	// Punycode is a Unicode hostname, decoded to its A-label (xn--…) form.
	Punycode
	// Defanged is a defanged indicator such as hxxps://host[.]example.
	Defanged
	// PHPChain is a nest of gzinflate, gzuncompress, gzdecode, str_rot13 and
	// base64_decode calls.
	PHPChain
	// Caesar is a shift of ASCII letters along the alphabet; see Shift.
	Caesar
	// Packer is Dean Edwards' eval(function(p,a,c,k,e,d){…}) packer.
	Packer
	// ByteShift is every byte of a text moved by a constant from -5 to +5
	// (charCodeAt(i)-1), so that '.' becomes '/' and ':' becomes ';'.
	ByteShift

	familyCount // one past the last family
)

var familyNames = [...]string{
	Base64:        "base64",
	HexEscape:     "hex-escape",
	UnicodeEscape: "unicode-escape",
	OctalEscape:   "octal-escape",
	CharCode:      "charcode",
	URLEncoded:    "url-encoded",
	HTMLEntity:    "html-entity",
	Concat:        "concat",
	Reversed:      "reversed",
	IPNumeric:     "ip-numeric",
	Punycode:      "punycode",
	Defanged:      "defanged",
	PHPChain:      "php-chain",
	Caesar:        "caesar",
	Packer:        "packer",
	ByteShift:     "shift",
}

// String returns the contract name of f, such as "base64" or "hex-escape".
func (f Family) String() string {
	if int(f) < len(familyNames) && familyNames[f] != "" {
		return familyNames[f]
	}
	return "unknown"
}

// ParseFamily returns the Family whose contract name is s.
func ParseFamily(s string) (Family, bool) {
	for f, name := range familyNames {
		if name != "" && name == s {
			return Family(f), true
		}
	}
	return 0, false
}

// ChainString joins the names of c with ">", outermost first, as in
// "base64>reversed".
func ChainString(c []Family) string {
	var b strings.Builder
	for i, f := range c {
		if i > 0 {
			b.WriteByte('>')
		}
		b.WriteString(f.String())
	}
	return b.String()
}

// ParseChain is the inverse of ChainString.
func ParseChain(s string) ([]Family, bool) {
	if s == "" {
		return nil, false
	}
	var c []Family
	for name := range strings.SplitSeq(s, ">") {
		f, ok := ParseFamily(name)
		if !ok {
			return nil, false
		}
		c = append(c, f)
	}
	return c, true
}
