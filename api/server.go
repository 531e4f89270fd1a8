// Package api serves Haberci's JSON API (v1), /healthz and /metrics over
// net/http with Go 1.22 routing patterns.
package api

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler"
	"github.com/haberci/haberci/index"
)

// Server holds what the handlers read from. Sched may be nil (no crawling
// through the API then: POST crawl answers 503).
type Server struct {
	cfg   *config.Config
	index *index.Index
	arch  *archive.Archive
	sched *crawler.Scheduler
	log   *slog.Logger
	mux   *http.ServeMux
}

// New wires the routes.
func New(cfg *config.Config, ix *index.Index, ar *archive.Archive, sched *crawler.Scheduler, log *slog.Logger) *Server {
	if log == nil {
		log = slog.Default()
	}
	s := &Server{cfg: cfg, index: ix, arch: ar, sched: sched, log: log, mux: http.NewServeMux()}
	s.route("GET /healthz", s.healthz)
	s.mux.Handle("GET /metrics", promhttp.Handler())
	s.route("GET /api/v1/search", s.search)
	s.route("GET /api/v1/articles/{id}", s.article)
	s.route("GET /api/v1/articles/{id}/coverage", s.coverage)
	s.route("GET /api/v1/sources", s.sources)
	s.route("POST /api/v1/sources/{id}/crawl", s.requireToken(s.crawl))
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", "no such endpoint: "+r.Method+" "+r.URL.Path)
	})
	return s
}

// Handler is the server's root handler, with panic recovery and request
// metrics around every route.
func (s *Server) Handler() http.Handler {
	return http.MaxBytesHandler(s.mux, 1<<20)
}

// route registers h under pattern with metrics and recovery.
func (s *Server) route(pattern string, h http.HandlerFunc) {
	s.mux.Handle(pattern, s.instrument(pattern, h))
}

func (s *Server) instrument(pattern string, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("panic in handler", slog.String("route", pattern), slog.Any("panic", v))
				writeError(rec, http.StatusInternalServerError, "internal", "internal error")
			}
			observe(pattern, rec.status, time.Since(start))
		}()
		h(rec, r)
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	n, err := s.index.Count()
	if err != nil {
		s.fail(w, "healthz", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "indexed": n})
}

// statusRecorder remembers the status code for metrics.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}
