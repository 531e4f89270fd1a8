package index

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/haberci/haberci/article"
)

// Feeder is what the index catches up from; the archive implements it.
// The watermark is a change cursor (article.Article.ChangeSeq): Changes
// returns up to limit articles whose ChangeSeq is above after, in
// ChangeSeq order, and fewer only when no more follow: a short page ends a
// catch-up. Limits never exceed MaxBatchSize, which feeders must serve
// whole. LastChange is the highest ChangeSeq held (0 when none): Follow
// reads how many articles wait from it.
type Feeder interface {
	Changes(ctx context.Context, after int64, limit int) ([]*article.Article, error)
	LastChange(ctx context.Context) (int64, error)
}

// Batch sizes for catching up. Follow takes a crawl's articles in batches
// of followBatch: larger ones make fewer segments to merge, but leave more
// to index after the crawl's last article, on cores the crawl no longer
// uses (bench/pipeline, three alternating runs on a quiet machine: a median
// 0.47× raw Bleve with batches of 500 against 0.43× with 1,000).
const (
	DefaultBatchSize = 500
	MaxBatchSize     = 1000 // bounds one Bleve batch; the archive pages by the same size
	followBatch      = DefaultBatchSize
	followEvery      = time.Minute
)

// CatchUp indexes everything after the watermark in batches of batchSize
// (default 500), calling progress with the running count after each batch.
// It returns how many articles it indexed.
func (ix *Index) CatchUp(ctx context.Context, f Feeder, batchSize int, progress func(n int)) (int, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.catchUp(ctx, f, batchSize, progress, false)
}

// catchUp is CatchUp for callers that hold ix.mu. With wholeOnly (a crawl
// is streaming articles in) it leaves a last partial batch for later and
// builds each batch as one segment (see apply).
func (ix *Index) catchUp(ctx context.Context, f Feeder, batchSize int, progress func(n int), wholeOnly bool) (done int, err error) {
	if batchSize <= 0 {
		batchSize = DefaultBatchSize
	}
	batchSize = min(batchSize, MaxBatchSize)
	for {
		if err := ctx.Err(); err != nil {
			return done, err
		}
		wm, err := ix.Watermark()
		if err != nil {
			return done, err
		}
		arts, err := f.Changes(ctx, wm, batchSize)
		if err != nil {
			return done, fmt.Errorf("index: catch up after %d: %w", wm, err)
		}
		if len(arts) == 0 || wholeOnly && len(arts) < batchSize {
			return done, nil
		}
		next := wm
		for _, a := range arts {
			if a != nil {
				next = max(next, a.ChangeSeq)
			}
		}
		if next <= wm {
			// A feeder that does not advance would loop forever.
			return done, fmt.Errorf("index: catch up: feeder returned no change after %d", wm)
		}
		if err := ix.apply(arts, next, !wholeOnly); err != nil {
			return done, err
		}
		done += len(arts)
		if progress != nil {
			progress(done)
		}
		if len(arts) < batchSize {
			return done, nil
		}
	}
}

// Follow is the one batching writer. It catches up at start, whenever
// notify fires and every `every` (default one minute) as a safety net.
//
// It indexes a crawl's stream of articles in whole batches where it can:
// every Bleve batch becomes a segment that scorch merges again and again,
// so many small batches cost far more than few large ones. After a notification it lingers while more keep coming (see
// linger) until a batch's worth of articles waits, the archive goes quiet,
// or Flush says that no crawl is running. In the first case it indexes
// whole batches only and lingers again for the rest, in the others
// everything that waits.
//
// It returns nil once ctx ends, after finishing the batch in hand; a failed
// catch-up is logged and retried on the next signal.
func (ix *Index) Follow(ctx context.Context, f Feeder, notify <-chan struct{}, every time.Duration) error {
	if every <= 0 {
		every = followEvery
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	enough := func() bool { return ix.waiting(ctx, f) >= followBatch }
	wholeOnly := false
	for {
		ix.mu.Lock()
		n, err := ix.catchUp(ctx, f, followBatch, nil, wholeOnly)
		ix.mu.Unlock()
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			ix.log.Warn("index: follow", slog.Int("indexed", n), slog.Any("error", err))
		}
		if !wholeOnly { // else a partial batch may be left: linger for it at once
			select {
			case <-ctx.Done():
				return nil
			case _, ok := <-notify:
				if !ok {
					notify = nil // closed: rely on the ticker from now on
					continue
				}
			case <-ix.flush:
				continue
			case <-tick.C:
				continue
			}
		}
		end := linger(ctx, notify, ix.flush, enough)
		if end == endCanceled {
			return nil
		}
		wholeOnly = end == endFull
		drain(notify)
	}
}

// Flush tells Follow that no more articles are on their way for now (the
// crawler went idle), so that it indexes what waits without lingering.
func (ix *Index) Flush() {
	select {
	case ix.flush <- struct{}{}:
	default:
	}
}

// waiting estimates how many articles wait to be indexed: the feeder's
// LastChange less the watermark (cursors leave few gaps, and an estimate only
// decides when to start a batch). A failed read counts as
// none: the writer then lingers on until the archive goes quiet.
func (ix *Index) waiting(ctx context.Context, f Feeder) int64 {
	top, err := f.LastChange(ctx)
	if err != nil {
		return 0
	}
	wm, err := ix.Watermark()
	if err != nil {
		return 0
	}
	return top - wm
}
