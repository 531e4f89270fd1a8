package crawler

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

var (
	crawlRuns = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "haberci_crawl_runs_total",
		Help: "Source crawl runs by outcome (ok, error, canceled, paused).",
	}, []string{"outcome"})
	articlesStored = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "haberci_articles_stored_total",
		Help: "Articles handed to the archive, by source.",
	}, []string{"source"})
)
