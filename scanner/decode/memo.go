package decode

import "hash/maphash"

// Memo remembers the string literals without escapes whose search for shifted text and base64
// runs found nothing, across the Find calls that share it: a history's versions of a file
// repeat most of its literals, and that search is most of a plain literal's cost. Such a
// search tried no span, met no limit and spent none of the budget (what decodes is tried as a
// span), so passing over a literal it knows leaves Find's result as it would be. It is a fixed
// table (a newer literal takes an older one's slot), keyed by a 64-bit hash of the literal and
// its length; it is not safe for concurrent use.
type Memo struct {
	seed  maphash.Seed
	slots []memoSlot
	hits  int // literals passed over (for tests)
}

// memoSlot holds a literal's hash and length; n == 0: empty (no literal that short is kept).
type memoSlot struct{ h, n uint64 }

// memoSlots is the size of a Memo's table: the versions of one file come one after another in
// a history's blob pass, so the literals of a few files are enough.
const memoSlots = 1 << 15

// NewMemo returns an empty Memo.
func NewMemo() *Memo {
	return &Memo{seed: maphash.MakeSeed(), slots: make([]memoSlot, memoSlots)}
}

func (m *Memo) key(lit []byte) memoSlot {
	return memoSlot{maphash.Bytes(m.seed, lit), uint64(len(lit))}
}

func (m *Memo) has(k memoSlot) bool { return m.slots[k.h%memoSlots] == k }

func (m *Memo) put(k memoSlot) { m.slots[k.h%memoSlots] = k }

// rawLiteral searches lit, a literal without escapes at src[ls:le], for shifted text and
// base64 runs. With a Memo, in the input's own scan, a literal whose search found nothing
// before (no span tried, no limit met, nothing probed, no budget spent) is passed over.
func (sc *scan) rawLiteral(lit []byte, ls, le int) {
	search := func() {
		if len(lit) >= minShifted {
			sc.shifted(lit, ls, le, nil)
		}
		if len(lit) >= minB64Run {
			sc.base64Runs(lit, ls, le, nil, true)
		}
	}
	st, m := sc.st, sc.st.memo
	if m == nil || !sc.top || sc.probe || st.truncated || len(lit) < min(minShifted, minB64Run) {
		search()
		return
	}
	k := m.key(lit)
	if m.has(k) {
		m.hits++
		return
	}
	events, budget, probed := st.events, st.budget, st.probed
	search()
	if st.events == events && st.budget == budget && st.probed == probed && !st.truncated {
		m.put(k)
	}
}
