package service_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/obkit/obkit/internal/sqldb/sqldbtest"
)

// BenchmarkVerifyLoad is the service's load test: each iteration sends
// 2,000 POST /credentials/verify requests over real HTTP from 64 concurrent
// clients (a badge with a revocation and a suspension entry, whose lists
// the service reads from its SQLite store and whose signatures it
// verifies), fails on any error or non-verified answer, and reports the
// 99th-percentile latency, requests per second, CPU time per request and
// the process's peak RSS. Run it with -benchtime=1x (or a few x):
//
//	go test -run '^$' -bench VerifyLoad -benchtime=3x ./service
func BenchmarkVerifyLoad(b *testing.B) {
	const requests, clients = 2000, 64
	s := newServer(b, sqldbtest.SQLite(b), nil)
	body, err := json.Marshal(map[string]any{"verifiableCredential": s.issueOne("urn:uuid:10ad0000-0000-4000-8000-000000000001", nil)})
	if err != nil {
		b.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}}
	var lat []time.Duration
	var total time.Duration
	cpu0 := cpuTime()
	b.ResetTimer()
	for range b.N {
		next := make(chan struct{})
		var mu sync.Mutex
		var wg sync.WaitGroup
		start := time.Now()
		for range clients {
			wg.Go(func() {
				for range next {
					t0 := time.Now()
					resp, err := client.Post(s.URL+"/credentials/verify", "application/json", bytes.NewReader(body))
					if err != nil {
						b.Error(err)
						continue
					}
					out, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					d := time.Since(t0)
					if resp.StatusCode != 200 || !bytes.Contains(out, []byte(`"verified":true`)) {
						b.Errorf("HTTP %d: %.300s", resp.StatusCode, out)
					}
					mu.Lock()
					lat = append(lat, d)
					mu.Unlock()
				}
			})
		}
		for range requests {
			next <- struct{}{}
		}
		close(next)
		wg.Wait()
		total += time.Since(start)
	}
	b.StopTimer()
	cpu := cpuTime() - cpu0
	slices.Sort(lat)
	// CPU time per request (server and the in-process clients together):
	// what the machine's other load does not change.
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(lat)), "cpu-ms/req")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(len(lat))/total.Seconds(), "req/s")
	b.ReportMetric(peakRSSMiB(), "peak-RSS-MiB")
}

// cpuTime is the process's user and system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSSMiB is the process's peak resident set size (VmHWM), 0 where
// /proc does not say.
func peakRSSMiB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return float64(kb) / 1024
		}
	}
	return 0
}

// BenchmarkIssue issues one badge per iteration over HTTP: validation, the
// allocation of a revocation and a suspension entry in SQLite, and an
// eddsa-rdfc-2022 proof.
func BenchmarkIssue(b *testing.B) {
	s := newServer(b, sqldbtest.SQLite(b), nil)
	b.ResetTimer()
	for i := range b.N {
		s.issueOne(fmt.Sprintf("urn:uuid:1550e000-0000-4000-8000-%012d", i), nil)
	}
}

// BenchmarkStatusUpdate revokes or reinstates one credential per iteration
// over HTTP: the list row read and locked, its bit set, the list re-encoded
// and re-signed.
func BenchmarkStatusUpdate(b *testing.B) {
	s := newServer(b, sqldbtest.SQLite(b), nil)
	const id = "urn:uuid:57a70000-0000-4000-8000-000000000001"
	s.issueOne(id, nil)
	b.ResetTimer()
	for i := range b.N {
		s.setStatus(id, "revocation", i%2 == 0)
	}
}
