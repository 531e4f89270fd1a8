package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/haberci/haberci/config"
)

// Summary is what one run of one source did.
type Summary struct {
	Source      string        `json:"source"`
	Items       int           `json:"items"`        // items discovered
	New         int           `json:"new"`          // articles stored
	Seen        int           `json:"seen"`         // already archived, not fetched again
	Disallowed  int           `json:"disallowed"`   // refused by robots.txt
	Failed      int           `json:"failed"`       // items that could not be fetched or stored
	Backlog     int           `json:"backlog"`      // new items left for later runs by max_items
	NotModified bool          `json:"not_modified"` // the source answered 304
	Error       string        `json:"error,omitempty"`
	Duration    time.Duration `json:"duration_ns"`

	// elsewhere counts the items another node claimed and had not
	// archived when the run ended (see Crawler.unarchived).
	elsewhere int
}

// Run crawls one source once. It returns ErrRunning when the source already
// runs; any other failure is recorded in the source's fetch state and in the
// summary's Error.
func (c *Crawler) Run(ctx context.Context, src config.Source) (Summary, error) {
	if !c.claim(src.ID) {
		return Summary{Source: src.ID}, ErrRunning
	}
	defer c.release(src.ID)
	return c.run(ctx, src)
}

// run is Run for a source already claimed.
func (c *Crawler) run(ctx context.Context, src config.Source) (Summary, error) {
	sum := Summary{Source: src.ID}
	select {
	case c.slots <- struct{}{}:
	case <-ctx.Done():
		sum.Error = ctx.Err().Error()
		return sum, nil
	}
	defer func() { <-c.slots }()
	start := time.Now()
	if err := c.storageReady(ctx); err != nil {
		return c.pausedRun(sum, start, err), nil
	}
	ctx = c.fetchContext(ctx, src)
	st, err := c.store.FetchState(ctx, src.ID)
	if err != nil {
		return sum, fmt.Errorf("crawler: %s: fetch state: %w", src.ID, err)
	}
	st.SourceID = src.ID
	d, err := c.discover(ctx, src, st)
	// Every response is archived, an error answer too.
	if cerr := c.store.AddCaptures(ctx, src.ID, d.captures); cerr != nil && err == nil {
		err = fmt.Errorf("crawler: %s: archive: %w", src.ID, cerr)
	}
	if err == nil {
		sum.Items, sum.NotModified = len(d.items), d.notModified
	}
	if err == nil {
		err = c.items(ctx, src, d.items, &sum)
		if err == nil && sum.Failed == 0 && sum.Backlog == 0 && sum.elsewhere == 0 && ctx.Err() == nil && !d.notModified {
			// Every item read is archived: the next run goes deeper, if
			// the source has more. Only then may the entry document be
			// skipped by a conditional GET; otherwise failed items, a
			// backlog, or items a cancel left out, would never be taken.
			st.ResumeURL = d.resume
			if d.resume == "" || d.resume == resumeDone {
				st.ETag, st.LastModified = d.etag, d.lastModified
			}
		} else if d.notModified {
			st.ETag, st.LastModified = d.etag, d.lastModified // a 304 may omit them: getEntry kept ours
		}
		st.Backlog = sum.Backlog
	}
	if c.storageDown(err) {
		// Not the source's fault: no backoff, and its fetch state (ETag
		// included) stays as it was so the next run redoes this one.
		return c.pausedRun(sum, start, err), nil
	}
	if ctx.Err() != nil && err == nil {
		err = ctx.Err()
	}
	sum.Duration = time.Since(start)
	recordOutcome(&st, d.status, err, time.Now())
	if err != nil {
		sum.Error = classified(err)
		c.metrics.errors.WithLabelValues(ErrorClass(err)).Inc()
	}
	serr := c.store.SaveFetchState(context.WithoutCancel(ctx), st)
	// Noted after the save, so that /healthz never names a failing source
	// whose last_error the sources listing does not show yet.
	c.noteOutcome(src.ID, st.ConsecutiveFailures > 0)
	if serr != nil {
		return sum, fmt.Errorf("crawler: %s: save fetch state: %w", src.ID, serr)
	}
	level := slog.LevelInfo
	if err != nil {
		level = slog.LevelWarn
	}
	c.log.Log(ctx, level, "crawl done", slog.String("source", src.ID), slog.Int("items", sum.Items),
		slog.Int("new", sum.New), slog.Int("failed", sum.Failed), slog.Duration("took", sum.Duration),
		slog.String("error", sum.Error))
	c.metrics.runs.WithLabelValues(outcomeLabel(err)).Inc()
	return sum, nil
}

// RunAll crawls the sources, at most cfg.Crawl.Concurrency at once (with any
// scheduled runs), and calls done (if not nil) as each finishes. Sources
// already running are skipped with ErrRunning in their summary.
func (c *Crawler) RunAll(ctx context.Context, srcs []config.Source, done func(Summary)) []Summary {
	out := make([]Summary, len(srcs))
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i, src := range srcs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := c.Run(ctx, src)
			if err != nil {
				s.Error = err.Error()
			}
			out[i] = s
			if done != nil {
				mu.Lock()
				done(s)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return out
}

func outcomeLabel(err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "canceled"
	default:
		return "error"
	}
}
