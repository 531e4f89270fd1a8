// Package web serves Haberci's pages for people: search, articles, stories
// and sources, rendered on the server with html/template on the API's
// listener. Assets are embedded; the small script only adds keyboard
// shortcuts, so every page works without JavaScript.
package web

import (
	"crypto/rand"
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/haberci/haberci/api"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/index"
)

//go:embed static
var staticFS embed.FS

// Server holds what the pages read from. Its api is the JSON API's handler:
// requests for paths the pages do not serve go to it, and an operator's
// actions (pause, resume, crawl now) are carried out through it, so that
// each action has one implementation.
type Server struct {
	cfg     *config.Config
	index   *index.Index
	arch    Store
	api     http.Handler
	log     *slog.Logger
	mux     *http.ServeMux
	pages   map[string]pageSet // by language
	secret  []byte             // signs sessions and CSRF tokens; new on every start
	now     func() time.Time
	signins throttle // failed sign-ins, see session.go
}

// New builds the pages. api may be nil (every other path then answers 404).
func New(cfg *config.Config, ix *index.Index, ar Store, api http.Handler, log *slog.Logger) *Server {
	if log == nil {
		log = slog.Default()
	}
	if api == nil {
		api = http.NotFoundHandler()
	}
	s := &Server{cfg: cfg, index: ix, arch: ar, api: api, log: log, mux: http.NewServeMux(),
		pages: parsePages(), secret: make([]byte, 32), now: time.Now}
	_, _ = rand.Read(s.secret) // crypto/rand.Read never fails (Go 1.24+)

	s.mux.Handle("GET /{$}", s.secure(http.RedirectHandler("/search", http.StatusFound)))
	static, _ := fs.Sub(staticFS, "static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", s.assets(static)))
	s.page("GET /search", s.search)
	s.page("GET /articles/{id}", s.article)
	s.page("GET /articles/{id}/similar", s.similar)
	s.page("GET /articles/{id}/captures/{n}", s.captureFrame)
	s.page("GET /captures/{id}/{n}", s.capture)
	s.page("GET /stories/{cluster}", s.story)
	s.page("GET /stories/{cluster}/coverage.csv", s.storyCSV)
	s.page("GET /sources", s.sources)
	s.form("POST /sources/{id}/{action}", s.sourceAction)
	s.page("GET /watches", s.watches)
	s.page("GET /watches/{id}", s.watch)
	s.formSized("POST /watches", s.createWatch, maxReleaseForm)
	s.form("POST /watches/{id}/delete", s.deleteWatch)
	s.mux.Handle("GET /signin", s.secure(http.HandlerFunc(s.signinForm)))
	s.form("POST /signin", s.signin)
	s.form("POST /signout", s.signout)
	return s
}

// Handler serves the pages, hands the API's paths to the API and answers
// any other path with an HTML error page: a reader who mistypes a URL gets
// a page, a program under /api/ gets the contract's JSON. Text answers,
// the API's included, are gzipped for clients that take it (api.Compress).
func (s *Server) Handler() http.Handler {
	notPage := s.secure(http.HandlerFunc(s.noPage))
	return api.Compress(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch _, pattern := s.mux.Handler(r); {
		case pattern != "":
			s.mux.ServeHTTP(w, r)
		case apiPath(r.URL.Path):
			s.api.ServeHTTP(w, r)
		default:
			notPage.ServeHTTP(w, r)
		}
	}))
}

// apiPath tells whether path is the API's: under /api/, or one of the
// API's routes outside it (health, metrics, watch feeds read by feed
// readers). Unknown paths there get the API's JSON 404.
func apiPath(path string) bool {
	for _, p := range []string{"/api/", "/feeds/"} {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return path == "/api" || path == "/healthz" || path == "/metrics"
}

// noPage answers a path that is neither a page nor the API's: 405 with
// Allow when the path is a page's under another method, else 404.
func (s *Server) noPage(w http.ResponseWriter, r *http.Request) {
	probe := &apiAnswer{header: http.Header{}}
	h, _ := s.mux.Handler(r)
	h.ServeHTTP(probe, r) // the mux's own 404 or 405, with its Allow header
	lang := language(r)
	if probe.status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", probe.header.Get("Allow"))
		s.fail(w, r, http.StatusMethodNotAllowed, translate(lang, "error.method", r.Method))
		return
	}
	s.fail(w, r, http.StatusNotFound, translate(lang, "error.notfound"))
}

// page registers a page that reads: behind sign-in when private_reads is
// set, with the security headers and recovery.
func (s *Server) page(pattern string, h http.HandlerFunc) {
	s.mux.Handle(pattern, s.secure(s.readable(h)))
}

// form registers a state-changing endpoint: the CSRF token is checked
// before h runs (h checks sign-in where it needs it).
func (s *Server) form(pattern string, h http.HandlerFunc) { s.formSized(pattern, h, 64<<10) }

// maxReleaseForm bounds the watch form, which may carry a pasted release:
// the API takes 200,000 bytes of text, which URL-encoding may triple.
const maxReleaseForm = 1 << 20

// formSized is form with a body of at most limit bytes.
func (s *Server) formSized(pattern string, h http.HandlerFunc, limit int64) {
	s.mux.Handle(pattern, s.secure(http.MaxBytesHandler(s.checkCSRF(h), limit)))
}

// contentPolicy is every page's Content-Security-Policy: nothing inline,
// nothing from elsewhere, never framed by another site.
const contentPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"frame-ancestors 'none'; object-src 'none'; base-uri 'none'; form-action 'self'"

// secure sets the security headers on every answer and turns a panic into
// the 500 page (when nothing of the answer was written yet).
func (s *Server) secure(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", contentPolicy)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("X-Frame-Options", "DENY")
		rememberLanguage(w, r)
		ww := &writeWatch{ResponseWriter: w}
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler { // net/http's sentinel: it ends the connection quietly
				panic(v)
			}
			s.log.Error("panic in page", slog.String("path", r.URL.Path), slog.Any("panic", v))
			if ww.wrote { // part of an answer went out: nothing clean can follow
				return
			}
			hd.Del("Content-Disposition")
			hd.Del("Cache-Control")
			s.fail(w, r, http.StatusInternalServerError, translate(language(r), "error.internal"))
		}()
		h.ServeHTTP(ww, r)
	})
}

// writeWatch tells whether a handler started its answer.
type writeWatch struct {
	http.ResponseWriter
	wrote bool
}

func (w *writeWatch) WriteHeader(code int) {
	w.wrote = w.wrote || code >= 200
	w.ResponseWriter.WriteHeader(code)
}

func (w *writeWatch) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *writeWatch) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// assets serves files with long-lived caching: the files change only with
// the binary, and their URLs carry the build's version (see assetVersion).
// A missing file, or a directory (never listed), gets the pages' 404.
func (s *Server) assets(files fs.FS) http.Handler {
	h := http.FileServerFS(files)
	missing := s.secure(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusNotFound, translate(language(r), "error.notfound"))
	}))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if st, err := fs.Stat(files, r.URL.Path); err != nil || st.IsDir() {
			missing.ServeHTTP(w, r)
			return
		}
		if r.URL.Query().Get("v") != "" {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		}
		h.ServeHTTP(w, r)
	})
}
