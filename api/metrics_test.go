package api

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler"
)

// TestMetricsArePerServer checks that each server counts into the registry
// it was given: two servers never share counts, and the daemon's registry
// shows the crawler's collectors beside the API's.
func TestMetricsArePerServer(t *testing.T) {
	cfg := config.Default()
	scrape := func(s *Server) string {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		if rec.Code != 200 {
			t.Fatalf("GET /metrics: %d", rec.Code)
		}
		return rec.Body.String()
	}
	a, b := New(cfg, nil, nil, nil, nil), New(cfg, nil, nil, nil, nil)
	scrape(a)
	if got := scrape(a); !strings.Contains(got, `haberci_http_requests_total{code="200",route="GET /metrics"} 1`) {
		t.Errorf("server a's second scrape does not count its first:\n%s", got)
	}
	if got := scrape(b); strings.Contains(got, "haberci_http_requests_total{") {
		t.Errorf("server b counts server a's requests:\n%s", got)
	}

	reg := prometheus.NewRegistry()
	if err := crawler.New(cfg, nil, nil, nil).RegisterMetrics(reg); err != nil {
		t.Fatal(err)
	}
	d := New(cfg, nil, nil, nil, nil, WithMetrics(reg, reg))
	scrape(d)
	got := scrape(d)
	for _, name := range []string{"haberci_crawl_paused", "haberci_http_request_duration_seconds"} {
		if !strings.Contains(got, "# TYPE "+name) {
			t.Errorf("daemon registry lacks %s:\n%s", name, got)
		}
	}
}
