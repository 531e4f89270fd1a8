package crawler

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
)

// newCrawler opens a real archive in a temporary directory and a crawler on
// it with a fast, robots-obeying configuration.
func newCrawler(t *testing.T, tune ...func(*config.Config)) (*Crawler, *archive.Archive) {
	t.Helper()
	cfg := config.Default()
	cfg.Sources = nil
	cfg.Crawl.PerHostInterval = time.Millisecond
	cfg.Crawl.Timeout = 10 * time.Second
	cfg.Crawl.Robots = true
	cfg.Crawl.Concurrency = 4
	for _, f := range tune {
		f(cfg)
	}
	var first time.Duration
	if len(cfg.Crawl.Revisit) > 0 {
		first = cfg.Crawl.Revisit[0]
	}
	ar, err := archive.Open(t.Context(), t.TempDir(), archive.WithRevisitAfter(first))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ar.Close() })
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	return New(cfg, ar, log, nil), ar
}

// source is a source of the given type, fetching full text.
func source(id, typ, url string) config.Source {
	return config.Source{ID: id, Name: id, Type: typ, URL: url, Schedule: "@every 1h", Fulltext: true, MaxPages: 5}
}

// archived returns every archived article, oldest first.
func archived(t *testing.T, ar *archive.Archive) []*article.Article {
	t.Helper()
	arts, err := ar.Changes(context.Background(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return arts
}

// urls lists the articles' canonical URLs, in order.
func urls(arts []*article.Article) []string {
	out := make([]string, len(arts))
	for i, a := range arts {
		out[i] = a.CanonicalURL
	}
	return out
}

func fetchState(t *testing.T, ar *archive.Archive, id string) article.FetchState {
	t.Helper()
	st, err := ar.FetchState(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// eventually polls cond until it holds or ten seconds pass.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// markFetched saves a fetch state as if the source had run at at.
func markFetched(t *testing.T, ar *archive.Archive, id string, at time.Time) {
	t.Helper()
	if err := ar.SaveFetchState(context.Background(), article.FetchState{SourceID: id, LastFetchAt: at, LastStatus: 200}); err != nil {
		t.Fatal(err)
	}
}
