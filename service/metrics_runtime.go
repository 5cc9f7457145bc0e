package service

import (
	"bytes"
	"runtime"
	"runtime/debug"
	runtimemetrics "runtime/metrics"
	"strconv"
	"time"
)

// The Go runtime and process metrics served with the service's own: a
// subset of what the Prometheus Go client's Go and process collectors
// serve, under the same names, help texts and types, each read when
// /metrics is written (no background work, no stop-the-world).

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
		goRuntimeMetric("go_sched_gomaxprocs_threads", "gauge", "/sched/gomaxprocs:threads",
			"The current runtime.GOMAXPROCS setting, or the number of operating system threads that can execute user-level Go code simultaneously. Sourced from /sched/gomaxprocs:threads."),
		goRuntimeMetric("go_gc_gogc_percent", "gauge", "/gc/gogc:percent",
			"Heap size target percentage configured by the user, otherwise 100. This value is set by the GOGC environment variable, and the runtime/debug.SetGCPercent function. Sourced from /gc/gogc:percent."),
		goRuntimeMetric("go_gc_gomemlimit_bytes", "gauge", "/gc/gomemlimit:bytes",
			"Go runtime memory limit configured by the user, otherwise math.MaxInt64. This value is set by the GOMEMLIMIT environment variable, and the runtime/debug.SetMemoryLimit function. Sourced from /gc/gomemlimit:bytes."),
		goRuntimeMetric("go_memstats_alloc_bytes", "gauge", "/memory/classes/heap/objects:bytes",
			"Number of bytes allocated in heap and currently in use. Equals to /memory/classes/heap/objects:bytes."),
		goRuntimeMetric("go_memstats_alloc_bytes_total", "counter", "/gc/heap/allocs:bytes",
			"Total number of bytes allocated in heap until now, even if released already. Equals to /gc/heap/allocs:bytes."),
		goRuntimeMetric("go_memstats_heap_objects", "gauge", "/gc/heap/objects:objects",
			"Number of currently allocated objects. Equals to /gc/heap/objects:objects."),
		goRuntimeMetric("go_memstats_next_gc_bytes", "gauge", "/gc/heap/goal:bytes",
			"Number of heap bytes when next garbage collection will take place. Equals to /gc/heap/goal:bytes."),
		goRuntimeMetric("go_memstats_sys_bytes", "gauge", "/memory/classes/total:bytes",
			"Number of bytes obtained from system. Equals to /memory/classes/total:byte."),
		gcPauses{},
	}
	return append(fs, processMetrics()...)
}

// goRuntimeMetric is a gauge or counter of one runtime/metrics value (of
// kind uint64), left out where the runtime does not have it.
func goRuntimeMetric(name, typ, key, help string) *funcMetric {
	return &funcMetric{name: name, help: help, typ: typ, value: func() (float64, bool) {
		s := []runtimemetrics.Sample{{Name: key}}
		runtimemetrics.Read(s)
		if s[0].Value.Kind() != runtimemetrics.KindUint64 {
			return 0, false
		}
		return float64(s[0].Value.Uint64()), true
	}}
}

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
