package scanner

import (
	"bytes"
	"slices"
	"unicode/utf8"
)

// Lines maps byte offsets of a text to lines and columns. A blob's references are looked up
// mostly in order, so the lookups move a cursor, counting the line breaks between the last
// offset and the next: a blob's lookups read it about once and allocate nothing. When they
// jump about (the cursor has read the text twice over), or a line is asked for by number, an
// index of the line starts is built and used from then on.
type Lines struct {
	data   []byte
	starts []int
	// The cursor: offset at lies on line n, which spans [start,end) (end < 0: not found yet).
	at, n, start, end int
	read              int // bytes the cursor has read
	// The column cache: the offset colAt on the line from colFrom is rune col of it.
	colFrom, colAt, col int
}

// NewLines returns the (lazy) line index of data.
func NewLines(data []byte) *Lines { return &Lines{data: data, n: 1, end: -1, colFrom: -1} }

func (l *Lines) index() {
	if l.starts != nil {
		return
	}
	l.starts = append(l.starts, 0)
	for i := 0; ; {
		j := bytes.IndexByte(l.data[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		l.starts = append(l.starts, i)
	}
}

// span returns the 1-based line number of offset and the line's bounds, without its CR LF.
func (l *Lines) span(off int) (n, start, end int) {
	if l.starts == nil && l.read > 2*len(l.data)+64<<10 {
		l.index()
	}
	if l.starts != nil {
		i, found := slices.BinarySearch(l.starts, off)
		if !found {
			i--
		}
		n, start, end = i+1, l.starts[i], len(l.data)
		if i+1 < len(l.starts) {
			end = l.starts[i+1] - 1
		}
	} else {
		l.move(off)
		n, start, end = l.n, l.start, l.end
	}
	if end > start && l.data[end-1] == '\r' {
		end--
	}
	return n, start, end
}

// move puts the cursor at off.
func (l *Lines) move(off int) {
	if off >= l.at {
		seg := l.data[l.at:off]
		if k := bytes.Count(seg, newline); k > 0 {
			l.n += k
			l.start = l.at + bytes.LastIndexByte(seg, '\n') + 1
			l.end = -1
		}
		l.read += len(seg)
	} else {
		seg := l.data[off:l.at]
		if k := bytes.Count(seg, newline); k > 0 {
			l.n -= k
			l.start = bytes.LastIndexByte(l.data[:off], '\n') + 1
			l.end = -1
			l.read += off - l.start
		}
		l.read += len(seg)
	}
	l.at = off
	if l.end < 0 {
		l.end = len(l.data)
		if i := bytes.IndexByte(l.data[off:], '\n'); i >= 0 {
			l.end = off + i
		}
		l.read += l.end - off
	}
}

var newline = []byte{'\n'}

// runes is the number of runes in data[from:off] (utf8.RuneCount), counted from the last
// offset asked for after the same from when that splits no rune: the references on one long
// line of a minified file are counted once, not each from the line's start.
func (l *Lines) runes(from, off int) int {
	n := 0
	switch at := l.colAt; {
	case l.colFrom != from || at > len(l.data) || at < len(l.data) && !utf8.RuneStart(l.data[at]) ||
		off < len(l.data) && !utf8.RuneStart(l.data[off]):
		n = utf8.RuneCount(l.data[from:off])
	case off >= at:
		n = l.col + utf8.RuneCount(l.data[at:off])
	default:
		n = l.col - utf8.RuneCount(l.data[off:at])
	}
	l.colFrom, l.colAt, l.col = from, off, n
	return n
}

// Position returns the 1-based line and column (in code points) of offset.
func (l *Lines) Position(off int) (line, col int) {
	off = min(max(off, 0), len(l.data))
	n, start, _ := l.span(off)
	return n, l.runes(start, off) + 1
}

// Line returns the text of the 1-based line n, without its line break.
func (l *Lines) Line(n int) []byte {
	l.index()
	if n < 1 || n > len(l.starts) {
		return nil
	}
	_, start, end := l.span(l.starts[n-1])
	return l.data[start:end]
}

// Text returns data[start:end] as a string, cut at the end of start's line.
func (l *Lines) Text(start, end int) string {
	if i := bytes.IndexByte(l.data[start:end], '\n'); i >= 0 {
		end = start + i
	}
	return string(bytes.TrimSuffix(l.data[start:end], []byte("\r")))
}
