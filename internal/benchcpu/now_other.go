//go:build !unix

package benchcpu

import "time"

// now is not measured here: a benchmark reports its wall time only.
func now() time.Duration { return 0 }
