package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/archive/pgarchive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler"
	"github.com/haberci/haberci/index"
	"github.com/haberci/haberci/sources"
)

// followEvery is the index writer's safety-net tick, as in serve.
const followEvery = 5 * time.Second

// How often a node looks whether the clock can stop. PostgreSQL's
// LastChange runs the change sequencer and Count is a query: polled less
// often there, so that the polling does not load the server it measures
// (it adds at most that much to the measured time).
const (
	pollSQLite   = time.Millisecond
	pollArchived = 20 * time.Millisecond
	pollPG       = 5 * time.Millisecond
)

// node is one crawling process of a store setup.
type node struct {
	dir      string // its data directory: index, WARC files, the SQLite archive
	database string // PostgreSQL URL; "" for the SQLite archive in dir
	name     string // its node id, also in its User-Agent
	nodes    int    // processes crawling into the database, this one included
}

// gate is how a node process tells the parent where its clock runs: ready
// blocks until every node of the setup may start; done says the clock
// stopped. Nil funcs do nothing (tests run one node in-process).
type gate struct{ ready, done func() }

// nodeStore is what the pipeline uses of either store of record.
type nodeStore interface {
	crawler.Store
	index.Feeder
	Count(ctx context.Context) (int64, error)
	SyncSources(ctx context.Context, srcs []archive.SourceInfo) error
	Close() error
}

// crawlResult is one timed pass of the whole pipeline on one node.
type crawlResult struct {
	elapsed time.Duration
	crawl   time.Duration // until every article was archived: the rest is the index's tail
	close   time.Duration // the store's Close after the clock stopped: SQLite writes its pending LSH bands
	docs    []rawDoc      // what was extracted and archived, for the raw Bleve run
}

// userAgent names the node in its requests, so that the sites count each
// node's fetches.
func userAgent(node string) string { return "HaberciBench/1.0 (" + node + ")" }

// benchConfig is the crawl configuration: one full-text feed source per
// site, no spacing between requests to a host (one request in flight per
// host still) and room for every item. The nodes share the sites' crawl
// slots: each has as many parallel sources as sites divided by nodes, so
// that two nodes lease half the sources each, as one node leases all.
func benchConfig(n node, sites []string, maxItems int) *config.Config {
	cfg := &config.Config{
		DataDir:   n.dir,
		UserAgent: userAgent(n.name),
		Node:      n.name,
		Crawl: config.Crawl{
			Concurrency: (len(sites) + n.nodes - 1) / n.nodes,
			// Negative: fetch.Options reads 0 as its one-second default.
			PerHostInterval: -1,
			Timeout:         20 * time.Second,
			MaxBodyBytes:    10 << 20,
			Robots:          true,
			MaxItems:        maxItems,
		},
	}
	for i, u := range sites {
		cfg.Sources = append(cfg.Sources, config.Source{
			ID: fmt.Sprintf("site-%d", i+1), Name: fmt.Sprintf("Yerel Haber %d", i+1),
			Type: config.TypeFeed, URL: u + "/rss.xml", Schedule: "@every 1h", Fulltext: true,
		})
	}
	return cfg
}

// openStore opens the node's store of record as cmd/haberci does: the
// SQLite archive in its data directory, or the PostgreSQL store with WARC
// files of the node's own, the crawler then one node of several
// (crawler.WithCluster: source leases, shared host slots, URL claims).
func openStore(ctx context.Context, n node) (nodeStore, []crawler.Option, error) {
	if n.database == "" {
		ar, err := archive.Open(ctx, n.dir)
		if err != nil {
			return nil, nil, err // not a nil *Archive in a non-nil nodeStore
		}
		return ar, nil, nil
	}
	pg, err := pgarchive.Open(ctx, n.database, pgarchive.WithWARC(filepath.Join(n.dir, "warc"), n.name))
	if err != nil {
		return nil, nil, err
	}
	return pg, []crawler.Option{crawler.WithCluster(crawler.Cluster{Coordinator: pg, Node: n.name})}, nil
}

