package decode

import "testing"

func TestParseIPv4(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		want  string // "" when not an address
		plain bool
	}{
		{"192.168.1.1", "192.168.1.1", true},
		{"3232235777", "192.168.1.1", false},
		{"0xC0A80101", "192.168.1.1", false},
		{"030052000401", "192.168.1.1", false},
		{"0xC0.0250.1.1", "192.168.1.1", false},
		{"192.0xa8.0401", "192.168.1.1", false},
		{"192.11010305", "192.168.1.1", false},
		{"0300.0250.0001.0001", "192.168.1.1", false},
		{"192.168.1.1.", "192.168.1.1", true},
		{"0x", "0.0.0.0", false},
		{"203.0.113.7", "203.0.113.7", true},
		{"1.2.3.4.5", "", false},
		{"256.1.1.1", "", false},
		{"1.2.3.256", "", false},
		{"4294967296", "", false},
		{"08.1.1.1", "", false},
		{"1..1", "", false},
		{"0xg", "", false},
		{"", "", false},
		{"1.2.3.4..", "", false},
	}
	for _, tt := range tests {
		ip, plain, ok := parseIPv4([]byte(tt.in))
		got := ""
		if ok {
			got = string(quad(ip))
		}
		if got != tt.want || ok && plain != tt.plain {
			t.Errorf("parseIPv4(%q) = %q, plain %v, want %q, plain %v", tt.in, got, plain, tt.want, tt.plain)
		}
	}
}

func TestIPNumeric(t *testing.T) {
	t.Parallel()
	runFamily(t, IPNumeric, ipCases())
}

func ipCases() []familyCase {
	const ip = "203.0.113.7"
	return []familyCase{
		{name: "decimal url", in: "i.src='http://3405803783/p.gif'", chain: "ip-numeric", text: "http://" + ip + "/p.gif", at: "http://3405803783/p.gif"},
		{name: "hex url", in: `fetch("https://0xCB007107/c.js")`, chain: "ip-numeric", text: ip},
		{name: "octal url", in: `x="//031300070407/c"`, chain: "ip-numeric", text: ip},
		{name: "dotted hex", in: `s="http://0xcb.0x0.0x71.0x7:8080/"`, chain: "ip-numeric", text: "http://" + ip + ":8080/"},
		{name: "dotted octal", in: `s="http://0313.0.0161.07/"`, chain: "ip-numeric", text: ip},
		{name: "mixed", in: `s="http://0xCB.0.113.07/"`, chain: "ip-numeric", text: ip},
		{name: "two parts", in: `s="http://203.28935/"`, chain: "ip-numeric", text: ip},
		{name: "three parts", in: `s="http://203.0.28935/"`, chain: "ip-numeric", text: ip},
		{name: "trailing dot", in: `s="http://3405803783./"`, chain: "ip-numeric", text: ip},
		{name: "unquoted html", in: `<img src=http://3405803783/x.gif>`, chain: "ip-numeric", text: ip},
		{name: "bare hex literal", in: `var h = '0xCB007107';`, chain: "ip-numeric", text: ip, at: "0xCB007107"},
		{name: "bare dotted hex literal", in: `var h = "0xCB.0x00.0x71.0x07";`, chain: "ip-numeric", text: ip},

		{name: "plain quad", in: `s="http://203.0.113.7/"`},
		{name: "port-like number", in: `s="http://8080/"`},
		{name: "comment", in: "//2024 rewrite"},
		{name: "version string", in: `v = "1.2.3"`},
		{name: "date", in: `d = "01.02.2020"`},
		{name: "hostname with digits", in: `s="https://123abc.example/"`},
		{name: "color constant", in: `c = 0xCB007107;`},
		{name: "userinfo", in: `s="http://3405803783@host.example/"`},
	}
}

// TestIsIPByte: the table answers as the characters an address is written
// with, for every byte.
func TestIsIPByte(t *testing.T) {
	t.Parallel()
	for c := range 256 {
		b := byte(c)
		want := b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F' || b == '.' || b == 'x' || b == 'X'
		if got := isIPByte(b); got != want {
			t.Errorf("isIPByte(%q) = %v, want %v", b, got, want)
		}
	}
}
