//go:build !unix

package decode

import "time"

// cpuTime is unknown here: BenchmarkFindDir then reports wall time only.
func cpuTime() time.Duration { return 0 }
