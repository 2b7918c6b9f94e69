//go:build !unix

package tree

import (
	"errors"
	"io/fs"
	"os"
)

// handle is an open file.
type handle = *os.File

func openFile(name string) (handle, error) { return os.Open(name) }

// readFile reads into p, and returns io.EOF at the end of the file; readInto names the file in
// other errors.
func readFile(h handle, p []byte) (int, error) {
	n, err := h.Read(p)
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return n, err
}

// sizeOf is the open file's size now.
func sizeOf(h handle) (int64, error) {
	info, err := h.Stat()
	if err != nil {
		return 0, err
	}
	return info.Size(), nil
}

func closeFile(h handle) { h.Close() }
