// Package api serves Haberci's JSON API (v1), /healthz and /metrics over
// net/http with Go 1.22 routing patterns.
package api

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler"
	"github.com/haberci/haberci/index"
	"github.com/haberci/haberci/params"
	"github.com/haberci/haberci/sources"
)

// Server holds what the handlers read from. Sched may be nil (no crawling
// through the API then: POST crawl answers 503).
type Server struct {
	cfg   *config.Config
	index *index.Index
	arch  Store
	sched *crawler.Scheduler
	reg   *sources.Registry
	log   *slog.Logger
	mux   *http.ServeMux
	// metrics counts requests by route; see WithMetrics.
	metrics *httpMetrics
	// patterns lists every registered route in order; access is decided
	// from each pattern's method, and a test walks this list to prove that
	// every state-changing route refuses requests without the token.
	patterns []string
}

// New wires the routes. Who may call each one follows from its method (see
// guard.go): add routes here, never on s.mux directly.
func New(cfg *config.Config, ix *index.Index, ar Store, sched *crawler.Scheduler, log *slog.Logger, opts ...Option) *Server {
	if log == nil {
		log = slog.Default()
	}
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if o.reg == nil {
		own := prometheus.NewRegistry()
		o.reg, o.metrics = own, own
	}
	s := &Server{cfg: cfg, index: ix, arch: ar, sched: sched, reg: sources.New(cfg, ar, sched, log), log: log, mux: http.NewServeMux(),
		metrics: newHTTPMetrics(o.reg)}
	s.route("GET /healthz", s.healthz)
	s.handle("GET /metrics", metricsHandler(o.metrics))
	s.route("GET /api/v1/search", s.search)
	s.route("GET /api/v1/articles/{id}", s.article)
	s.route("GET /api/v1/articles/{id}/coverage", s.coverage)
	s.route("GET /api/v1/articles/{id}/similar", s.similar)
	s.route("GET /api/v1/coverage", s.storyCoverage)
	s.route("GET /api/v1/sources", s.listSources)
	s.route("POST /api/v1/sources/{id}/crawl", s.crawl)
	s.route("POST /api/v1/sources", s.addSource)
	s.route("PATCH /api/v1/sources/{id}", s.editSource)
	s.route("DELETE /api/v1/sources/{id}", s.removeSource)
	s.route("POST /api/v1/sources/{id}/pause", s.pauseSource)
	s.route("POST /api/v1/sources/{id}/resume", s.resumeSource)
	wr := newWatchRoutes(s)
	s.route("POST /api/v1/watches", wr.create)
	s.route("GET /api/v1/watches", wr.list)
	s.route("GET /api/v1/watches/{id}", wr.get)
	s.route("DELETE /api/v1/watches/{id}", wr.remove)
	s.route("GET /api/v1/watches/{id}/matches", wr.matches)
	s.route("GET /feeds/watches/{token}", wr.feed)
	return s
}

// Sources is the registry the source routes change, for the daemon's
// config reload (sources.Registry.SetConfig).
func (s *Server) Sources() *sources.Registry { return s.reg }

// Handler is the server's root handler: request bodies capped, CORS for the
// configured origins only, nosniff on every answer, unmatched requests
// answered with the contract's JSON error.
func (s *Server) Handler() http.Handler {
	return http.MaxBytesHandler(http.HandlerFunc(s.serve), 1<<20)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if s.cors(w, r) {
		return
	}
	if refused := checkRequest(w, r); refused {
		return
	}
	h, pattern := s.mux.Handler(r)
	if pattern != "" {
		s.mux.ServeHTTP(w, r)
		return
	}
	// No route: let the mux decide between 404 and 405 (with its Allow
	// header), then answer in JSON instead of its plain text.
	probe := &headerProbe{header: http.Header{}, status: http.StatusOK}
	h.ServeHTTP(probe, r)
	if allow := probe.header.Get("Allow"); allow != "" {
		w.Header().Set("Allow", allow)
	}
	if probe.status == http.StatusMethodNotAllowed {
		writeError(w, probe.status, "method_not_allowed", config.Quote(r.Method)+" is not allowed on "+config.Quote(r.URL.Path))
		return
	}
	writeError(w, http.StatusNotFound, "not_found", "no such endpoint: "+config.Quote(r.Method)+" "+config.Quote(r.URL.Path))
}

