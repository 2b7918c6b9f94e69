package decode

import (
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_THREAD, &ru)
	return time.Duration(syscall.TimevalToNsec(ru.Utime) + syscall.TimevalToNsec(ru.Stime))
}

func TestZZCPU(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	clean, obf := cleanWeb(4<<20), obfuscatedWeb(4<<20)
	for _, in := range []struct {
		name string
		b    []byte
	}{{"clean", clean}, {"obf", obf}} {
		Spans(in.b, Options{})
		best := time.Hour
		for range 15 {
			c0 := cpuTime()
			for range 5 {
				Spans(in.b, Options{})
			}
			if d := (cpuTime() - c0) / 5; d < best {
				best = d
			}
		}
		fmt.Printf("%s: %.0f MB/s (cpu)\n", in.name, float64(len(in.b))/best.Seconds()/1e6)
	}
	best := time.Hour
	for range 15 {
		c0 := cpuTime()
		n := 0
		for range 20 {
			for _, c := range clean {
				if trigger[c] != 0 {
					n++
				}
			}
		}
		if d := (cpuTime() - c0) / 20; d < best {
			best = d
		}
		_ = n
	}
	fmt.Printf("plain loop: %.0f MB/s (cpu)\n", float64(len(clean))/best.Seconds()/1e6)
}
