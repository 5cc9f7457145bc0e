package hostile

import (
	"runtime"
	"time"
)

// MaxAlloc is the generous bound the hostile-input tests put on the bytes
// one verification allocates; the benchmarks report the real figures.
const MaxAlloc = 1 << 30

// Measure runs f and returns its duration and the bytes it allocated (after
// a collection, so that earlier garbage is not counted).
func Measure(f func()) (time.Duration, uint64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	f()
	d := time.Since(start)
	runtime.ReadMemStats(&after)
	return d, after.TotalAlloc - before.TotalAlloc
}
