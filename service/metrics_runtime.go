package service

import (
	"bytes"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"time"
)

// The Go runtime and process metrics served with the service's own: a
// subset of what the Prometheus Go client's Go and process collectors
// serve, under the same names, help texts and types, each read when
// /metrics is written (no background work).

// processStart is when the process started, to within package
// initialization; platforms that say when the process started use that.
var processStart = time.Now()

// runtimeMetrics are the Go runtime and process metrics.
func runtimeMetrics() []family {
	fs := []family{
		&funcMetric{name: "go_goroutines", help: "Number of goroutines that currently exist.", typ: "gauge",
			value: func() (float64, bool) { return float64(runtime.NumGoroutine()), true }},
		&funcMetric{name: "go_threads", help: "Number of OS threads created.", typ: "gauge",
			value: func() (float64, bool) { n, _ := runtime.ThreadCreateProfile(nil); return float64(n), true }},
		&funcMetric{name: "go_info", help: "Information about the Go environment.", typ: "gauge",
			labels: `{version="` + labelEscaper.Replace(runtime.Version()) + `"}`,
			value:  func() (float64, bool) { return 1, true }},
		&funcMetric{name: "go_sched_gomaxprocs_threads", typ: "gauge",
			help:  "The current runtime.GOMAXPROCS setting, or the number of operating system threads that can execute user-level Go code simultaneously. Sourced from /sched/gomaxprocs:threads.",
			value: func() (float64, bool) { return float64(runtime.GOMAXPROCS(0)), true }},
		&funcMetric{name: "go_gc_gomemlimit_bytes", typ: "gauge",
			help:  "Go runtime memory limit configured by the user, otherwise math.MaxInt64. This value is set by the GOMEMLIMIT environment variable, and the runtime/debug.SetMemoryLimit function. Sourced from /gc/gomemlimit:bytes.",
			value: func() (float64, bool) { return float64(debug.SetMemoryLimit(-1)), true }}, // -1 reads, changes nothing
		memStat("go_memstats_alloc_bytes", "gauge",
			"Number of bytes allocated in heap and currently in use. Equals to /memory/classes/heap/objects:bytes.",
			func(m *runtime.MemStats) uint64 { return m.HeapAlloc }),
		memStat("go_memstats_alloc_bytes_total", "counter",
			"Total number of bytes allocated in heap until now, even if released already. Equals to /gc/heap/allocs:bytes.",
			func(m *runtime.MemStats) uint64 { return m.TotalAlloc }),
		memStat("go_memstats_heap_objects", "gauge",
			"Number of currently allocated objects. Equals to /gc/heap/objects:objects.",
			func(m *runtime.MemStats) uint64 { return m.HeapObjects }),
		memStat("go_memstats_next_gc_bytes", "gauge",
			"Number of heap bytes when next garbage collection will take place. Equals to /gc/heap/goal:bytes.",
			func(m *runtime.MemStats) uint64 { return m.NextGC }),
		memStat("go_memstats_sys_bytes", "gauge",
			"Number of bytes obtained from system. Equals to /memory/classes/total:byte.",
			func(m *runtime.MemStats) uint64 { return m.Sys }),
		gcPauses{},
	}
	return append(fs, processMetrics()...)
}

// memStat is a gauge or counter of one runtime.MemStats field. (The
// runtime/metrics package would spare the short stop-the-world of
// ReadMemStats at each scrape, but its initialization costs every obkit
// process about half a millisecond at start.)
func memStat(name, typ, help string, field func(*runtime.MemStats) uint64) *funcMetric {
	return &funcMetric{name: name, help: help, typ: typ, value: func() (float64, bool) {
		memStats.Lock()
		defer memStats.Unlock()
		if now := time.Now(); now.Sub(memStats.at) > memStatsAge {
			runtime.ReadMemStats(&memStats.m)
			memStats.at = now
		}
		return float64(field(&memStats.m)), true
	}}
}

// memStats is the last runtime.MemStats read, shared by the memStat
// metrics of one scrape: read again when older than memStatsAge.
var memStats struct {
	sync.Mutex
	at time.Time
	m  runtime.MemStats
}

const memStatsAge = 100 * time.Millisecond

// gcPauses is go_gc_duration_seconds, the summary of the garbage
// collector's stop-the-world pauses (quantiles 0, 0.25, 0.5, 0.75 and 1
// of the recent pauses the runtime keeps, their total and count).
type gcPauses struct{}

const gcPausesName = "go_gc_duration_seconds"

func (gcPauses) familyName() string { return gcPausesName }

func (gcPauses) writeTo(b *bytes.Buffer) {
	stats := debug.GCStats{PauseQuantiles: make([]time.Duration, 5)}
	debug.ReadGCStats(&stats)
	writeHeader(b, gcPausesName, "A summary of the wall-time pause (stop-the-world) duration in garbage collection cycles.", "summary")
	for i, q := range []string{"0", "0.25", "0.5", "0.75", "1"} {
		writeSample(b, gcPausesName, "", `quantile="`+q+`"`, formatFloat(stats.PauseQuantiles[i].Seconds()))
	}
	writeSample(b, gcPausesName+"_sum", "", "", formatFloat(stats.PauseTotal.Seconds()))
	writeSample(b, gcPausesName+"_count", "", "", strconv.FormatInt(stats.NumGC, 10))
}

// processStartMetric is process_start_time_seconds from start.
func processStartMetric(start func() (time.Time, bool)) family {
	return &funcMetric{name: "process_start_time_seconds", help: "Start time of the process since unix epoch in seconds.", typ: "gauge",
		value: func() (float64, bool) {
			t, ok := start()
			return float64(t.UnixNano()) / 1e9, ok
		}}
}
