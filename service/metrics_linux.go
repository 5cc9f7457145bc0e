package service

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// userHZ is the unit of the clock-tick fields of /proc/self/stat
// (sysconf(_SC_CLK_TCK), 100 on every Linux platform Go runs on).
const userHZ = 100

// processMetrics are the process metrics read from /proc, as the
// Prometheus process collector reads them.
func processMetrics() []family {
	return []family{
		&funcMetric{name: "process_cpu_seconds_total", help: "Total user and system CPU time spent in seconds.", typ: "counter",
			value: func() (float64, bool) {
				st, ok := readProcStat()
				return float64(st.utime+st.stime) / userHZ, ok
			}},
		processStartMetric(startTime),
		&funcMetric{name: "process_virtual_memory_bytes", help: "Virtual memory size in bytes.", typ: "gauge",
			value: func() (float64, bool) {
				st, ok := readProcStat()
				return float64(st.vsize), ok
			}},
		&funcMetric{name: "process_resident_memory_bytes", help: "Resident memory size in bytes.", typ: "gauge",
			value: func() (float64, bool) {
				st, ok := readProcStat()
				return float64(st.rss) * float64(os.Getpagesize()), ok
			}},
		&funcMetric{name: "process_open_fds", help: "Number of open file descriptors.", typ: "gauge",
			value: func() (float64, bool) {
				d, err := os.Open("/proc/self/fd")
				if err != nil {
					return 0, false
				}
				defer d.Close()
				names, err := d.Readdirnames(-1)
				// The count includes the descriptor reading the directory,
				// which the Prometheus collector counts too.
				return float64(len(names)), err == nil
			}},
		&funcMetric{name: "process_max_fds", help: "Maximum number of open file descriptors.", typ: "gauge",
			value: func() (float64, bool) {
				var l syscall.Rlimit
				if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
					return 0, false
				}
				return float64(l.Cur), true
			}},
	}
}

// startTime is when the process started: boot time plus the start of
// /proc/self/stat, read once (or processStart, if /proc cannot say).
var startTime = sync.OnceValues(func() (time.Time, bool) {
	st, ok := readProcStat()
	boot, ok2 := bootTime()
	if !ok || !ok2 {
		return processStart, true
	}
	return time.Unix(boot, 0).Add(time.Duration(st.starttime) * time.Second / userHZ), true
})

// procStat is what the process metrics use of /proc/self/stat.
type procStat struct {
	utime, stime, starttime uint64 // clock ticks
	vsize                   uint64 // bytes
	rss                     uint64 // pages
}

// readProcStat reads /proc/self/stat (proc(5)): the fields after the
// command name in parentheses, which may itself hold spaces and ")".
func readProcStat() (procStat, bool) {
	data, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return procStat{}, false
	}
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return procStat{}, false
	}
	f := strings.Fields(string(data[i+1:])) // f[0] is field 3, state
	if len(f) < 22 {
		return procStat{}, false
	}
	var st procStat
	for _, v := range []struct {
		dst   *uint64
		field int
	}{{&st.utime, 14}, {&st.stime, 15}, {&st.starttime, 22}, {&st.vsize, 23}, {&st.rss, 24}} {
		n, err := strconv.ParseUint(f[v.field-3], 10, 64)
		if err != nil {
			return procStat{}, false
		}
		*v.dst = n
	}
	return st, true
}

// bootTime is the btime line of /proc/stat: when the system booted, in
// seconds since the Unix epoch.
func bootTime() (int64, bool) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, false
	}
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(line, "btime "); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}
