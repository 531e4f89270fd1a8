package crawler

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/crawler/fetch"
)

const feedAccept = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"

// discoverFeed reads an RSS, Atom or JSON feed.
func (c *Crawler) discoverFeed(ctx context.Context, feedURL string, st article.FetchState) (discovered, error) {
	res, d, err := c.getEntry(ctx, feedURL, st, feedAccept)
	if err != nil || d.notModified {
		return d, err
	}
	return readFeed(res, d)
}

// readFeed adds the items of the feed fetched in res to d.
func readFeed(res *fetch.Result, d discovered) (discovered, error) {
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(res.Body))
	if err != nil {
		return d, parseError{fmt.Errorf("crawler: %s is not a readable feed: %w", res.URL, err)}
	}
	for _, fi := range feed.Items {
		link := resolve(res.URL, fi.Link)
		if link == "" && strings.HasPrefix(fi.GUID, "http") {
			link = resolve(res.URL, fi.GUID)
		}
		if link == "" {
			continue
		}
		it := item{URL: link, GUID: fi.GUID, Title: strings.TrimSpace(fi.Title),
			Summary: strings.Join(strings.Fields(plainText(fi.Description)), " "), Content: plainText(fi.Content)}
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

// blockTags end a paragraph in feed HTML.
var blockTags = map[string]bool{"p": true, "div": true, "br": true, "li": true, "blockquote": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "tr": true, "pre": true}

// plainText turns a feed's text or HTML into plain text: paragraphs split at
// block-level tags, separated by "\n\n", spaces collapsed within each.
// Inline tags add nothing, so "Kılıçdaroğlu<b>'nun</b>" stays one word.
func plainText(s string) string {
	var paras []string
	var b strings.Builder
	flush := func() {
		if p := strings.Join(strings.Fields(b.String()), " "); p != "" {
			paras = append(paras, p)
		}
		b.Reset()
	}
	z := html.NewTokenizer(strings.NewReader(s))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		switch tt {
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			if name, _ := z.TagName(); blockTags[string(name)] {
				flush()
			}
		}
	}
	flush()
	return strings.Join(paras, "\n\n")
}
