//go:build !unix

package tree

import (
	"errors"
	"io/fs"
	"os"
)

// handle is an open file.
type handle struct{ f *os.File }

func openFile(name string) (handle, error) {
	f, err := os.Open(name)
	return handle{f}, err
}

// read reads into p, and returns io.EOF at the end of the file; readAll names the file in
// other errors.
func (h handle) read(p []byte) (int, error) {
	n, err := h.f.Read(p)
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return n, err
}

// size is the open file's size now.
func (h handle) size() (int64, error) {
	info, err := h.f.Stat()
	if err != nil {
		return 0, err
	}
	return info.Size(), nil
}

func closeFile(h handle) { h.f.Close() }
