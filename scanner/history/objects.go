package history

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// errMissing marks an object that the repository does not hold (a partial clone, a broken pack).
var errMissing = errors.New("object not found")

// objects reads raw objects. It is used from one goroutine at a time.
type objects struct {
	st    *filesystem.Storage
	packs []*packIndex // in the order of ObjectPacks
}

// packIndex is one pack's .idx, for ordering reads by offset.
type packIndex struct {
	hash plumbing.Hash
	idx  *idxfile.MemoryIndex
}

func newObjects(st *filesystem.Storage) (*objects, error) {
	o := &objects{st: st}
	hashes, err := st.ObjectPacks()
	if err != nil {
		return nil, err
	}
	for _, h := range hashes {
		name := fmt.Sprintf("objects/pack/pack-%s.idx", h)
		f, err := st.Filesystem().Open(name)
		if err != nil {
			return nil, err
		}
		idx := idxfile.NewMemoryIndex()
		err = idxfile.NewDecoder(f).Decode(idx)
		_ = f.Close()
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
		o.packs = append(o.packs, &packIndex{hash: h, idx: idx})
	}
	return o, nil
}

func (o *objects) close() {}

// read returns an object's type and content.
func (o *objects) read(h plumbing.Hash) (plumbing.ObjectType, []byte, error) {
	obj, err := o.st.EncodedObject(plumbing.AnyObject, h)
	if err != nil {
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			return plumbing.InvalidObject, nil, fmt.Errorf("%s: %w", h, errMissing)
		}
		return plumbing.InvalidObject, nil, fmt.Errorf("%s: %w", h, err)
	}
	data, err := readAll(obj)
	return obj.Type(), data, err
}

// blob looks a blob up: its size, and a function that reads it (nil when the blob is larger
// than limit, which is then not read at all).
func (o *objects) blob(h plumbing.Hash, limit int64) (int64, func() ([]byte, error), error) {
	obj, err := o.st.EncodedObject(plumbing.AnyObject, h)
	if err != nil {
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			return 0, nil, errMissing
		}
		return 0, nil, err
	}
	if obj.Type() != plumbing.BlobObject {
		return 0, nil, fmt.Errorf("%s is a %s, not a blob", h, obj.Type())
	}
	if limit > 0 && obj.Size() > limit {
		return obj.Size(), nil, nil
	}
	return obj.Size(), func() ([]byte, error) { return readAll(obj) }, nil
}

func readAll(obj plumbing.EncodedObject) ([]byte, error) {
	r, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	data := make([]byte, obj.Size())
	if _, err := io.ReadFull(r, data); err != nil {
		return nil, fmt.Errorf("reading %s: %w", obj.Hash(), err)
	}
	return data, nil
}

// packOrder sorts hashes in the order their objects lie in the packs, so that reading them
// is one sequential pass; loose objects come last.
func (o *objects) packOrder(hs []plumbing.Hash) {
	type key struct {
		pack int
		off  uint64
	}
	keys := make(map[plumbing.Hash]key, len(hs))
	for _, h := range hs {
		k := key{pack: len(o.packs)}
		for i, p := range o.packs {
			if off, err := p.idx.FindOffset(h); err == nil {
				k = key{i, uint64(off)}
				break
			}
		}
		keys[h] = k
	}
	slices.SortFunc(hs, func(a, b plumbing.Hash) int {
		ka, kb := keys[a], keys[b]
		if ka.pack != kb.pack {
			return ka.pack - kb.pack
		}
		if ka.off != kb.off {
			if ka.off < kb.off {
				return -1
			}
			return 1
		}
		return bytes.Compare(a[:], b[:])
	})
}
