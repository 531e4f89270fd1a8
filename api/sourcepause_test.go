package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler"
	"github.com/haberci/haberci/crawler/fetch"
	"github.com/haberci/haberci/sources"
)

// scheduled builds the fixture's scheduler as serve does: config sources
// and stored ones, paused ones paused, none due at once.
func scheduled(t *testing.T, sched **crawler.Scheduler) func(*config.Config, *archive.Archive) *crawler.Scheduler {
	return func(cfg *config.Config, ar *archive.Archive) *crawler.Scheduler {
		ctx := t.Context()
		for _, src := range cfg.Sources {
			if err := ar.SaveFetchState(ctx, article.FetchState{SourceID: src.ID, LastFetchAt: time.Now()}); err != nil {
				t.Fatal(err)
			}
		}
		s, err := crawler.New(cfg, ar, nil, nil).Schedule(ctx, cfg.Sources)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Stop)
		*sched = s
		return s
	}
}

func TestPauseResume(t *testing.T) {
	// The added source is crawled at once: from a local site, never the internet.
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Bolu</title></channel></rss>`)
	}))
	defer site.Close()
	var sched *crawler.Scheduler
	f := newFixtureConfig(t, func(c *config.Config) { c.APIToken, c.AllowPrivateSources = token, true }, scheduled(t, &sched))
	steps := []struct { // in order: each step sees the one before
		path, auth string
		status     int
		paused     bool
	}{
		{"/api/v1/sources/ajans/pause", "", 401, false},
		{"/api/v1/sources/ajans/pause", "nope", 401, false},
		{"/api/v1/sources/ajans/pause", token, 200, true},
		{"/api/v1/sources/ajans/pause", token, 200, true}, // twice is harmless
		{"/api/v1/sources/ajans/resume", "", 401, true},
		{"/api/v1/sources/ajans/resume", token, 200, false},
		{"/api/v1/sources/yok/pause", token, 404, false},
		{"/api/v1/sources/yok/resume", token, 404, false},
	}
	for _, s := range steps {
		st, body := f.post(t, s.path, "", s.auth)
		if st != s.status {
			t.Fatalf("%s (token %q): %d, want %d: %s", s.path, s.auth, st, s.status, body)
		}
		if st == 200 {
			var got SourceResponse
			if err := json.Unmarshal(body, &got); err != nil || got.ID != "ajans" || got.Paused != s.paused || got.Origin != "config" || got.ArticleCount != 1 {
				t.Errorf("%s: answer %s (%v)", s.path, body, err)
			}
		}
		if sched.Paused("ajans") != s.paused {
			t.Errorf("after %s (%d): scheduler paused=%v, want %v", s.path, st, !s.paused, s.paused)
		}
	}
	// A run-time source: added (with the token), paused, listed, crawled on request.
	if st, body := f.post(t, "/api/v1/sources", `{"name":"Bolu Belediyesi","type":"feed","url":"`+site.URL+`/feed/"}`, ""); st != 401 {
		t.Fatalf("add without the token: %d %s", st, body)
	}
	if st, body := f.post(t, "/api/v1/sources", `{"name":"Bolu Belediyesi","type":"feed","url":"`+site.URL+`/feed/"}`, token); st != 201 {
		t.Fatalf("add: %d %s", st, body)
	}
	if st, body := f.post(t, "/api/v1/sources/bolu-belediyesi/pause", "", token); st != 200 || !sched.Paused("bolu-belediyesi") {
		t.Fatalf("pause of the added source: %d %s", st, body)
	}
	var list SourcesResponse
	f.get(t, "/api/v1/sources", &list)
	if n := len(list.Sources); n != 3 || list.Sources[2].ID != "bolu-belediyesi" || !list.Sources[2].Paused || list.Sources[0].Paused {
		t.Errorf("listing %+v", list.Sources)
	}
	// Scheduled, and crawled at once as a new source.
	if st, body := f.post(t, "/api/v1/sources/bolu-belediyesi/crawl", "", token); st != 202 && st != 409 {
		t.Errorf("crawl of the added source: %d %s", st, body)
	}
	var st article.FetchState
	var err error
	for deadline := time.Now().Add(10 * time.Second); st.LastStatus == 0 && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if st, err = f.arch.FetchState(t.Context(), "bolu-belediyesi"); err != nil {
			t.Fatal(err)
		}
	}
	if st.LastStatus != 200 || st.LastError != "" {
		t.Errorf("the added source's state %+v", st)
	}
	paused, err := f.arch.PausedSources(t.Context())
	if err != nil || len(paused) != 1 || paused[0] != "bolu-belediyesi" {
		t.Errorf("paused in the archive: %v %v", paused, err)
	}
}

// TestPrivateSourceRefusedByTheDialer: a source added while
// allow_private_sources was true points at a local site; run with the
// guard on, the dialer refuses it and its fetch state says so; with it off,
// it is crawled.
func TestPrivateSourceRefusedByTheDialer(t *testing.T) {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/rss":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Yerel</title><item><title>Çalıştay</title>`+
				`<link>http://%s/haber/calistay</link><guid>calistay</guid></item></channel></rss>`, r.Host)
		case "/haber/calistay":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<html lang="tr"><head><title>Çalıştay yapıldı</title></head><body><article><h1>Çalıştay yapıldı</h1><p>%s</p></article></body></html>`,
				strings.ReplaceAll(seedBody, "\n\n", "</p><p>"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer site.Close()
	ctx := context.Background()
	f := newFixtureConfig(t, func(c *config.Config) { c.AllowPrivateSources = true }, nil)
	if st, body := f.post(t, "/api/v1/sources", `{"id":"yerel","type":"feed","url":"`+site.URL+`/rss"}`, ""); st != 201 {
		t.Fatalf("add with allow_private_sources: %d %s", st, body)
	}
	all, _, err := sources.New(config.Default(), f.arch, nil, nil).Runnable(ctx)
	srcs := all[len(config.Default().Sources):]
	if err != nil || len(srcs) != 1 {
		t.Fatalf("stored %+v, %v", srcs, err)
	}
	for _, allow := range []bool{false, true} {
		cfg := config.Default()
		cfg.AllowPrivateSources, cfg.Crawl.PerHostInterval, cfg.Crawl.Robots = allow, time.Millisecond, false
		sum, err := crawler.New(cfg, f.arch, nil, nil).Run(ctx, srcs[0])
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.arch.FetchState(ctx, "yerel")
		blocked := strings.Contains(st.LastError, fetch.ErrBlockedAddress.Error())
		if err != nil || blocked == allow || allow && sum.New != 1 {
			t.Errorf("allow_private_sources=%v: summary %+v, state %+v (%v)", allow, sum, st, err)
		}
	}
	// With the guard on, such a source is refused when added.
	g := newFixture(t, "", nil)
	if st, body := g.post(t, "/api/v1/sources", `{"id":"yerel","type":"feed","url":"`+site.URL+`/rss"}`, ""); st != 400 ||
		!strings.Contains(string(body), `\"127.0.0.1\" is a loopback`) {
		t.Errorf("add without allow_private_sources: %d %s", st, body)
	}
}
