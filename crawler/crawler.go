// Package crawler turns a configured source into archived articles: it
// discovers items (feed, HTML list page, sitemap or an announced feed),
// fetches each new item's page politely, extracts the article and hands it to
// a Store. It never imports the index or the API: the Store is its only sink.
package crawler

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler/fetch"
)

// Store is where finished articles go: the archive implements it.
type Store interface {
	Seen(ctx context.Context, sourceID, canonicalURL, guid string) (bool, error)
	// Submit hands an article to the store, which stores articles in the
	// order they were submitted; wait reports what became of it.
	Submit(ctx context.Context, a *article.Article, resps []article.Response) (wait func() (*article.Article, bool, error), err error)
	AddCaptures(ctx context.Context, sourceID string, resps []article.Response) error
	FetchState(ctx context.Context, sourceID string) (article.FetchState, error)
	SaveFetchState(ctx context.Context, st article.FetchState) error
	// Writable reports whether a store that refused a write (an error
	// wrapping article.ErrStorage) can take articles again.
	Writable(ctx context.Context) error
}

// Sentinel errors; test with errors.Is.
var (
	// ErrRunning is returned when a source is asked to run while it already runs.
	ErrRunning = errors.New("crawler: source is already running")
	// ErrStopped is returned by Scheduler.Trigger after Stop.
	ErrStopped = errors.New("crawler: scheduler stopped")
	// ErrPaused is in the summary of a run that did not start or stopped
	// because the archive cannot write (see Crawler.Paused).
	ErrPaused = errors.New("crawler: paused, the archive cannot write")
)

// Crawler runs sources. It is safe for concurrent use; a source never runs
// twice at once.
type Crawler struct {
	cfg      *config.Config
	client   *fetch.Client
	store    Store
	log      *slog.Logger
	onStored func(*article.Article)
	onIdle   func()
	metrics  *crawlMetrics
	cluster  *Cluster // nil: the only node

	gate   storageGate
	claims claims
	// slots holds one token per source crawling now: crawl.concurrency
	// bounds the sources at work, for RunAll and the scheduler alike.
	slots chan struct{}
	// revisiting is true while Revisit runs: one batch at a time.
	revisiting atomic.Bool

	mu      sync.Mutex
	running map[string]bool
	failing map[string]bool // sources whose last run failed
}

// New builds a crawler with one shared HTTP client for every source.
// onStored, when not nil, is called after each new article is committed.
func New(cfg *config.Config, store Store, log *slog.Logger, onStored func(*article.Article), opts ...Option) *Crawler {
	if log == nil {
		log = slog.Default()
	}
	c := &Crawler{cfg: cfg, store: store, log: log, onStored: onStored, running: map[string]bool{}, failing: map[string]bool{},
		slots: make(chan struct{}, max(1, cfg.Crawl.Concurrency)), metrics: newCrawlMetrics()}
	for _, o := range opts {
		o(c)
	}
	c.client = fetch.New(c.clientOptions())
	return c
}

// claim marks id as running; it reports false when it already was.
func (c *Crawler) claim(id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running[id] {
		return false
	}
	c.running[id] = true
	return true
}

// release marks id as no longer running and calls the OnIdle hook when no
// source runs any more.
func (c *Crawler) release(id string) {
	c.mu.Lock()
	delete(c.running, id)
	idle := len(c.running) == 0
	c.mu.Unlock()
	if !idle {
		return
	}
	c.claims.reset() // the crawl is over: the next one may fetch a page again
	if c.onIdle != nil {
		c.onIdle()
	}
}

// OnIdle sets f to be called whenever the last running source finishes: an
// index writer then knows that no more articles are on their way for now.
// Set it before the crawler runs; f must not block.
func (c *Crawler) OnIdle(f func()) {
	c.onIdle = f
}

// noteOutcome records whether id's last run failed, for Failing.
func (c *Crawler) noteOutcome(id string, failed bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if failed {
		c.failing[id] = true
	} else {
		delete(c.failing, id)
	}
}

// clientOptions are the fetch options c's config sets; responses a fetch
// sees besides the one it returns (redirects, robots.txt) are archived.
func (c *Crawler) clientOptions() fetch.Options {
	o := fetch.Options{
		UserAgent:       c.cfg.UserAgent,
		Timeout:         c.cfg.Crawl.Timeout,
		MaxBodyBytes:    c.cfg.Crawl.MaxBodyBytes,
		PerHostInterval: c.cfg.Crawl.PerHostInterval,
		Robots:          c.cfg.Crawl.Robots,
		OnHop:           c.archiveHop,
	}
	if c.cluster != nil {
		o.HostSlots = c.cluster.Coordinator
	}
	return o
}

// sourceKey marks a context with the id of the source it fetches for.
type sourceKey struct{}

// archiveHop keeps a redirect hop or a robots.txt response as a capture of
// the source whose fetch met it.
func (c *Crawler) archiveHop(ctx context.Context, r article.Response) {
	id, _ := ctx.Value(sourceKey{}).(string)
	if id == "" {
		return
	}
	c.archiveLoose(ctx, id, r)
}

// archiveLoose keeps responses that belong to no article (error answers,
// redirects, robots.txt) as the source's captures; a failure is logged,
// the crawl goes on.
func (c *Crawler) archiveLoose(ctx context.Context, sourceID string, rs ...article.Response) {
	if err := c.store.AddCaptures(context.WithoutCancel(ctx), sourceID, rs); err != nil {
		c.log.Warn("archive response", slog.String("source", sourceID), slog.Any("error", err))
	}
}
