package crawler

import (
	"context"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/archive/pgarchive"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler/canon"
	"github.com/haberci/haberci/internal/pgtest"
	dto "github.com/prometheus/client_model/go"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// The PostgreSQL archive is the crawler's store and coordinator.
var (
	_ Store        = (*pgarchive.Store)(nil)
	_ RevisitStore = (*pgarchive.Store)(nil)
	_ Coordinator  = (*pgarchive.Store)(nil)
)

// node is one crawler node of a cluster test: its own pool on the shared
// database, its own WARC directory, its own scheduler.
type node struct {
	name  string
	store *pgarchive.Store
	cr    *Crawler
	sched *Scheduler
	stop  context.CancelFunc
}

// openNode opens a store on url as name, with opts, and a crawler node on
// it whose leases last ttl.
func openNode(t *testing.T, url, name string, ttl time.Duration, tune func(*config.Config), opts ...pgarchive.Option) *node {
	t.Helper()
	st, err := pgarchive.Open(t.Context(), url, append(opts, pgarchive.WithWARC(t.TempDir(), name))...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg := config.Default()
	cfg.Sources = nil
	cfg.Crawl.Timeout = 10 * time.Second
	cfg.Crawl.Robots = true
	cfg.Crawl.Concurrency = 4
	tune(cfg)
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})).With("node", name)
	return &node{name: name, store: st, cr: New(cfg, st, log, nil, WithCluster(Cluster{Coordinator: st, Node: name, LeaseTTL: ttl}))}
}

// startNode opens a node and schedules srcs on it by lease.
func startNode(t *testing.T, url, name string, ttl time.Duration, srcs []config.Source, tune func(*config.Config)) *node {
	t.Helper()
	n := openNode(t, url, name, ttl, tune)
	ctx, cancel := context.WithCancel(t.Context())
	sched, err := n.cr.Schedule(ctx, srcs)
	if err != nil {
		t.Fatal(err)
	}
	n.sched, n.stop = sched, cancel
	t.Cleanup(n.sched.Stop) // before the store closes
	return n
}

// syncSources stores srcs as the configuration would, through a store of
// the cluster's database.
func syncSources(t *testing.T, url string, srcs []config.Source) {
	t.Helper()
	st, err := pgarchive.Open(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows := make([]archive.SourceInfo, len(srcs))
	for i, s := range srcs {
		rows[i] = archive.SourceInfo{ID: s.ID, Name: s.Name, Type: s.Type, URL: s.URL, Schedule: s.Schedule}
	}
	if err := st.SyncSources(t.Context(), rows); err != nil {
		t.Fatal(err)
	}
}

// corpusPage is a news page holding the n-th economy text of TTC-3600
// (../shared/data), under title; the test skips without the corpus.
func corpusPage(t *testing.T, n int, title string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "shared", "data", "ttc-3600", "TTC-3600_Orj", "ekonomi", fmt.Sprintf("c (%d).txt", n)))
	if os.IsNotExist(err) {
		t.Skip("../shared/data/ttc-3600 is absent")
	}
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, `<!doctype html><html lang="tr"><head><meta charset="utf-8"><title>%s</title></head><body><article><h1>%[1]s</h1>`, html.EscapeString(title))
	for _, p := range strings.Split(strings.TrimPrefix(string(b), "\ufeff"), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			fmt.Fprintf(&sb, "<p>%s</p>\n", html.EscapeString(p))
		}
	}
	sb.WriteString(`</article></body></html>`)
	return []byte(sb.String())
}

// rss is an RSS 2.0 feed listing links, newest first.
func rss(links ...string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><link>http://x/</link><description>d</description>`)
	for i, l := range links {
		fmt.Fprintf(&b, `<item><title>Haber %d</title><link>%s</link><guid>%[2]s</guid><pubDate>Mon, 07 Dec 2026 10:%02d:00 +0000</pubDate></item>`,
			i, l, 59-i)
	}
	b.WriteString(`</channel></rss>`)
	return []byte(b.String())
}

// arrivals records when each request reached a site.
type arrivals struct {
	mu    sync.Mutex
	times []time.Time
}

func (a *arrivals) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		a.times = append(a.times, time.Now())
		a.mu.Unlock()
		h.ServeHTTP(w, r)
	})
}

