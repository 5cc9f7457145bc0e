package service_test

import (
	"io"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/obkit/obkit/internal/sqldb/sqldbtest"
)

// sample is one sample line of the text exposition format.
type sample struct {
	name   string
	labels map[string]string
	value  float64
}

var (
	metricName = `[a-zA-Z_:][a-zA-Z0-9_:]*`
	helpLine   = regexp.MustCompile(`^# HELP (` + metricName + `) ((?:[^\\\n]|\\[\\n])*)$`)
	typeLine   = regexp.MustCompile(`^# TYPE (` + metricName + `) (counter|gauge|histogram|summary|untyped)$`)
	sampleLine = regexp.MustCompile(`^(` + metricName + `)(?:\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*)\})? (\S+)$`)
	labelPair  = regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"`)
	unescape   = strings.NewReplacer(`\\`, `\`, `\"`, `"`, `\n`, "\n")
)

// exposition is a parsed text exposition: the type of each family, and
// their samples in order.
type exposition struct {
	types   map[string]string
	order   []string // family names as they appear
	samples map[string][]sample
}

// parseExposition parses the whole body as the text format (version
// 0.0.4): every line a HELP, a TYPE or a sample of the family those
// declare; each family once, HELP then TYPE then its samples; a sample's
// labels sorted by name, and no sample twice.
func parseExposition(t *testing.T, body string) *exposition {
	t.Helper()
	if !strings.HasSuffix(body, "\n") {
		t.Fatal("exposition does not end with a line feed")
	}
	e := &exposition{types: map[string]string{}, samples: map[string][]sample{}}
	seen := map[string]bool{}
	family, help := "", ""
	for i, line := range strings.Split(strings.TrimSuffix(body, "\n"), "\n") {
		if m := helpLine.FindStringSubmatch(line); m != nil {
			if _, dup := e.types[m[1]]; dup || help != "" {
				t.Fatalf("line %d: HELP of %s again, or two HELPs", i+1, m[1])
			}
			help = m[1]
			continue
		}
		if m := typeLine.FindStringSubmatch(line); m != nil {
			if help != m[1] {
				t.Fatalf("line %d: TYPE of %s not right after its HELP", i+1, m[1])
			}
			family, help = m[1], ""
			e.types[family] = m[2]
			e.order = append(e.order, family)
			continue
		}
		m := sampleLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("line %d is not HELP, TYPE or a sample: %q", i+1, line)
		}
		if family == "" || help != "" {
			t.Fatalf("line %d: sample before its family's TYPE: %q", i+1, line)
		}
		suffixes := map[string][]string{"histogram": {"_bucket", "_sum", "_count"}, "summary": {"", "_sum", "_count"}}[e.types[family]]
		if suffixes == nil {
			suffixes = []string{""}
		}
		if !slices.ContainsFunc(suffixes, func(s string) bool { return m[1] == family+s }) {
			t.Fatalf("line %d: sample %s in family %s (%s)", i+1, m[1], family, e.types[family])
		}
		s := sample{name: m[1], labels: map[string]string{}}
		var names []string
		for _, p := range labelPair.FindAllStringSubmatch(m[2], -1) {
			if _, dup := s.labels[p[1]]; dup {
				t.Fatalf("line %d: label %s twice", i+1, p[1])
			}
			s.labels[p[1]] = unescape.Replace(p[2])
			names = append(names, p[1])
		}
		if !slices.IsSorted(names) {
			t.Errorf("line %d: labels not sorted by name: %q", i+1, line)
		}
		var err error
		if s.value, err = strconv.ParseFloat(m[3], 64); err != nil {
			t.Fatalf("line %d: value %q: %v", i+1, m[3], err)
		}
		key := m[1] + "{" + m[2] + "}"
		if seen[key] {
			t.Fatalf("line %d: sample %s twice", i+1, key)
		}
		seen[key] = true
		e.samples[family] = append(e.samples[family], s)
	}
	if help != "" {
		t.Fatalf("HELP of %s with no TYPE", help)
	}
	if !slices.IsSorted(e.order) {
		t.Errorf("families not sorted by name: %q", e.order)
	}
	return e
}

// value returns the value of a family's sample of that name and labels.
func (e *exposition) value(t *testing.T, family, name string, labels map[string]string) float64 {
	t.Helper()
	for _, s := range e.samples[family] {
		if s.name == name && maps(s.labels, labels) {
			return s.value
		}
	}
	t.Errorf("no sample %s%v", name, labels)
	return math.NaN()
}

func maps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// checkHistograms checks every histogram: per series, le bounds
// increasing to +Inf, buckets cumulative (never decreasing), a _sum, and
// _count equal to the +Inf bucket.
func (e *exposition) checkHistograms(t *testing.T) {
	t.Helper()
	for family, typ := range e.types {
		if typ != "histogram" {
			continue
		}
		type series struct {
			les, counts  []float64
			sum, count   float64
			hasSum, hasC bool
		}
		all := map[string]*series{}
		for _, s := range e.samples[family] {
			rest := map[string]string{}
			for k, v := range s.labels {
				if k != "le" {
					rest[k] = v
				}
			}
			keys := make([]string, 0, len(rest))
			for k, v := range rest {
				keys = append(keys, k+"="+v)
			}
			slices.Sort(keys)
			id := strings.Join(keys, ",")
			if all[id] == nil {
				all[id] = &series{}
			}
			sr := all[id]
			switch s.name {
			case family + "_bucket":
				le, err := strconv.ParseFloat(s.labels["le"], 64)
				if err != nil {
					t.Fatalf("%s{%s}: le %q", family, id, s.labels["le"])
				}
				sr.les, sr.counts = append(sr.les, le), append(sr.counts, s.value)
			case family + "_sum":
				sr.sum, sr.hasSum = s.value, true
			case family + "_count":
				sr.count, sr.hasC = s.value, true
			}
		}
		if len(all) == 0 {
			t.Errorf("histogram %s has no series", family)
		}
		for id, sr := range all {
			n := len(sr.les)
			switch {
			case n == 0 || !math.IsInf(sr.les[n-1], 1):
				t.Errorf("%s{%s}: last bucket not +Inf: %v", family, id, sr.les)
			case !increasing(sr.les):
				t.Errorf("%s{%s}: le bounds not increasing: %v", family, id, sr.les)
			case !slices.IsSorted(sr.counts):
				t.Errorf("%s{%s}: buckets not cumulative: %v", family, id, sr.counts)
			case !sr.hasSum || !sr.hasC || sr.count != sr.counts[n-1]:
				t.Errorf("%s{%s}: _count %v (present %v), +Inf bucket %v, _sum present %v", family, id, sr.count, sr.hasC, sr.counts[n-1], sr.hasSum)
			case sr.sum < 0 || math.IsNaN(sr.sum):
				t.Errorf("%s{%s}: _sum %v", family, id, sr.sum)
			}
		}
	}
}

// increasing reports whether each bound is above the one before.
func increasing(bounds []float64) bool {
	for i := 1; i < len(bounds); i++ {
		if !(bounds[i] > bounds[i-1]) {
			return false
		}
	}
	return true
}

// TestMetricsExposition parses the whole of /metrics after traffic
// (issues, verifications that pass and fail, a status update,
// presentations, while other requests run) and checks its structure, the
// service's counts, and the runtime and process metrics.
func TestMetricsExposition(t *testing.T) {
	s := newServer(t, sqldbtest.SQLite(t), nil)
	const id = "urn:uuid:eeee0000-0000-4000-8000-000000000002"
	vc := s.issueOne(id, nil)
	s.issueOne("urn:uuid:eeee0000-0000-4000-8000-000000000003", nil)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			s.verify(vc)
			if resp, err := http.Get(s.URL + "/metrics"); err == nil { // a scrape meanwhile
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
	wg.Wait()
	s.setStatus(id, "revocation", true)
	s.verify(vc)
	s.post("/presentations/verify", map[string]any{"verifiablePresentation": map[string]any{"type": "VerifiablePresentation"}})

	resp, err := http.Get(s.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || ct != "text/plain; version=0.0.4; charset=utf-8" {
		t.Fatalf("GET /metrics: %d, Content-Type %q", resp.StatusCode, ct)
	}
	e := parseExposition(t, string(body))
	e.checkHistograms(t)

	for family, typ := range map[string]string{
		"obkit_verify_duration_seconds": "histogram",
		"obkit_verify_verdicts_total":   "counter",
		"obkit_issued_total":            "counter",
		"obkit_status_updates_total":    "counter",
		"go_goroutines":                 "gauge",
		"go_info":                       "gauge",
		"go_gc_duration_seconds":        "summary",
		"go_memstats_alloc_bytes":       "gauge",
		"process_start_time_seconds":    "gauge",
	} {
		if e.types[family] != typ {
			t.Errorf("%s: type %q, want %s", family, e.types[family], typ)
		}
	}
	for family, typ := range e.types {
		if typ == "counter" && !strings.HasSuffix(family, "_total") {
			t.Errorf("counter %s does not end in _total", family)
		}
		for _, s := range e.samples[family] {
			if typ == "counter" && !(s.value >= 0) {
				t.Errorf("counter %s%v = %v", s.name, s.labels, s.value)
			}
		}
	}

	cred := map[string]string{"kind": "credential"}
	if got := e.value(t, "obkit_verify_duration_seconds", "obkit_verify_duration_seconds_count", cred); got != 5 {
		t.Errorf("credential verifications: %v, want 5", got)
	}
	if got := e.value(t, "obkit_verify_duration_seconds", "obkit_verify_duration_seconds_count", map[string]string{"kind": "presentation"}); got != 1 {
		t.Errorf("presentation verifications: %v, want 1", got)
	}
	for labels, want := range map[[3]string]float64{
		{"credential", "true", "none"}:            4,
		{"credential", "false", "STATUS_REVOKED"}: 1,
	} {
		l := map[string]string{"kind": labels[0], "verified": labels[1], "code": labels[2]}
		if got := e.value(t, "obkit_verify_verdicts_total", "obkit_verify_verdicts_total", l); got != want {
			t.Errorf("verdicts %v: %v, want %v", l, got, want)
		}
	}
	if got := e.value(t, "obkit_issued_total", "obkit_issued_total", map[string]string{}); got != 2 {
		t.Errorf("issued: %v", got)
	}
	if got := e.value(t, "obkit_status_updates_total", "obkit_status_updates_total", map[string]string{"purpose": "revocation", "status": "true"}); got != 1 {
		t.Errorf("status updates: %v", got)
	}
	if got := e.value(t, "go_goroutines", "go_goroutines", map[string]string{}); got < 1 {
		t.Errorf("go_goroutines %v", got)
	}
	start := time.Unix(0, int64(e.value(t, "process_start_time_seconds", "process_start_time_seconds", map[string]string{})*1e9))
	if age := time.Since(start); age < 0 || age > 24*time.Hour {
		t.Errorf("process_start_time_seconds: started %v ago", age)
	}
}
