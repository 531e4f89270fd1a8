package crawler

import (
	"context"
	"errors"
	"log/slog"
	"strings"

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
)

// items processes discovered items in order, at most cfg.Crawl.MaxItems.
// Items of one source go one after another: they usually share a host, and
// the per-host queue would serialise them anyway.
func (c *Crawler) items(ctx context.Context, src config.Source, items []item, sum *Summary) {
	if n := c.cfg.Crawl.MaxItems; n > 0 && len(items) > n {
		items = items[:n]
	}
	for _, it := range items {
		if ctx.Err() != nil {
			return
		}
		switch o, err := c.item(ctx, src, it); o {
		case stored:
			sum.New++
		case alreadySeen:
			sum.Seen++
		case disallowed:
			sum.Disallowed++
		case failed:
			sum.Failed++
			c.log.Warn("item failed", slog.String("source", src.ID), slog.String("url", it.URL), slog.Any("error", err))
		}
	}
}

// item fetches, extracts and stores one item unless it is already archived.
func (c *Crawler) item(ctx context.Context, src config.Source, it item) (outcome, error) {
	link, err := canon.URL(it.URL)
	if err != nil {
		return failed, err
	}
	if seen, err := c.store.Seen(ctx, src.ID, link, it.GUID); err != nil || seen {
		return pick(seen, alreadySeen, failed), err
	}
	// Without full text the feed is all we have: its content, else its summary.
	first, _, _ := strings.Cut(it.Content, "\n\n")
	a := &article.Article{SourceID: src.ID, URL: it.URL, CanonicalURL: link, GUID: it.GUID, Title: it.Title,
		Lead: firstNonEmpty(it.Summary, first), Body: firstNonEmpty(it.Content, it.Summary), Authors: it.Authors, PublishedAt: it.Published}
	var resps []article.Response
	if src.Fulltext {
		res, err := c.client.Get(ctx, fetchPage(it.URL))
		if errors.Is(err, fetch.ErrDisallowed) {
			return disallowed, nil
		}
		if err != nil {
			return failed, err
		}
		resps = append(resps, res.Raw)
		if err := c.fill(a, res, src); err != nil {
			return failed, err
		}
		if a.CanonicalURL != link {
			if seen, err := c.store.Seen(ctx, src.ID, a.CanonicalURL, ""); err != nil || seen {
				return pick(seen, alreadySeen, failed), err
			}
		}
	}
	if a.Agency == "" {
		a.Agency = extract.Agency(a.Title + "\n" + a.Body)
	}
	a.ID = canon.ID(a.CanonicalURL)
	got, created, err := c.store.Put(ctx, a, resps)
	if err != nil {
		return failed, err
	}
	if !created {
		return alreadySeen, nil
	}
	articlesStored.WithLabelValues(src.ID).Inc()
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