// TestClusterCrawlsOnce: three nodes on one database, crawling one source
// at a time, crawl four feeds of one site whose 12 articles each appear in
// two feeds. The feeds are crawled by several nodes, every feed and every
// article page is fetched exactly once in the cluster, every article is
// archived, and request starts to the site are the per-host interval
// apart across the nodes.
func TestClusterCrawlsOnce(t *testing.T) {
	const (
		feeds    = 4
		perFeed  = 6
		articles = feeds * perFeed / 2
		interval = 300 * time.Millisecond
	)
	url := pgtest.URL(t)
	s := newSite(t)
	var arr arrivals
	s.Config.Handler = arr.wrap(s.Config.Handler)
	s.handle("/robots.txt", static("text/plain", []byte("User-agent: *\nAllow: /\n")))
	for i := range articles {
		s.handle(fmt.Sprintf("/a/%d", i), static("text/html; charset=utf-8", corpusPage(t, i+1, fmt.Sprintf("Ekonomi haberi %d", i))))
	}
	var srcs []config.Source
	for f := range feeds {
		var links []string
		for k := range perFeed { // feed f lists articles 3f … 3f+5 (mod 12): each article is in two feeds
			links = append(links, fmt.Sprintf("%s/a/%d", s.URL, (f*perFeed/2+k)%articles))
		}
		path := fmt.Sprintf("/feed/%d.xml", f)
		s.handle(path, static("application/rss+xml", rss(links...)))
		srcs = append(srcs, source(fmt.Sprintf("feed-%d", f), "feed", s.URL+path))
	}
	syncSources(t, url, srcs)
	tune := func(cfg *config.Config) {
		cfg.Crawl.PerHostInterval = interval
		cfg.Crawl.Concurrency = 1 // one source at a time: the nodes share them
	}
	var nodes []*node
	for i := range 3 {
		nodes = append(nodes, startNode(t, url, fmt.Sprintf("n%d", i+1), 10*time.Second, srcs, tune))
	}
	eventually := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(60 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s", what)
			}
		}
	}
	eventually("every source crawled", func() bool {
		for _, src := range srcs {
			st, err := nodes[0].store.FetchState(t.Context(), src.ID)
			if err != nil {
				t.Fatal(err)
			}
			if st.LastFetchAt.IsZero() {
				return false
			}
		}
		return true
	})
	runs, busy := 0, 0
	for _, n := range nodes {
		n.sched.Stop()
		var m dto.Metric
		if err := n.cr.metrics.runs.WithLabelValues("ok").Write(&m); err != nil {
			t.Fatal(err)
		}
		r := int(m.GetCounter().GetValue())
		runs += r
		if r > 0 {
			busy++
		}
	}
	if runs != feeds || busy < 2 {
		t.Errorf("%d runs by %d nodes, want %d runs by two nodes or more", runs, busy, feeds)
	}

	arts, err := nodes[0].store.Changes(t.Context(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != articles {
		t.Errorf("%d articles archived, want %d", len(arts), articles)
	}
	for _, p := range s.requested() {
		if n := s.hitCount(p); n != 1 && p != "/robots.txt" {
			t.Errorf("%s fetched %d times in the cluster, want once", p, n)
		}
	}
	for _, src := range srcs {
		st, _ := nodes[0].store.FetchState(t.Context(), src.ID)
		if st.LastError != "" {
			t.Errorf("%s: %s", src.ID, st.LastError)
		}
	}
	arr.mu.Lock()
	times := slices.Clone(arr.times)
	arr.mu.Unlock()
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	want := 1 + feeds + articles // robots.txt at least once
	if len(times) < want {
		t.Fatalf("%d requests, want at least %d", len(times), want)
	}
	// The slots are interval apart; a request arrives some time after its
	// slot (a busy machine's scheduling, the network), and a request held
	// up shortens the gap after it, so single gaps say little: the median
	// gap is the interval, and the whole span is the slots' less the first
	// request's delay. Nodes spacing only their own requests would arrive
	// a third of the interval apart on average.
	gaps := make([]time.Duration, 0, len(times)-1)
	for i := 1; i < len(times); i++ {
		gaps = append(gaps, times[i].Sub(times[i-1]))
	}
	slices.Sort(gaps)
	if median := gaps[len(gaps)/2]; median < interval*9/10 {
		t.Errorf("median gap between requests to the site %v, want about %v (gaps %v)", median, interval, gaps)
	}
	span, slots := times[len(times)-1].Sub(times[0]), time.Duration(len(times)-1)*interval
	if span < slots*95/100 {
		t.Errorf("%d requests to the site over %v, want at least %v", len(times), span, slots)
	}
}

// TestClusterTakesOverDeadNode: a node that dies while crawling keeps its
// lease (the other node does not crawl the source meanwhile) until the
// lease expires; then the other node crawls the source, within the TTL
// and a poll of the node's death.
func TestClusterTakesOverDeadNode(t *testing.T) {
	const ttl = 1500 * time.Millisecond
	url := pgtest.URL(t)
	s := newSite(t)
	s.handle("/robots.txt", static("text/plain", []byte("User-agent: *\nAllow: /\n")))
	s.handle("/a/0", static("text/html; charset=utf-8", corpusPage(t, 1, "Ekonomi haberi")))
	feed := rss(s.URL + "/a/0")
	b, blocked := newBlocker(t, static("application/rss+xml", feed))
	s.handle("/feed.xml", blocked)
	srcs := []config.Source{source("feed", "feed", s.URL+"/feed.xml")}
	syncSources(t, url, srcs)
	tune := func(cfg *config.Config) { cfg.Crawl.PerHostInterval = time.Millisecond }

	dying := startNode(t, url, "dying", ttl, srcs, tune)
	select {
	case <-b.arrived:
	case <-time.After(20 * time.Second):
		t.Fatal("the first node never fetched the feed")
	}
	other := startNode(t, url, "other", ttl, srcs, tune)
	// The dying node renews its lease while its fetch hangs: the other
	// node keeps out for longer than the TTL.
	time.Sleep(2 * ttl)
	if n := s.hitCount("/feed.xml"); n != 1 {
		t.Fatalf("feed fetched %d times while the first node held it, want once", n)
	}
	// Death: the node loses its database (it can neither renew nor hand
	// the source back), then stops.
	dying.store.Close()
	died := time.Now()
	dying.stop()
	select {
	case <-b.arrived:
	case <-time.After(4 * ttl):
		t.Fatal("the other node never took the source over")
	}
	if took := time.Since(died); took > ttl+pollEvery(ttl)+time.Second {
		t.Errorf("taken over %v after the node died, want within the TTL %v and a poll", took, ttl)
	}
	b.open()
	eventually(t, "the source crawled by the other node", func() bool {
		st, err := other.store.FetchState(t.Context(), "feed")
		return err == nil && st.LastError == "" && !st.LastFetchAt.IsZero() && s.hitCount("/a/0") == 1
	})
	eventually(t, "the article archived", func() bool {
		arts, err := other.store.Changes(t.Context(), 0, 0)
		return err == nil && len(arts) == 1
	})
}

// TestClusterRevisitsOnce: two nodes take the same due revisits at once;
// each article page is fetched again by one of them.
func TestClusterRevisitsOnce(t *testing.T) {
	const articles = 6
	url := pgtest.URL(t)
	s := newSite(t)
	s.handle("/robots.txt", static("text/plain", []byte("User-agent: *\nAllow: /\n")))
	var links []string
	for i := range articles {
		s.handle(fmt.Sprintf("/a/%d", i), static("text/html; charset=utf-8", corpusPage(t, i+1, fmt.Sprintf("Ekonomi haberi %d", i))))
		links = append(links, fmt.Sprintf("%s/a/%d", s.URL, i))
	}
	s.handle("/feed.xml", static("application/rss+xml", rss(links...)))
	srcs := []config.Source{source("feed", "feed", s.URL+"/feed.xml")}
	syncSources(t, url, srcs)
	tune := func(cfg *config.Config) {
		cfg.Crawl.PerHostInterval = time.Millisecond
		cfg.Crawl.Revisit = []time.Duration{time.Millisecond, time.Hour}
	}
	nodes := []*node{
		openNode(t, url, "n1", 5*time.Second, tune, pgarchive.WithRevisitAfter(time.Millisecond)),
		openNode(t, url, "n2", 5*time.Second, tune, pgarchive.WithRevisitAfter(time.Millisecond)),
	}
	if sum, err := nodes[0].cr.Run(t.Context(), srcs[0]); err != nil || sum.New != articles {
		t.Fatalf("crawl: %+v, %v; want %d new", sum, err, articles)
	}
	time.Sleep(10 * time.Millisecond) // the first revisits are due
	sums := make([]RevisitSummary, len(nodes))
	var wg sync.WaitGroup
	for i, n := range nodes {
		wg.Go(func() {
			var err error
			if sums[i], err = n.cr.Revisit(t.Context(), srcs); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if due := sums[0].Due + sums[1].Due; due != articles {
		t.Errorf("revisits taken: %+v and %+v, want %d in all", sums[0], sums[1], articles)
	}
	for i := range articles {
		if n := s.hitCount(fmt.Sprintf("/a/%d", i)); n != 2 {
			t.Errorf("/a/%d fetched %d times, want twice (crawled, revisited once)", i, n)
		}
	}
	// The revisits are recorded: none is due any more.
	for _, n := range nodes {
		if sum, err := n.cr.Revisit(t.Context(), srcs); err != nil || sum.Due != 0 {
			t.Errorf("%s: after the revisits: %+v, %v; want none due", n.name, sum, err)
		}
	}
}

// TestClusterAddPauseTrigger: by lease, a source paused in the database is
// not crawled, one added at run time is, and Trigger makes a crawled
// source due again at once.
func TestClusterAddPauseTrigger(t *testing.T) {
	url := pgtest.URL(t)
	s := newSite(t)
	s.handle("/robots.txt", static("text/plain", []byte("User-agent: *\nAllow: /\n")))
	s.handle("/a/0", static("text/html; charset=utf-8", corpusPage(t, 1, "Ekonomi haberi")))
	var srcs []config.Source
	for _, id := range []string{"kept", "paused", "added"} {
		s.handle("/"+id+".xml", static("application/rss+xml", rss(s.URL+"/a/0")))
		srcs = append(srcs, source(id, "feed", s.URL+"/"+id+".xml"))
	}
	syncSources(t, url, srcs)
	tune := func(cfg *config.Config) { cfg.Crawl.PerHostInterval = time.Millisecond }
	n := openNode(t, url, "n1", 2*time.Second, tune)
	if err := n.store.SetPaused(t.Context(), "paused", true); err != nil {
		t.Fatal(err)
	}
	sched, err := n.cr.Schedule(t.Context(), srcs[:2])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sched.Stop)
	crawled := func(id string) func() bool {
		return func() bool {
			st, err := n.store.FetchState(t.Context(), id)
			return err == nil && !st.LastFetchAt.IsZero()
		}
	}
	eventually(t, "the source crawled", crawled("kept"))
	if err := sched.Add(srcs[2]); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the added source crawled", crawled("added"))
	eventually(t, "the trigger taken", func() bool {
		err := sched.Trigger("kept")
		if err != nil && !errors.Is(err, ErrRunning) { // ErrRunning: still ending its lease
			t.Fatal(err)
		}
		return err == nil
	})
	eventually(t, "the triggered source crawled again", func() bool { return s.hitCount("/kept.xml") == 2 })
	time.Sleep(3 * pollEvery(2*time.Second)) // polls that could take the paused source
	if n := s.hitCount("/paused.xml"); n != 0 {
		t.Errorf("the paused source fetched %d times", n)
	}
	if n := s.hitCount("/a/0"); n != 1 {
		t.Errorf("the article fetched %d times, want once", n)
	}
}

// TestClusterClaimOfDeadNode: a page claimed by a node that died is not
// fetched while the claim lives; the run that met it comes back to its
// source once the claim has expired, a TTL later, not at the source's
// next scheduled time (an hour), and archives it.
func TestClusterClaimOfDeadNode(t *testing.T) {
	const ttl = time.Second
	url := pgtest.URL(t)
	s := newSite(t)
	s.handle("/robots.txt", static("text/plain", []byte("User-agent: *\nAllow: /\n")))
	for i := range 2 {
		s.handle(fmt.Sprintf("/a/%d", i), static("text/html; charset=utf-8", corpusPage(t, i+1, fmt.Sprintf("Ekonomi haberi %d", i))))
	}
	s.handle("/feed.xml", static("application/rss+xml", rss(s.URL+"/a/0", s.URL+"/a/1")))
	srcs := []config.Source{source("feed", "feed", s.URL+"/feed.xml")}
	syncSources(t, url, srcs)
	tune := func(cfg *config.Config) { cfg.Crawl.PerHostInterval = time.Millisecond }
	n := openNode(t, url, "n1", ttl, tune)
	link, err := canon.URL(s.URL + "/a/0")
	if err != nil {
		t.Fatal(err)
	}
	// The dead node's claim outlives several source leases, so that the
	// first run meets it however long a busy machine takes to get there;
	// the source then comes back each lease TTL until the claim expires.
	if got, err := n.store.ClaimURL(t.Context(), "dead", link, 5*ttl); err != nil || !got {
		t.Fatalf("the dead node's claim: %v, %v", got, err)
	}
	sched, err := n.cr.Schedule(t.Context(), srcs)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sched.Stop)
	eventually(t, "both articles archived", func() bool {
		arts, err := n.store.Changes(t.Context(), 0, 0)
		return err == nil && len(arts) == 2
	})
	for path, want := range map[string]int{"/a/0": 1, "/a/1": 1} {
		if got := s.hitCount(path); got != want {
			t.Errorf("%s fetched %d times, want %d", path, got, want)
		}
	}
	if got := s.hitCount("/feed.xml"); got < 2 {
		t.Errorf("/feed.xml fetched %d times: the source did not come back for the claimed page", got)
	}
}
