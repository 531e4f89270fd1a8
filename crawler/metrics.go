package crawler

import "github.com/prometheus/client_golang/prometheus"

// crawlMetrics are one crawler's collectors; RegisterMetrics hands them to
// the registry the daemon serves at /metrics.
type crawlMetrics struct {
	runs   *prometheus.CounterVec
	stored *prometheus.CounterVec
	errors *prometheus.CounterVec
	paused prometheus.Gauge
	// revisits counts articles fetched again, by outcome.
	revisits *prometheus.CounterVec
}

func newCrawlMetrics() *crawlMetrics {
	return &crawlMetrics{
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "haberci_crawl_runs_total",
			Help: "Source crawl runs by outcome (ok, error, canceled, paused).",
		}, []string{"outcome"}),
		stored: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "haberci_articles_stored_total",
			Help: "Articles handed to the archive, by source.",
		}, []string{"source"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "haberci_crawl_errors_total",
			Help: "Source runs that failed, by error class (dns, connect, timeout, tls, http, robots, parse, extract, storage).",
		}, []string{"class"}),
		revisits: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "haberci_revisits_total",
			Help: "Articles fetched again by crawl.revisit, by outcome (unchanged, changed, removed, failed, skipped: the source is paused).",
		}, []string{"outcome"}),
		paused: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "haberci_crawl_paused",
			Help: "1 while crawling is paused because the archive cannot write (disk full or read-only).",
		}),
	}
}

// RegisterMetrics registers the crawler's collectors with reg.
func (c *Crawler) RegisterMetrics(reg prometheus.Registerer) error {
	m := c.metrics
	for _, col := range []prometheus.Collector{m.runs, m.stored, m.errors, m.paused, m.revisits} {
		if err := reg.Register(col); err != nil {
			return err
		}
	}
	return nil
}