// Request limits the server checks itself, below net/http's own (which
// answer in plain text): past them the answer is the JSON error shape.
const (
	maxURLBytes    = 8 << 10  // 414
	maxHeaderBytes = 32 << 10 // 431
)

// checkRequest refuses an over-long URL or header block and a query string
// that does not parse strictly (see params.Values), so that no handler
// reads a query from which a parameter was silently dropped. It reports
// whether it answered.
func checkRequest(w http.ResponseWriter, r *http.Request) bool {
	if n := len(r.URL.RawPath) + len(r.URL.Path) + len(r.URL.RawQuery); n > maxURLBytes {
		writeError(w, http.StatusRequestURITooLong, "uri_too_long", fmt.Sprintf("the URL has %d bytes; at most %d are read", n, maxURLBytes))
		return true
	}
	n := 0
	for k, vs := range r.Header {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	if n > maxHeaderBytes {
		writeError(w, http.StatusRequestHeaderFieldsTooLarge, "headers_too_large", fmt.Sprintf("the headers have %d bytes; at most %d are read", n, maxHeaderBytes))
		return true
	}
	if _, err := params.Values(r.URL.RawQuery); err != nil {
		badRequest(w, err.Error())
		return true
	}
	return false
}

// headerProbe records a handler's status and headers and drops its body.
type headerProbe struct {
	header http.Header
	status int
}

func (p *headerProbe) Header() http.Header         { return p.header }
func (p *headerProbe) Write(b []byte) (int, error) { return len(b), nil }
func (p *headerProbe) WriteHeader(code int)        { p.status = code }

// route registers h under pattern; see handle.
func (s *Server) route(pattern string, h http.HandlerFunc) { s.handle(pattern, h) }

// handle registers h under pattern behind the token check its method calls
// for, with metrics and recovery (401s are counted too).
func (s *Server) handle(pattern string, h http.Handler) {
	s.patterns = append(s.patterns, pattern)
	s.mux.Handle(pattern, s.instrument(pattern, s.guard(pattern, h)))
}

func (s *Server) instrument(pattern string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("panic in handler", slog.String("route", pattern), slog.Any("panic", v))
				writeError(rec, http.StatusInternalServerError, "internal", "internal error")
			}
			s.metrics.observe(pattern, rec.status, time.Since(start))
		}()
		h.ServeHTTP(rec, r)
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	n, err := s.index.Count()
	if err != nil {
		s.answerError(w, r, "healthz", err)
		return
	}
	// One body, its fields added by what holds: 503 paused while the
	// archive cannot write, else 200 degraded while a source's last run
	// failed, else 200 ok.
	code, body := http.StatusOK, map[string]any{"status": "ok", "indexed": n}
	if s.sched != nil {
		if failing := s.sched.Failing(); len(failing) > 0 {
			body["status"], body["failing_sources"] = "degraded", failing
		}
		if s.sched.StoragePaused() != nil {
			// The cause, with its paths, is in the log; monitors get the state.
			code, body["status"] = http.StatusServiceUnavailable, "paused"
			body["error"] = "crawling is paused: the archive cannot write (disk full or read-only)"
		}
	}
	s.writeJSON(w, code, s.withVersions(r, body))
}

// withVersions adds to a health answer the archive's schema step and the
// index's mapping version, which an upgrade changes.
func (s *Server) withVersions(r *http.Request, body map[string]any) map[string]any {
	body["mapping_version"] = index.MappingVersion
	if s.arch == nil {
		return body
	}
	if step, err := s.arch.SchemaStep(r.Context()); err == nil {
		body["schema_step"] = step
	} else {
		s.log.Warn("healthz: schema step", slog.Any("error", err))
	}
	return body
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
