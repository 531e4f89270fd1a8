package crawler

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"math"
	"strings"
	"sync"

	"github.com/haberci/haberci/agency"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler/canon"
	"github.com/haberci/haberci/crawler/extract"
	"github.com/haberci/haberci/crawler/fetch"
)

// outcome of one item.
type outcome int

const (
	stored outcome = iota
	alreadySeen
	disallowed
	failed
	deferred // new, but past this run's max_items: left for the next run
	admitted // new and within max_items: to be fetched
	// elsewhere is an item another node claimed: seen, unless that node
	// never archives it (it died, or the fetch failed).
	elsewhere
)

// itemsInFlight is how many items of one source are worked on at once.
// Their fetches still take turns at the host's queue; extraction overlaps
// the next fetch, and items wait for the archive's commit side by side, so
// that the one writer commits them in groups. It also bounds the pages a
// source holds in memory (at most itemsInFlight × the body cap). Six
// rather than three took bench/pipeline from 4.0–4.2 s to 3.9–4.0 s
// (interleaved runs); ten did no better.
const itemsInFlight = 6

// job is one item with its place in line: the archive receives the items
// of a source in feed order (prev closes when the item before has been
// handed to it or has ended), so their sequence numbers read like the feed
// whatever the fetches took.
type job struct {
	it         item
	link       string   // the item's canonical URL
	keys       []string // its claim (see claims)
	prev, done chan struct{}
}

// items processes discovered items in their order (newest first), fetching
// at most cfg.Crawl.MaxItems new ones: items already archived are skipped
// without counting, and new ones past the cap are counted in sum.Backlog
// for the next run. When the archive refuses a write it stops and returns
// that error: the items left are taken by the next run.
func (c *Crawler) items(ctx context.Context, src config.Source, items []item, sum *Summary) error {
	budget := c.cfg.Crawl.MaxItems
	if budget <= 0 {
		budget = math.MaxInt
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan job)
	var mu sync.Mutex // guards sum, storeErr and others
	var storeErr error
	var others []job // items another node claimed
	var wg sync.WaitGroup
	for range itemsInFlight {
		wg.Go(func() {
			for j := range jobs {
				// The next item's turn comes once this one is handed to the
				// archive, or has ended without reaching it: an item's turn
				// only ever follows those before it.
				next := sync.OnceFunc(func() { <-j.prev; close(j.done) })
				o, err := c.item(ctx, src, j, next)
				next()
				mu.Lock()
				switch {
				case o == failed && errors.Is(err, article.ErrStorage):
					storeErr = cmp.Or(storeErr, err)
					cancel()
				case o == failed && ctx.Err() != nil:
					// interrupted, not failed: the next run takes it
				case o == elsewhere:
					sum.Seen++
					others = append(others, j)
				default:
					count(sum, o)
					if o == failed {
						c.log.Warn("item failed", slog.String("source", src.ID), slog.String("url", j.it.URL),
							slog.String("class", ErrorClass(err)), slog.Any("error", err))
					}
				}
				mu.Unlock()
			}
		})
	}
	prev := make(chan struct{})
	close(prev)
	for _, it := range items {
		if ctx.Err() != nil {
			break
		}
		// Admitted here, in the items' order, so that max_items takes the
		// newest new items whatever the fetches take.
		link, keys, o, err := c.admit(ctx, src, it, &budget)
		if err != nil && ctx.Err() != nil {
			break // interrupted, not failed: the next run takes it
		}
		if o != admitted {
			mu.Lock()
			count(sum, o)
			mu.Unlock()
			if err != nil {
				c.log.Warn("item failed", slog.String("source", src.ID), slog.String("url", it.URL), slog.Any("error", err))
			}
			continue
		}
		done := make(chan struct{})
		jobs <- job{it: it, link: link, keys: keys, prev: prev, done: done}
		prev = done
	}
	close(jobs)
	wg.Wait()
	if storeErr == nil && ctx.Err() == nil {
		c.unarchived(ctx, src, others, sum)
	}
	return storeErr
}

// unarchived counts in sum the items another node claimed that it has not
// archived by the end of this run: its fetch failed, or it died holding
// the claim. The run then keeps the entry document unconditional and the
// scheduler comes back to the source a lease TTL later, when such a claim
// has expired, rather than at its next scheduled time.
func (c *Crawler) unarchived(ctx context.Context, src config.Source, others []job, sum *Summary) {
	for _, j := range others {
		if seen, err := c.store.Seen(ctx, src.ID, j.link, j.it.GUID); err != nil || !seen {
			sum.elsewhere++
		}
	}
}

// count adds one item's outcome to sum.
func count(sum *Summary, o outcome) {
	switch o {
	case stored:
		sum.New++
	case alreadySeen:
		sum.Seen++
	case disallowed:
		sum.Disallowed++
	case failed:
		sum.Failed++
	case deferred:
		sum.Backlog++
	}
}

