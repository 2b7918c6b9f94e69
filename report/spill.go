package report

import (
	"bufio"
	"cmp"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/shieldscan/shieldscan/rules"
)

// A spill holds findings on disk in a compact encoding, as sorted runs in one temporary file,
// so that a report's memory does not grow with its findings: a Stream sorts what it holds,
// writes it as a run when it holds too much, and the report merges the runs when it is read.

// rec is a finding with its place in the order it was added (seq): the last key of every order,
// so that findings that compare equal keep the order they were added in.
type rec struct {
	f   Finding
	seq uint64
}

// spill is a temporary file of runs of encoded recs.
type spill struct {
	file *os.File
	name string // the file's name while it still has one (removed at Close)
	size int64
	runs []span
}

// span is a run: its bytes and how many records it holds.
type span struct {
	off, len int64
	n        int
}

func newSpill(dir string) (*spill, error) {
	f, err := os.CreateTemp(dir, "shieldscan-findings-*")
	if err != nil {
		return nil, fmt.Errorf("spilling findings to a temporary file: %w", err)
	}
	s := &spill{file: f, name: f.Name()}
	if os.Remove(s.name) == nil {
		s.name = "" // unlinked: nothing is left behind, whatever happens to the process
	}
	return s, nil
}

// write appends recs, in order, as one run.
func (s *spill) write(recs []rec) error {
	run, err := s.append(recs)
	if err == nil {
		s.runs = append(s.runs, run)
	}
	return err
}

// append writes recs at the end of the file and returns where they are.
func (s *spill) append(recs []rec) (span, error) {
	w := bufio.NewWriterSize(io.NewOffsetWriter(s.file, s.size), 256<<10)
	var e encoder
	var n int64
	for i := range recs {
		e.b = e.b[:0]
		e.rec(&recs[i])
		var head [binary.MaxVarintLen64]byte
		h := binary.PutUvarint(head[:], uint64(len(e.b)))
		w.Write(head[:h])
		w.Write(e.b)
		n += int64(h + len(e.b))
	}
	if err := w.Flush(); err != nil {
		return span{}, fmt.Errorf("spilling findings: %w", err)
	}
	run := span{off: s.size, len: n, n: len(recs)}
	s.size += n
	return run, nil
}

func (s *spill) close() error {
	if s == nil || s.file == nil {
		return nil
	}
	err := s.file.Close()
	if s.name != "" {
		os.Remove(s.name)
	}
	s.file = nil
	return err
}

// cursor reads one run back.
type cursor struct {
	r    *bufio.Reader
	left int
	res  []Resource
	cur  rec
	buf  []byte
}

func (s *spill) cursor(run span, res []Resource) *cursor {
	// 64 KiB of buffer a run, less when there are many (at most 16 MiB in all).
	size := max(4<<10, min(64<<10, (16<<20)/len(s.runs)))
	return &cursor{r: bufio.NewReaderSize(io.NewSectionReader(s.file, run.off, run.len), size), left: run.n, res: res}
}

// next reads the next record into c.cur; false at the end of the run.
func (c *cursor) next() (bool, error) {
	if c.left == 0 {
		return false, nil
	}
	c.left--
	n, err := binary.ReadUvarint(c.r)
	if err != nil {
		return false, fmt.Errorf("reading spilled findings: %w", err)
	}
	c.buf = slices.Grow(c.buf[:0], int(n))[:n]
	if _, err := io.ReadFull(c.r, c.buf); err != nil {
		return false, fmt.Errorf("reading spilled findings: %w", err)
	}
	d := decoder{b: c.buf}
	c.cur = d.rec(c.res)
	if d.err != nil {
		return false, fmt.Errorf("reading spilled findings: %w", d.err)
	}
	return true, nil
}

