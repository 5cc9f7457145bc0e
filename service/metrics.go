package service

import (
	"bytes"
	"compress/gzip"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/obkit/obkit/verify"
)

// metricsContentType is the media type of the Prometheus text exposition
// format, version 0.0.4, that GET /metrics writes.
const metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

// verifyBuckets are the upper bounds, in seconds, of the verification
// latency histogram's buckets.
var verifyBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}

// metrics are the service's Prometheus metrics, in a registry of its own
// (so that several services in one process do not collide), served at
// /metrics in the text exposition format with a few Go runtime and process
// metrics.
type metrics struct {
	reg           *registry
	verifyLatency *histogramVec
	verdicts      *counterVec
	issued        *counter
	statusUpdates *counterVec
}

func newMetrics() *metrics {
	m := &metrics{
		verifyLatency: newHistogramVec("obkit_verify_duration_seconds",
			"Time to verify a credential or presentation, by kind.",
			verifyBuckets, "kind"),
		verdicts: newCounterVec("obkit_verify_verdicts_total",
			"Verifications by kind, verdict, and problem code (\"none\" when verified; each failed check's code otherwise).",
			"kind", "verified", "code"),
		issued: newCounter("obkit_issued_total", "Credentials issued."),
		statusUpdates: newCounterVec("obkit_status_updates_total",
			"Status updates by purpose and new status.",
			"purpose", "status"),
	}
	m.reg = newRegistry(m.verifyLatency, m.verdicts, m.issued, m.statusUpdates)
	m.reg.add(runtimeMetrics()...)
	return m
}

func (m *metrics) observe(kind string, start time.Time, verified bool, problems []*verify.Problem) {
	m.verifyLatency.with(kind).observe(time.Since(start).Seconds())
	if verified || len(problems) == 0 {
		m.verdicts.with(kind, boolLabel(verified), "none").inc()
		return
	}
	for _, p := range problems {
		m.verdicts.with(kind, "false", string(p.Code)).inc()
	}
}

func boolLabel(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// ServeHTTP writes the metrics in the text exposition format, gzipped
// when the client accepts it.
func (r *registry) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	var buf bytes.Buffer
	r.write(&buf)
	h := w.Header()
	h.Set("Content-Type", metricsContentType)
	h.Add("Vary", "Accept-Encoding")
	if acceptsGzip(req.Header.Get("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		_, _ = buf.WriteTo(zw)
		_ = zw.Close()
		return
	}
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	_, _ = buf.WriteTo(w)
}

// acceptsGzip reports whether an Accept-Encoding header value lists gzip
// with a non-zero quality.
func acceptsGzip(header string) bool {
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		q, ok := strings.CutPrefix(strings.ReplaceAll(strings.TrimSpace(params), " ", ""), "q=")
		if !ok {
			return true
		}
		f, err := strconv.ParseFloat(q, 64)
		return err == nil && f > 0
	}
	return false
}

// A family is a metric family of the exposition: its name, and the
// writing of its HELP, TYPE and sample lines (nothing when it has no
// samples yet).
type family interface {
	familyName() string
	writeTo(b *bytes.Buffer)
}

// registry is a set of metric families, written sorted by name.
type registry struct {
	mu       sync.Mutex
	families []family
}

func newRegistry(fs ...family) *registry {
	r := &registry{}
	r.add(fs...)
	return r
}

// add registers families; a name registered twice is a programming error.
func (r *registry) add(fs ...family) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, f := range fs {
		for _, g := range r.families {
			if g.familyName() == f.familyName() {
				panic("service: metric " + f.familyName() + " registered twice")
			}
		}
		r.families = append(r.families, f)
	}
	slices.SortFunc(r.families, func(a, b family) int { return strings.Compare(a.familyName(), b.familyName()) })
}

// write writes every family with samples, sorted by name.
func (r *registry) write(b *bytes.Buffer) {
	r.mu.Lock()
	fs := slices.Clone(r.families)
	r.mu.Unlock()
	for _, f := range fs {
		f.writeTo(b)
	}
}

// writeHeader writes a family's HELP and TYPE lines.
func writeHeader(b *bytes.Buffer, name, help, typ string) {
	b.WriteString("# HELP ")
	b.WriteString(name)
	b.WriteByte(' ')
	helpEscaper.WriteString(b, help)
	b.WriteString("\n# TYPE ")
	b.WriteString(name)
	b.WriteByte(' ')
	b.WriteString(typ)
	b.WriteByte('\n')
}

