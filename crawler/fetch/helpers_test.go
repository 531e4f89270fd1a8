package fetch

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

const testAgent = "Haberci/1.0 (+https://example.org/bot)"

// testOptions keeps tests quick: almost no spacing, a short but safe timeout.
func testOptions() Options {
	return Options{UserAgent: testAgent, PerHostInterval: time.Millisecond, Timeout: 10 * time.Second}
}

// serve starts a real HTTP server on 127.0.0.1 for the test's lifetime.
func serve(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// turkish is real Turkish agency text (see testdata/SOURCE).
func turkish(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("testdata/turkish.txt")
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// hitLog records the paths and arrival times a server saw.
type hitLog struct {
	mu    sync.Mutex
	paths []string
	times []time.Time
}

func (l *hitLog) add(r *http.Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.paths = append(l.paths, r.URL.Path)
	l.times = append(l.times, time.Now())
}

// count reports how many requests asked for path.
func (l *hitLog) count(path string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, p := range l.paths {
		if p == path {
			n++
		}
	}
	return n
}