// admit decides whether an item is fetched this run: not when another
// source running now claimed it or it is archived (alreadySeen), nor once
// budget, the new items left this run, is spent (deferred). An admitted
// item is claimed under keys; item ends the claim.
func (c *Crawler) admit(ctx context.Context, src config.Source, it item, budget *int) (link string, keys []string, o outcome, err error) {
	link, err = canon.URL(it.URL)
	if err != nil {
		return "", nil, failed, err
	}
	// Another source running now may list the same item: the first to
	// claim it fetches it, the others count it as seen.
	keys = claimKeys(src.ID, link, it.GUID)
	if !c.claims.take(keys) {
		return "", nil, alreadySeen, nil
	}
	seen, err := c.store.Seen(ctx, src.ID, link, it.GUID)
	switch {
	case err != nil || seen:
		c.claims.finish(keys, seen)
		return "", nil, pick(seen, alreadySeen, failed), err
	case *budget <= 0:
		c.claims.finish(keys, false)
		return "", nil, deferred, nil
	}
	*budget--
	return link, keys, admitted, nil
}

// item fetches, extracts and stores one admitted item; it stores only once
// j.prev is closed, and calls next once the article is handed to the store
// (or will never be).
func (c *Crawler) item(ctx context.Context, src config.Source, j job, next func()) (outcome, error) {
	it, link, keys := j.it, j.link, j.keys
	keep := false     // whether the claim outlives this item: it was fetched or is archived
	archived := false // whether the item's article is in the archive now
	defer func() { c.claims.finish(keys, keep) }()
	// Without full text the feed is all we have: its content, else its summary.
	first, _, _ := strings.Cut(it.Content, "\n\n")
	a := &article.Article{SourceID: src.ID, URL: it.URL, CanonicalURL: link, GUID: it.GUID, Title: it.Title,
		Lead: firstNonEmpty(it.Summary, first), Body: firstNonEmpty(it.Content, it.Summary), Authors: it.Authors, PublishedAt: it.Published}
	var resps []article.Response
	if src.Fulltext {
		// Among several nodes, one fetches the page: the others count it
		// as seen, as for another source's item here.
		req, claimed := c.claimed(fetchPage(it.URL), link)
		defer func() {
			if *claimed {
				c.settleURL(ctx, link, keep, archived)
			}
		}()
		res, err := c.client.Get(ctx, req)
		keep = ctx.Err() == nil // fetched once this crawl, whatever came of it
		if errors.Is(err, errClaimedElsewhere) {
			return elsewhere, nil
		}
		if errors.Is(err, fetch.ErrDisallowed) {
			return disallowed, nil
		}
		if err != nil {
			if res != nil {
				c.archiveLoose(ctx, src.ID, res.Raw) // a 404, a 500…: kept all the same
			}
			return failed, err
		}
		resps = append(resps, res.Raw)
		if err := c.fill(a, res, src); err != nil {
			return failed, err
		}
		if a.CanonicalURL != link {
			more := claimKeys(src.ID, a.CanonicalURL, "")
			if !c.claims.also(more) {
				return alreadySeen, nil
			}
			keys = append(keys, more...)
			if seen, err := c.store.Seen(ctx, src.ID, a.CanonicalURL, ""); err != nil || seen {
				archived = seen
				return pick(seen, alreadySeen, failed), err
			}
		}
	}
	if a.Agency == "" {
		a.Agency = agency.Find(a.Title + "\n" + a.Body)
	}
	a.ID = canon.ID(a.CanonicalURL)
	select {
	case <-j.prev:
	case <-ctx.Done():
		return failed, ctx.Err()
	}
	wait, err := c.store.Submit(ctx, a, resps)
	next() // the next item may be submitted while this one is committed
	if err != nil {
		return failed, err
	}
	got, created, err := wait()
	if err != nil {
		return failed, err
	}
	keep, archived = true, true
	if !created {
		return alreadySeen, nil
	}
	c.metrics.stored.WithLabelValues(src.ID).Inc()
	if c.onStored != nil {
		c.onStored(got)
	}
	return stored, nil
}

// fill completes a from the fetched page; the feed's own date wins.
func (c *Crawler) fill(a *article.Article, res *fetch.Result, src config.Source) error {
	a.URL = res.URL
	ex, err := extract.Page(res.Body, res.URL, selectors(src))
	if errors.Is(err, extract.ErrNoContent) && ex != nil {
		// Keep the capture, the page's metadata and what the feed said: the
		// page may be odd, the item is still news.
		c.log.Warn("no article content", slog.String("source", src.ID), slog.String("url", res.URL))
	} else if err != nil {
		return err
	}
	if canonical, err := canon.Resolve(res.URL, ex.Canonical, ex.OGURL); err == nil {
		a.CanonicalURL = canonical
	}
	a.Title = firstNonEmpty(ex.Title, a.Title)
	a.Lead = firstNonEmpty(ex.Lead, a.Lead)
	a.Body = firstNonEmpty(ex.Body, a.Body)
	if len(ex.Authors) > 0 {
		a.Authors = ex.Authors
	}
	if a.PublishedAt.IsZero() {
		a.PublishedAt = ex.PublishedAt
	}
	a.UpdatedAt = ex.UpdatedAt
	a.Language, a.Agency, a.Image = ex.Language, ex.Agency, ex.Image
	return nil
}

// selectors converts a source's configured selectors, nil when none.
func selectors(src config.Source) *extract.Selectors {
	e := src.Extract
	if e == nil {
		return nil
	}
	return &extract.Selectors{Title: e.Title, Content: e.Content, Lead: e.Lead, Author: e.Author, Date: e.Date, Remove: e.Remove}
}

// fetchPage is the request for an article or list page.
func fetchPage(u string) fetch.Request {
	return fetch.Request{URL: u, Accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"}
}

func pick(cond bool, yes, no outcome) outcome {
	if cond {
		return yes
	}
	return no
}
