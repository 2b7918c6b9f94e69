//go:build unix

package tree

import (
	"io"
	"io/fs"
	"syscall"
)

// handle is an open file. Files are read with plain system calls: os.Open would also make the
// descriptor non-blocking and offer it to the runtime's poller, which refuses regular files:
// two to three calls more per file, for nothing, in a scan of many small ones.
type handle int

// openFile opens name for reading. O_NONBLOCK keeps a file that became a FIFO since the walk
// from blocking the open; regular files ignore it.
func openFile(name string) (handle, error) {
	for {
		fd, err := syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
		if err != syscall.EINTR {
			if err != nil {
				return -1, &fs.PathError{Op: "open", Path: name, Err: err}
			}
			return handle(fd), nil
		}
	}
}

// maxRead is the most read at once: darwin and the BSDs refuse a read of 2 GiB or more
// (EINVAL), as package os knows.
const maxRead = 1 << 30

// read reads into p, and returns io.EOF at the end of the file; readAll names the file in
// other errors.
func (h handle) read(p []byte) (int, error) {
	p = p[:min(len(p), maxRead)]
	for {
		n, err := syscall.Read(int(h), p)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, err
		case n == 0 && len(p) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

// size is the open file's size now.
func (h handle) size() (int64, error) {
	var st syscall.Stat_t
	if err := syscall.Fstat(int(h), &st); err != nil {
		return 0, err
	}
	return st.Size, nil
}

func closeFile(h handle) { syscall.Close(int(h)) }
