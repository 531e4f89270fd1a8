package crawler

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/mmcdole/gofeed"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
)

// feedTypes are the <link rel=alternate> types that announce a feed.
var feedTypes = map[string]bool{
	"application/rss+xml":   true,
	"application/atom+xml":  true,
	"application/feed+json": true,
	"application/json":      true,
	"application/rdf+xml":   true,
}

// discoverAuto handles a page URL: when it is itself a feed its body is read
// as one, without a second request; otherwise the first feed the page
// announces is read. The content is sniffed, not the Content-Type: feeds
// come as text/plain and pages as application/xhtml+xml.
func (c *Crawler) discoverAuto(ctx context.Context, src config.Source, st article.FetchState) (discovered, error) {
	res, err := c.client.Get(ctx, fetchPage(src.URL))
	if err != nil {
		return errorAnswer(res), err
	}
	// gofeed's Parse sniffs the same 4 KiB window.
	if gofeed.DetectFeedType(bytes.NewReader(res.Body[:min(len(res.Body), 4096)])) != gofeed.FeedTypeUnknown {
		return readFeed(res, discovered{status: res.Status, etag: res.ETag, lastModified: res.LastModified,
			captures: []article.Response{res.Raw}})
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(res.Body))
	if err != nil {
		return discovered{}, err
	}
	feedURL := ""
	doc.Find(`link[rel~="alternate"][href]`).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		if feedTypes[strings.ToLower(strings.TrimSpace(s.AttrOr("type", "")))] {
			feedURL = resolve(res.URL, s.AttrOr("href", ""))
		}
		return feedURL == ""
	})
	if feedURL == "" {
		return discovered{status: res.Status}, parseError{fmt.Errorf("crawler: %s announces no feed", res.URL)}
	}
	return c.discoverFeed(ctx, feedURL, st)
}