var (
	// helpEscaper escapes a HELP text: backslash and line feed.
	helpEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
	// labelEscaper escapes a label value: backslash, double quote and line feed.
	labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
)

// writeSample writes one sample line: name, the labels already rendered
// ("" or `{a="x",b="y"}`), an extra label (le of a histogram bucket, when
// extra is not ""), and the value.
func writeSample(b *bytes.Buffer, name, labels, extra, value string) {
	b.WriteString(name)
	switch {
	case extra != "" && labels != "":
		b.WriteString(labels[:len(labels)-1])
		b.WriteByte(',')
		b.WriteString(extra)
		b.WriteByte('}')
	case extra != "":
		b.WriteByte('{')
		b.WriteString(extra)
		b.WriteByte('}')
	default:
		b.WriteString(labels)
	}
	b.WriteByte(' ')
	b.WriteString(value)
	b.WriteByte('\n')
}

// formatFloat formats a sample value or bucket bound as the exposition
// format spells them (Go float syntax, +Inf, -Inf, NaN).
func formatFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "+Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	case math.IsNaN(f):
		return "NaN"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// maxLabels is the most labels a vector may have; label values are kept in
// an array of this size, a map key that costs no allocation to build.
const maxLabels = 3

// labelKey is the label values of one series, in the vector's label order.
type labelKey [maxLabels]string

// labelSet is the label names of a vector and their rendering in sorted
// name order, as the exposition format writes them.
type labelSet struct {
	names []string // as given to with
	order []int    // indexes into names, sorted by name
}

func newLabelSet(names []string) labelSet {
	if len(names) > maxLabels {
		panic("service: more than " + strconv.Itoa(maxLabels) + " labels")
	}
	order := make([]int, len(names))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(names[a], names[b]) })
	return labelSet{names: names, order: order}
}

// key returns the series key of label values given in name order.
func (ls labelSet) key(values []string) labelKey {
	if len(values) != len(ls.names) {
		panic("service: " + strconv.Itoa(len(values)) + " label values for " + strconv.Itoa(len(ls.names)) + " labels")
	}
	var k labelKey
	copy(k[:], values)
	return k
}

// compare orders two series by their label values in sorted name order.
func (ls labelSet) compare(a, b labelKey) int {
	for _, i := range ls.order {
		if c := strings.Compare(a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}

// render writes `{a="x",b="y"}` (labels sorted by name, values escaped),
// or "" when there are no labels.
func (ls labelSet) render(k labelKey) string {
	if len(ls.names) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteByte('{')
	for j, i := range ls.order {
		if j > 0 {
			b.WriteByte(',')
		}
		b.WriteString(ls.names[i])
		b.WriteString(`="`)
		labelEscaper.WriteString(&b, k[i])
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}

// seriesMap is a copy-on-write map from label values to series: readers
// load it with one atomic read and never lock; the first use of new label
// values copies it under a mutex.
type seriesMap[S any] struct {
	mu        sync.Mutex
	m         atomic.Pointer[map[labelKey]*S]
	newSeries func() *S
}

func (sm *seriesMap[S]) get(k labelKey) *S {
	if m := sm.m.Load(); m != nil {
		if s, ok := (*m)[k]; ok {
			return s
		}
	}
	sm.mu.Lock()
	defer sm.mu.Unlock()
	old := sm.m.Load()
	if old != nil {
		if s, ok := (*old)[k]; ok {
			return s
		}
	}
	next := make(map[labelKey]*S, 1+lenOf(old))
	if old != nil {
		for k, s := range *old {
			next[k] = s
		}
	}
	s := sm.newSeries()
	next[k] = s
	sm.m.Store(&next)
	return s
}

// sorted returns the series ordered by label values.
func (sm *seriesMap[S]) sorted(ls labelSet) ([]labelKey, []*S) {
	m := sm.m.Load()
	if m == nil {
		return nil, nil
	}
	keys := make([]labelKey, 0, len(*m))
	for k := range *m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, ls.compare)
	series := make([]*S, len(keys))
	for i, k := range keys {
		series[i] = (*m)[k]
	}
	return keys, series
}

func lenOf[S any](m *map[labelKey]*S) int {
	if m == nil {
		return 0
	}
	return len(*m)
}

// counter is a monotonic count, safe for concurrent use.
type counter struct {
	name, help string // set when the counter is a family of its own
	n          atomic.Uint64
}

func newCounter(name, help string) *counter { return &counter{name: name, help: help} }

func (c *counter) inc() { c.n.Add(1) }

func (c *counter) familyName() string { return c.name }

func (c *counter) writeTo(b *bytes.Buffer) {
	writeHeader(b, c.name, c.help, "counter")
	writeSample(b, c.name, "", "", strconv.FormatUint(c.n.Load(), 10))
}

// counterVec is a family of counters told apart by label values.
type counterVec struct {
	name, help string
	labels     labelSet
	series     seriesMap[counter]
}

func newCounterVec(name, help string, labelNames ...string) *counterVec {
	v := &counterVec{name: name, help: help, labels: newLabelSet(labelNames)}
	v.series.newSeries = func() *counter { return &counter{} }
	return v
}

// with returns the counter of the label values, given in the order of the
// vector's label names.
func (v *counterVec) with(values ...string) *counter { return v.series.get(v.labels.key(values)) }

func (v *counterVec) familyName() string { return v.name }

func (v *counterVec) writeTo(b *bytes.Buffer) {
	keys, series := v.series.sorted(v.labels)
	if len(keys) == 0 {
		return
	}
	writeHeader(b, v.name, v.help, "counter")
	for i, k := range keys {
		writeSample(b, v.name, v.labels.render(k), "", strconv.FormatUint(series[i].n.Load(), 10))
	}
}

// histogram counts observations in buckets by upper bound, safe for
// concurrent use. Each bucket holds the observations above the bound
// before it (the last one those above every bound); the exposition
// makes them cumulative, and its _count is their total, so that _count
// always equals the +Inf bucket. _sum is added separately and may lag
// an observation in progress.
type histogram struct {
	bounds  []float64
	counts  []atomic.Uint64 // len(bounds)+1
	sumBits atomic.Uint64   // math.Float64bits of the sum
}

func (h *histogram) observe(v float64) {
	i := 0
	for i < len(h.bounds) && v > h.bounds[i] {
		i++
	}
	h.counts[i].Add(1)
	for {
		old := h.sumBits.Load()
		if h.sumBits.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+v)) {
			return
		}
	}
}

