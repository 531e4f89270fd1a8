package crawler

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/index"
)

// editablePage serves articleHTML with an ETag, answers a matching
// If-None-Match with 304, and can be edited or taken down.
type editablePage struct {
	mu   sync.Mutex
	body []byte
	etag string
	gone int // a status to answer instead, 0: none
}

func (p *editablePage) set(body []byte, etag string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.body, p.etag = body, etag
}

func (p *editablePage) remove(code int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.gone = code
}

func (p *editablePage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	body, etag, gone := p.body, p.etag, p.gone
	p.mu.Unlock()
	if gone != 0 {
		http.Error(w, http.StatusText(gone), gone)
		return
	}
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(body)
}

// revisitSite serves a feed of one article at /haber/1 and returns a crawler
// revisiting on steps, the archive, the source and the page.
func revisitSite(t *testing.T, steps ...time.Duration) (*Crawler, *archive.Archive, config.Source, *site, *editablePage) {
	t.Helper()
	s := newSite(t)
	s.handle("/rss", static("application/rss+xml; charset=utf-8", []byte(fmt.Sprintf(overlapFeed(s.URL, 1), "utf-8"))))
	page := &editablePage{}
	page.set(articleHTML(t, "Kartal'da çalıştay"), `"v1"`)
	s.handle("/haber/1", page.ServeHTTP)
	c, ar := newCrawler(t, func(cfg *config.Config) { cfg.Crawl.Revisit = steps })
	src := source("kartal", "feed", s.URL+"/rss")
	if sum, err := c.Run(t.Context(), src); err != nil || sum.New != 1 {
		t.Fatalf("first crawl: %+v, %v", sum, err)
	}
	return c, ar, src, s, page
}

