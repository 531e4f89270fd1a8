package crawler

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler/fetch"
)

// TestPauseStopsScheduledRuns drives the cron tick by hand: a paused source
// is skipped, a resumed one runs, and Trigger runs it even when paused.
func TestPauseStopsScheduledRuns(t *testing.T) {
	s := newSite(t)
	s.file(t, "/feed", "application/rss+xml", "rss_no_items.xml")
	c, ar := newCrawler(t)
	markFetched(t, ar, "kaynak", time.Now()) // no run at once: only ticks and triggers
	src := source("kaynak", "feed", s.URL+"/feed")
	sched, err := c.Schedule(t.Context(), []config.Source{src})
	if err != nil {
		t.Fatal(err)
	}
	defer sched.Stop()

	if err := sched.Pause("kaynak"); err != nil {
		t.Fatal(err)
	}
	sched.scheduled(src) // a tick while paused returns without spawning
	if !sched.Paused("kaynak") {
		t.Error("Paused is false after Pause")
	}
	sched.wg.Wait()
	if n := s.hitCount("/feed"); n != 0 {
		t.Fatalf("paused source fetched %d times on a tick", n)
	}
	if err := sched.Trigger("kaynak"); err != nil {
		t.Fatalf("Trigger of a paused source: %v", err)
	}
	sched.wg.Wait()
	if n := s.hitCount("/feed"); n != 1 {
		t.Fatalf("Trigger of a paused source: %d fetches, want 1", n)
	}
	if err := sched.Resume("kaynak"); err != nil {
		t.Fatal(err)
	}
	sched.scheduled(src)
	sched.wg.Wait()
	if n := s.hitCount("/feed"); n != 2 {
		t.Errorf("resumed source: %d fetches after its tick, want 2", n)
	}
	for name, err := range map[string]error{"pause": sched.Pause("yok"), "resume": sched.Resume("yok")} {
		if !errors.Is(err, ErrUnknownSource) || !strings.Contains(err.Error(), `"yok"`) {
			t.Errorf("%s of an unknown id: %v", name, err)
		}
	}
}

// TestStartPaused: a paused source never fetched does not run at start.
func TestStartPaused(t *testing.T) {
	s := newSite(t)
	s.file(t, "/feed", "application/rss+xml", "rss_no_items.xml")
	c, ar := newCrawler(t)
	sched, err := c.Schedule(t.Context(), []config.Source{source("durdu", "feed", s.URL+"/feed"), source("calisir", "feed", s.URL+"/feed")},
		StartPaused("durdu", "baska"))
	if err != nil {
		t.Fatal(err)
	}
	defer sched.Stop()
	sched.wg.Wait() // every run Schedule started has ended, none cancelled
	if st := fetchState(t, ar, "durdu"); !st.LastFetchAt.IsZero() {
		t.Errorf("paused source ran at start: %+v", st)
	}
	if st := fetchState(t, ar, "calisir"); st.LastFetchAt.IsZero() || st.LastError != "" {
		t.Errorf("running source did not run at start: %+v", st)
	}
}

// TestAdd: a source added while the scheduler runs is crawled at once when
// new, and can be triggered; duplicates, bad schedules and a stopped
// scheduler are refused.
func TestAdd(t *testing.T) {
	s := newSite(t)
	s.file(t, "/feed", "application/rss+xml", "rss_relative_link.xml")
	s.handle("/relative/uri", articlePage(t, pageTitle))
	c, ar := newCrawler(t)
	sched, err := c.Schedule(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	added := source("yeni", "feed", s.URL+"/feed")
	if err := sched.Add(added); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the added source's article", func() bool { return len(archived(t, ar)) == 1 })
	bad := source("kotu", "feed", s.URL+"/feed")
	bad.Schedule = "every banana"
	tests := map[string]struct {
		src  config.Source
		want error
	}{
		"duplicate": {added, ErrDuplicateSource},
		"schedule":  {bad, nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			err := sched.Add(tc.src)
			if err == nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("Add: %v, want %v", err, tc.want)
			}
		})
	}
	if err := sched.Trigger("kotu"); !errors.Is(err, ErrUnknownSource) {
		t.Errorf("a refused source was scheduled: Trigger gives %v", err)
	}
	sched.Stop()
	if err := sched.Add(source("gec", "feed", s.URL+"/feed")); !errors.Is(err, ErrStopped) {
		t.Errorf("Add after Stop: %v, want ErrStopped", err)
	}
}

// TestPrivateGuard: the test site lives on 127.0.0.1, which a source added
// at run time may not reach unless allow_private_sources; the config
// file's sources may.
func TestPrivateGuard(t *testing.T) {
	tests := map[string]struct {
		origin  string
		allow   bool
		blocked bool
	}{
		"run time":              {config.OriginAPI, false, true},
		"run time, allowed":     {config.OriginAPI, true, false},
		"config file":           {"", false, false},
		"config file, explicit": {config.OriginConfig, false, false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s := newSite(t)
			s.file(t, "/feed", "application/rss+xml", "rss_relative_link.xml")
			s.handle("/relative/uri", articlePage(t, pageTitle))
			c, ar := newCrawler(t, func(cfg *config.Config) { cfg.AllowPrivateSources = tc.allow })
			src := source("kaynak", "feed", s.URL+"/feed")
			src.Origin = tc.origin
			sum, err := c.Run(t.Context(), src)
			if err != nil {
				t.Fatal(err)
			}
			st := fetchState(t, ar, "kaynak")
			blockedErr := strings.Contains(st.LastError, fetch.ErrBlockedAddress.Error())
			if blockedErr != tc.blocked || strings.Contains(sum.Error, "address not allowed") != tc.blocked {
				t.Fatalf("blocked=%v: state %+v, summary %+v", tc.blocked, st, sum)
			}
			if n := len(s.requested()); tc.blocked && n != 0 || !tc.blocked && (n == 0 || sum.New != 1) {
				t.Errorf("blocked=%v: site saw %v, %d new", tc.blocked, s.requested(), sum.New)
			}
		})
	}
}

// TestRemove takes a source off the schedule: its cron entry is gone, a
// Trigger no longer finds it, and the same id can be added again. The
// revisits' entry stays.
func TestRemove(t *testing.T) {
	s := newSite(t)
	s.file(t, "/feed", "application/rss+xml", "rss_no_items.xml")
	c, ar := newCrawler(t)
	markFetched(t, ar, "kaynak", time.Now())
	src := source("kaynak", "feed", s.URL+"/feed")
	sched, err := c.Schedule(t.Context(), []config.Source{src})
	if err != nil {
		t.Fatal(err)
	}
	defer sched.Stop()
	if n := len(sched.cron.Entries()); n != 2 {
		t.Fatalf("%d cron entries, want the source's and the revisits'", n)
	}
	if err := sched.Remove("kaynak"); err != nil {
		t.Fatal(err)
	}
	if n := len(sched.cron.Entries()); n != 1 {
		t.Errorf("%d cron entries after Remove, want the revisits' alone", n)
	}
	if err := sched.Trigger("kaynak"); !errors.Is(err, ErrUnknownSource) {
		t.Errorf("Trigger after Remove: %v", err)
	}
	if err := sched.Remove("kaynak"); !errors.Is(err, ErrUnknownSource) {
		t.Errorf("second Remove: %v", err)
	}
	if err := sched.Add(src); err != nil {
		t.Errorf("Add after Remove: %v", err)
	}
}
