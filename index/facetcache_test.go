package index

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/haberci/haberci/article"
)

func TestFacetCache(t *testing.T) {
	ctx := context.Background()
	count := func(f Facets, source string) int {
		for _, tc := range f.Source {
			if tc.Term == source {
				return tc.Count
			}
		}
		return 0
	}
	tests := map[string]struct {
		size int
	}{
		"cache on":  {DefaultFacetCacheSize},
		"cache off": {0},
		"one entry": {1},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ix := openFixture(t)
			ix.SetFacetCacheSize(tc.size)
			first, err := ix.Search(ctx, Request{Query: "istanbul", Size: 1})
			if err != nil {
				t.Fatal(err)
			}
			// Page 2 and another sort count the same matches.
			for _, r := range []Request{{Query: "istanbul", Size: 1, Page: 2}, {Query: "istanbul", Sort: SortOldest}} {
				res, err := ix.Search(ctx, r)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(res.Facets, first.Facets) {
					t.Errorf("%+v: facets %+v, want %+v", r, res.Facets, first.Facets)
				}
			}
			// A write makes the cached facets stale: the new article counts.
			a := &article.Article{ID: "yeni", SourceID: "yeni-kaynak", Title: "İstanbul'da yeni haber",
				Body: "İstanbul'da bugün yeni bir haber.", PublishedAt: time.Date(2020, 6, 22, 9, 0, 0, 0, time.UTC)}
			if err := ix.Apply([]*article.Article{a}, 100); err != nil {
				t.Fatal(err)
			}
			res, err := ix.Search(ctx, Request{Query: "istanbul", Size: 1, Page: 2})
			if err != nil {
				t.Fatal(err)
			}
			if n := count(res.Facets, "yeni-kaynak"); n != 1 || res.Total != first.Total+1 {
				t.Errorf("after a write: yeni-kaynak counted %d, total %d; want 1, %d", n, res.Total, first.Total+1)
			}
		})
	}
}
