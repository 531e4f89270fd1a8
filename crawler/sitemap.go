package crawler

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/config"
)

// maxChildSitemaps is how many of an index's newest sitemaps are read each
// run, and how many older ones besides, from where the last run stopped.
const maxChildSitemaps = 3

// sitemapDoc is a urlset, a sitemap index or a Google News sitemap.
type sitemapDoc struct {
	XMLName  xml.Name
	URLs     []sitemapURL `xml:"url"`
	Sitemaps []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"sitemap"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
	News    struct {
		Published string `xml:"publication_date"`
		Title     string `xml:"title"`
	} `xml:"news"`
}

// discoverSitemap reads a sitemap, a sitemap index (its newest children,
// then older ones from st.ResumeURL) or a Google News sitemap; items come
// newest first.
func (c *Crawler) discoverSitemap(ctx context.Context, src config.Source, st article.FetchState) (discovered, error) {
	res, d, err := c.getEntry(ctx, src.URL, st, "application/xml, text/xml")
	if err != nil || d.notModified {
		return d, err
	}
	doc, err := parseSitemap(res.Body)
	if err != nil {
		return d, parseError{fmt.Errorf("crawler: %s: %w", res.URL, err)}
	}
	urls := doc.URLs
	children := doc.Sitemaps
	sort.SliceStable(children, func(i, j int) bool { return sitemapTime(children[i].LastMod).After(sitemapTime(children[j].LastMod)) })
	locs := make([]string, 0, len(children))
	for _, ch := range children {
		if loc := resolve(res.URL, strings.TrimSpace(ch.Loc)); loc != "" {
			locs = append(locs, loc)
		}
	}
	// The newest children carry what is new; older ones are a backlog,
	// read maxChildSitemaps at a time from where the last run stopped.
	read := locs[:min(len(locs), maxChildSitemaps)]
	if len(locs) > len(read) {
		d.resume = resumeDone
		from := len(read)
		if i := slices.Index(locs, st.ResumeURL); st.ResumeURL != "" && i >= from {
			from = i
		}
		if st.ResumeURL == resumeDone {
			from = len(locs)
		}
		to := min(len(locs), from+maxChildSitemaps)
		read = append(read[:len(read):len(read)], locs[from:to]...)
		if to < len(locs) {
			d.resume = locs[to]
		}
	}
	for _, loc := range read {
		cr, err := c.client.Get(ctx, fetchPage(loc))
		d.captures = append(d.captures, errorAnswer(cr).captures...)
		if err != nil {
			c.log.Warn("child sitemap", "source", src.ID, "url", loc, "error", err)
			continue
		}
		d.captures = append(d.captures, cr.Raw)
		if child, err := parseSitemap(cr.Body); err == nil {
			urls = append(urls, child.URLs...)
		}
	}
	for _, u := range urls {
		link := resolve(res.URL, strings.TrimSpace(u.Loc))
		if link == "" {
			continue
		}
		it := item{URL: link, Title: strings.TrimSpace(u.News.Title), Published: sitemapTime(u.News.Published)}
		if it.Published.IsZero() {
			it.Published = sitemapTime(u.LastMod)
		}
		d.items = append(d.items, it)
	}
	sort.SliceStable(d.items, func(i, j int) bool { return d.items[i].Published.After(d.items[j].Published) })
	return d, nil
}

func parseSitemap(body []byte) (*sitemapDoc, error) {
	var doc sitemapDoc
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("not a sitemap: %w", err)
	}
	if n := doc.XMLName.Local; n != "urlset" && n != "sitemapindex" {
		return nil, fmt.Errorf("not a sitemap: root element <%s>", n)
	}
	return &doc, nil
}

// sitemapTime parses the W3C datetime forms sitemaps use; zero if none fits.
func sitemapTime(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