// merge calls fn with every record of the spill's runs in the order of cmp (then seq).
func (s *spill) merge(res []Resource, cmp func(a, b *Finding) int, fn func(*rec) error) error {
	h := &mergeHeap{cmp: cmp}
	for _, run := range s.runs {
		c := s.cursor(run, res)
		ok, err := c.next()
		if err != nil {
			return err
		}
		if ok {
			h.cs = append(h.cs, c)
		}
	}
	heap.Init(h)
	for len(h.cs) > 0 {
		c := h.cs[0]
		if err := fn(&c.cur); err != nil {
			return err
		}
		ok, err := c.next()
		if err != nil {
			return err
		}
		if ok {
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
	}
	return nil
}

type mergeHeap struct {
	cs  []*cursor
	cmp func(a, b *Finding) int
}

func (h *mergeHeap) Len() int { return len(h.cs) }
func (h *mergeHeap) Less(i, j int) bool {
	return lessRec(&h.cs[i].cur, &h.cs[j].cur, h.cmp)
}
func (h *mergeHeap) Swap(i, j int) { h.cs[i], h.cs[j] = h.cs[j], h.cs[i] }
func (h *mergeHeap) Push(x any)    { h.cs = append(h.cs, x.(*cursor)) }
func (h *mergeHeap) Pop() any {
	c := h.cs[len(h.cs)-1]
	h.cs = h.cs[:len(h.cs)-1]
	return c
}

func lessRec(a, b *rec, cmp func(a, b *Finding) int) bool {
	if c := cmp(&a.f, &b.f); c != 0 {
		return c < 0
	}
	return a.seq < b.seq
}

// sortRecs sorts recs in memory in order, then by seq.
func sortRecs(recs []rec, order func(a, b *Finding) int) {
	slices.SortFunc(recs, func(a, b rec) int {
		if c := order(&a.f, &b.f); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
}

// size is about how many bytes r holds in memory.
func (r *rec) size() int {
	f := &r.f
	n := 320 + len(f.Path) + len(f.Match) + len(f.Snippet) + len(f.Decoded) + len(f.Message) + len(f.displayPath) + len(f.Fingerprint) + len(f.lineHash)
	if h := f.History; h != nil {
		n += 160 + len(h.Path) + len(h.Author) + len(h.Subject)
	}
	if s := f.Suppressed; s != nil {
		n += 64 + len(s.Reason) + len(s.Where)
	}
	return n
}

// The encoding: every field of a Finding in a fixed order, integers as varints, strings with
// their length first. Resource and Canonical are the resource's (res), PathBytes and
// DisplayPath follow from Path.
type encoder struct{ b []byte }

func (e *encoder) int(n int) { e.b = binary.AppendVarint(e.b, int64(n)) }
func (e *encoder) str(s string) {
	e.b = binary.AppendUvarint(e.b, uint64(len(s)))
	e.b = append(e.b, s...)
}
func (e *encoder) bytes(p []byte) {
	e.b = binary.AppendUvarint(e.b, uint64(len(p)))
	e.b = append(e.b, p...)
}

const (
	flagServed = 1 << iota
	flagSuppressed
	flagHistory
	flagAtHEAD
)

func (e *encoder) rec(r *rec) {
	f := &r.f
	e.b = binary.AppendUvarint(e.b, r.seq)
	e.int(f.res)
	e.str(string(f.Rule))
	e.int(int(f.Level))
	e.int(int(f.Class))
	e.str(f.Path)
	e.int(f.Line)
	e.int(f.Column)
	e.int(f.EndColumn)
	e.str(f.Match)
	e.str(f.Snippet)
	e.int(int(f.Strength))
	e.str(string(f.Context))
	e.str(f.Encoding)
	e.str(f.Decoded)
	e.str(f.Sink)
	var flags byte
	if f.Served {
		flags |= flagServed
	}
	if f.Suppressed != nil {
		flags |= flagSuppressed
	}
	if f.History != nil {
		flags |= flagHistory
		if f.History.AtHEAD {
			flags |= flagAtHEAD
		}
	}
	e.b = append(e.b, flags)
	if s := f.Suppressed; s != nil {
		e.str(s.Kind)
		e.str(s.Reason)
		e.str(s.Where)
	}
	if h := f.History; h != nil {
		e.str(h.Path)
		e.str(h.Commit)
		e.str(h.Author)
		date, _ := h.Date.MarshalBinary() // fails only for offsets that are not whole minutes
		e.bytes(date)
		e.str(h.Subject)
		e.str(h.RemovedIn)
	}
	e.str(f.Fingerprint)
	e.str(f.Message)
	e.str(f.lineHash)
}

type decoder struct {
	b   []byte
	err error
}

var errCorrupt = errors.New("corrupt record")

func (d *decoder) int() int {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

func (d *decoder) uint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) raw() []byte {
	n := d.uint()
	if uint64(len(d.b)) < n {
		d.fail()
		return nil
	}
	p := d.b[:n]
	d.b = d.b[n:]
	return p
}

func (d *decoder) str() string { return string(d.raw()) }

func (d *decoder) byte() byte {
	if len(d.b) == 0 {
		d.fail()
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errCorrupt
	}
	d.b = nil
}

func (d *decoder) rec(res []Resource) rec {
	var r rec
	f := &r.f
	r.seq = d.uint()
	f.res = d.int()
	f.Rule = rules.RuleID(d.str())
	f.Level = rules.Level(d.int())
	f.Class = rules.Class(d.int())
	f.Path = d.str()
	f.Line = d.int()
	f.Column = d.int()
	f.EndColumn = d.int()
	f.Match = d.str()
	f.Snippet = d.str()
	f.Strength = rules.Strength(d.int())
	f.Context = rules.Context(d.str())
	f.Encoding = d.str()
	f.Decoded = d.str()
	f.Sink = d.str()
	flags := d.byte()
	f.Served = flags&flagServed != 0
	if flags&flagSuppressed != 0 {
		f.Suppressed = &Suppression{Kind: d.str(), Reason: d.str(), Where: d.str()}
	}
	if flags&flagHistory != 0 {
		h := &History{Path: d.str(), Commit: d.str(), Author: d.str()}
		var date time.Time
		if err := date.UnmarshalBinary(d.raw()); err != nil {
			d.fail()
		}
		h.Date = date
		h.Subject = d.str()
		h.RemovedIn = d.str()
		h.AtHEAD = flags&flagAtHEAD != 0
		f.History = h
	}
	f.Fingerprint = d.str()
	f.Message = d.str()
	f.lineHash = d.str()
	if d.err == nil && (f.res < 0 || f.res >= len(res)) {
		d.fail()
	}
	if d.err != nil {
		return rec{}
	}
	f.Resource, f.Canonical = res[f.res].Raw, res[f.res].Canonical
	f.PathBytes = exactBytes(f.Path)
	f.displayPath = Escape(f.Path)
	return r
}
