package crawler

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler/fetch"
)

// item is one candidate article found by discovery.
type item struct {
	URL       string
	GUID      string
	Title     string
	Summary   string // plain text, one paragraph: the lead
	Content   string // plain text with paragraphs, when a feed carries the full text
	Published time.Time
	Authors   []string
}

// discovered is the result of reading a source's entry document(s).
type discovered struct {
	items        []item
	captures     []article.Response
	status       int
	notModified  bool
	etag         string
	lastModified string
	// resume is where a later run goes on reading deeper (the next list
	// page, the next older child sitemap), resumeDone once the deeper
	// pages were all read, "" when the source has none.
	resume string
}

// resumeDone marks a source whose deeper pages were all read: later runs
// read only the newest ones, where new items appear. It is no URL.
const resumeDone = "done"

// discover reads the source's documents according to its type.
func (c *Crawler) discover(ctx context.Context, src config.Source, st article.FetchState) (discovered, error) {
	switch src.Type {
	case "feed":
		return c.discoverFeed(ctx, src.URL, st)
	case "html":
		return c.discoverList(ctx, src, st)
	case "sitemap":
		return c.discoverSitemap(ctx, src, st)
	case "auto":
		return c.discoverAuto(ctx, src, st)
	}
	return discovered{}, fmt.Errorf("crawler: %s: unknown source type %q", src.ID, src.Type)
}

// getEntry fetches a source's entry document with a conditional GET.
func (c *Crawler) getEntry(ctx context.Context, rawURL string, st article.FetchState, accept string) (*fetch.Result, discovered, error) {
	res, err := c.client.Get(ctx, fetch.Request{URL: rawURL, ETag: st.ETag, LastModified: st.LastModified, Accept: accept})
	if err != nil {
		return nil, errorAnswer(res), err
	}
	d := discovered{status: res.Status, notModified: res.NotModified, etag: res.ETag, lastModified: res.LastModified}
	if res.NotModified {
		// Keep the validators we had: a 304 may omit them.
		d.etag, d.lastModified = firstNonEmpty(res.ETag, st.ETag), firstNonEmpty(res.LastModified, st.LastModified)
	} else {
		d.captures = append(d.captures, res.Raw)
	}
	return res, d, nil
}

// resolve makes href absolute against base; it returns "" for anything that
// is not an http(s) link.
func resolve(base, href string) string {
	b, err := url.Parse(base)
	if err != nil {
		return ""
	}
	u, err := b.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	u.Fragment = ""
	return u.String()
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// errorAnswer keeps the response of a failed Get, when there was one (a
// 4xx or 5xx), for the archive.
func errorAnswer(res *fetch.Result) discovered {
	if res == nil {
		return discovered{}
	}
	return discovered{status: res.Status, captures: []article.Response{res.Raw}}
}
