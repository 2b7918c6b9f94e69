package scanner

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/shieldscan/shieldscan/rules"
)

// spillAt is how many bytes of encoded references a spill holds in memory before it moves
// them to its temporary file.
const spillAt = 1 << 20

// spill keeps the references of the matched blobs of a history from the match to attribution
// in a compact encoding, in memory up to spillAt bytes and beyond that in a temporary file,
// so that what stays in memory is one small record per matched blob however many references
// they hold: a history's matched blob versions are many (every version of every file that
// names a resource) and are all attributed at the end (bench/README.md, history memory).
type spill struct {
	max  int      // spillAt; tests lower it
	buf  []byte   // the encoded references not yet written out, from offset written
	f    *os.File // created when buf first outgrows max
	flen int64    // bytes in f
	// removed says that f was unlinked while open (not on Windows)
	removed bool
	blobs   []spilledBlob
	enc     []byte // reused while encoding one blob
}

// spilledBlob is the record of one matched blob: its references are n bytes at off.
type spilledBlob struct {
	id  string
	off int64
	n   int
}

// add keeps the references of blob id.
func (s *spill) add(id string, refs []ref) error {
	s.enc = s.enc[:0]
	s.enc = binary.AppendUvarint(s.enc, uint64(len(refs)))
	for i := range refs {
		s.enc = appendRef(s.enc, &refs[i])
	}
	s.blobs = append(s.blobs, spilledBlob{id: id, off: s.flen + int64(len(s.buf)), n: len(s.enc)})
	s.buf = append(s.buf, s.enc...)
	if len(s.buf) <= s.limit() {
		return nil
	}
	if s.f == nil {
		f, err := os.CreateTemp("", "shieldscan-refs-*")
		if err != nil {
			return spillError(err)
		}
		// unlinked at once where the system allows it, so that nothing is left behind
		s.removed = os.Remove(f.Name()) == nil
		s.f = f
	}
	if _, err := s.f.Write(s.buf); err != nil {
		return spillError(err)
	}
	s.flen += int64(len(s.buf))
	s.buf = s.buf[:0]
	return nil
}

func (s *spill) limit() int {
	if s.max > 0 {
		return s.max
	}
	return spillAt
}

func spillError(err error) error {
	return fmt.Errorf("keeping matched references in a temporary file (set TMPDIR to a writable directory with room): %w", err)
}

// ids are the IDs of the blobs spilled so far, in the order they were.
func (s *spill) ids() []string {
	out := make([]string, 0, len(s.blobs))
	for _, b := range s.blobs {
		out = append(out, b.id)
	}
	return out
}

// sortByID orders the blobs by ID: workers finish in any order, and attribution in ID order
// breaks ties the same way in every run.
func (s *spill) sortByID() {
	slices.SortFunc(s.blobs, func(a, b spilledBlob) int { return strings.Compare(a.id, b.id) })
}

// refs reads back the references of blobs[i]; the strings that repeat (matches, contexts,
// encodings) are shared through seen.
func (s *spill) refs(i int, seen map[string]string) ([]ref, error) {
	b := s.blobs[i]
	var data []byte
	if b.off >= s.flen {
		data = s.buf[b.off-s.flen:][:b.n]
	} else {
		if cap(s.enc) < b.n {
			s.enc = make([]byte, b.n)
		}
		data = s.enc[:b.n]
		if _, err := s.f.ReadAt(data, b.off); err != nil {
			return nil, spillError(err)
		}
	}
	d := refDecoder{data: data, seen: seen}
	n := d.uint()
	if n > uint64(len(data)) {
		return nil, spillError(errCorruptSpill)
	}
	out := make([]ref, n)
	for j := range out {
		d.ref(&out[j])
	}
	if d.bad {
		return nil, spillError(errCorruptSpill)
	}
	return out, nil
}

// close removes the temporary file.
func (s *spill) close() {
	if s.f != nil {
		_ = s.f.Close()
		if !s.removed {
			_ = os.Remove(s.f.Name())
		}
		s.f = nil
	}
	s.buf, s.blobs = nil, nil
}

var errCorruptSpill = errors.New("the temporary file of matched references changed while the scan ran")

// appendRef encodes every field of r (TestSpillEncodesEveryField fails when ref gains one that
// is not encoded here).
func appendRef(b []byte, r *ref) []byte {
	b = binary.AppendVarint(b, int64(r.res))
	b = binary.AppendVarint(b, int64(r.line))
	b = binary.AppendVarint(b, int64(r.col))
	b = binary.AppendVarint(b, int64(r.endCol))
	b = appendString(b, r.match)
	b = appendString(b, r.snippet)
	b = append(b, byte(r.strength))
	b = appendString(b, string(r.context))
	b = appendString(b, r.encoding)
	b = appendString(b, r.decoded)
	b = binary.LittleEndian.AppendUint64(b, r.lineKey)
	b = appendString(b, r.sink)
	b = binary.AppendVarint(b, int64(r.lastLine))
	var flags byte
	if r.served {
		flags |= 1
	}
	if r.suppressed {
		flags |= 2
	}
	b = append(b, flags)
	b = binary.AppendVarint(b, int64(r.start))
	b = binary.AppendVarint(b, int64(r.startInBlock))
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// refDecoder reads what appendRef wrote; bad is set, and zero values come out, past a
// malformed byte.
type refDecoder struct {
	data []byte
	seen map[string]string
	bad  bool
}

func (d *refDecoder) ref(r *ref) {
	r.res = d.int()
	r.line = d.int()
	r.col = d.int()
	r.endCol = d.int()
	r.match = d.shared()
	r.snippet = d.string()
	r.strength = rules.Strength(d.byte())
	r.context = rules.Context(d.shared())
	r.encoding = d.shared()
	r.decoded = d.shared()
	if len(d.data) < 8 {
		d.bad = true
		return
	}
	r.lineKey = binary.LittleEndian.Uint64(d.data)
	d.data = d.data[8:]
	r.sink = d.shared()
	r.lastLine = d.int()
	flags := d.byte()
	r.served, r.suppressed = flags&1 != 0, flags&2 != 0
	r.start = d.int()
	r.startInBlock = d.int()
}

func (d *refDecoder) uint() uint64 {
	v, n := binary.Uvarint(d.data)
	if n <= 0 {
		d.bad = true
		return 0
	}
	d.data = d.data[n:]
	return v
}

func (d *refDecoder) int() int {
	v, n := binary.Varint(d.data)
	if n <= 0 {
		d.bad = true
		return 0
	}
	d.data = d.data[n:]
	return int(v)
}

func (d *refDecoder) byte() byte {
	if len(d.data) == 0 {
		d.bad = true
		return 0
	}
	c := d.data[0]
	d.data = d.data[1:]
	return c
}

func (d *refDecoder) bytes() []byte {
	n := d.uint()
	if n > uint64(len(d.data)) {
		d.bad = true
		return nil
	}
	b := d.data[:n]
	d.data = d.data[n:]
	return b
}

func (d *refDecoder) string() string { return string(d.bytes()) }

// shared is a string that many references repeat, allocated once.
func (d *refDecoder) shared() string {
	b := d.bytes()
	if s, ok := d.seen[string(b)]; ok {
		return s
	}
	s := string(b)
	d.seen[s] = s
	return s
}
