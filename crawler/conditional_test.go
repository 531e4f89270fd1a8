package crawler

import (
	"context"
	"net/http"
	"testing"

	"github.com/haberci/haberci/article"
)

// etagFeed serves body with ETag "v1" and answers 304 to a request for "v1".
func etagFeed(body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		static("application/rss+xml", body)(w, r)
	}
}

const (
	pareto = "/post/pareto-optimal-compression/"
	pacman = "/post/pacman-tracking-leftover-packages/"
)

// TestConditionalGet: the feed's ETag is kept only after a run in which no
// item failed, so a failed item is retried by the next, unconditional, run.
func TestConditionalGet(t *testing.T) {
	s := newSite(t)
	s.handle("/index.xml", etagFeed(s.body(t, "rss_2.0_relurl_1.xml", "https://insanity.industries")))
	s.handle(pareto, status(http.StatusInternalServerError))
	s.handle(pacman, articlePage(t, pageTitle))
	c, ar := newCrawler(t)
	src := source("insanity", "feed", s.URL+"/index.xml")

	runs := []struct {
		before      func()
		want        Summary
		etag        string
		conditional int // conditional feed requests so far
		paretoHits  int
	}{
		{want: Summary{Items: 2, New: 1, Failed: 1}, etag: "", conditional: 0, paretoHits: 1},
		{before: func() { s.handle(pareto, articlePage(t, pageTitle)) },
			want: Summary{Items: 2, New: 1, Seen: 1}, etag: `"v1"`, conditional: 0, paretoHits: 2},
		{want: Summary{NotModified: true}, etag: `"v1"`, conditional: 1, paretoHits: 2},
	}
	for i, r := range runs {
		if r.before != nil {
			r.before()
		}
		sum, err := c.Run(t.Context(), src)
		if err != nil || sum.Error != "" {
			t.Fatalf("run %d: %v %+v", i, err, sum)
		}
		if sum.Items != r.want.Items || sum.New != r.want.New || sum.Seen != r.want.Seen ||
			sum.Failed != r.want.Failed || sum.NotModified != r.want.NotModified {
			t.Errorf("run %d: summary %+v, want %+v", i, sum, r.want)
		}
		if st := fetchState(t, ar, "insanity"); st.ETag != r.etag || st.ConsecutiveFailures != 0 {
			t.Errorf("run %d: state %+v, want etag %q and no failure", i, st, r.etag)
		}
		if n := s.conditionalCount("/index.xml"); n != r.conditional {
			t.Errorf("run %d: %d conditional feed requests, want %d", i, n, r.conditional)
		}
		if n := s.hitCount(pareto); n != r.paretoHits {
			t.Errorf("run %d: %s fetched %d times, want %d", i, pareto, n, r.paretoHits)
		}
	}
	if n := s.hitCount(pacman); n != 1 {
		t.Errorf("%s fetched %d times, want 1", pacman, n)
	}
	if n := len(archived(t, ar)); n != 2 {
		t.Errorf("%d articles archived, want 2", n)
	}
}

// TestCancelledRunKeepsNoETag: a run cancelled between two items must not
// let the next run skip the feed, and the item not yet done, with a 304.
func TestCancelledRunKeepsNoETag(t *testing.T) {
	s := newSite(t)
	s.handle("/index.xml", etagFeed(s.body(t, "rss_2.0_relurl_1.xml", "https://insanity.industries")))
	s.handle(pareto, articlePage(t, pageTitle))
	s.handle(pacman, articlePage(t, pageTitle))
	c, ar := newCrawler(t)
	src := source("insanity", "feed", s.URL+"/index.xml")

	ctx, cancel := context.WithCancel(t.Context())
	c.onStored = func(*article.Article) { cancel() } // stop after the first item
	sum, err := c.Run(ctx, src)
	// The second item may have been handed to the archive before the
	// first was committed: then it is stored too, and counted.
	first := sum.New
	if err != nil || sum.Error != "canceled: "+context.Canceled.Error() || first < 1 || sum.Failed != 0 {
		t.Errorf("cancelled run: %v %+v; want 1 or 2 new, then %q", err, sum, context.Canceled)
	}
	if st := fetchState(t, ar, "insanity"); st.ETag != "" || st.LastError != "canceled: "+context.Canceled.Error() {
		t.Errorf("state after cancel %+v, want no etag and the cancel recorded", st)
	}

	c.onStored = nil
	sum, err = c.Run(t.Context(), src)
	if err != nil || sum.Error != "" || sum.NotModified || sum.New != 2-first || sum.Seen != first {
		t.Errorf("next run: %v %+v; want the feed read again and the item not stored yet archived", err, sum)
	}
	if n := len(archived(t, ar)); n != 2 {
		t.Errorf("%d articles archived, want 2", n)
	}
	if n := s.conditionalCount("/index.xml"); n != 0 {
		t.Errorf("%d conditional feed requests, want 0", n)
	}
	// The cancelled run may have fetched it already (items overlap), and
	// the second run fetches it unless the first stored it.
	if n := s.hitCount(pacman); n < 1 || n > 2 {
		t.Errorf("%s fetched %d times, want 1 or 2", pacman, n)
	}
}
