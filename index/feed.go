package index

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/haberci/haberci/article"
)

// Feeder is what the index catches up from; the archive implements it.
// Since returns up to limit articles with Seq > afterSeq, in Seq order.
type Feeder interface {
	Since(ctx context.Context, afterSeq int64, limit int) ([]*article.Article, error)
}

// Batch sizes for catching up.
const (
	DefaultBatchSize = 500
	maxBatchSize     = 10000 // bounds the memory of one Bleve batch
	followEvery      = time.Minute
)

// CatchUp indexes everything after the watermark in batches of batchSize
// (default 500), calling progress with the running count after each batch.
// It returns how many articles it indexed.
func (ix *Index) CatchUp(ctx context.Context, f Feeder, batchSize int, progress func(n int)) (int, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.catchUp(ctx, f, batchSize, progress)
}

// catchUp is CatchUp for callers that hold ix.mu.
func (ix *Index) catchUp(ctx context.Context, f Feeder, batchSize int, progress func(n int)) (int, error) {
	if batchSize <= 0 {
		batchSize = DefaultBatchSize
	}
	batchSize = min(batchSize, maxBatchSize)
	done := 0
	for {
		if err := ctx.Err(); err != nil {
			return done, err
		}
		wm, err := ix.Watermark()
		if err != nil {
			return done, err
		}
		arts, err := f.Since(ctx, wm, batchSize)
		if err != nil {
			return done, fmt.Errorf("index: catch up after %d: %w", wm, err)
		}
		if len(arts) == 0 {
			return done, nil
		}
		next := wm
		for _, a := range arts {
			if a != nil {
				next = max(next, a.Seq)
			}
		}
		if next <= wm {
			// A feeder that does not advance would loop forever.
			return done, fmt.Errorf("index: catch up: feeder returned no seq after %d", wm)
		}
		if err := ix.apply(arts, next); err != nil {
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
// notify fires and every `every` (default one minute) as a safety net;
// notifications that arrive while it works are folded into the next batch.
// It returns nil once ctx ends, after finishing the batch in hand; a failed
// catch-up is logged and retried on the next signal.
func (ix *Index) Follow(ctx context.Context, f Feeder, notify <-chan struct{}, every time.Duration) error {
	if every <= 0 {
		every = followEvery
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		n, err := ix.CatchUp(ctx, f, DefaultBatchSize, nil)
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			slog.Warn("index: follow", slog.Int("indexed", n), slog.Any("err", err))
		}
		select {
		case <-ctx.Done():
			return nil
		case _, ok := <-notify:
			if !ok {
				notify = nil // closed: rely on the ticker from now on
				continue
			}
			drain(notify)
		case <-tick.C:
		}
	}
}

// drain empties notify without blocking: one catch-up serves them all.
func drain(notify <-chan struct{}) {
	for {
		select {
		case _, ok := <-notify:
			if !ok {
				return
			}
		default:
			return
		}
	}
}