// runPipeline crawls the sites into the node's store, with the index
// writer following the store's change stream as in `haberci serve`. The
// clock runs from g.ready's return until the archive holds want articles
// and this node's index watermark reaches the archive's LastChange. With
// docs set it reads every archived article back for the raw Bleve run.
//
// On SQLite the crawl is RunAll over every source. On PostgreSQL the
// crawler schedules by lease, as serve does: each node crawls the sources
// it leases; when the archive is complete the node flushes its index, as
// the crawler's going idle does, instead of waiting up to followEvery for
// the last articles another node stored.
func runPipeline(ctx context.Context, n node, sites []string, want int, docs bool, g gate, log *slog.Logger) (crawlResult, error) {
	cfg := benchConfig(n, sites, want)
	st, opts, err := openStore(ctx, n)
	if err != nil {
		return crawlResult{}, err
	}
	stClosed := false
	defer func() {
		if !stClosed {
			st.Close()
		}
	}()
	if err := st.SyncSources(ctx, sources.Rows(cfg)); err != nil { // as the daemon does at start
		return crawlResult{}, err
	}
	ix, err := index.Open(filepath.Join(n.dir, "index"))
	if err != nil {
		return crawlResult{}, err
	}
	defer ix.Close()

	notify := make(chan struct{}, 1)
	onStored := func(*article.Article) {
		select {
		case notify <- struct{}{}:
		default:
		}
	}
	writerCtx, stopWriter := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := ix.Follow(writerCtx, st, notify, followEvery); err != nil {
			log.Error("index writer", slog.Any("error", err))
		}
	}()
	defer func() { stopWriter(); wg.Wait() }()

	cr := crawler.New(cfg, st, log, onStored, opts...)
	cr.OnIdle(ix.Flush) // as serve does
	if g.ready != nil {
		g.ready()
	}
	start := time.Now()
	stopCrawl, err := crawl(ctx, cr, cfg, st, want, opts != nil)
	if err != nil {
		return crawlResult{}, err
	}
	defer stopCrawl()
	crawled := time.Since(start)
	ix.Flush()
	every := pollSQLite
	if n.database != "" {
		every = pollPG
	}
	if err := waitIndexed(ctx, st, ix, every); err != nil {
		return crawlResult{}, err
	}
	res := crawlResult{elapsed: time.Since(start), crawl: crawled}
	if g.done != nil {
		g.done()
	}
	stopCrawl()
	if c, err := st.Count(ctx); err != nil || c != int64(want) {
		return res, fmt.Errorf("pipeline: archive holds %d articles, want %d (%v)", c, want, err)
	}
	if c, err := ix.Count(); err != nil || c != uint64(want) {
		return res, fmt.Errorf("pipeline: index holds %d articles, want %d (%v)", c, want, err)
	}
	if docs {
		if res.docs, err = archivedDocs(ctx, st); err != nil {
			return res, err
		}
	}
	// Not timed, as raw Bleve's Close is not: what the archive still writes
	// then (SQLite's pending LSH bands) is shown beside the clock.
	stopWriter()
	wg.Wait()
	closeStart := time.Now()
	stClosed = true
	if err := st.Close(); err != nil {
		return res, err
	}
	res.close = time.Since(closeStart)
	return res, nil
}

// crawl crawls every source and returns once the archive holds want
// articles, with a func that stops what still runs (idempotent).
func crawl(ctx context.Context, cr *crawler.Crawler, cfg *config.Config, st nodeStore, want int, cluster bool) (func(), error) {
	if !cluster {
		return func() {}, checkSummaries(cr.RunAll(ctx, cfg.Sources, nil))
	}
	sched, err := cr.Schedule(ctx, cfg.Sources)
	if err != nil {
		return nil, err
	}
	var once sync.Once
	stop := func() { once.Do(sched.Stop) }
	err = poll(ctx, pollArchived, func() (bool, string, error) {
		c, err := st.Count(ctx)
		return c == int64(want), fmt.Sprintf("archive holds %d of %d articles", c, want), err
	})
	if err != nil {
		stop()
		return nil, err
	}
	return stop, nil
}

// errIncomplete means a source did not store every item it listed.
var errIncomplete = errors.New("pipeline: crawl incomplete")

func checkSummaries(sums []crawler.Summary) error {
	for _, s := range sums {
		if s.Error != "" || s.Failed > 0 || s.New != s.Items {
			return fmt.Errorf("%w: %s: %d items, %d new, %d failed, error %q",
				errIncomplete, s.Source, s.Items, s.New, s.Failed, s.Error)
		}
	}
	return nil
}

// waitIndexed polls until the index watermark equals the archive's
// LastChange.
func waitIndexed(ctx context.Context, st index.Feeder, ix *index.Index, every time.Duration) error {
	return poll(ctx, every, func() (bool, string, error) {
		top, err := st.LastChange(ctx)
		if err != nil {
			return false, "", err
		}
		wm, err := ix.Watermark()
		return wm == top, fmt.Sprintf("index at %d of %d", wm, top), err
	})
}

// poll calls cond every interval until it holds, fails, or ctx ends; what
// it last said is in the error then.
func poll(ctx context.Context, every time.Duration, cond func() (ok bool, state string, err error)) error {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		ok, state, err := cond()
		if err != nil || ok {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("pipeline: %s: %w", state, ctx.Err())
		case <-tick.C:
		}
	}
}
