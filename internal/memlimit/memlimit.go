// Package memlimit keeps the Go heap of a long scan near what it holds live, so that the
// process's resident memory stays under a target on the histories it is sized for.
//
// Go lets the heap grow to twice what was live after the last collection (GOGC=100), and keeps
// freed memory a while before returning it. A history scan allocates its blobs' bytes many
// times over (gigabytes, let go as soon as each is matched) around a live heap of a record per
// object: the resident set ends well above twice the live heap. A soft memory limit makes the
// collector run, and the scavenger return memory, before the heap passes it. A fixed limit
// would make the collector run without end on a history whose live heap outgrows it, so Hold
// raises the limit with the live heap, to one and a half times it.
package memlimit

import (
	"context"
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// Target is the least soft limit Hold sets.
const Target = 230 << 20

// Hold sets the soft memory limit to Target, or to 1.5× the live heap when that is more, until
// ctx ends (then the limit before it is put back), checking the live heap every interval. It
// does nothing when the user set GOMEMLIMIT or GOGC: their choice stands.
func Hold(ctx context.Context, interval time.Duration) {
	if os.Getenv("GOMEMLIMIT") != "" || os.Getenv("GOGC") != "" {
		return
	}
	before := debug.SetMemoryLimit(-1)
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	set := func() {
		metrics.Read(sample)
		limit := int64(Target)
		if v := sample[0].Value; v.Kind() == metrics.KindUint64 {
			limit = max(limit, Limit(v.Uint64()))
		}
		debug.SetMemoryLimit(limit)
	}
	set()
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				debug.SetMemoryLimit(before)
				return
			case <-t.C:
				set()
			}
		}
	}()
}

// Limit is the soft limit for a live heap of live bytes: Target, or 1.5× live when that is
// more.
func Limit(live uint64) int64 {
	if live > math.MaxInt64/3*2 {
		return math.MaxInt64
	}
	return max(int64(Target), int64(live+live/2))
}
