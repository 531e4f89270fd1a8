package main

import (
	"bytes"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// site is one local news site on its own 127.0.0.1 port: robots.txt, an
// RSS feed listing its share of the stories, and one page per story.
type site struct {
	*httptest.Server
	stories map[string]*story
	order   []string // slugs, newest first as feeds list them

	mu    sync.Mutex
	pages map[string]int // article pages served, by User-Agent
}

// newSites spreads the stories over n sites, round robin, and starts them.
// The caller closes them.
func newSites(stories []story, n int) []*site {
	sites := make([]*site, n)
	for i := range sites {
		sites[i] = &site{stories: map[string]*story{}, pages: map[string]int{}}
	}
	for i := range stories {
		s := sites[i%n]
		s.stories[stories[i].slug] = &stories[i]
		s.order = append([]string{stories[i].slug}, s.order...)
	}
	for _, s := range sites {
		s.Server = httptest.NewUnstartedServer(s)
		s.Start() // after the assignment: the handler reads s.URL
	}
	return sites
}

// ServeHTTP answers robots.txt, /rss.xml and /haber/SLUG.
func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch p := r.URL.Path; {
	case p == "/robots.txt":
		fmt.Fprint(w, "User-agent: *\nDisallow: /arama/\n")
	case p == "/rss.xml":
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Write(s.feed())
	case strings.HasPrefix(p, "/haber/"):
		st, ok := s.stories[strings.TrimPrefix(p, "/haber/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		s.mu.Lock()
		s.pages[r.UserAgent()]++
		s.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page(st))
	default:
		http.NotFound(w, r)
	}
}

// pagesServed returns how many article pages the sites served to each
// User-Agent since the last call, and starts counting anew.
func pagesServed(sites []*site) map[string]int {
	out := map[string]int{}
	for _, s := range sites {
		s.mu.Lock()
		for ua, n := range s.pages {
			out[ua] += n
		}
		clear(s.pages)
		s.mu.Unlock()
	}
	return out
}

// siteURLs are the sites' base URLs.
func siteURLs(sites []*site) []string {
	out := make([]string, len(sites))
	for i, s := range sites {
		out[i] = s.URL
	}
	return out
}

// feed is the site's RSS 2.0 document.
func (s *site) feed() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Yerel Haber</title><link>%s/</link><description>Son dakika</description>`, s.URL)
	for _, slug := range s.order {
		st := s.stories[slug]
		fmt.Fprintf(&b, "\n<item><title>%s</title><link>%s/haber/%s</link><guid>%s/haber/%s</guid><pubDate>%s</pubDate><description>%s</description></item>",
			html.EscapeString(st.title), s.URL, slug, s.URL, slug, st.published.Format(time.RFC1123Z), html.EscapeString(st.paras[0]))
	}
	b.WriteString("\n</channel></rss>")
	return b.Bytes()
}

// page renders a story with the chrome real sites wrap around an article:
// navigation, share buttons, a related-news box and a footer.
func page(st *story) []byte {
	var b bytes.Buffer
	t := html.EscapeString(st.title)
	fmt.Fprintf(&b, `<!doctype html><html lang="tr"><head><meta charset="utf-8"><title>%s | Yerel Haber</title>
<meta property="og:title" content="%s"><meta property="article:published_time" content="%s"></head>
<body><header><nav><a href="/">Anasayfa</a> <a href="/gundem">Gündem</a> <a href="/ekonomi">Ekonomi</a> <a href="/spor">Spor</a> <a href="/saglik">Sağlık</a></nav></header>
<main><article><h1>%s</h1><div class="share"><a href="#">Facebook'ta paylaş</a> <a href="#">Twitter'da paylaş</a> <a href="#">WhatsApp</a></div>
<div class="news-content">
`, t, t, st.published.Format(time.RFC3339), t)
	for _, p := range st.paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
	}
	b.WriteString(`</div></article>
<aside class="related"><h3>İlgili Haberler</h3><ul><li><a href="/haber/x1">Belediyeden yeni açıklama</a></li><li><a href="/haber/x2">Meclis toplantısı ertelendi</a></li><li><a href="/haber/x3">Hava durumu uyarısı</a></li></ul></aside></main>
<footer>© Yerel Haber — Tüm hakları saklıdır. <a href="/kunye">Künye</a> <a href="/iletisim">İletişim</a> <a href="/gizlilik">Gizlilik</a></footer></body></html>`)
	return b.Bytes()
}
