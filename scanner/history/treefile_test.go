package history

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestTreeFileReads writes trees to the tree file while reading earlier ones back, in the walk's
// order and at random, small ones (read through the window) and ones larger than half of it,
// and checks that each reads back as written: a window read before more trees were written
// must not stand for them.
func TestTreeFileReads(t *testing.T) {
	t.Parallel()
	g := &graph{}
	g.spillTrees()
	defer g.closeTrees()
	r := rand.New(rand.NewPCG(1, 2))
	var want [][]entry
	check := func(id int) {
		t.Helper()
		got, ok := g.unspill(int32(id))
		if !ok {
			t.Fatalf("tree %d: not in the tree file", id)
		}
		if !slices.Equal(got, want[id]) {
			t.Fatalf("tree %d: %d entries read back, not the %d written", id, len(got), len(want[id]))
		}
	}
	for id := range 3000 {
		n := 1 + r.IntN(40)
		if id%500 == 7 {
			n = treeWindow/8 + r.IntN(1000) // over half a window: read on its own
		}
		es := make([]entry, n)
		for i := range es {
			es[i] = entry{name: r.Uint32(), ref: r.Uint32()}
		}
		g.spillTree(int32(id), es)
		want = append(want, es)
		switch r.IntN(4) {
		case 0:
			check(id) // the tree just written: past any window read before
		case 1:
			check(r.IntN(id + 1))
		}
	}
	for id := range want {
		check(id) // in the order written: mostly from the window
	}
	if g.tf == nil {
		t.Fatal("the tree file was given up")
	}
}
