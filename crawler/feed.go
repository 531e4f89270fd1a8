package crawler

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"

	"github.com/haberci/haberci/article"
)

const feedAccept = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"

// discoverFeed reads an RSS, Atom or JSON feed.
func (c *Crawler) discoverFeed(ctx context.Context, feedURL string, st article.FetchState) (discovered, error) {
	res, d, err := c.getEntry(ctx, feedURL, st, feedAccept)
	if err != nil || d.notModified {
		return d, err
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(res.Body))
	if err != nil {
		return d, fmt.Errorf("crawler: %s is not a readable feed: %w", res.URL, err)
	}
	for _, fi := range feed.Items {
		link := resolve(res.URL, fi.Link)
		if link == "" && strings.HasPrefix(fi.GUID, "http") {
			link = resolve(res.URL, fi.GUID)
		}
		if link == "" {
			continue
		}
		it := item{URL: link, GUID: fi.GUID, Title: strings.TrimSpace(fi.Title), Summary: plainText(fi.Description)}
		if fi.PublishedParsed != nil {
			it.Published = fi.PublishedParsed.UTC()
		} else if fi.UpdatedParsed != nil {
			it.Published = fi.UpdatedParsed.UTC()
		}
		for _, p := range fi.Authors {
			if p != nil && strings.TrimSpace(p.Name) != "" {
				it.Authors = append(it.Authors, strings.TrimSpace(p.Name))
			}
		}
		d.items = append(d.items, it)
	}
	return d, nil
}

// plainText turns a feed description (often HTML) into plain text.
func plainText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.Join(strings.Fields(s), " ")
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			b.WriteByte(' ')
		}
	}
}
