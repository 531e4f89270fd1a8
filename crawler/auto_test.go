package crawler

import (
	"strings"
	"testing"
)

func TestAuto(t *testing.T) {
	tests := map[string]struct {
		file, contentType string
		wantErr           string         // summary error suffix; "" for success
		hits              map[string]int // requests per path
	}{
		"html page announcing feeds: the first one is read": {
			file: "page_announcing_feeds.html", contentType: "text/html; charset=utf-8",
			hits: map[string]int{"/": 1, "/code/feed/": 1, "/talks/feed/": 0, "/feed/": 0, "/relative/uri": 1},
		},
		"xhtml page announcing feeds": {
			file: "page_announcing_feeds.html", contentType: "application/xhtml+xml",
			hits: map[string]int{"/": 1, "/code/feed/": 1, "/relative/uri": 1},
		},
		"the url is itself a feed: fetched once": {
			file: "rss_relative_link.xml", contentType: "application/rss+xml",
			hits: map[string]int{"/": 1, "/relative/uri": 1},
		},
		"a feed served as text/plain": {
			file: "rss_relative_link.xml", contentType: "text/plain",
			hits: map[string]int{"/": 1, "/relative/uri": 1},
		},
		"a page announcing nothing": {
			file: "page_plain.html", contentType: "text/html; charset=utf-8",
			wantErr: "/ announces no feed",
			hits:    map[string]int{"/": 1},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s := newSite(t)
			s.file(t, "/", tc.contentType, tc.file)
			for _, p := range []string{"/code/feed/", "/talks/feed/", "/feed/"} {
				s.file(t, p, "application/rss+xml", "rss_relative_link.xml")
			}
			s.handle("/relative/uri", articlePage(t, pageTitle))
			c, ar := newCrawler(t)
			sum, err := c.Run(t.Context(), source("oto", "auto", s.URL+"/"))
			if err != nil {
				t.Fatal(err)
			}
			arts := archived(t, ar)
			if tc.wantErr != "" {
				if !strings.HasSuffix(sum.Error, tc.wantErr) || len(arts) != 0 {
					t.Errorf("summary error %q, %d articles; want an error ending %q and none", sum.Error, len(arts), tc.wantErr)
				}
				if st := fetchState(t, ar, "oto"); st.LastError != sum.Error || st.LastStatus != 200 || st.ConsecutiveFailures != 1 {
					t.Errorf("fetch state %+v, want the error, status 200, 1 failure", st)
				}
			} else if sum.Error != "" || len(arts) != 1 || arts[0].URL != s.URL+"/relative/uri" || arts[0].Title != pageTitle {
				t.Errorf("summary %+v, archived %q; want the one item of the feed", sum, urls(arts))
			}
			for p, n := range tc.hits {
				if got := s.hitCount(p); got != n {
					t.Errorf("%s fetched %d times, want %d", p, got, n)
				}
			}
		})
	}
}
