package scanner

import (
	"syscall"
	"unsafe"
)

// makeLarge is make([]T, n, capacity) for the automaton's large arrays, whose memory it asks
// Linux to back with huge pages (transparent huge pages in "madvise" mode, the common default,
// give them only on request). The arrays are written front to back once, fresh from the
// system: in 4 KB pages that is a page fault every 4 KB, a fifth of a 100,000-host feed's
// build on a virtual machine (bench/README.md). A refusal (no THP, an old kernel) changes
// nothing but the faults.
func makeLarge[T any](n, capacity int) []T {
	s := make([]T, n, capacity)
	var zero T
	size := uintptr(capacity) * unsafe.Sizeof(zero)
	const huge = 2 << 20
	if size < 2*huge {
		return s
	}
	p := unsafe.Pointer(unsafe.SliceData(s))
	start := uintptr(p)
	lo, hi := (start+huge-1)&^(huge-1), (start+size)&^(huge-1)
	if lo < hi {
		_ = syscall.Madvise(unsafe.Slice((*byte)(unsafe.Add(p, lo-start)), hi-lo), syscall.MADV_HUGEPAGE)
	}
	return s
}
