package refang

import (
	"math/rand/v2"
	"slices"
	"syscall"
	"testing"
)

// TestGuardPage: every kernel's search, and Regions and Text with it, read nothing past the end
// of a text: each text, of 0 to 200 bytes, ends where an unmapped page starts, so a kernel that
// loads a block past it faults. The texts are made of the bytes that marks are made of, so the
// search reaches their last bytes.
func TestGuardPage(t *testing.T) {
	page := syscall.Getpagesize()
	mem, err := syscall.Mmap(-1, 0, 2*page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Skipf("mmap: %v", err)
	}
	defer syscall.Munmap(mem)
	if err := syscall.Mprotect(mem[page:], syscall.PROT_NONE); err != nil {
		t.Skipf("mprotect: %v", err)
	}
	const alphabet = "..::,,//__--  [](){}<>\\^@dotpunkhxsawDPHXOTNIA0123example\"'\n\x80\xbc\xbd\xe3\xef"
	r := rand.New(rand.NewPCG(9, 10))
	fills := []func(k int) byte{
		func(int) byte { return alphabet[r.IntN(len(alphabet))] },
		func(k int) byte { return "e[.]x"[k%5] },
		func(k int) byte { return "x [dot] "[k%8] },
		func(int) byte { return '[' },
	}
	defer func(old kernel) { best = old }(best)
	for _, k := range kernels() {
		best = k
		for n := range 201 {
			text := mem[page-n : page : page]
			for _, fill := range fills {
				for j := range text {
					text[j] = fill(j)
				}
				want := spans(slices.Clone(text), nextCandidatePairs)
				if got := spans(text, (&blockSearch{kernel: k}).next); !slices.Equal(got, want) {
					t.Fatalf("regions(%q) with %s = %v, want %v", text, k, got, want)
				}
				s := blockSearch{kernel: k}
				for i := range n + 1 {
					s.next(text, i)
				}
				for range Regions(text) {
				}
				Text(text)
			}
		}
	}
}
