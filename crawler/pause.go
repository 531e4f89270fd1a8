package crawler

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/haberci/haberci/article"
)

// probeEvery spaces the writability probes while crawling is paused.
const probeEvery = 5 * time.Second

// storageGate pauses every source while the archive cannot write: one
// refused write stops the crawl, and a probe, at most every probeEvery,
// lets it go on once space or write access is back. Without it each source
// would fetch pages only to fail storing them, and count as broken.
type storageGate struct {
	mu       sync.Mutex
	err      error // the write that failed; nil while the archive writes
	probedAt time.Time
}

// Paused returns the storage failure that pauses crawling, or nil.
func (c *Crawler) Paused() error {
	c.gate.mu.Lock()
	defer c.gate.mu.Unlock()
	return c.gate.err
}

// storageDown pauses crawling when err says the archive cannot write; it
// reports whether it did.
func (c *Crawler) storageDown(err error) bool {
	if !errors.Is(err, article.ErrStorage) {
		return false
	}
	c.gate.mu.Lock()
	defer c.gate.mu.Unlock()
	if c.gate.err == nil {
		c.log.Error("archive cannot write: crawling paused until it can", slog.Any("error", err))
		c.metrics.paused.Set(1)
		c.gate.probedAt = time.Now()
	}
	c.gate.err = err
	return true
}

// storageReady returns nil when crawling may go on: the archive never
// failed, or a probe now finds it writable again.
func (c *Crawler) storageReady(ctx context.Context) error {
	c.gate.mu.Lock()
	defer c.gate.mu.Unlock()
	if c.gate.err == nil {
		return nil
	}
	if time.Since(c.gate.probedAt) < probeEvery {
		return c.gate.err
	}
	c.gate.probedAt = time.Now()
	if err := c.store.Writable(ctx); err != nil {
		c.gate.err = err
		return err
	}
	c.log.Info("archive writes again: crawling resumes", slog.Any("paused_by", c.gate.err))
	c.gate.err = nil
	c.metrics.paused.Set(0)
	return nil
}

// pausedRun ends a run that the archive's refusal to write stopped.
func (c *Crawler) pausedRun(sum Summary, start time.Time, err error) Summary {
	sum.Duration = time.Since(start)
	sum.Error = ErrPaused.Error() + ": " + err.Error()
	c.metrics.runs.WithLabelValues("paused").Inc()
	c.log.Warn("crawl paused", slog.String("source", sum.Source), slog.Int("new", sum.New), slog.String("error", sum.Error))
	return sum
}
