package memlimit

import (
	"context"
	"math"
	"runtime/debug"
	"testing"
	"time"
)

func TestLimit(t *testing.T) {
	for _, tc := range []struct {
		live uint64
		want int64
	}{
		{0, Target},
		{100 << 20, Target},
		{Target * 2 / 3, Target},
		{200 << 20, 300 << 20},
		{1 << 40, 3 << 39},
		{math.MaxUint64, math.MaxInt64},
	} {
		if got := Limit(tc.live); got != tc.want {
			t.Errorf("Limit(%d) = %d, want %d", tc.live, got, tc.want)
		}
	}
}

// TestHold checks that Hold sets a limit while its context lives and puts back the one before
// after, and that a user's GOGC or GOMEMLIMIT is left alone.
func TestHold(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	const before int64 = 8 << 30
	debug.SetMemoryLimit(before)
	ctx, cancel := context.WithCancel(context.Background())
	Hold(ctx, time.Millisecond)
	if got := debug.SetMemoryLimit(-1); got < Target || got == before {
		t.Fatalf("limit while held = %d, want at least %d", got, Target)
	}
	cancel()
	deadline := time.Now().Add(10 * time.Second)
	for debug.SetMemoryLimit(-1) != before {
		if time.Now().After(deadline) {
			t.Fatalf("limit after the context ended = %d, want the one before, %d", debug.SetMemoryLimit(-1), before)
		}
		time.Sleep(time.Millisecond)
	}

	debug.SetMemoryLimit(math.MaxInt64)
	t.Setenv("GOGC", "100")
	Hold(context.Background(), time.Millisecond)
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("limit with GOGC set = %d, want none", got)
	}
}
