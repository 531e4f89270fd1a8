package crawler

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/haberci/haberci/config"
)

// overlapFeed is an RSS feed of n article pages on base, newest first.
func overlapFeed(base string, n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="%s"?><rss version="2.0"><channel><title>Gündem</title>`)
	for i := n; i >= 1; i-- {
		link := fmt.Sprintf("%s/haber/%d", base, i)
		fmt.Fprintf(&b, `<item><title>Haber %d: Çalıştay</title><link>%s</link><guid>%s</guid>
<pubDate>Mon, 07 Dec 2026 %02d:%02d:00 +0300</pubDate></item>`, i, link, link, i/60, i%60)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// TestOverlappingSourcesFetchEachPageOnce: three sources listing the same
// pages (a feed, the same feed in windows-1254, an HTML list page) crawled
// together fetch each page once, and archive each once.
func TestOverlappingSourcesFetchEachPageOnce(t *testing.T) {
	const n = 40
	s := newSite(t)
	feed := overlapFeed(s.URL, n)
	s.handle("/rss", static("application/rss+xml; charset=utf-8", []byte(fmt.Sprintf(feed, "utf-8"))))
	w1254, err := charmap.Windows1254.NewEncoder().String(fmt.Sprintf(feed, "windows-1254"))
	if err != nil {
		t.Fatal(err)
	}
	s.handle("/rss-1254", static("application/rss+xml", []byte(w1254)))
	var list strings.Builder
	list.WriteString(`<!doctype html><html><body><ul>`)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&list, `<li><a class="haber" href="/haber/%d">Haber %d</a></li>`, i, i)
		s.handle(fmt.Sprintf("/haber/%d", i), articlePage(t, fmt.Sprintf("Haber %d: Çalıştay", i)))
	}
	list.WriteString(`</ul></body></html>`)
	s.handle("/liste", static("text/html; charset=utf-8", []byte(list.String())))

	c, ar := newCrawler(t)
	html := source("liste", "html", s.URL+"/liste")
	html.Links = "a.haber"
	sums := c.RunAll(t.Context(), []config.Source{source("rss", "feed", s.URL+"/rss"),
		source("rss-1254", "feed", s.URL+"/rss-1254"), html}, nil)
	seen, stored := 0, 0
	for _, sum := range sums {
		if sum.Error != "" || sum.Failed != 0 {
			t.Errorf("%s: %+v", sum.Source, sum)
		}
		seen += sum.Seen
		stored += sum.New
	}
	for i := 1; i <= n; i++ {
		if h := s.hitCount(fmt.Sprintf("/haber/%d", i)); h != 1 {
			t.Errorf("/haber/%d fetched %d times, want once", i, h)
		}
	}
	if got := len(archived(t, ar)); got != n || stored != n || seen != 2*n {
		t.Errorf("archived %d, stored %d, seen %d; want %d, %d, %d", got, stored, seen, n, n, 2*n)
	}
}