// histogramVec is a family of histograms told apart by label values.
type histogramVec struct {
	name, help string
	bounds     []float64
	les        []string // the bounds as le label pairs, +Inf last
	labels     labelSet
	series     seriesMap[histogram]
}

func newHistogramVec(name, help string, bounds []float64, labelNames ...string) *histogramVec {
	if !slices.IsSorted(bounds) {
		panic("service: histogram bounds not sorted")
	}
	v := &histogramVec{name: name, help: help, bounds: slices.Clone(bounds), labels: newLabelSet(labelNames)}
	for _, ub := range v.bounds {
		v.les = append(v.les, `le="`+formatFloat(ub)+`"`)
	}
	v.les = append(v.les, `le="+Inf"`)
	v.series.newSeries = func() *histogram {
		return &histogram{bounds: v.bounds, counts: make([]atomic.Uint64, len(v.bounds)+1)}
	}
	return v
}

// with returns the histogram of the label values, given in the order of
// the vector's label names.
func (v *histogramVec) with(values ...string) *histogram { return v.series.get(v.labels.key(values)) }

func (v *histogramVec) familyName() string { return v.name }

func (v *histogramVec) writeTo(b *bytes.Buffer) {
	keys, series := v.series.sorted(v.labels)
	if len(keys) == 0 {
		return
	}
	writeHeader(b, v.name, v.help, "histogram")
	for i, k := range keys {
		h, labels := series[i], v.labels.render(k)
		var total uint64
		for j := range h.counts {
			total += h.counts[j].Load()
			writeSample(b, v.name+"_bucket", labels, v.les[j], strconv.FormatUint(total, 10))
		}
		writeSample(b, v.name+"_sum", labels, "", formatFloat(math.Float64frombits(h.sumBits.Load())))
		writeSample(b, v.name+"_count", labels, "", strconv.FormatUint(total, 10))
	}
}

// funcMetric is a gauge or counter family of one sample whose value is read
// when the metrics are written; ok false leaves it out.
type funcMetric struct {
	name, help, typ string
	labels          string // rendered, "" for none
	value           func() (v float64, ok bool)
}

func (f *funcMetric) familyName() string { return f.name }

func (f *funcMetric) writeTo(b *bytes.Buffer) {
	v, ok := f.value()
	if !ok {
		return
	}
	writeHeader(b, f.name, f.help, f.typ)
	writeSample(b, f.name, f.labels, "", formatFloat(v))
}
