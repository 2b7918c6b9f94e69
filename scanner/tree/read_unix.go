//go:build unix

package tree

import (
	"io/fs"
	"slices"
	"syscall"
)

// readInto reads the file at name, of about size bytes, into *buf (grown as needed) with plain
// system calls. os.Open would also make the descriptor non-blocking and offer it to the
// runtime's poller, which refuses regular files: two to three calls more per file, for nothing,
// in a scan of many small ones. O_NONBLOCK keeps a file that became a FIFO since the walk from
// blocking the open; regular files ignore it.
func readInto(name string, size int64, buf *[]byte) ([]byte, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	data := slices.Grow((*buf)[:0], readSize(size))
	for {
		n, err := syscall.Read(fd, data[len(data):cap(data)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			*buf = data
			return nil, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		data = data[:len(data)+n]
		if n == 0 {
			*buf = data
			return data, nil
		}
		if len(data) == cap(data) {
			data = slices.Grow(data, 512)
		}
	}
}
