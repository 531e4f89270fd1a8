package crawler

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// childSitemap is a one-URL urlset, as the monthly children of an index are.
func childSitemap(base, slug, lastmod string) []byte {
	return fmt.Appendf(nil, `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>%s/haber/%s</loc><lastmod>%s</lastmod></url></urlset>`, base, slug, lastmod)
}

func TestSitemap(t *testing.T) {
	tests := map[string]struct {
		file   string
		want   []string    // article paths, in archive order: newest first
		titles []string    // titles, when the sitemap gives them
		dates  []time.Time // published, when the sitemap gives them
		hits   map[string]int
	}{
		"urlset, undated URL last": {
			file: "sitemap_urlset.xml",
			want: []string{"/haber/calistay", "/haber/sahil-yolu", "/haber/belediye-meclisi", "/kunye"},
			dates: []time.Time{time.Date(2020, 6, 20, 11, 5, 0, 0, time.UTC), time.Date(2020, 6, 19, 9, 30, 0, 0, time.UTC),
				time.Date(2020, 6, 18, 0, 0, 0, 0, time.UTC), {}},
		},
		"sitemap index: the three newest children, then older ones": {
			file: "sitemap_index.xml",
			want: []string{"/haber/haziran", "/haber/mayis", "/haber/nisan", "/haber/mart"},
			hits: map[string]int{"/sitemap-2020-06.xml": 1, "/sitemap-2020-05.xml": 1, "/sitemap-2020-04.xml": 1, "/sitemap-2020-03.xml": 1},
		},
		"google news sitemap: publication date and title win": {
			file:   "sitemap_news.xml",
			want:   []string{"/haber/calistay", "/haber/sahil-yolu"},
			titles: []string{"İstanbul'dan Türkiye'ye Tek Yön İktidar Çalıştayı", "Sahil yolunda asfalt çalışması"},
			dates:  []time.Time{time.Date(2020, 6, 20, 11, 5, 0, 0, time.UTC), time.Date(2020, 6, 19, 6, 30, 0, 0, time.UTC)},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s := newSite(t)
			s.file(t, "/sitemap.xml", "application/xml", tc.file)
			for slug, month := range map[string]string{"mart": "03", "nisan": "04", "mayis": "05", "haziran": "06"} {
				s.handle("/sitemap-2020-"+month+".xml", static("application/xml", childSitemap(s.URL, slug, "2020-"+month+"-15")))
			}
			c, ar := newCrawler(t)
			src := source("harita", "sitemap", s.URL+"/sitemap.xml")
			src.Fulltext = false // the sitemap alone: dates and titles come from it
			sum, err := c.Run(t.Context(), src)
			if err != nil || sum.Error != "" || sum.New != len(tc.want) {
				t.Fatalf("Run: %v, summary %+v, want %d new", err, sum, len(tc.want))
			}
			arts := archived(t, ar)
			var want []string
			for _, p := range tc.want {
				want = append(want, s.URL+p)
			}
			if got := urls(arts); !slices.Equal(got, want) {
				t.Fatalf("archived %q,\nwant %q", got, want)
			}
			for i, a := range arts {
				if tc.titles != nil && a.Title != tc.titles[i] {
					t.Errorf("%s: title %q, want %q", a.URL, a.Title, tc.titles[i])
				}
				if tc.dates != nil && !a.PublishedAt.Equal(tc.dates[i]) {
					t.Errorf("%s: published %v, want %v", a.URL, a.PublishedAt, tc.dates[i])
				}
			}
			for p, n := range tc.hits {
				if got := s.hitCount(p); got != n {
					t.Errorf("%s fetched %d times, want %d", p, got, n)
				}
			}
		})
	}
}

// TestSitemapMalformed: a sitemap that is cut off or is not a sitemap fails
// the run with an error naming the document, in the summary and the state.
func TestSitemapMalformed(t *testing.T) {
	tests := map[string]struct {
		file, contentType, want string
	}{
		"truncated urlset": {"sitemap_truncated.xml", "application/xml", "not a sitemap: XML syntax error"},
		"an html page":     {"page_plain.html", "text/html", "not a sitemap: root element <html>"},
		"an rss feed":      {"rss_no_items.xml", "application/rss+xml", "not a sitemap: root element <rss>"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s := newSite(t)
			s.file(t, "/sitemap.xml", tc.contentType, tc.file)
			c, ar := newCrawler(t)
			sum, err := c.Run(t.Context(), source("harita", "sitemap", s.URL+"/sitemap.xml"))
			if err != nil {
				t.Fatal(err)
			}
			prefix := "parse: crawler: " + s.URL + "/sitemap.xml: " + tc.want
			if !strings.HasPrefix(sum.Error, prefix) {
				t.Errorf("summary error %q, want it to start with %q", sum.Error, prefix)
			}
			st := fetchState(t, ar, "harita")
			if st.LastError != sum.Error || st.ConsecutiveFailures != 1 || st.LastStatus != 200 {
				t.Errorf("fetch state %+v, want the summary's error, 1 failure, status 200", st)
			}
			if n := len(archived(t, ar)); n != 0 {
				t.Errorf("%d articles archived from a malformed sitemap", n)
			}
		})
	}
}
