package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/haberci/haberci/params"
)

// BenchmarkSearchPage measures what the search page costs beyond the
// index's search, interleaved in one run: "index" is the search alone (as
// the API runs it), "page" the whole page (search, story counts, source
// list, rendering) through the handler.
//
//	go test -run '^$' -bench SearchPage -benchtime 2000x -count 5 ./web/
func BenchmarkSearchPage(b *testing.B) {
	f := newFixture(b, nil)
	h := f.web.Handler()
	for name, q := range map[string]string{"word": "q=kilicdaroglu", "story": "q=kilicdaroglu&collapse=story", "browse": ""} {
		req, err := params.Search(mustQuery(b, q))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name+"/index", func(b *testing.B) {
			for b.Loop() {
				if _, err := f.web.index.Search(b.Context(), req); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/page", func(b *testing.B) {
			r := httptest.NewRequest(http.MethodGet, "/search?"+q, nil)
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if w.Code != http.StatusOK {
					b.Fatal(w.Code)
				}
			}
		})
	}
}

func mustQuery(b *testing.B, q string) url.Values {
	v, err := url.ParseQuery(q)
	if err != nil {
		b.Fatal(err)
	}
	return v
}
