package main

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Feed growth: each site starts with initialItems stories and publishes
// one more every publishEvery, so every scheduled crawl finds new items.
const (
	initialItems = 60
	publishEvery = 2 * time.Second
	feedItems    = 100 // items per feed document, newest first
)

// site is one local news site on its own 127.0.0.1 port: robots.txt, an
// RSS feed of its published stories and one page per story.
type site struct {
	srv     *http.Server
	url     string
	stories []doc
	start   time.Time
	pages   *atomic.Int64 // article pages served, shared by all sites
}

// startSites spreads stories over n sites and starts them on 127.0.0.1.
func startSites(stories []doc, n int, pages *atomic.Int64) ([]*site, error) {
	sites := make([]*site, n)
	for i := range sites {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			stopSites(sites[:i])
			return nil, fmt.Errorf("load: site: %w", err)
		}
		s := &site{url: "http://" + ln.Addr().String(), start: time.Now(), pages: pages}
		for j := i; j < len(stories); j += n {
			s.stories = append(s.stories, stories[j])
		}
		s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 5 * time.Second}
		go s.srv.Serve(ln)
		sites[i] = s
	}
	return sites, nil
}

func stopSites(sites []*site) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, s := range sites {
		s.srv.Shutdown(ctx)
	}
}

// published is how many of the site's stories are out by now.
func (s *site) published() int {
	return min(len(s.stories), initialItems+int(time.Since(s.start)/publishEvery))
}

// ServeHTTP answers robots.txt, /rss.xml and /haber/N.
func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch p := r.URL.Path; {
	case p == "/robots.txt":
		fmt.Fprint(w, "User-agent: *\nDisallow: /arama/\n")
	case p == "/rss.xml":
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Write(s.feed())
	case strings.HasPrefix(p, "/haber/"):
		i, err := strconv.Atoi(strings.TrimPrefix(p, "/haber/"))
		if err != nil || i < 0 || i >= s.published() {
			http.NotFound(w, r)
			return
		}
		s.pages.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(s.page(i))
	default:
		http.NotFound(w, r)
	}
}

// pubDate is story i's publication time: one publishEvery apart, the
// first initialItems before the site started.
func (s *site) pubDate(i int) time.Time {
	return s.start.Add(time.Duration(i-initialItems) * publishEvery).UTC().Truncate(time.Second)
}

// feed is the site's RSS 2.0 document, newest first.
func (s *site) feed() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Yerel Haber</title><link>%s/</link><description>Son dakika</description>`, s.url)
	n := s.published()
	for i := n - 1; i >= max(0, n-feedItems); i-- {
		d := s.stories[i]
		fmt.Fprintf(&b, "\n<item><title>%s</title><link>%s/haber/%d</link><guid>%s/haber/%d</guid><pubDate>%s</pubDate><description>%s</description></item>",
			html.EscapeString(d.title), s.url, i, s.url, i, s.pubDate(i).Format(time.RFC1123Z), html.EscapeString(d.lead))
	}
	b.WriteString("\n</channel></rss>")
	return b.Bytes()
}

// page renders story i inside the usual site chrome.
func (s *site) page(i int) []byte {
	d := s.stories[i]
	var b bytes.Buffer
	t := html.EscapeString(d.title)
	fmt.Fprintf(&b, `<!doctype html><html lang="tr"><head><meta charset="utf-8"><title>%s | Yerel Haber</title>
<meta property="article:published_time" content="%s"></head>
<body><header><nav><a href="/">Anasayfa</a> <a href="/gundem">Gündem</a> <a href="/spor">Spor</a></nav></header>
<main><article><h1>%s</h1><p class="lead">%s</p><div class="news-content">
`, t, s.pubDate(i).Format(time.RFC3339), t, html.EscapeString(d.lead))
	for _, p := range strings.Split(d.body, "\n\n") {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
	}
	b.WriteString(`</div></article></main><footer>© Yerel Haber <a href="/kunye">Künye</a></footer></body></html>`)
	return b.Bytes()
}
