package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler/fetch"
)

// RevisitStore is a Store that keeps each article's revisit schedule (the
// SQLite archive opened WithRevisitAfter). The crawler revisits only when
// its store is one.
type RevisitStore interface {
	// DueRevisits returns the revisits due at now, the longest due first.
	DueRevisits(ctx context.Context, now time.Time, limit int) ([]article.Revisit, error)
	// Revisited records what one revisit found and schedules the next.
	Revisited(ctx context.Context, r article.Revisited) error
}

// RevisitBatch bounds the articles one Revisit call takes: a minute's
// work at the default per-host spacing even when they share a host.
const RevisitBatch = 32

// RevisitSummary is what one Revisit call did.
type RevisitSummary struct {
	Due       int `json:"due"`       // revisits taken
	Unchanged int `json:"unchanged"` // 304, or the same text
	Changed   int `json:"changed"`   // a new capture and the article's new text
	Removed   int `json:"removed"`   // 404 or 410
	Failed    int `json:"failed"`    // tried again at the next step
	Skipped   int `json:"skipped"`   // its source is paused: the step passes, nothing fetched
}

// revisit outcomes, also the metric's labels.
const (
	revisitUnchanged = "unchanged"
	revisitChanged   = "changed"
	revisitRemoved   = "removed"
	revisitFailed    = "failed"
	revisitSkipped   = "skipped"
	// revisitElsewhere is a revisit another node took: neither counted
	// nor recorded here.
	revisitElsewhere = "elsewhere"
)

// Revisits reports whether the crawler revisits articles: crawl.revisit
// has steps and the store keeps a schedule.
func (c *Crawler) Revisits() bool {
	_, ok := c.store.(RevisitStore)
	return ok && len(c.cfg.Crawl.Revisit) > 0
}

// Revisit fetches again the pages of up to RevisitBatch articles whose
// revisit is due, as one source run would (it takes one of
// crawl.concurrency's slots; the fetches keep per-host spacing, robots.txt,
// the body cap and the private-address rule of the article's source among
// srcs; an article whose source is not there may not reach a private
// address). Each page is asked for conditionally. A 304 or the same text
// schedules the next step only; a changed text (title, lead or body) is
// archived as a capture and becomes the article's; a 404 or 410 is
// archived and marks the article removed, which ends its revisits; any
// other failure is logged and tried again at the next step. The articles of
// the paused sources are not fetched (an operator who pauses a source
// expects no request to its site): their due step passes as a missed one
// would. A call while
// another runs returns at once with an empty summary. The error is the
// store's.
func (c *Crawler) Revisit(ctx context.Context, srcs []config.Source, paused ...string) (RevisitSummary, error) {
	var sum RevisitSummary
	rs, ok := c.store.(RevisitStore)
	if !ok || len(c.cfg.Crawl.Revisit) == 0 || !c.revisiting.CompareAndSwap(false, true) {
		return sum, nil
	}
	defer c.revisiting.Store(false)
	select {
	case c.slots <- struct{}{}:
	case <-ctx.Done():
		return sum, nil
	}
	defer func() { <-c.slots }()
	if err := c.storageReady(ctx); err != nil {
		return sum, err
	}
	due, err := rs.DueRevisits(ctx, time.Now(), RevisitBatch)
	if err != nil {
		return sum, fmt.Errorf("crawler: due revisits: %w", err)
	}
	byID := make(map[string]config.Source, len(srcs))
	for _, s := range srcs {
		byID[s.ID] = s
	}
	skip := make(map[string]bool, len(paused))
	for _, id := range paused {
		skip[id] = true
	}
	sum.Due = len(due)
	jobs := make(chan article.Revisit)
	var mu sync.Mutex // guards sum and storeErr
	var storeErr error
	var wg sync.WaitGroup
	for range min(itemsInFlight, len(due)) {
		wg.Go(func() {
			for r := range jobs {
				o, err := c.revisitOne(ctx, rs, r, byID, skip[r.Article.SourceID])
				mu.Lock()
				switch o {
				case revisitUnchanged:
					sum.Unchanged++
				case revisitChanged:
					sum.Changed++
				case revisitRemoved:
					sum.Removed++
				case revisitFailed:
					sum.Failed++
				case revisitSkipped:
					sum.Skipped++
				case revisitElsewhere:
					sum.Due-- // another node's
				}
				if err != nil && storeErr == nil {
					storeErr = err
				}
				mu.Unlock()
			}
		})
	}
	for _, r := range due {
		mu.Lock()
		stop := storeErr != nil
		mu.Unlock()
		if stop || ctx.Err() != nil {
			break
		}
		jobs <- r
	}
	close(jobs)
	wg.Wait()
	if storeErr != nil {
		c.storageDown(storeErr)
	}
	if sum.Due > 0 {
		c.log.Info("revisits done", slog.Int("due", sum.Due), slog.Int("unchanged", sum.Unchanged), slog.Int("changed", sum.Changed),
			slog.Int("removed", sum.Removed), slog.Int("failed", sum.Failed))
	}
	return sum, storeErr
}

