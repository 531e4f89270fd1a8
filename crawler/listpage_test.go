package crawler

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"testing"
)

// listPage is page n of a municipality's news list: two article links, the
// site's navigation, and a "sonraki" link to page next (none when 0).
func listPage(n, next int) http.HandlerFunc {
	body := fmt.Sprintf(`<!doctype html><html lang="tr"><head><meta charset="utf-8"><title>Haberler – Sayfa %d</title></head>
<body><nav><a href="/">Anasayfa</a> <a href="/iletisim">İletişim</a></nav><ul>
<li><a class="news-item" href="/haber/%d-a">Haber %[2]d-a</a></li>
<li><a class="news-item" href="../haber/%[2]d-b#yorumlar">Haber %[2]d-b</a></li>
<li><a class="news-item" href="/haber/1-a">Haber 1-a</a></li>
<li><a class="news-item" href="javascript:void(0)">Paylaş</a></li></ul>`, n, n)
	if next > 0 {
		body += fmt.Sprintf(`<a class="sonraki" href="/liste/%d">Sonraki »</a>`, next)
	}
	return static("text/html; charset=utf-8", []byte(body+`</body></html>`))
}

func TestHTMLList(t *testing.T) {
	tests := map[string]struct {
		next      map[int]int // list page -> its next page; pages 1..5 exist
		nextSel   string
		maxPages  int
		wantPages []int // list pages in the items, in order
		hits      map[int]int
	}{
		"links selector only": {
			next: map[int]int{1: 2}, maxPages: 5, wantPages: []int{1},
			hits: map[int]int{1: 1, 2: 0},
		},
		"pagination bounded by max_pages": {
			next: map[int]int{1: 2, 2: 3, 3: 4, 4: 5}, nextSel: "a.sonraki", maxPages: 3, wantPages: []int{1, 2, 3},
			hits: map[int]int{1: 1, 2: 1, 3: 1, 4: 0},
		},
		"pagination ends where next is missing": {
			next: map[int]int{1: 2}, nextSel: "a.sonraki", maxPages: 5, wantPages: []int{1, 2},
			hits: map[int]int{1: 1, 2: 1, 3: 0},
		},
		"a loop in next links stops": {
			next: map[int]int{1: 2, 2: 3, 3: 1}, nextSel: "a.sonraki", maxPages: 10, wantPages: []int{1, 2, 3},
			hits: map[int]int{1: 1, 2: 1, 3: 1},
		},
		"a missing next page keeps the pages read": {
			next: map[int]int{1: 2, 2: 9}, nextSel: "a.sonraki", maxPages: 10, wantPages: []int{1, 2},
			hits: map[int]int{1: 1, 2: 1, 9: 1},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s := newSite(t)
			for n := 1; n <= 5; n++ {
				s.handle("/liste/"+strconv.Itoa(n), listPage(n, tc.next[n]))
			}
			c, ar := newCrawler(t)
			src := source("kartal", "html", s.URL+"/liste/1")
			src.Links, src.Next, src.MaxPages, src.Fulltext = "a.news-item", tc.nextSel, tc.maxPages, false
			sum, err := c.Run(t.Context(), src)
			if err != nil || sum.Error != "" {
				t.Fatalf("Run: %v, %+v", err, sum)
			}
			// Each page adds its two links; 1-a, repeated on every page, once.
			var want, titles []string
			for _, n := range tc.wantPages {
				for _, x := range []string{"a", "b"} {
					want = append(want, fmt.Sprintf("%s/haber/%d-%s", s.URL, n, x))
					titles = append(titles, fmt.Sprintf("Haber %d-%s", n, x))
				}
			}
			arts := archived(t, ar)
			if got := urls(arts); !slices.Equal(got, want) || sum.Items != len(want) {
				t.Fatalf("archived %q (%d items),\nwant %q", got, sum.Items, want)
			}
			for i, a := range arts {
				if a.Title != titles[i] {
					t.Errorf("%s: title %q, want %q", a.URL, a.Title, titles[i])
				}
			}
			for n, h := range tc.hits {
				if got := s.hitCount("/liste/" + strconv.Itoa(n)); got != h {
					t.Errorf("list page %d fetched %d times, want %d", n, got, h)
				}
			}
		})
	}
}
