package crawler

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/config"
)

// TestErrorClasses: each kind of failure, met on a real local server, ends
// the run with its class first in the summary and in last_error.
func TestErrorClasses(t *testing.T) {
	closed := func(t *testing.T) string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		l.Close()
		return "http://" + l.Addr().String() + "/feed"
	}
	served := func(h http.HandlerFunc) func(t *testing.T) string {
		return func(t *testing.T) string {
			s := newSite(t)
			s.handle("/feed", h)
			s.handle("/robots.txt", static("text/plain", []byte("User-agent: *\nDisallow: /gizli\n")))
			s.handle("/gizli", h)
			return s.URL + "/feed"
		}
	}
	tests := map[string]struct {
		url   func(t *testing.T) string
		class string
	}{
		"closed port": {closed, "connect"},
		"tls to a server whose certificate we do not trust": {func(t *testing.T) string {
			srv := httptest.NewTLSServer(http.NotFoundHandler())
			t.Cleanup(srv.Close)
			return srv.URL + "/feed"
		}, "tls"},
		"no answer in time": {served(trickle), "timeout"},
		"500":               {served(status(http.StatusInternalServerError)), "http"},
		"robots.txt forbids": {func(t *testing.T) string {
			return strings.Replace(served(static("application/rss+xml", fixture(t, "rss_no_items.xml")))(t), "/feed", "/gizli", 1)
		}, "robots"},
		"not a feed": {served(static("application/rss+xml", fixture(t, "page_plain.html"))), "parse"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			c, ar := newCrawler(t, func(cfg *config.Config) { cfg.Crawl.Timeout = time.Second })
			sum, err := c.Run(t.Context(), source("kaynak", "feed", tc.url(t)))
			if err != nil || !strings.HasPrefix(sum.Error, tc.class+": ") {
				t.Errorf("run: %v, error %q, want class %q first", err, sum.Error, tc.class)
			}
			if st := fetchState(t, ar, "kaynak"); st.LastError != sum.Error {
				t.Errorf("last_error %q, want the summary's %q", st.LastError, sum.Error)
			}
		})
	}
}
