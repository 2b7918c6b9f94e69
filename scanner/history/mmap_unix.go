//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package history

import (
	"os"
	"syscall"
)

// mapFile maps the first size bytes of the operating-system file at path read-only; ok is
// false when it cannot (the pack is then read with ReadAt). want is the file that must be
// mapped: the one at path must be the same.
func mapFile(path string, want os.FileInfo, size int64) (mem []byte, unmap func() error, ok bool) {
	if size <= 0 || int64(int(size)) != size {
		return nil, nil, false
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, false
	}
	defer f.Close() // the mapping outlives the descriptor
	fi, err := f.Stat()
	if err != nil || fi.Size() < size || !sameFile(fi, want) {
		return nil, nil, false
	}
	mem, err = syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, false
	}
	return mem, func() error { return syscall.Munmap(mem) }, true
}

// sameFile says whether a and b describe one file, by device and inode (os.SameFile wants both
// from package os; a billy file system wraps its own).
func sameFile(a, b os.FileInfo) bool {
	sa, ok := a.Sys().(*syscall.Stat_t)
	sb, ok2 := b.Sys().(*syscall.Stat_t)
	return ok && ok2 && sa.Dev == sb.Dev && sa.Ino == sb.Ino
}
