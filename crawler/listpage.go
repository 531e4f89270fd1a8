package crawler

import (
	"bytes"
	"context"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler/fetch"
)

// discoverList reads an HTML list page: the links matching src.Links are
// articles; src.Next, when set, leads to the next page, up to src.MaxPages.
// A backlog deeper than that is read max_pages at a time on later runs,
// from st.ResumeURL, after the first pages (which carry what is new).
func (c *Crawler) discoverList(ctx context.Context, src config.Source, st article.FetchState) (discovered, error) {
	res, d, err := c.getEntry(ctx, src.URL, st, "text/html")
	if err != nil || d.notModified {
		return d, err
	}
	l := listReader{c: c, src: src, seen: map[string]bool{}, visited: map[string]bool{res.URL: true}}
	next, err := l.pages(ctx, res, &d)
	if err != nil {
		return d, err
	}
	switch {
	case next == "" || st.ResumeURL == resumeDone:
		d.resume = resumeDone
		return d, nil
	case st.ResumeURL == "" || l.visited[st.ResumeURL]:
		d.resume = next
		return d, nil
	}
	// Deeper pages a former run left: go on from there.
	l.visited[st.ResumeURL] = true
	res, err = c.client.Get(ctx, fetchPage(st.ResumeURL))
	if err != nil {
		d.captures = append(d.captures, errorAnswer(res).captures...)
		c.log.Warn("list page", "source", src.ID, "url", st.ResumeURL, "error", err)
		d.resume = st.ResumeURL
		return d, nil
	}
	d.captures = append(d.captures, res.Raw)
	if d.resume, err = l.pages(ctx, res, &d); d.resume == "" {
		d.resume = resumeDone
	}
	return d, err
}

// listReader reads a chain of list pages of one source.
type listReader struct {
	c             *Crawler
	src           config.Source
	seen, visited map[string]bool
}

// pages reads res and the pages after it, at most src.MaxPages in all, into
// d; it returns the URL of the next page it did not read ("" at the end).
func (l *listReader) pages(ctx context.Context, res *fetch.Result, d *discovered) (next string, err error) {
	for page := 1; ; page++ {
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(res.Body))
		if err != nil {
			return "", err
		}
		doc.Find(l.src.Links).Each(func(_ int, s *goquery.Selection) {
			link := resolve(res.URL, s.AttrOr("href", ""))
			if link == "" || l.seen[link] {
				return
			}
			l.seen[link] = true
			d.items = append(d.items, item{URL: link, Title: strings.Join(strings.Fields(s.Text()), " ")})
		})
		if l.src.Next == "" {
			return "", nil
		}
		next := resolve(res.URL, doc.Find(l.src.Next).First().AttrOr("href", ""))
		if next == "" || l.visited[next] {
			return "", nil
		}
		if page >= l.src.MaxPages {
			return next, nil
		}
		l.visited[next] = true
		if res, err = l.c.client.Get(ctx, fetchPage(next)); err != nil {
			d.captures = append(d.captures, errorAnswer(res).captures...)
			// Later pages are a bonus: keep what the first pages gave,
			// and try this one again next run.
			l.c.log.Warn("list page", "source", l.src.ID, "url", next, "error", err)
			return next, nil
		}
		d.captures = append(d.captures, res.Raw)
	}
}
