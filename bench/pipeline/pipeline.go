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
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler"
	"github.com/haberci/haberci/index"
)

// followEvery is the index writer's safety-net tick, as in serve.
const followEvery = 5 * time.Second

// crawlResult is one timed pass of the whole pipeline.
type crawlResult struct {
	elapsed time.Duration
	crawl   time.Duration // until RunAll returned: the rest is the index's tail
	close   time.Duration // archive.Close after the clock stopped: the pending LSH bands are written
	docs    []rawDoc      // what was extracted and archived, for the raw Bleve run
}

// benchConfig is the crawl configuration: one full-text feed source per
// site, as many parallel sources as sites, no spacing between requests to a
// host (one request in flight per host still) and room for every item.
func benchConfig(dataDir string, sites []*site, maxItems int) *config.Config {
	cfg := &config.Config{
		DataDir:   dataDir,
		UserAgent: "HaberciBench/1.0",
		Crawl: config.Crawl{
			Concurrency: len(sites),
			// Negative: fetch.Options reads 0 as its one-second default.
			PerHostInterval: -1,
			Timeout:         20 * time.Second,
			MaxBodyBytes:    10 << 20,
			Robots:          true,
			MaxItems:        maxItems,
		},
	}
	for i, s := range sites {
		cfg.Sources = append(cfg.Sources, config.Source{
			ID: fmt.Sprintf("site-%d", i+1), Name: fmt.Sprintf("Yerel Haber %d", i+1),
			Type: config.TypeFeed, URL: s.URL + "/rss.xml", Schedule: "@every 1h", Fulltext: true,
		})
	}
	return cfg
}

// runPipeline crawls every site into a new data directory under dir, with
// the index writer following the archive as in `haberci serve`. The clock
// runs from the start of RunAll until the index watermark reaches the
// archive's LastChange; want is the number of articles that must arrive.
func runPipeline(ctx context.Context, dir string, sites []*site, want int, log *slog.Logger) (crawlResult, error) {
	cfg := benchConfig(dir, sites, want)
	arch, err := archive.Open(ctx, dir)
	if err != nil {
		return crawlResult{}, err
	}
	archClosed := false
	defer func() {
		if !archClosed {
			arch.Close()
		}
	}()
	ix, err := index.Open(filepath.Join(dir, "index"))
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
		if err := ix.Follow(writerCtx, arch, notify, followEvery); err != nil {
			log.Error("index writer", slog.Any("error", err))
		}
	}()
	defer func() { stopWriter(); wg.Wait() }()

	cr := crawler.New(cfg, arch, log, onStored)
	cr.OnIdle(ix.Flush) // as serve does
	start := time.Now()
	sums := cr.RunAll(ctx, cfg.Sources, nil)
	crawled := time.Since(start)
	if err := checkSummaries(sums); err != nil {
		return crawlResult{}, err
	}
	if err := waitIndexed(ctx, arch, ix); err != nil {
		return crawlResult{}, err
	}
	res := crawlResult{elapsed: time.Since(start), crawl: crawled}
	if n, err := arch.Count(ctx); err != nil || n != int64(want) {
		return res, fmt.Errorf("pipeline: archive holds %d articles, want %d (%v)", n, want, err)
	}
	if n, err := ix.Count(); err != nil || n != uint64(want) {
		return res, fmt.Errorf("pipeline: index holds %d articles, want %d (%v)", n, want, err)
	}
	if res.docs, err = archivedDocs(ctx, arch); err != nil {
		return res, err
	}
	// Not timed, as raw Bleve's Close is not: what the archive still writes
	// then (the pending LSH bands) is shown beside the clock.
	stopWriter()
	wg.Wait()
	closeStart := time.Now()
	archClosed = true
	if err := arch.Close(); err != nil {
		return res, err
	}
	res.close = time.Since(closeStart)
	return res, nil
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

// waitIndexed polls until the index watermark equals the archive's LastChange.
// Polling every millisecond costs two cheap reads; it adds at most that
// much to the measured time.
func waitIndexed(ctx context.Context, arch *archive.Archive, ix *index.Index) error {
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		top, err := arch.LastChange(ctx)
		if err != nil {
			return err
		}
		wm, err := ix.Watermark()
		if err != nil {
			return err
		}
		if wm == top {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("pipeline: index at %d of %d: %w", wm, top, ctx.Err())
		case <-tick.C:
		}
	}
}
