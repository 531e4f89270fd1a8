package crawler

import (
	"bytes"
	"context"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
)

// discoverList reads an HTML list page: the links matching src.Links are
// articles; src.Next, when set, leads to the next page, up to src.MaxPages.
func (c *Crawler) discoverList(ctx context.Context, src config.Source, st article.FetchState) (discovered, error) {
	res, d, err := c.getEntry(ctx, src.URL, st, "text/html")
	if err != nil || d.notModified {
		return d, err
	}
	seen := map[string]bool{}
	visited := map[string]bool{res.URL: true}
	for page := 1; ; page++ {
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(res.Body))
		if err != nil {
			return d, err
		}
		doc.Find(src.Links).Each(func(_ int, s *goquery.Selection) {
			link := resolve(res.URL, s.AttrOr("href", ""))
			if link == "" || seen[link] {
				return
			}
			seen[link] = true
			d.items = append(d.items, item{URL: link, Title: strings.Join(strings.Fields(s.Text()), " ")})
		})
		if src.Next == "" || page >= src.MaxPages {
			return d, nil
		}
		next := resolve(res.URL, doc.Find(src.Next).First().AttrOr("href", ""))
		if next == "" || visited[next] {
			return d, nil
		}
		visited[next] = true
		if res, err = c.client.Get(ctx, fetchPage(next)); err != nil {
			// Later pages are a bonus: keep what the first pages gave.
			c.log.Warn("list page", "source", src.ID, "url", next, "error", err)
			return d, nil
		}
		d.captures = append(d.captures, res.Raw)
	}
}
