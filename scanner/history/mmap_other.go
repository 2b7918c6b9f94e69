//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package history

import "os"

// mapFile does not map files on this system: packs are read with ReadAt.
func mapFile(path string, want os.FileInfo, size int64) (mem []byte, unmap func() error, ok bool) {
	return nil, nil, false
}
