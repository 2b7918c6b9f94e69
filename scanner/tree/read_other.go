//go:build !unix

package tree

import (
	"io"
	"os"
	"slices"
)

// readInto reads the file at name, of about size bytes, into *buf (grown as needed).
func readInto(name string, size int64, buf *[]byte) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data := slices.Grow((*buf)[:0], readSize(size))
	for {
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err != nil {
			*buf = data
			if err == io.EOF {
				return data, nil
			}
			return nil, err
		}
		if len(data) == cap(data) {
			data = slices.Grow(data, 512)
		}
	}
}
