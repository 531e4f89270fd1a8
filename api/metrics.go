package api

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

var (
	requests = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "haberci_http_requests_total",
		Help: "API requests by route and status code.",
	}, []string{"route", "code"})
	latency = promauto.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "haberci_http_request_duration_seconds",
		Help:    "API request latency by route.",
		Buckets: prometheus.ExponentialBuckets(0.001, 2, 14),
	}, []string{"route"})
)

func observe(route string, code int, d time.Duration) {
	requests.WithLabelValues(route, strconv.Itoa(code)).Inc()
	latency.WithLabelValues(route).Observe(d.Seconds())
}
