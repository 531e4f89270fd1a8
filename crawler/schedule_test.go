package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haberci/haberci/config"
)

// TestRunAlreadyRunning: Run and RunAll refuse a source that is running.
func TestRunAlreadyRunning(t *testing.T) {
	s := newSite(t)
	hang, h := newBlocker(t, static("application/rss+xml", fixture(t, "rss_no_items.xml")))
	s.handle("/feed", h)
	c, _ := newCrawler(t)
	src := source("yavas", "feed", s.URL+"/feed")
	first := make(chan error)
	go func() {
		sum, err := c.Run(t.Context(), src)
		if err == nil && sum.Error != "" {
			err = errors.New(sum.Error)
		}
		first <- err
	}()
	<-hang.arrived
	if sum, err := c.Run(t.Context(), src); !errors.Is(err, ErrRunning) || sum.Source != "yavas" {
		t.Errorf("second Run: %v %+v, want ErrRunning", err, sum)
	}
	if sums := c.RunAll(t.Context(), []config.Source{src}, nil); sums[0].Error != ErrRunning.Error() {
		t.Errorf("RunAll: %+v, want ErrRunning in the summary", sums)
	}
	hang.open()
	if err := <-first; err != nil {
		t.Errorf("first Run: %v", err)
	}
	if _, err := c.Run(t.Context(), src); err != nil {
		t.Errorf("Run after the first ended: %v", err)
	}
}

// TestScheduleRunsNewSourcesAtOnce: a source never fetched runs as soon as
// it is scheduled; one fetched before waits for its cron tick.
func TestScheduleRunsNewSourcesAtOnce(t *testing.T) {
	fresh, old := newSite(t), newSite(t)
	fresh.file(t, "/feed", "application/rss+xml", "rss_relative_link.xml")
	fresh.handle("/relative/uri", articlePage(t, pageTitle))
	old.file(t, "/feed", "application/rss+xml", "rss_relative_link.xml")
	c, ar := newCrawler(t)
	fetched := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	markFetched(t, ar, "eski", fetched)

	sched, err := c.Schedule(t.Context(), []config.Source{source("yeni", "feed", fresh.URL+"/feed"), source("eski", "feed", old.URL+"/feed")})
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, "the new source's article", func() bool { return len(archived(t, ar)) == 1 })
	// The run records its outcome after its last Put: stopping before that
	// would cancel the run and record "context canceled".
	eventually(t, "the new source's run to end", func() bool { return !fetchState(t, ar, "yeni").LastFetchAt.IsZero() })
	sched.Stop()
	if a := archived(t, ar)[0]; a.SourceID != "yeni" || a.URL != fresh.URL+"/relative/uri" {
		t.Errorf("archived %s from %s", a.URL, a.SourceID)
	}
	if st := fetchState(t, ar, "yeni"); st.LastStatus != 200 || st.LastError != "" {
		t.Errorf("new source's state %+v", st)
	}
	if st := fetchState(t, ar, "eski"); !st.LastFetchAt.Equal(fetched) || old.hitCount("/feed") != 0 {
		t.Errorf("the source fetched before ran at once: %+v, %d feed requests", st, old.hitCount("/feed"))
	}
}

// TestTrigger: unknown ids fail, a running source is refused at once, even
// right after its own Trigger, and nothing starts after Stop.
func TestTrigger(t *testing.T) {
	s := newSite(t)
	hang, h := newBlocker(t, static("application/rss+xml", fixture(t, "rss_no_items.xml")))
	s.handle("/feed", h)
	c, ar := newCrawler(t)
	markFetched(t, ar, "kaynak", time.Now()) // so that Schedule leaves it to Trigger
	sched, err := c.Schedule(t.Context(), []config.Source{source("kaynak", "feed", s.URL+"/feed")})
	if err != nil {
		t.Fatal(err)
	}
	defer sched.Stop()

	if err := sched.Trigger("yok"); err == nil || errors.Is(err, ErrRunning) || !strings.Contains(err.Error(), `"yok"`) {
		t.Errorf("Trigger of an unknown id: %v", err)
	}
	if err := sched.Trigger("kaynak"); err != nil {
		t.Fatalf("Trigger: %v", err)
	}
	if err := sched.Trigger("kaynak"); !errors.Is(err, ErrRunning) {
		t.Errorf("Trigger right after Trigger: %v, want ErrRunning", err)
	}
	<-hang.arrived
	if err := sched.Trigger("kaynak"); !errors.Is(err, ErrRunning) {
		t.Errorf("Trigger while the feed is fetched: %v, want ErrRunning", err)
	}
	hang.open()
	// Once the first run ends, a Trigger starts a second one.
	eventually(t, "the first run to end", func() bool {
		err := sched.Trigger("kaynak")
		if err != nil && !errors.Is(err, ErrRunning) {
			t.Fatalf("Trigger: %v", err)
		}
		return err == nil
	})
	eventually(t, "the second run's request", func() bool { return s.hitCount("/feed") == 2 })

	sched.Stop()
	if err := sched.Trigger("kaynak"); !errors.Is(err, ErrStopped) {
		t.Errorf("Trigger after Stop: %v, want ErrStopped", err)
	}
}

