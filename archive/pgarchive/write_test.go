package pgarchive

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haberci/haberci/archive/archivetest"
	"github.com/haberci/haberci/archive/warc"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/internal/pgtest"
)

// Several nodes (each a Store with its own connection pool and WARC
// files in one shared directory) put copies of the same stories at the
// same moment: each story ends in exactly one cluster, the clusters'
// sizes add up to the articles, and each node wrote only its own files.
func TestNodesClusterOnce(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	dir := t.TempDir()
	const nodes, copies, rounds = 4, 3, 3
	stories := archivetest.Stories(t, 4)
	stores := make([]*Store, nodes)
	for i := range stores {
		s, err := Open(ctx, url, WithWARC(dir, fmt.Sprintf("node-%d", i)))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		stores[i] = s
	}
	day := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	for round := range rounds {
		// Each round's copies are new: their own text, seen two windows
		// after the last round's.
		seen := day.Add(time.Duration(round) * 60 * 24 * time.Hour)
		id := func(w, i, k int) string { return fmt.Sprintf("r%d-n%d-s%d-c%d", round, w, i, k) }
		start := make(chan struct{})
		var wg sync.WaitGroup
		errs := make(chan error, nodes*copies*len(stories))
		for w, s := range stores {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				// Submitted together, so a node's group holds several
				// stories and the nodes' groups overlap.
				var waits []func() (*article.Article, bool, error)
				for k := range copies {
					for i, story := range stories {
						u := "http://127.0.0.1/" + id(w, i, k)
						a := &article.Article{ID: id(w, i, k), SourceID: "src", URL: u, CanonicalURL: u,
							Body: archivetest.Copy(story, round*100+w*copies+k), FirstSeenAt: seen.Add(time.Duration(k) * time.Minute)}
						resp := article.Response{URL: u, FetchedAt: seen, Status: 200, Body: []byte("<p>" + a.Body + "</p>")}
						wait, err := s.Submit(ctx, a, []article.Response{resp})
						if err != nil {
							errs <- err
							continue
						}
						waits = append(waits, wait)
					}
				}
				for _, wait := range waits {
					if _, created, err := wait(); err != nil || !created {
						errs <- fmt.Errorf("created %v, %w", created, err)
					}
				}
			}()
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		s := stores[0]
		archivetest.CheckOneClusterPerStory(t, func(id string) (*article.Article, error) {
			a, _, err := s.Get(ctx, id)
			return a, err
		}, id, nodes, len(stories), copies, func(id string) (archivetest.Cluster, error) {
			c, err := s.Cluster(ctx, id)
			if err != nil {
				return archivetest.Cluster{}, err
			}
			return archivetest.Cluster{First: c.FirstArticleID, Size: c.Size}, nil
		})
	}
	var sum, articles int64
	if err := stores[0].pool.QueryRow(ctx, `SELECT (SELECT sum(size) FROM cluster), (SELECT count(*) FROM article)`).Scan(&sum, &articles); err != nil {
		t.Fatal(err)
	}
	if sum != articles || articles != nodes*copies*4*rounds {
		t.Errorf("cluster sizes add to %d, %d articles; want %d each", sum, articles, nodes*copies*4*rounds)
	}
	// Every capture is in its writer's file and reads back.
	for w, s := range stores {
		_, caps, err := s.Get(ctx, fmt.Sprintf("r0-n%d-s1-c2", w))
		if err != nil || len(caps) != 1 {
			t.Fatalf("node %d: %d captures, %v", w, len(caps), err)
		}
		if want := fmt.Sprintf("haberci-node-%d-", w); !strings.HasPrefix(caps[0].WARCFile, want) {
			t.Errorf("node %d wrote %s", w, caps[0].WARCFile)
		}
		if _, err := warc.ReadRecord(filepath.Join(dir, caps[0].WARCFile), caps[0].Offset, caps[0].Length); err != nil {
			t.Error(err)
		}
	}
}

// Responses need a WARC directory; a store opened without one refuses
// them and stores nothing; the same node id cannot be opened twice.
func TestWARCRequired(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	s, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a := &article.Article{ID: "a", SourceID: "src", URL: "http://127.0.0.1/a", CanonicalURL: "http://127.0.0.1/a"}
	resp := []article.Response{{URL: a.URL, Status: 200}}
	if _, _, err := s.Put(ctx, a, resp); !errors.Is(err, ErrNoWARC) {
		t.Errorf("Put without WARC: %v", err)
	}
	if err := s.AddCaptures(ctx, "src", resp); !errors.Is(err, ErrNoWARC) {
		t.Errorf("AddCaptures without WARC: %v", err)
	}
	if _, _, err := s.Get(ctx, "a"); !errors.Is(err, ErrNotFound) {
		t.Errorf("stored after a refused Put: %v", err)
	}
	dir := t.TempDir()
	one, err := Open(ctx, url, WithWARC(dir, "n1"))
	if err != nil {
		t.Fatal(err)
	}
	defer one.Close()
	if two, err := Open(ctx, url, WithWARC(dir, "n1")); err == nil {
		two.Close()
		t.Error("a second store opened with the same node id")
	}
	if _, err := os.Stat(filepath.Join(dir, ".lock-n1")); err != nil {
		t.Error(err)
	}
}

// Text PostgreSQL cannot hold is refused with ErrInvalid, and the article
// submitted with it is stored.
func TestPutRefusesNUL(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	bad := &article.Article{ID: "bad", SourceID: "src", URL: "http://127.0.0.1/bad", CanonicalURL: "http://127.0.0.1/bad", Body: "a\x00b"}
	if _, _, err := s.Put(ctx, bad, nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("NUL in the body: %v, want ErrInvalid", err)
	}
	bad.Body, bad.Title = "iyi", "\xff"
	if _, _, err := s.Put(ctx, bad, nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("invalid UTF-8 in the title: %v, want ErrInvalid", err)
	}
}

// AddCaptures stores captures of no article (a feed), readable from WARC.
func TestAddCaptures(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	feed := article.Response{URL: "http://127.0.0.1/rss", FetchedAt: time.Now(), Status: 200, Body: []byte("<rss>İzmir</rss>")}
	if err := s.AddCaptures(ctx, "src", []article.Response{feed}); err != nil {
		t.Fatal(err)
	}
	var file string
	var off, length int64
	err := s.pool.QueryRow(ctx, `SELECT warc_file, "offset", length FROM capture WHERE article_id IS NULL AND source_id = 'src'`).Scan(&file, &off, &length)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := warc.ReadRecord(s.WARCPath(file), off, length)
	if err != nil || string(rec.Payload) != string(feed.Body) {
		t.Errorf("record %v, %v", rec, err)
	}
}
