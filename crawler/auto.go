package crawler

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/PuerkitoBio/goquery"

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

// discoverAuto handles a page URL: when it is itself a feed it is read as
// one, otherwise the first feed the page announces is read.
func (c *Crawler) discoverAuto(ctx context.Context, src config.Source, st article.FetchState) (discovered, error) {
	res, err := c.client.Get(ctx, fetchPage(src.URL))
	if err != nil {
		return discovered{}, err
	}
	if looksLikeFeed(res.ContentType, res.Body) {
		return c.discoverFeed(ctx, src.URL, st)
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
		return discovered{status: res.Status}, fmt.Errorf("crawler: %s announces no feed", res.URL)
	}
	return c.discoverFeed(ctx, feedURL, st)
}

func looksLikeFeed(contentType string, body []byte) bool {
	if strings.Contains(contentType, "rss") || strings.Contains(contentType, "atom") || strings.Contains(contentType, "xml") {
		return true
	}
	head := bytes.TrimSpace(body[:min(len(body), 512)])
	return bytes.HasPrefix(head, []byte("<?xml")) || bytes.HasPrefix(head, []byte("<rss")) || bytes.HasPrefix(head, []byte("<feed"))
}
