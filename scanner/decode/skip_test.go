package decode

import (
	"math/rand/v2"
	"testing"
)

// The searches that skip bytes (nextTrigger) must stop where a byte-by-byte
// search stops.

// triggerRef is nextTrigger byte by byte.
func triggerRef(src []byte, i int) int {
	for ; i < len(src) && trigger[src[i]] == tNone; i++ {
	}
	return i
}

func TestNextTrigger(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	const alphabet = "abc01 \n.=;\\'\"`([&%/:\x80\xe3\xff"
	buf := make([]byte, 0, 80)
	for n := range 20000 {
		buf = buf[:0]
		for range r.IntN(80) {
			if n%2 == 0 {
				buf = append(buf, byte(r.IntN(256)))
			} else {
				buf = append(buf, alphabet[r.IntN(len(alphabet))])
			}
		}
		for i := 0; i <= len(buf); i++ {
			if got, want := nextTrigger(buf, i), triggerRef(buf, i); got != want {
				t.Fatalf("nextTrigger(%q, %d) = %d, want %d", buf, i, got, want)
			}
		}
	}
}