// only returns the one archived article with its captures.
func only(t *testing.T, ar *archive.Archive) (*article.Article, []article.Capture) {
	t.Helper()
	arts := archived(t, ar)
	if len(arts) != 1 {
		t.Fatalf("%d articles archived, want 1", len(arts))
	}
	a, caps, err := ar.Get(t.Context(), arts[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return a, caps
}

// revisitOnce runs Revisit and checks its summary.
func revisitOnce(t *testing.T, c *Crawler, src config.Source, want RevisitSummary) {
	t.Helper()
	got, err := c.Revisit(t.Context(), []config.Source{src})
	if err != nil || got != want {
		t.Fatalf("revisit: %+v, %v; want %+v", got, err, want)
	}
}

// waitUntil sleeps until t has passed.
func waitUntil(at time.Time) { time.Sleep(time.Until(at) + 5*time.Millisecond) }

// captureText reads a capture's WARC record as stored on disk.
func captureText(t *testing.T, ar *archive.Archive, c article.Capture) string {
	t.Helper()
	f, err := os.Open(ar.WARCPath(c.WARCFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(io.NewSectionReader(f, c.Offset, c.Length))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func search(t *testing.T, ix *index.Index, ar *archive.Archive, q string) []string {
	t.Helper()
	if _, err := ix.CatchUp(t.Context(), ar, 100, nil); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(t.Context(), index.Request{Query: q, NoFacets: true})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

// TestRevisitEditedPage: a page edited after it was archived becomes a new
// capture and the article's new text, found by search; what it was first
// (first seen, agency, cluster, the old capture) stays.
func TestRevisitEditedPage(t *testing.T) {
	c, ar, src, _, page := revisitSite(t, time.Millisecond, time.Hour)
	before, caps := only(t, ar)
	ix, err := index.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if ids := search(t, ix, ar, "zeytinyağlı"); len(ids) != 0 {
		t.Fatalf("new word found before the edit: %v", ids)
	}
	edited := strings.Replace(string(articleHTML(t, "Kartal'da çalıştay ertelendi")), "</article>",
		"<p>Düzeltme: çalıştaydaki ikramlar zeytinyağlı yemeklerdi.</p></article>", 1)
	page.set([]byte(edited), `"v2"`)
	waitUntil(before.FirstSeenAt.Add(time.Millisecond))
	revisitOnce(t, c, src, RevisitSummary{Due: 1, Changed: 1})

	after, caps2 := only(t, ar)
	if !strings.Contains(after.Body, "zeytinyağlı") || after.Title != "Kartal'da çalıştay ertelendi" {
		t.Errorf("article not updated: %q / %q", after.Title, after.Body[max(0, len(after.Body)-80):])
	}
	if after.UpdatedAt.IsZero() || after.UpdatedAt.Before(before.FirstSeenAt) {
		t.Errorf("updated_at %v, want the revisit's time", after.UpdatedAt)
	}
	if !after.FirstSeenAt.Equal(before.FirstSeenAt) || after.Agency != before.Agency || after.ClusterID != before.ClusterID ||
		after.SourceID != before.SourceID || !after.RemovedAt.IsZero() {
		t.Errorf("kept fields changed:\nbefore %+v\nafter  %+v", before, after)
	}
	if len(caps) != 1 || len(caps2) != 2 || caps2[0] != caps[0] || caps2[1].Status != 200 {
		t.Fatalf("captures %+v then %+v, want the first kept and a new 200", caps, caps2)
	}
	if old := captureText(t, ar, caps2[0]); strings.Contains(old, "zeytinyağlı") || !strings.Contains(old, "çalıştay</h1>") {
		t.Errorf("first capture no longer the first page")
	}
	if !strings.Contains(captureText(t, ar, caps2[1]), "zeytinyağlı") {
		t.Errorf("new capture is not the edited page")
	}
	if ids := search(t, ix, ar, "zeytinyağlı"); len(ids) != 1 || ids[0] != after.ID {
		t.Errorf("search for the new word: %v, want [%s]", ids, after.ID)
	}
	// The next step is an hour away.
	revisitOnce(t, c, src, RevisitSummary{})
}

// TestRevisitNotModified: a 304 or the same text adds no capture; every
// revisit is conditional (the first with the validators of the page as
// first fetched); the steps advance and none follows the last.
func TestRevisitNotModified(t *testing.T) {
	c, ar, src, s, page := revisitSite(t, time.Millisecond, 300*time.Millisecond)
	a, _ := only(t, ar)
	waitUntil(a.FirstSeenAt.Add(time.Millisecond))
	revisitOnce(t, c, src, RevisitSummary{Due: 1, Unchanged: 1}) // 304 to the first fetch's ETag
	revisitOnce(t, c, src, RevisitSummary{})                     // step 1 not due yet
	page.set(articleHTML(t, "Kartal'da çalıştay"), `"v2"`)       // the same page with a new ETag
	waitUntil(a.FirstSeenAt.Add(300 * time.Millisecond))
	revisitOnce(t, c, src, RevisitSummary{Due: 1, Unchanged: 1}) // 200, the same text
	if n, all := s.conditionalCount("/haber/1"), s.hitCount("/haber/1"); n != 2 || all != 3 {
		t.Errorf("%d conditional requests of %d, want 2 of 3 (the crawl's and two revisits)", n, all)
	}
	hits := s.hitCount("/haber/1")
	revisitOnce(t, c, src, RevisitSummary{}) // after the last step: none
	if due, err := ar.DueRevisits(t.Context(), time.Now().Add(1000*time.Hour), 10); err != nil || len(due) != 0 {
		t.Errorf("revisits left after the last step: %v, %v", due, err)
	}
	after, caps := only(t, ar)
	if len(caps) != 1 || !after.UpdatedAt.IsZero() || after.ChangeSeq != a.ChangeSeq || s.hitCount("/haber/1") != hits {
		t.Errorf("unchanged page left a trace: %d captures, updated_at %v, change %d→%d", len(caps), after.UpdatedAt, a.ChangeSeq, after.ChangeSeq)
	}
}

// TestRevisitRemovedPage: a 404 or 410 is archived with its status and
// marks the article removed (its change cursor renewed); revisits end.
func TestRevisitRemovedPage(t *testing.T) {
	for name, code := range map[string]int{"404": http.StatusNotFound, "410": http.StatusGone} {
		t.Run(name, func(t *testing.T) {
			c, ar, src, _, page := revisitSite(t, time.Millisecond, time.Hour)
			a, _ := only(t, ar)
			page.remove(code)
			waitUntil(a.FirstSeenAt.Add(time.Millisecond))
			revisitOnce(t, c, src, RevisitSummary{Due: 1, Removed: 1})
			after, caps := only(t, ar)
			if after.RemovedAt.IsZero() || after.ChangeSeq <= a.ChangeSeq || after.Body != a.Body || !after.UpdatedAt.IsZero() {
				t.Errorf("removed_at %v, change %d→%d, body kept %v", after.RemovedAt, a.ChangeSeq, after.ChangeSeq, after.Body == a.Body)
			}
			if len(caps) != 2 || caps[1].Status != code {
				t.Errorf("captures %+v, want the page's and a %d", caps, code)
			}
			if due, err := ar.DueRevisits(context.Background(), time.Now().Add(1000*time.Hour), 10); err != nil || len(due) != 0 {
				t.Errorf("revisits left after removal: %v, %v", due, err)
			}
		})
	}
}

// TestRevisitServerError: a 500 is archived and tried again at the next
// step; the article is unchanged.
func TestRevisitServerError(t *testing.T) {
	c, ar, src, _, page := revisitSite(t, time.Millisecond, time.Hour)
	a, _ := only(t, ar)
	page.remove(http.StatusInternalServerError)
	waitUntil(a.FirstSeenAt.Add(time.Millisecond))
	revisitOnce(t, c, src, RevisitSummary{Due: 1, Failed: 1})
	after, caps := only(t, ar)
	if !after.RemovedAt.IsZero() || after.ChangeSeq != a.ChangeSeq || len(caps) != 2 || caps[1].Status != 500 {
		t.Errorf("after a 500: removed_at %v, change %d→%d, captures %+v", after.RemovedAt, a.ChangeSeq, after.ChangeSeq, caps)
	}
	due, err := ar.DueRevisits(t.Context(), a.FirstSeenAt.Add(2*time.Hour), 10)
	if err != nil || len(due) != 1 || due[0].Step != 1 || !due[0].DueAt.Equal(a.FirstSeenAt.Add(time.Hour)) {
		t.Errorf("next revisit %+v, %v; want step 1 an hour after first seen", due, err)
	}
}

func TestNextRevisit(t *testing.T) {
	first := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	steps := []time.Duration{time.Hour, 24 * time.Hour, 168 * time.Hour}
	for name, tc := range map[string]struct {
		step     int
		now      time.Time
		wantStep int
		wantAt   time.Time
	}{
		"on time":           {0, first.Add(time.Hour), 1, first.Add(24 * time.Hour)},
		"missed steps skip": {0, first.Add(30 * time.Hour), 2, first.Add(168 * time.Hour)},
		"after the last":    {2, first.Add(168 * time.Hour), 0, time.Time{}},
		"all missed":        {0, first.Add(200 * time.Hour), 0, time.Time{}},
	} {
		t.Run(name, func(t *testing.T) {
			step, at := nextRevisit(steps, first, tc.step, tc.now)
			if step != tc.wantStep || !at.Equal(tc.wantAt) {
				t.Errorf("got %d %v, want %d %v", step, at, tc.wantStep, tc.wantAt)
			}
		})
	}
}

// TestSchedulerRevisits: the scheduler's periodic job revisits with the
// sources it schedules, and Stop waits for it.
func TestSchedulerRevisits(t *testing.T) {
	c, ar, src, _, page := revisitSite(t, time.Millisecond, time.Hour)
	a, _ := only(t, ar)
	page.remove(http.StatusGone)
	sched, err := c.Schedule(t.Context(), []config.Source{src})
	if err != nil {
		t.Fatal(err)
	}
	waitUntil(a.FirstSeenAt.Add(time.Millisecond))
	defer sched.Stop()
	sched.revisit() // what the cron entry runs every minute
	eventually(t, "the scheduler's revisit", func() bool {
		after, caps := only(t, ar)
		return !after.RemovedAt.IsZero() && len(caps) == 2
	})
}

// TestRevisitPausedSource: the articles of a paused source are not fetched
// again; their due step passes, and the next one is fetched once the source
// is no longer paused.
func TestRevisitPausedSource(t *testing.T) {
	c, ar, src, s, _ := revisitSite(t, time.Millisecond, 300*time.Millisecond)
	a, _ := only(t, ar)
	hits := s.hitCount("/haber/1")
	waitUntil(a.FirstSeenAt.Add(time.Millisecond))
	got, err := c.Revisit(t.Context(), []config.Source{src}, src.ID)
	if want := (RevisitSummary{Due: 1, Skipped: 1}); err != nil || got != want {
		t.Fatalf("revisit while paused: %+v, %v; want %+v", got, err, want)
	}
	if n := s.hitCount("/haber/1"); n != hits {
		t.Errorf("a paused source's page was fetched %d times", n-hits)
	}
	revisitOnce(t, c, src, RevisitSummary{}) // step 0 passed, step 1 not due yet
	waitUntil(a.FirstSeenAt.Add(300 * time.Millisecond))
	revisitOnce(t, c, src, RevisitSummary{Due: 1, Unchanged: 1})
	if n := s.hitCount("/haber/1"); n != hits+1 {
		t.Errorf("after the pause: %d fetches, want 1", n-hits)
	}
}
