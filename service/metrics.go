package service

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/obkit/obkit/verify"
)

// metrics are the service's Prometheus metrics, in a registry of its own
// (so that several services in one process do not collide), served at
// /metrics with the Go runtime and process collectors.
type metrics struct {
	reg           *prometheus.Registry
	verifyLatency *prometheus.HistogramVec
	verdicts      *prometheus.CounterVec
	issued        prometheus.Counter
	statusUpdates *prometheus.CounterVec
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		verifyLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "obkit_verify_duration_seconds",
			Help:    "Time to verify a credential or presentation, by kind.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"kind"}),
		verdicts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "obkit_verify_verdicts_total",
			Help: "Verifications by kind, verdict, and problem code (\"none\" when verified; each failed check's code otherwise).",
		}, []string{"kind", "verified", "code"}),
		issued: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "obkit_issued_total",
			Help: "Credentials issued.",
		}),
		statusUpdates: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "obkit_status_updates_total",
			Help: "Status updates by purpose and new status.",
		}, []string{"purpose", "status"}),
	}
	m.reg.MustRegister(m.verifyLatency, m.verdicts, m.issued, m.statusUpdates,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observe(kind string, start time.Time, verified bool, problems []*verify.Problem) {
	m.verifyLatency.WithLabelValues(kind).Observe(time.Since(start).Seconds())
	if verified || len(problems) == 0 {
		m.verdicts.WithLabelValues(kind, boolLabel(verified), "none").Inc()
		return
	}
	for _, p := range problems {
		m.verdicts.WithLabelValues(kind, "false", string(p.Code)).Inc()
	}
}

func boolLabel(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
