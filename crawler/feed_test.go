package crawler

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// pageTitle is the <title> of the article pages the test sites serve.
const pageTitle = "Kartal Belediyesi çalıştaya katıldı"

// wantArticle is what one archived article must hold; a URL starting with "/" is
// on the test site. Empty fields are not checked.
type wantArticle struct {
	url, guid, title, lead, body, agency string
	published                            time.Time
	authors                              []string
}

func TestFeed(t *testing.T) {
	tests := map[string]struct {
		file, contentType string
		rehost            string // the fixture's own host, served from the test site
		fulltext          bool
		pages             []string // article pages the site serves
		want              []wantArticle
	}{
		"rss item with a relative link": {
			file: "rss_relative_link.xml", contentType: "application/rss+xml", fulltext: true,
			pages: []string{"/relative/uri"},
			want:  []wantArticle{{url: "/relative/uri", title: pageTitle, body: "Kılıçdaroğlu'nun katılımıyla", agency: "İHA"}},
		},
		"atom entry with a relative link": {
			file: "atom_relative.xml", contentType: "application/atom+xml", fulltext: true,
			pages: []string{"/blog/2003/12/13/atom03"},
			want: []wantArticle{{url: "/blog/2003/12/13/atom03", guid: "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a",
				title: pageTitle, body: "Yenikapı'da", published: time.Date(2003, 12, 13, 18, 30, 2, 0, time.UTC)}},
		},
		"rss 2.0 with absolute links": {
			file: "rss_2.0_relurl_1.xml", contentType: "application/rss+xml; charset=utf-8", fulltext: true,
			rehost: "https://insanity.industries",
			pages:  []string{"/post/pareto-optimal-compression/", "/post/pacman-tracking-leftover-packages/"},
			want: []wantArticle{
				{url: "/post/pareto-optimal-compression/", guid: "/post/pareto-optimal-compression/", title: pageTitle,
					published: time.Date(2021, 3, 2, 22, 39, 15, 0, time.UTC), authors: []string{"Jonas Große Sundrup"}},
				{url: "/post/pacman-tracking-leftover-packages/", title: pageTitle,
					published: time.Date(2021, 2, 13, 0, 0, 0, 0, time.UTC)},
			},
		},
		"json feed without full text": {
			file: "jsonfeed_example_1.json", contentType: "application/feed+json",
			want: []wantArticle{
				{url: "https://daringfireball.net/linked/2020/01/24/bezos-iphone-x", guid: "https://daringfireball.net/linked/2020/01/24/bezos-iphone-x",
					title: "How Jeff Bezos’s iPhone X Was Hacked", lead: "Good summary from The New York Times. Until this week’s news, I don’t believe we knew what type of phone Bezos was using when he was hacked. Now we know: an iPhone X.",
					body: "Good summary from The New York Times.", published: time.Date(2020, 1, 24, 23, 46, 57, 0, time.UTC), authors: []string{"John Gruber"}},
				{url: "https://daringfireball.net/linked/2020/01/20/instagram-for-win95", title: "Instagram for Windows 95",
					lead: "Delightful work by Petrick Studio.", published: time.Date(2020, 1, 21, 1, 7, 0, 0, time.UTC)},
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s := newSite(t)
			s.file(t, "/feed", tc.contentType, tc.file, tc.rehost)
			for _, p := range tc.pages {
				s.handle(p, articlePage(t, pageTitle))
			}
			c, ar := newCrawler(t)
			src := source("kaynak", "feed", s.URL+"/feed")
			src.Fulltext = tc.fulltext
			sum, err := c.Run(t.Context(), src)
			if err != nil || sum.Error != "" {
				t.Fatalf("Run: %v, summary error %q", err, sum.Error)
			}
			if sum.Items != len(tc.want) || sum.New != len(tc.want) || sum.Failed != 0 {
				t.Errorf("summary %+v, want %d items, all new", sum, len(tc.want))
			}
			arts := archived(t, ar)
			if len(arts) != len(tc.want) {
				t.Fatalf("archived %q, want %d articles", urls(arts), len(tc.want))
			}
			for i, w := range tc.want {
				a := arts[i]
				if strings.HasPrefix(w.url, "/") {
					w.url = s.URL + w.url
				}
				if strings.HasPrefix(w.guid, "/") {
					w.guid = s.URL + w.guid
				}
				if a.URL != w.url || a.CanonicalURL != w.url || a.SourceID != "kaynak" {
					t.Errorf("article %d: url %q canonical %q source %q, want %q", i, a.URL, a.CanonicalURL, a.SourceID, w.url)
				}
				if w.guid != "" && a.GUID != w.guid {
					t.Errorf("article %d: guid %q, want %q", i, a.GUID, w.guid)
				}
				if a.Title != w.title {
					t.Errorf("article %d: title %q, want %q", i, a.Title, w.title)
				}
				if w.lead != "" && a.Lead != w.lead {
					t.Errorf("article %d: lead %q, want %q", i, a.Lead, w.lead)
				}
				if !strings.Contains(a.Body, w.body) {
					t.Errorf("article %d: body %.80q… lacks %q", i, a.Body, w.body)
				}
				if w.agency != "" && a.Agency != w.agency {
					t.Errorf("article %d: agency %q, want %q", i, a.Agency, w.agency)
				}
				if !w.published.IsZero() && !a.PublishedAt.Equal(w.published) {
					t.Errorf("article %d: published %v, want %v", i, a.PublishedAt, w.published)
				}
				if w.authors != nil && !slices.Equal(a.Authors, w.authors) {
					t.Errorf("article %d: authors %q, want %q", i, a.Authors, w.authors)
				}
			}
			if got := s.requested(); !tc.fulltext && !slices.Equal(got, []string{"/feed", "/robots.txt"}) {
				t.Errorf("requested %q, want only the feed and robots.txt: fulltext is off", got)
			}
		})
	}
}

// TestFeedSkipsArchivedItems runs a feed twice: the second run fetches the
// feed again but none of the item pages.
func TestFeedSkipsArchivedItems(t *testing.T) {
	s := newSite(t)
	s.file(t, "/index.xml", "application/rss+xml", "rss_2.0_relurl_1.xml", "https://insanity.industries")
	pages := []string{"/post/pareto-optimal-compression/", "/post/pacman-tracking-leftover-packages/"}
	for _, p := range pages {
		s.handle(p, articlePage(t, pageTitle))
	}
	c, ar := newCrawler(t)
	src := source("insanity", "feed", s.URL+"/index.xml")
	for run, want := range []Summary{{Items: 2, New: 2}, {Items: 2, Seen: 2}} {
		sum, err := c.Run(t.Context(), src)
		if err != nil || sum.Error != "" {
			t.Fatalf("run %d: %v %q", run, err, sum.Error)
		}
		if sum.Items != want.Items || sum.New != want.New || sum.Seen != want.Seen || sum.Failed != 0 {
			t.Errorf("run %d: summary %+v, want %+v", run, sum, want)
		}
	}
	for _, p := range pages {
		if n := s.hitCount(p); n != 1 {
			t.Errorf("%s fetched %d times, want 1", p, n)
		}
	}
	if n := s.hitCount("/index.xml"); n != 2 {
		t.Errorf("feed fetched %d times, want 2", n)
	}
	if n := len(archived(t, ar)); n != 2 {
		t.Errorf("%d articles archived, want 2", n)
	}
}
