package decode

import "bytes"

// Defanged indicators, as threat reports write them: hxxps://host[.]example.
var defangMarks = []struct {
	mark, repl string
	host       bool // needs host characters on both sides
}{
	{"[.]", ".", true}, {"(.)", ".", true}, {"{.}", ".", true},
	{"[dot]", ".", true}, {"(dot)", ".", true}, {"{dot}", ".", true},
	{"[://]", "://", false}, {"[:]", ":", false}, {"[/]", "/", false},
	{"[@]", "@", true}, {"[at]", "@", true},
}

// mayDefang is a quick test that a defang mark may start at src[i], which
// is an opening bracket.
func mayDefang(src []byte, i int) bool {
	return i+2 < len(src) && defangSecond[src[i+1]]&1 != 0
}

// defangAt returns the length of the defang mark at src[i], or 0.
func defangAt(src []byte, i int) int {
	if i >= len(src) {
		return 0
	}
	switch src[i] {
	case '[', '(', '{':
	default:
		return 0
	}
	if i+2 >= len(src) {
		return 0
	}
	switch src[i+1] {
	case '.', ':', '/', '@', 'd', 'D', 'a', 'A':
	default:
		return 0
	}
	for _, m := range defangMarks {
		if len(src)-i >= len(m.mark) && bytes.EqualFold(src[i:i+len(m.mark)], []byte(m.mark)) {
			if m.host && (i == 0 || !isHostByte(src[i-1]) || i+len(m.mark) >= len(src) || !isHostByte(src[i+len(m.mark)])) {
				return 0
			}
			return len(m.mark)
		}
	}
	return 0
}

func isHostByte(c byte) bool { return isAlnum(c) || c == '-' || c >= 0x80 }

// hxxpAt reports whether a defanged scheme (hxxp, hXXps) starts at t[i].
func hxxpAt(t []byte, i int) bool {
	if len(t)-i < 5 || i > 0 && isAlpha(t[i-1]) {
		return false
	}
	if !bytes.EqualFold(t[i:i+4], []byte("hxxp")) {
		return false
	}
	j := i + 4
	if t[j] == 's' || t[j] == 'S' {
		j++
	}
	return j < len(t) && (t[j] == ':' || t[j] == '[')
}

// defangFirst and defangSecond mark the first two bytes of a defang mark
// (bit 0) and of a defanged scheme (bit 1).
var defangFirst, defangSecond = func() (f, s [256]uint8) {
	for _, c := range []byte("[({") {
		f[c] |= 1
	}
	for _, c := range []byte(".:/@dDaA") {
		s[c] |= 1
	}
	f['h'], f['H'] = 2, 2
	s['x'] |= 2
	s['X'] |= 2
	return f, s
}()

// mayBeDefanged is a quick test that t holds a mark or a defanged scheme.
func mayBeDefanged(t []byte) bool {
	return bytes.IndexByte(t, '[') >= 0 || bytes.IndexByte(t, '(') >= 0 || bytes.IndexByte(t, '{') >= 0 ||
		bytes.Contains(t, []byte("xxp")) || bytes.Contains(t, []byte("XXp")) || bytes.Contains(t, []byte("XXP")) || bytes.Contains(t, []byte("xXp"))
}

// refang undoes defanging in t.
func refang(t []byte) ([]byte, bool) {
	if len(t) >= 64 && !mayBeDefanged(t) {
		return nil, false
	}
	var out []byte
	last := 0
	for i := 0; i < len(t); i++ {
		// Only an opening bracket before a mark's second byte, or h before
		// x, can start something: test both bytes with one branch.
		if i+1 >= len(t) || defangFirst[t[i]]&defangSecond[t[i+1]] == 0 {
			continue
		}
		switch t[i] {
		case '[', '(', '{':
			n := defangAt(t, i)
			if n == 0 {
				continue
			}
			for _, m := range defangMarks {
				if len(m.mark) == n && bytes.EqualFold(t[i:i+n], []byte(m.mark)) {
					out = append(append(out, t[last:i]...), m.repl...)
					break
				}
			}
			last = i + n
			i += n - 1
		case 'h', 'H':
			if hxxpAt(t, i) {
				out = append(append(out, t[last:i]...), "http"...)
				last = i + 4
				i += 3
			}
		}
	}
	if out == nil {
		return nil, false
	}
	return append(out, t[last:]...), true
}

// decodeDefanged is the defanged family's decoder.
func decodeDefanged(sc *scan, t []byte) ([]byte, Family, bool) {
	out, ok := refang(t)
	if !ok || !sc.st.spend(len(out)) {
		return nil, 0, false
	}
	return out, Defanged, true
}