// revisitOne fetches one article's page again and records the outcome; o
// is "" when nothing was recorded (interrupted). The error is the store's.
func (c *Crawler) revisitOne(ctx context.Context, rs RevisitStore, r article.Revisit, srcs map[string]config.Source, paused bool) (o string, err error) {
	a := r.Article
	// Every node takes the same due revisits: one claims each. The key
	// holds the due time, as each step of an article is one revisit.
	key := "revisit " + a.URL + " " + r.DueAt.UTC().Format(time.RFC3339Nano)
	if paused {
		if got, err := c.claimURL(ctx, key); err != nil || !got {
			return c.revisitNotClaimed(ctx, a, err)
		}
		defer func() { c.settleURL(ctx, key, o != "", o != "" && err == nil) }()
		out := article.Revisited{ArticleID: a.ID, SourceID: a.SourceID, At: time.Now(), ETag: r.ETag, LastModified: r.LastModified}
		out.NextStep, out.NextAt = nextRevisit(c.cfg.Crawl.Revisit, a.FirstSeenAt, r.Step, out.At)
		return c.storeRevisit(ctx, rs, revisitSkipped, out)
	}
	src, known := srcs[a.SourceID]
	if !known {
		src = config.Source{ID: a.SourceID} // no URL of its own: private addresses refused
	}
	req, claimed := c.claimed(fetchPage(a.URL), key)
	req.ETag, req.LastModified = r.ETag, r.LastModified
	defer func() {
		if *claimed {
			c.settleURL(ctx, key, o != "", o != "" && err == nil)
		}
	}()
	res, ferr := c.client.Get(c.fetchContext(ctx, src), req)
	if ctx.Err() != nil {
		return "", nil // interrupted: still due, the next call takes it
	}
	if errors.Is(ferr, errClaimedElsewhere) || errors.Is(ferr, errClaim) {
		return c.revisitNotClaimed(ctx, a, ferr)
	}
	now := time.Now()
	out := article.Revisited{ArticleID: a.ID, SourceID: a.SourceID, At: now, ETag: r.ETag, LastModified: r.LastModified}
	out.NextStep, out.NextAt = nextRevisit(c.cfg.Crawl.Revisit, a.FirstSeenAt, r.Step, now)
	var se *fetch.StatusError
	switch {
	case ferr == nil && res.NotModified:
		o = revisitUnchanged
		// A 304 may omit the validators: ours stay.
		out.ETag, out.LastModified = firstNonEmpty(res.ETag, r.ETag), firstNonEmpty(res.LastModified, r.LastModified)
	case errors.As(ferr, &se) && (se.Code == http.StatusNotFound || se.Code == http.StatusGone):
		o = revisitRemoved
		out.Removed, out.Responses = true, []article.Response{res.Raw}
		out.NextStep, out.NextAt = 0, time.Time{}
	case ferr != nil:
		o = revisitFailed
		if res != nil {
			out.Responses = []article.Response{res.Raw} // a 500…: kept all the same
		}
		c.log.Warn("revisit failed", slog.String("source", a.SourceID), slog.String("url", a.URL),
			slog.String("class", ErrorClass(ferr)), slog.Any("error", ferr))
	default:
		o = revisitUnchanged
		out.ETag, out.LastModified = res.ETag, res.LastModified
		// A source without full text took its text from the feed: its page
		// says only whether it is still there.
		if known && src.Fulltext {
			fresh := *a
			if err := c.fill(&fresh, res, src); err != nil {
				o = revisitFailed
				out.Responses = []article.Response{res.Raw}
				c.log.Warn("revisit failed", slog.String("source", a.SourceID), slog.String("url", a.URL),
					slog.String("class", ErrorClass(err)), slog.Any("error", err))
			} else if fresh.Title != a.Title || fresh.Lead != a.Lead || fresh.Body != a.Body {
				o = revisitChanged
				out.Responses = []article.Response{res.Raw}
				out.Changed = &article.Article{Title: fresh.Title, Lead: fresh.Lead, Body: fresh.Body}
			}
		}
	}
	return c.storeRevisit(ctx, rs, o, out)
}

// revisitNotClaimed ends a revisit that another node took, or that could
// not be claimed (err): it stays due for whoever claims it.
func (c *Crawler) revisitNotClaimed(ctx context.Context, a *article.Article, err error) (string, error) {
	if err != nil && !errors.Is(err, errClaimedElsewhere) && ctx.Err() == nil {
		c.log.Warn("revisit claim", slog.String("url", a.URL), slog.Any("error", err))
	}
	return revisitElsewhere, nil
}

// storeRevisit counts a revisit's outcome o and stores what it found.
func (c *Crawler) storeRevisit(ctx context.Context, rs RevisitStore, o string, out article.Revisited) (string, error) {
	c.metrics.revisits.WithLabelValues(o).Inc()
	if err := rs.Revisited(context.WithoutCancel(ctx), out); err != nil {
		return o, fmt.Errorf("crawler: revisit %s: %w", out.ArticleID, err)
	}
	return o, nil
}

// nextRevisit returns the first step of steps after step that falls after
// now, counted from firstSeen; a zero time when none is left. Steps missed
// while the daemon was down are skipped, not fetched in a burst.
func nextRevisit(steps []time.Duration, firstSeen time.Time, step int, now time.Time) (int, time.Time) {
	for j := step + 1; j < len(steps); j++ {
		if at := firstSeen.Add(steps[j]); at.After(now) {
			return j, at
		}
	}
	return 0, time.Time{}
}
