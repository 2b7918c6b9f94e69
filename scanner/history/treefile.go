package history

import (
	"bufio"
	"encoding/binary"
	"io"
	"os"
)

// treeFile keeps the decoded entries of every tree that the walk read, 8 bytes an entry, in a
// temporary file: attribution reads each tree again, and reading its entries back costs a
// fraction of inflating and patching it from the pack and decoding it again (bench/README.md,
// history), while memory keeps only 8 bytes a tree. It is an optimisation only: when the file
// cannot be written or read, trees are read from the pack as before.
type treeFile struct {
	f    *os.File
	w    *bufio.Writer
	size int64 // entries written, flushed or not
	buf  []byte
	// removed says that the file was unlinked while open (not on Windows)
	removed bool
	// win holds the file's bytes from winOff: attribution reads the trees back in about the
	// order the walk wrote them, so that one read serves the trees that follow
	win    []byte
	winOff int64
}

// treeWindow is how much of the tree file one read brings in (when a tree is smaller).
const treeWindow = 64 << 10

// treeSpillMax is the most entries a tree may have to go to the tree file (24 bits of its
// record); a larger one is read from the pack each time.
const treeSpillMax = 1<<24 - 1

// spillTrees makes the graph write the trees it decodes to a tree file, from now on.
func (g *graph) spillTrees() {
	if g.tf == nil {
		g.tf = &treeFile{}
	}
}

// spillTree writes the entries of tree t to the tree file, once.
func (g *graph) spillTree(t int32, es []entry) {
	tf := g.tf
	if tf == nil || len(es) == 0 || len(es) > treeSpillMax {
		return
	}
	for int(t) >= len(g.spilled) {
		g.spilled = append(g.spilled, 0)
	}
	if g.spilled[t] != 0 {
		return
	}
	if tf.f == nil {
		f, err := os.CreateTemp("", "shieldscan-trees-*")
		if err != nil {
			g.tf = nil
			return
		}
		// unlinked at once where the system allows it, so that nothing is left behind
		tf.removed = os.Remove(f.Name()) == nil
		tf.f, tf.w = f, bufio.NewWriterSize(f, 256<<10)
	}
	tf.buf = tf.buf[:0]
	for _, e := range es {
		tf.buf = binary.LittleEndian.AppendUint32(tf.buf, e.name)
		tf.buf = binary.LittleEndian.AppendUint32(tf.buf, e.ref)
	}
	if _, err := tf.w.Write(tf.buf); err != nil {
		g.closeTrees()
		return
	}
	g.spilled[t] = uint64(tf.size)<<24 | uint64(len(es))
	tf.size += int64(len(es))
}

// unspill reads the entries of tree t back from the tree file (into g.scratch), if it is there.
func (g *graph) unspill(t int32) ([]entry, bool) {
	tf := g.tf
	if tf == nil || int(t) >= len(g.spilled) || g.spilled[t] == 0 {
		return nil, false
	}
	if tf.w.Buffered() > 0 {
		if err := tf.w.Flush(); err != nil {
			g.closeTrees()
			return nil, false
		}
	}
	rec := g.spilled[t]
	off, n := int64(rec>>24), int(rec&treeSpillMax)
	buf, err := tf.read(8*off, 8*n)
	if err != nil {
		g.closeTrees()
		return nil, false
	}
	es := g.scratch[:0]
	for i := 0; i < len(buf); i += 8 {
		es = append(es, entry{name: binary.LittleEndian.Uint32(buf[i:]), ref: binary.LittleEndian.Uint32(buf[i+4:])})
	}
	g.scratch = es
	return es, true
}

// read returns the n bytes at off of the tree file (flushed): from the window when it holds
// them; else, when they are at most half a window, after reading the window from off; else
// read on their own. The result is valid until the next call.
func (tf *treeFile) read(off int64, n int) ([]byte, error) {
	if off >= tf.winOff && off+int64(n) <= tf.winOff+int64(len(tf.win)) {
		return tf.win[off-tf.winOff:][:n], nil
	}
	if n <= treeWindow/2 {
		if tf.win == nil {
			tf.win = make([]byte, treeWindow)
		}
		w := tf.win[:cap(tf.win)][:min(treeWindow, 8*tf.size-off)]
		got, err := tf.f.ReadAt(w, off)
		if got < n {
			tf.win = tf.win[:0]
			if err == nil {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		tf.win, tf.winOff = w[:got], off
		return tf.win[:n], nil
	}
	if cap(tf.buf) < n {
		tf.buf = make([]byte, n)
	}
	buf := tf.buf[:n]
	if _, err := tf.f.ReadAt(buf, off); err != nil {
		return nil, err
	}
	return buf, nil
}

// closeTrees removes the tree file; trees are then read from the pack.
func (g *graph) closeTrees() {
	if g.tf != nil && g.tf.f != nil {
		_ = g.tf.f.Close()
		if !g.tf.removed {
			_ = os.Remove(g.tf.f.Name())
		}
	}
	g.tf, g.spilled = nil, nil
}
