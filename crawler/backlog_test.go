package crawler

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/haberci/haberci/config"
)

// sitemapOf is a urlset of the article paths, dated a minute apart, the
// first newest.
func sitemapOf(base string, paths []string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for i, p := range paths {
		fmt.Fprintf(&b, "<url><loc>%s%s</loc><lastmod>2020-06-%02dT%02d:%02d:00Z</lastmod></url>\n",
			base, p, 28-i/1440, 23-i/60%24, 59-i%60)
	}
	b.WriteString(`</urlset>`)
	return []byte(b.String())
}

// backlogSite serves n article pages /haber/1 … /haber/n (1 newest).
func backlogSite(t *testing.T, n int) (*site, []string) {
	s := newSite(t)
	page := articlePage(t, "Meclis toplandı")
	paths := make([]string, n)
	for i := range n {
		paths[i] = fmt.Sprintf("/haber/%d", i+1)
		s.handle(paths[i], page)
	}
	return s, paths
}

// runUntilDone runs src until its backlog is done (at most max runs) and
// returns each run's summary; it fails the test when a page was fetched
// twice or an article is missing at the end.
func runUntilDone(t *testing.T, c *Crawler, s *site, src config.Source, paths []string, maxRuns int) []Summary {
	t.Helper()
	var sums []Summary
	for range maxRuns {
		sum, err := c.Run(t.Context(), src)
		if err != nil || sum.Error != "" || sum.Failed != 0 {
			t.Fatalf("run %d: %v %+v", len(sums)+1, err, sum)
		}
		sums = append(sums, sum)
		if sum.New == 0 && sum.Backlog == 0 {
			break
		}
	}
	for _, p := range paths {
		if h := s.hitCount(p); h != 1 {
			t.Errorf("%s fetched %d times, want once", p, h)
		}
	}
	return sums
}

// TestSitemapBacklog: a 1,000-item sitemap with max_items 200 is archived
// whole in five runs, newest first, nothing fetched twice; the backlog left
// after each run is in the source's fetch state.
func TestSitemapBacklog(t *testing.T) {
	s, paths := backlogSite(t, 1000)
	s.handle("/sitemap.xml", static("application/xml", sitemapOf(s.URL, paths)))
	c, ar := newCrawler(t, func(cfg *config.Config) { cfg.Crawl.MaxItems = 200 })
	src := source("arsiv", "sitemap", s.URL+"/sitemap.xml")
	for run := 1; run <= 5; run++ {
		sum, err := c.Run(t.Context(), src)
		if err != nil || sum.Error != "" || sum.New != 200 || sum.Seen != 200*(run-1) || sum.Backlog != 1000-200*run {
			t.Fatalf("run %d: %v %+v, want 200 new, %d seen, backlog %d", run, err, sum, 200*(run-1), 1000-200*run)
		}
		if st := fetchState(t, ar, src.ID); st.Backlog != sum.Backlog {
			t.Errorf("run %d: fetch state backlog %d, want %d", run, st.Backlog, sum.Backlog)
		}
		// Newest first: this run took the next 200 of the sitemap's order.
		if h := s.hitCount(paths[200*run-1]); h != 1 {
			t.Errorf("run %d did not fetch %s", run, paths[200*run-1])
		}
	}
	if sum, err := c.Run(t.Context(), src); err != nil || sum.New != 0 || sum.Seen != 1000 || sum.Backlog != 0 {
		t.Errorf("sixth run: %v %+v, want 1000 seen and nothing new", err, sum)
	}
	for _, p := range paths {
		if h := s.hitCount(p); h != 1 {
			t.Errorf("%s fetched %d times, want once", p, h)
		}
	}
	if n := len(archived(t, ar)); n != 1000 {
		t.Errorf("%d archived, want 1000", n)
	}
}

// TestSitemapIndexBacklog: an index of ten monthly sitemaps is read three
// newest plus three older ones per run, the older ones resumed where the
// last run stopped, until every article is archived once.
func TestSitemapIndexBacklog(t *testing.T) {
	const children, per = 10, 4
	s, paths := backlogSite(t, children*per)
	var index strings.Builder
	index.WriteString(`<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for m := range children {
		loc := fmt.Sprintf("/sitemap-%02d.xml", m)
		fmt.Fprintf(&index, "<sitemap><loc>%s%s</loc><lastmod>2020-%02d-28</lastmod></sitemap>", s.URL, loc, 12-m)
		s.handle(loc, static("application/xml", sitemapOf(s.URL, paths[m*per:(m+1)*per])))
	}
	index.WriteString(`</sitemapindex>`)
	s.handle("/sitemap.xml", static("application/xml", []byte(index.String())))
	c, ar := newCrawler(t)
	src := source("arsiv", "sitemap", s.URL+"/sitemap.xml")
	sums := runUntilDone(t, c, s, src, paths, 6)
	// Run 1: children 0–5; run 2: 0–2 and 6–8; run 3: 0–2 and 9; run 4 finds nothing new.
	if len(sums) != 4 || sums[0].New != 6*per || sums[1].New != 3*per || sums[2].New != per {
		t.Errorf("runs: %+v", sums)
	}
	if st := fetchState(t, ar, src.ID); st.ResumeURL != resumeDone || st.Backlog != 0 {
		t.Errorf("state after the backlog is done: %+v", st)
	}
}

// TestListPageBacklog: a paginated archive deeper than max_pages is read
// max_pages at a time on later runs, after the first pages, until done.
func TestListPageBacklog(t *testing.T) {
	const pages, per = 12, 3
	s, paths := backlogSite(t, pages*per)
	s.handle("/arsiv", func(w http.ResponseWriter, r *http.Request) {
		p := 1
		fmt.Sscan(r.URL.Query().Get("sayfa"), &p)
		if p < 1 || p > pages {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html><body>`)
		for _, path := range paths[(p-1)*per : p*per] {
			fmt.Fprintf(w, `<a class="haber" href="%s">Haber</a>`, path)
		}
		if p < pages {
			fmt.Fprintf(w, `<a class="sonraki" href="/arsiv?sayfa=%d">Sonraki</a>`, p+1)
		}
		fmt.Fprint(w, `</body></html>`)
	})
	c, ar := newCrawler(t)
	src := source("arsiv", "html", s.URL+"/arsiv")
	src.Links, src.Next, src.MaxPages = "a.haber", "a.sonraki", 5
	sums := runUntilDone(t, c, s, src, paths, 6)
	// Run 1: pages 1–5; run 2: 1–5 and 6–10; run 3: 1–5 and 11–12; run 4 finds nothing new.
	if len(sums) != 4 || sums[0].New != 5*per || sums[1].New != 5*per || sums[2].New != 2*per {
		t.Errorf("runs: %+v", sums)
	}
	if st := fetchState(t, ar, src.ID); st.ResumeURL != resumeDone || st.Backlog != 0 {
		t.Errorf("state after the backlog is done: %+v", st)
	}
}
