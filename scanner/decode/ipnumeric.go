package decode

import (
	"bytes"
	"strconv"
)

// parseIPv4 parses host the way browsers do (the WHATWG URL standard's IPv4
// parser): one to four parts separated by dots, an optional trailing dot, each
// part decimal, 0x hex or 0-prefixed octal, the last part filling the
// remaining bytes. plain reports the ordinary dotted-decimal quad.
func parseIPv4(host []byte) (ip [4]byte, plain, ok bool) {
	if len(host) == 0 || len(host) > 64 {
		return ip, false, false
	}
	if host[len(host)-1] == '.' {
		host = host[:len(host)-1]
	}
	var parts [4]uint64
	n := 0
	plain = true
	for len(host) > 0 || n == 0 {
		if n == 4 {
			return ip, false, false
		}
		var p []byte
		if k := bytes.IndexByte(host, '.'); k >= 0 {
			p, host = host[:k], host[k+1:]
			if len(host) == 0 {
				return ip, false, false
			}
		} else {
			p, host = host, nil
		}
		v, dec, ok := ipPart(p)
		if !ok {
			return ip, false, false
		}
		plain = plain && dec
		parts[n] = v
		n++
	}
	for k := 0; k < n-1; k++ {
		if parts[k] > 255 {
			return ip, false, false
		}
		ip[k] = byte(parts[k])
	}
	last := parts[n-1]
	if last >= 1<<(8*(5-n)) {
		return ip, false, false
	}
	for k := 3; k >= n-1; k-- {
		ip[k] = byte(last)
		last >>= 8
	}
	return ip, plain && n == 4, true
}

// ipPart parses one part; dec reports plain decimal without leading zeros.
func ipPart(p []byte) (v uint64, dec, ok bool) {
	if len(p) == 0 || len(p) > 34 {
		return 0, false, false
	}
	base := uint64(10)
	switch {
	case len(p) >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'):
		base, p = 16, p[2:]
	case len(p) >= 2 && p[0] == '0':
		base, p = 8, p[1:]
	default:
		dec = true
	}
	for _, c := range p {
		d := uint64(digitVal(c))
		if digitVal(c) < 0 || d >= base {
			return 0, false, false
		}
		v = v*base + d
		if v > 1<<32 {
			return 0, false, false
		}
	}
	return v, dec, true
}

func quad(ip [4]byte) []byte {
	b := make([]byte, 0, 15)
	for k, x := range ip {
		if k > 0 {
			b = append(b, '.')
		}
		b = strconv.AppendUint(b, uint64(x), 10)
	}
	return b
}

// isIPByte reports whether c is a hex digit, '.', 'x' or 'X'.
func isIPByte(c byte) bool { return ctype[c]&cIP != 0 }

// numericHost reports whether h, seen in URL context, is worth decoding: not
// the plain quad, and not a small number that only looks like an address.
func numericHost(h []byte) ([4]byte, bool) {
	ip, plain, ok := parseIPv4(h)
	if !ok || plain {
		return ip, false
	}
	if bytes.IndexByte(bytes.TrimSuffix(h, []byte(".")), '.') < 0 && ip[0] == 0 {
		return ip, false // one number below 2^24: a port or a year, not a host
	}
	return ip, true
}

// bareIP reports whether a whole literal or token spells an address in a way
// no ordinary number does: 0x with eight hex digits, or dotted parts with a
// hex part, or four dotted parts with a 0-prefixed octal part.
func bareIP(h []byte) ([4]byte, bool) {
	ip, plain, ok := parseIPv4(h)
	if !ok || plain {
		return ip, false
	}
	t := bytes.TrimSuffix(h, []byte("."))
	dots := bytes.Count(t, []byte("."))
	hex := bytes.Contains(t, []byte("0x")) || bytes.Contains(t, []byte("0X"))
	switch {
	case dots == 0:
		return ip, hex && len(t) == 10
	case hex:
		return ip, true
	default:
		return ip, dots == 3
	}
}

// decodeIPs rewrites numeric IPv4 spellings in t as dotted quads: hosts after
// "//" (at the start or after a scheme's ':'), and a t that is an address as a
// whole.
func decodeIPs(sc *scan, t []byte) ([]byte, Family, bool) {
	if ip, ok := bareIP(t); ok {
		out := quad(ip)
		if !sc.st.spend(len(out)) {
			return nil, 0, false
		}
		return out, IPNumeric, true
	}
	var out []byte
	last := 0
	for i := 0; i+2 < len(t); {
		k := bytes.Index(t[i:], []byte("//"))
		if k < 0 {
			break
		}
		k += i
		i = k + 2
		if k > 0 && t[k-1] != ':' || i >= len(t) || !isDigit(t[i]) {
			continue
		}
		e := i
		for e < len(t) && isIPByte(t[e]) {
			e++
		}
		if e < len(t) && (isAlnum(t[e]) || t[e] == '-' || t[e] == '_' || t[e] == '@' || t[e] == '%' || t[e] >= 0x80) {
			continue
		}
		ip, ok := numericHost(t[i:e])
		if !ok {
			continue
		}
		out = append(append(out, t[last:i]...), quad(ip)...)
		last = e
		i = e
	}
	return sc.splice(out, t, last, IPNumeric)
}