// TestStopCancelsRuns: Stop cancels a run hanging on its server, waits for
// it, and the run's outcome is saved.
func TestStopCancelsRuns(t *testing.T) {
	s := newSite(t)
	hang, h := newBlocker(t, status(http.StatusOK))
	s.handle("/feed", h)
	c, ar := newCrawler(t)
	sched, err := c.Schedule(t.Context(), []config.Source{source("yavas", "feed", s.URL+"/feed")})
	if err != nil {
		t.Fatal(err)
	}
	<-hang.arrived
	sched.Stop()
	st := fetchState(t, ar, "yavas")
	if st.LastFetchAt.IsZero() || !strings.Contains(st.LastError, context.Canceled.Error()) || st.ConsecutiveFailures != 0 {
		t.Errorf("state after Stop %+v, want the cancelled run recorded, not counted as a failure", st)
	}
	sched.Stop() // a second Stop is harmless
}

// TestScheduleObeysConcurrency: the daemon's scheduler starts no more
// sources at once than crawl.concurrency, however many are due.
func TestScheduleObeysConcurrency(t *testing.T) {
	const limit, n = 2, 6
	var mu sync.Mutex
	inFlight, most := 0, 0
	var srcs []config.Source
	var blockers []*blocker
	for i := range n {
		s := newSite(t)
		b, h := newBlocker(t, static("application/rss+xml", fixture(t, "rss_no_items.xml")))
		blockers = append(blockers, b)
		s.handle("/feed", func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			inFlight++
			most = max(most, inFlight)
			mu.Unlock()
			defer func() { mu.Lock(); inFlight--; mu.Unlock() }()
			h(w, r)
		})
		srcs = append(srcs, source(fmt.Sprint("kaynak-", i), "feed", s.URL+"/feed"))
	}
	c, ar := newCrawler(t, func(cfg *config.Config) { cfg.Crawl.Concurrency = limit })
	sched, err := c.Schedule(t.Context(), srcs)
	if err != nil {
		t.Fatal(err)
	}
	defer sched.Stop()
	arrived := 0
	for arrived < limit {
		for _, b := range blockers {
			select {
			case <-b.arrived:
				arrived++
			default:
			}
		}
		time.Sleep(time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // room for any source over the limit to start
	for _, b := range blockers {
		b.open()
	}
	for _, src := range srcs {
		eventually(t, src.ID+"'s run", func() bool { return !fetchState(t, ar, src.ID).LastFetchAt.IsZero() })
	}
	mu.Lock()
	defer mu.Unlock()
	if most != limit {
		t.Errorf("%d sources fetched at once, want %d (crawl.concurrency)", most, limit)
	}
}

// TestReplace: a reload's source list adds, removes and reschedules
// changed sources; a changed source's next run uses its new settings.
func TestReplace(t *testing.T) {
	oldSite, newSite2 := newSite(t), newSite(t)
	for _, s := range []*site{oldSite, newSite2} {
		s.file(t, "/feed", "application/rss+xml", "rss_no_items.xml")
	}
	c, ar := newCrawler(t)
	for _, id := range []string{"degisen", "giden", "yeni"} {
		markFetched(t, ar, id, time.Now()) // none runs at once: only what Trigger asks
	}
	changing := source("degisen", "feed", oldSite.URL+"/feed")
	sched, err := c.Schedule(t.Context(), []config.Source{changing, source("giden", "feed", oldSite.URL+"/feed")})
	if err != nil {
		t.Fatal(err)
	}
	defer sched.Stop()
	changed := changing
	changed.URL = newSite2.URL + "/feed"
	ch, err := sched.Replace([]config.Source{changed, source("yeni", "feed", newSite2.URL+"/feed")})
	if err != nil || fmt.Sprint(ch) != "{[yeni] [giden] [degisen]}" {
		t.Fatalf("Replace: %+v, %v; want yeni added, giden removed, degisen changed", ch, err)
	}
	if err := sched.Trigger("giden"); !errors.Is(err, ErrUnknownSource) {
		t.Errorf("Trigger of a removed source: %v, want ErrUnknownSource", err)
	}
	if err := sched.Trigger("degisen"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the changed source to fetch its new URL", func() bool { return newSite2.hitCount("/feed") == 1 })
	if n := oldSite.hitCount("/feed"); n != 0 {
		t.Errorf("the old URL was fetched %d times", n)
	}
}
