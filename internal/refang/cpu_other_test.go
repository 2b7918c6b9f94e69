//go:build !unix

package refang

import "time"

// cpuTime is unknown here: BenchmarkRegionsDir then reports wall time only.
func cpuTime() time.Duration { return 0 }
