package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// httpMetrics are one server's collectors. They are registered with the
// registry the server is given, never with a process-wide default, so two
// servers (tests) never share counts and the daemon decides what /metrics
// shows.
type httpMetrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newHTTPMetrics(reg prometheus.Registerer) *httpMetrics {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "haberci_http_requests_total",
			Help: "API requests by route and status code.",
		}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "haberci_http_request_duration_seconds",
			Help:    "API request latency by route.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 14),
		}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.latency)
	return m
}

func (m *httpMetrics) observe(route string, code int, d time.Duration) {
	m.requests.WithLabelValues(route, strconv.Itoa(code)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

// Option changes how New builds a server.
type Option func(*options)

type options struct {
	metrics prometheus.Gatherer
	reg     prometheus.Registerer
}

// WithMetrics registers the server's collectors with reg and serves what
// gather collects at /metrics: the daemon passes the registry it also gave
// the crawler. Without it a server has a registry of its own holding its
// collectors alone.
func WithMetrics(reg prometheus.Registerer, gather prometheus.Gatherer) Option {
	return func(o *options) { o.reg, o.metrics = reg, gather }
}

// metricsHandler serves gather in Prometheus' text format; a collector
// that fails is reported in the answer rather than failing it whole.
func metricsHandler(gather prometheus.Gatherer) http.Handler {
	return promhttp.HandlerFor(gather, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}
