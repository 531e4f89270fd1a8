package crawler

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/haberci/haberci/config"
)

// TestOnIdle: the idle hook runs once no source runs any more: an index
// writer reads it as "no more articles for now". (A source claimed just
// after the release may already run when the hook does, so that is not
// asserted.)
func TestOnIdle(t *testing.T) {
	good, bad := newSite(t), newSite(t)
	good.file(t, "/index.xml", "application/rss+xml", "rss_2.0_relurl_1.xml", "https://insanity.industries")
	for _, p := range []string{"/post/pareto-optimal-compression/", "/post/pacman-tracking-leftover-packages/"} {
		good.handle(p, articlePage(t, pageTitle))
	}
	bad.handle("/feed", status(http.StatusInternalServerError))
	c, ar := newCrawler(t)
	var mu sync.Mutex
	calls, storedAtLast := 0, int64(-1)
	c.OnIdle(func() {
		n, err := ar.Count(context.Background())
		if err != nil {
			t.Error(err)
		}
		mu.Lock()
		defer mu.Unlock()
		calls++
		storedAtLast = n
	})
	c.RunAll(t.Context(), []config.Source{source("saglam", "feed", good.URL+"/index.xml"), source("bozuk", "feed", bad.URL+"/feed")}, nil)
	mu.Lock()
	defer mu.Unlock()
	if calls == 0 || storedAtLast != 2 {
		t.Errorf("idle hook called %d times, the last with %d articles stored; want at least once, the last after both", calls, storedAtLast)
	}
	if n := len(archived(t, ar)); n != 2 {
		t.Errorf("%d articles archived, want 2", n)
	}
}
