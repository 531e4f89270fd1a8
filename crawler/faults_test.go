package crawler

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haberci/haberci/config"
)

// TestFeedFaults: each broken feed fails its run with a clear error, counted
// in the fetch state with a backoff; an empty feed is no failure.
func TestFeedFaults(t *testing.T) {
	tests := map[string]struct {
		feed       http.HandlerFunc
		wantErr    string        // in the summary and last_error; "" for success
		wantStatus int           // last_status
		minWait    time.Duration // next_allowed_at >= run start + minWait
	}{
		"500": {
			feed:    status(http.StatusInternalServerError),
			wantErr: "/feed: 500 Internal Server Error", wantStatus: 500, minWait: 48 * time.Second, // backoff(1) - 20 %
		},
		"429 with Retry-After: 120": {
			feed:    status(http.StatusTooManyRequests, "Retry-After", "120"),
			wantErr: "/feed: 429 Too Many Requests", wantStatus: 429, minWait: 120 * time.Second,
		},
		"503 with a Retry-After date": {
			feed:    status(http.StatusServiceUnavailable, "Retry-After", time.Now().Add(30*time.Minute).UTC().Format(http.TimeFormat)),
			wantErr: "/feed: 503 Service Unavailable", wantStatus: 503, minWait: 29 * time.Minute,
		},
		"malformed xml": {
			feed:    static("application/rss+xml", fixture(t, "rss_illformed.xml")),
			wantErr: "/feed is not a readable feed", wantStatus: 200, minWait: 48 * time.Second,
		},
		"html served as a feed": {
			feed:    static("application/rss+xml", fixture(t, "page_plain.html")),
			wantErr: "/feed is not a readable feed: failed to detect feed type", wantStatus: 200, minWait: 48 * time.Second,
		},
		"empty feed": {
			feed:       static("application/rss+xml", fixture(t, "rss_no_items.xml")),
			wantStatus: 200,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s := newSite(t)
			s.handle("/feed", tc.feed)
			c, ar := newCrawler(t)
			start := time.Now()
			sum, err := c.Run(t.Context(), source("bozuk", "feed", s.URL+"/feed"))
			if err != nil {
				t.Fatal(err)
			}
			st := fetchState(t, ar, "bozuk")
			if st.LastStatus != tc.wantStatus || st.LastFetchAt.Before(start.Add(-time.Second)) {
				t.Errorf("last_status %d, last_fetch_at %v; want %d, after %v", st.LastStatus, st.LastFetchAt, tc.wantStatus, start)
			}
			if tc.wantErr == "" {
				if sum.Error != "" || sum.Items != 0 || st.LastError != "" || st.ConsecutiveFailures != 0 || !st.NextAllowedAt.IsZero() {
					t.Errorf("summary %+v, state %+v; want a clean run with no items", sum, st)
				}
				return
			}
			if !strings.Contains(sum.Error, tc.wantErr) || st.LastError != sum.Error {
				t.Errorf("summary error %q, last_error %q; want both to contain %q", sum.Error, st.LastError, tc.wantErr)
			}
			if st.ConsecutiveFailures != 1 {
				t.Errorf("consecutive_failures %d, want 1", st.ConsecutiveFailures)
			}
			if st.NextAllowedAt.Before(start.Add(tc.minWait)) {
				t.Errorf("next_allowed_at %v, want at least %v after %v", st.NextAllowedAt, tc.minWait, start)
			}
		})
	}
}

// TestSuccessAfterFailure: a good run clears the error and the backoff.
func TestSuccessAfterFailure(t *testing.T) {
	s := newSite(t)
	s.handle("/feed", status(http.StatusInternalServerError))
	c, ar := newCrawler(t)
	src := source("duzelen", "feed", s.URL+"/feed")
	for range 2 {
		if _, err := c.Run(t.Context(), src); err != nil {
			t.Fatal(err)
		}
	}
	if st := fetchState(t, ar, "duzelen"); st.ConsecutiveFailures != 2 || st.LastStatus != 500 {
		t.Fatalf("after two failures: %+v", st)
	}
	s.file(t, "/feed", "application/rss+xml", "rss_relative_link.xml")
	s.handle("/relative/uri", articlePage(t, pageTitle))
	sum, err := c.Run(t.Context(), src)
	if err != nil || sum.Error != "" || sum.New != 1 {
		t.Fatalf("Run: %v, %+v", err, sum)
	}
	st := fetchState(t, ar, "duzelen")
	if st.ConsecutiveFailures != 0 || st.LastError != "" || st.LastStatus != 200 || !st.NextAllowedAt.IsZero() {
		t.Errorf("after a success: %+v, want failures, error and backoff cleared", st)
	}
}

// TestRunAllIsolation: while one source hangs on its server and another
// fails on its own, a healthy source on a third server is fully archived.
// The hanging server is released only once the healthy source is done, so
// the test cannot pass if the sources wait for one another.
func TestRunAllIsolation(t *testing.T) {
	slow, failing, healthy := newSite(t), newSite(t), newSite(t)
	hang, h := newBlocker(t, static("application/rss+xml", fixture(t, "rss_no_items.xml")))
	slow.handle("/feed", h)
	failing.handle("/feed", status(http.StatusInternalServerError))
	healthy.file(t, "/index.xml", "application/rss+xml", "rss_2.0_relurl_1.xml", "https://insanity.industries")
	for _, p := range []string{"/post/pareto-optimal-compression/", "/post/pacman-tracking-leftover-packages/"} {
		healthy.handle(p, articlePage(t, pageTitle))
	}
	c, ar := newCrawler(t)
	srcs := []config.Source{source("yavas", "feed", slow.URL+"/feed"), source("bozuk", "feed", failing.URL+"/feed"),
		source("saglam", "feed", healthy.URL+"/index.xml")}
	var mu sync.Mutex
	var order []string
	sums := c.RunAll(t.Context(), srcs, func(s Summary) {
		mu.Lock()
		order = append(order, s.Source)
		mu.Unlock()
		if s.Source == "saglam" {
			hang.open()
		}
	})
	if sums[0].Error != "" || sums[1].Error == "" || sums[2].Error != "" || sums[2].New != 2 {
		t.Errorf("summaries %+v; want the slow one released cleanly, the failing one failed, the healthy one with 2 new", sums)
	}
	if order[len(order)-1] != "yavas" {
		t.Errorf("finished in order %q; want the slow source last", order)
	}
	arts := archived(t, ar)
	if len(arts) != 2 || arts[0].SourceID != "saglam" || arts[1].SourceID != "saglam" ||
		!strings.HasPrefix(arts[0].URL, healthy.URL) || !strings.Contains(arts[1].Body, "Kılıçdaroğlu") {
		t.Errorf("archived %q; want the healthy source's two articles", urls(arts))
	}
}
