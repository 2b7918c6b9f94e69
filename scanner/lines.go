package scanner

import (
	"bytes"
	"slices"
	"unicode/utf8"
)

// Lines maps byte offsets of a text to lines and columns. The index is built on first use, so
// a blob without a hit never pays for it.
type Lines struct {
	data   []byte
	starts []int
}

// NewLines returns the (lazy) line index of data.
func NewLines(data []byte) *Lines { return &Lines{data: data} }

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
	l.index()
	i, found := slices.BinarySearch(l.starts, off)
	if !found {
		i--
	}
	start = l.starts[i]
	end = len(l.data)
	if i+1 < len(l.starts) {
		end = l.starts[i+1] - 1
	}
	if end > start && l.data[end-1] == '\r' {
		end--
	}
	return i + 1, start, end
}

// Position returns the 1-based line and column (in code points) of offset.
func (l *Lines) Position(off int) (line, col int) {
	off = min(max(off, 0), len(l.data))
	n, start, _ := l.span(off)
	return n, utf8.RuneCount(l.data[start:off]) + 1
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
