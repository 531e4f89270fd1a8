package crawler

import (
	"bytes"
	"fmt"
	"html"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// site is a local web site on 127.0.0.1 (its own host:port) whose pages the
// tests set per path. It counts requests, and conditional ones, per path.
type site struct {
	*httptest.Server
	mu          sync.Mutex
	routes      map[string]http.HandlerFunc
	hits        map[string]int
	conditional map[string]int
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{routes: map[string]http.HandlerFunc{}, hits: map[string]int{}, conditional: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	if r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "" {
		s.conditional[r.URL.Path]++
	}
	h := s.routes[r.URL.Path]
	s.mu.Unlock()
	if h == nil {
		http.NotFound(w, r)
		return
	}
	h(w, r)
}

// handle sets (or replaces) the handler of path.
func (s *site) handle(path string, h http.HandlerFunc) {
	s.mu.Lock()
	s.routes[path] = h
	s.mu.Unlock()
}

// file serves a testdata file at path, rehosted as body does.
func (s *site) file(t *testing.T, path, contentType, name string, rehost ...string) {
	t.Helper()
	s.handle(path, static(contentType, s.body(t, name, rehost...)))
}

// body reads a testdata file with every "http://www.example.com" and each
// of rehost replaced by the site's own URL, so that links in real fixtures
// lead back here and never to the internet.
func (s *site) body(t *testing.T, name string, rehost ...string) []byte {
	t.Helper()
	b := fixture(t, name)
	for _, h := range append(rehost, "http://www.example.com") {
		if h != "" {
			b = bytes.ReplaceAll(b, []byte(h), []byte(s.URL))
		}
	}
	return b
}

func (s *site) hitCount(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// requested lists the paths asked for, sorted.
func (s *site) requested() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.hits))
}

func (s *site) conditionalCount(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conditional[path]
}

// static answers 200 with body.
func static(contentType string, body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Write(body)
	}
}

// status answers code with header set, and a short text body.
func status(code int, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		http.Error(w, http.StatusText(code), code)
	}
}

// blocker holds every request until released or abandoned by the client,
// and tells the test each time one arrives.
type blocker struct {
	arrived chan string // the path of each request, as it arrives
	release chan struct{}
	once    sync.Once
}

// newBlocker returns a blocker that answers with then once released. It is
// released at the end of the test at the latest, before the site closes.
func newBlocker(t *testing.T, then http.HandlerFunc) (*blocker, http.HandlerFunc) {
	b := &blocker{arrived: make(chan string, 16), release: make(chan struct{})}
	t.Cleanup(b.open)
	return b, func(w http.ResponseWriter, r *http.Request) {
		select {
		case b.arrived <- r.URL.Path:
		default:
		}
		select {
		case <-b.release:
			then(w, r)
		case <-r.Context().Done():
		}
	}
}

func (b *blocker) open() { b.once.Do(func() { close(b.release) }) }

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// articlePage is a news page carrying the seed article (a real İHA item as a
// municipality site republished it) under title.
func articlePage(t *testing.T, title string) http.HandlerFunc {
	t.Helper()
	return static("text/html; charset=utf-8", articleHTML(t, title))
}

// articleHTML is articlePage's body.
func articleHTML(t *testing.T, title string) []byte {
	t.Helper()
	text := strings.TrimPrefix(string(fixture(t, "kartal-belediyesi-2020-06-iha.txt")), " date 2020-06 ")
	var b strings.Builder
	fmt.Fprintf(&b, `<!doctype html><html lang="tr"><head><meta charset="utf-8"><title>%s</title></head><body><article><h1>%[1]s</h1>`, html.EscapeString(title))
	for _, p := range strings.Split(text, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
		}
	}
	b.WriteString(`</article></body></html>`)
	return []byte(b.String())
}
