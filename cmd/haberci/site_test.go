package main

import (
	"bytes"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// page is one article of the local test site.
type page struct {
	slug, title string
	published   time.Time
	paras       []string
}

// site is a local news site built from real Turkish text: feeds in UTF-8,
// windows-1254 and Atom, an HTML list page, robots.txt, and article pages
// wrapped in the chrome real sites have (navigation, share buttons, related
// news, footer). It counts every request.
type site struct {
	*httptest.Server
	pages map[string]page

	mu          sync.Mutex
	hits        map[string]int
	conditional map[string]int
}

// Chrome that must never reach an article body.
var chrome = []string{"Anasayfa", "Facebook'ta paylaş", "İlgili Haberler", "Tüm hakları saklıdır", "Künye"}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{pages: map[string]page{}, hits: map[string]int{}, conditional: map[string]int{}}
	seed := readSeed(t)
	istanbul := time.FixedZone("TRT", 3*3600)
	s.add(page{"ajans-calistay", "İstanbul'dan Türkiye'ye Tek Yön İktidar Çalıştayı yapıldı", time.Date(2020, 6, 20, 14, 5, 0, 0, istanbul), seed})
	s.add(page{"kopya-calistay", "Çalıştay Yenikapı'da yapıldı", time.Date(2020, 6, 20, 15, 0, 0, 0, istanbul), seed})
	files, _ := filepath.Glob("testdata/ttc/*.txt")
	sort.Strings(files)
	for i, f := range files {
		paras := readTTC(t, f)
		slug := strings.TrimSuffix(filepath.Base(f), ".txt")
		s.add(page{slug, cutTitle(paras[0]), time.Date(2021, 3, i+1, 10, 0, 0, 0, istanbul), paras})
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *site) add(p page) { s.pages[p.slug] = p }

// Which pages each entry document lists.
var (
	rssSlugs   = []string{"ajans-calistay", "kopya-calistay", "ekonomi-c2"}
	rss1254    = []string{"siyaset-c3"}
	atomSlugs  = []string{"spor-c5", "saglik-c5"}
	listSlugs  = []string{"teknoloji-c11", "kultursanat-c9"}
	allSlugs   = append(append(append(append([]string{}, rssSlugs...), rss1254...), atomSlugs...), listSlugs...)
	feedStamp  = "Sat, 20 Jun 2020 10:46:40 GMT"
	articleRE  = regexp.MustCompile(`^/haber/([\w-]+)$`)
	feedHeader = map[string]string{"ETag": `"v1"`, "Last-Modified": feedStamp}
)

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	if r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "" {
		s.conditional[r.URL.Path]++
	}
	s.mu.Unlock()
	switch p := r.URL.Path; {
	case p == "/robots.txt":
		fmt.Fprint(w, "User-agent: *\nDisallow: /gizli/\n")
	case p == "/rss.xml" || p == "/rss-1254.xml" || p == "/atom.xml":
		if r.Header.Get("If-None-Match") == `"v1"` || r.Header.Get("If-Modified-Since") == feedStamp {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		for k, v := range feedHeader {
			w.Header().Set(k, v)
		}
		s.serveFeed(w, p)
	case p == "/haberler":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		var b strings.Builder
		b.WriteString(`<html><body><nav><a href="/">Anasayfa</a></nav><ul>`)
		for _, slug := range listSlugs {
			fmt.Fprintf(&b, `<li><a class="news-item" href="/haber/%s">%s</a></li>`, slug, html.EscapeString(s.pages[slug].title))
		}
		b.WriteString(`<li><a class="news-item" href="/gizli/haber">gizli</a></li></ul></body></html>`)
		fmt.Fprint(w, b.String())
	case articleRE.MatchString(p):
		pg, ok := s.pages[articleRE.FindStringSubmatch(p)[1]]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, articleHTML(pg))
	default:
		http.NotFound(w, r)
	}
}

