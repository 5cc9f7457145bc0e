package service

import (
	"bytes"
	"compress/gzip"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/obkit/obkit/verify"
)

// TestExposition: the exact text of a small registry: families sorted by
// name, labels by name, series by label values; label values and help
// texts escaped; histogram buckets cumulative, an observation on a bound
// counted in that bound's bucket; families with no series left out.
func TestExposition(t *testing.T) {
	cv := newCounterVec("b_total", "Counts by x and a.\nSecond line \\ with a backslash and \"quotes\".", "x", "a")
	hv := newHistogramVec("a_seconds", "Durations.", []float64{0.5, 1, 2.5}, "kind")
	empty := newCounterVec("c_total", "Never used.", "x")
	single := newCounter("d_total", "One counter.")
	r := newRegistry(cv, single, empty, hv)

	cv.with("2", `back\slash "quoted"`+"\nnewline").inc()
	cv.with("10", "z").inc()
	cv.with("10", "z").inc()
	cv.with("2", "a").inc()
	for _, v := range []float64{0.25, 0.5, 1, 2, 3} {
		hv.with("x").observe(v)
	}
	hv.with("a").observe(math.Inf(1))

	var b bytes.Buffer
	r.write(&b)
	want := `# HELP a_seconds Durations.
# TYPE a_seconds histogram
a_seconds_bucket{kind="a",le="0.5"} 0
a_seconds_bucket{kind="a",le="1"} 0
a_seconds_bucket{kind="a",le="2.5"} 0
a_seconds_bucket{kind="a",le="+Inf"} 1
a_seconds_sum{kind="a"} +Inf
a_seconds_count{kind="a"} 1
a_seconds_bucket{kind="x",le="0.5"} 2
a_seconds_bucket{kind="x",le="1"} 3
a_seconds_bucket{kind="x",le="2.5"} 4
a_seconds_bucket{kind="x",le="+Inf"} 5
a_seconds_sum{kind="x"} 6.75
a_seconds_count{kind="x"} 5
# HELP b_total Counts by x and a.\nSecond line \\ with a backslash and "quotes".
# TYPE b_total counter
b_total{a="a",x="2"} 1
b_total{a="back\\slash \"quoted\"\nnewline",x="2"} 1
b_total{a="z",x="10"} 2
# HELP d_total One counter.
# TYPE d_total counter
d_total 0
`
	if got := b.String(); got != want {
		t.Errorf("exposition:\n%s\nwant:\n%s", got, want)
	}
	var again bytes.Buffer
	r.write(&again)
	if again.String() != b.String() {
		t.Error("two writes of unchanged metrics differ")
	}
}

// TestMetricsConcurrent: counts and sums are exact after concurrent use,
// new label values included (run with -race in CI).
func TestMetricsConcurrent(t *testing.T) {
	m := newMetrics()
	const workers, each = 8, 500
	codes := []verify.Code{verify.CodeProofInvalid, verify.CodeRevoked}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				var problems []*verify.Problem
				if i%2 == 1 {
					problems = []*verify.Problem{{Code: codes[w%2]}}
				}
				m.observe("credential", time.Now(), i%2 == 0, problems)
				m.verifyLatency.with("presentation").observe(0.0625) // exact in binary: the sum is exact
			}
		})
	}
	var scrapes bytes.Buffer
	for range 20 { // scraping while observations go on
		scrapes.Reset()
		m.reg.write(&scrapes)
	}
	wg.Wait()
	if got := m.verdicts.with("credential", "true", "none").n.Load(); got != workers*each/2 {
		t.Errorf("verified: %d", got)
	}
	for _, c := range codes {
		if got := m.verdicts.with("credential", "false", string(c)).n.Load(); got != workers*each/4 {
			t.Errorf("%s: %d", c, got)
		}
	}
	var b bytes.Buffer
	m.reg.write(&b)
	for _, want := range []string{
		`obkit_verify_duration_seconds_count{kind="credential"} 4000`,
		`obkit_verify_duration_seconds_bucket{kind="presentation",le="0.05"} 0`,
		`obkit_verify_duration_seconds_bucket{kind="presentation",le="0.1"} 4000`,
		`obkit_verify_duration_seconds_sum{kind="presentation"} 250`,
	} {
		if !strings.Contains(b.String(), want+"\n") {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// TestMetricsHTTP: the content type of the text format, and gzip when the
// client accepts it.
func TestMetricsHTTP(t *testing.T) {
	m := newMetrics()
	m.issued.inc()
	for _, tc := range []struct {
		acceptEncoding string
		gzipped        bool
	}{
		{"", false},
		{"gzip", true},
		{"br, GZIP;q=0.5", true},
		{"gzip;q=0", false},
		{"gzip; q=0.0", false},
		{"identity", false},
		{"x-gzip", false},
	} {
		req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		if tc.acceptEncoding != "" {
			req.Header.Set("Accept-Encoding", tc.acceptEncoding)
		}
		rec := httptest.NewRecorder()
		m.reg.ServeHTTP(rec, req)
		if ct := rec.Header().Get("Content-Type"); ct != "text/plain; version=0.0.4; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		body := rec.Body.Bytes()
		if gz := rec.Header().Get("Content-Encoding") == "gzip"; gz != tc.gzipped {
			t.Errorf("Accept-Encoding %q: gzipped %v", tc.acceptEncoding, gz)
		} else if gz {
			zr, err := gzip.NewReader(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			if body, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Contains(body, []byte("\nobkit_issued_total 1\n")) {
			t.Errorf("Accept-Encoding %q: body %.200q", tc.acceptEncoding, body)
		}
	}
}

// BenchmarkMetricsObserve is the hot path of every verification: one
// latency observation and one verdict count, from all Ps at once.
func BenchmarkMetricsObserve(b *testing.B) {
	for _, bc := range []struct {
		name     string
		verified bool
		problems []*verify.Problem
	}{
		{"verified", true, nil},
		{"two-problems", false, []*verify.Problem{{Code: verify.CodeProofInvalid}, {Code: verify.CodeRevoked}}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			m := newMetrics()
			start := time.Now()
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					m.observe("credential", start, bc.verified, bc.problems)
				}
			})
		})
	}
}

// BenchmarkMetricsWrite is a scrape of /metrics.
func BenchmarkMetricsWrite(b *testing.B) {
	m := newMetrics()
	m.observe("credential", time.Now(), true, nil)
	m.observe("presentation", time.Now(), false, []*verify.Problem{{Code: verify.CodeProofInvalid}})
	m.statusUpdates.with("revocation", "true").inc()
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		m.reg.write(&buf)
	}
}