func (s *site) serveFeed(w http.ResponseWriter, path string) {
	switch path {
	case "/rss.xml":
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Write(s.rss(rssSlugs, "utf-8", `<item><title>Gizli</title><link>`+s.URL+`/gizli/haber</link></item>`))
	case "/rss-1254.xml":
		w.Header().Set("Content-Type", "application/rss+xml; charset=windows-1254")
		doc := s.rss(rss1254, "windows-1254", "")
		enc, err := charmap.Windows1254.NewEncoder().Bytes(doc)
		if err != nil {
			panic(err)
		}
		w.Write(enc)
	case "/atom.xml":
		w.Header().Set("Content-Type", "application/atom+xml")
		var b bytes.Buffer
		b.WriteString(`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Yerel Atom</title><id>urn:yerel</id><updated>2021-03-10T10:00:00Z</updated>`)
		for _, slug := range atomSlugs {
			pg := s.pages[slug]
			fmt.Fprintf(&b, `<entry><title>%s</title><link href="%s/haber/%s"/><id>urn:haber:%s</id><updated>%s</updated><summary>%s</summary></entry>`,
				html.EscapeString(pg.title), s.URL, slug, slug, pg.published.Format(time.RFC3339), html.EscapeString(pg.paras[0]))
		}
		b.WriteString(`</feed>`)
		w.Write(b.Bytes())
	}
}

func (s *site) rss(slugs []string, enc, extra string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="%s"?><rss version="2.0"><channel><title>Yerel Haber</title><link>%s/</link><description>Gündem</description>`, enc, s.URL)
	for _, slug := range slugs {
		pg := s.pages[slug]
		fmt.Fprintf(&b, `<item><title>%s</title><link>%s/haber/%s</link><guid>%s/haber/%s</guid><pubDate>%s</pubDate><description>%s</description></item>`,
			html.EscapeString(pg.title), s.URL, slug, s.URL, slug, pg.published.Format(time.RFC1123Z), html.EscapeString(pg.paras[0]))
	}
	b.WriteString(extra + `</channel></rss>`)
	return b.Bytes()
}

func articleHTML(p page) string {
	var body strings.Builder
	for _, para := range p.paras {
		fmt.Fprintf(&body, "<p>%s</p>\n", html.EscapeString(para))
	}
	t := html.EscapeString(p.title)
	return `<!doctype html><html lang="tr"><head><meta charset="utf-8"><title>` + t + ` | Yerel Haber</title>
<meta property="og:title" content="` + t + `"><meta property="article:published_time" content="` + p.published.Format(time.RFC3339) + `"></head>
<body><header><nav><a href="/">Anasayfa</a> <a href="/haberler">Haberler</a> Gündem Spor Ekonomi</nav></header>
<main><article><h1>` + t + `</h1><div class="share"><a href="#">Facebook'ta paylaş</a> <a href="#">Twitter'da paylaş</a></div>
<div class="news-content">` + body.String() + `</div></article>
<aside class="related"><h3>İlgili Haberler</h3><ul><li><a href="/haber/ekonomi-c2">Diğer haber</a></li></ul></aside></main>
<footer>© Yerel Haber — Tüm hakları saklıdır. <a href="/kunye">Künye</a> İletişim Gizlilik</footer></body></html>`
}

func readSeed(t *testing.T) []string {
	b, err := os.ReadFile("testdata/kartal-belediyesi-2020-06-iha.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.TrimPrefix(strings.TrimSpace(string(b)), "date 2020-06 ")
	var paras []string
	for _, p := range strings.Split(text, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			paras = append(paras, p)
		}
	}
	return paras
}

// readTTC splits a TTC-3600 text into paragraphs of two sentences.
func readTTC(t *testing.T, name string) []string {
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(strings.TrimPrefix(string(b), "\ufeff")), " ")
	sents := regexp.MustCompile(`[^.!?]+[.!?]+`).FindAllString(text, -1)
	var paras []string
	for i := 0; i < len(sents); i += 2 {
		paras = append(paras, strings.TrimSpace(strings.Join(sents[i:min(i+2, len(sents))], " ")))
	}
	if len(paras) < 3 {
		t.Fatalf("%s: too short for a test page", name)
	}
	return paras
}

func cutTitle(s string) string {
	if len(s) <= 80 {
		return s
	}
	cut := strings.LastIndex(s[:80], " ")
	return s[:cut]
}

func (s *site) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func (s *site) conditionals(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conditional[path]
}
