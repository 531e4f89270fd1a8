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

func TestFacetStaleness(t *testing.T) {
	ctx := context.Background()
	req := Request{Query: "istanbul", Size: 1}
	search := func(t *testing.T, ix *Index) *Result {
		t.Helper()
		res, err := ix.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	write := func(t *testing.T, ix *Index, id string) {
		t.Helper()
		a := &article.Article{ID: id, SourceID: "yeni-kaynak", Title: "İstanbul'da yeni haber",
			Body: "İstanbul'da bugün yeni bir haber.", PublishedAt: time.Date(2020, 6, 22, 9, 0, 0, 0, time.UTC)}
		if err := ix.Apply([]*article.Article{a}, 100); err != nil {
			t.Fatal(err)
		}
	}
	// exact is the uncached answer, counted without touching the cache.
	exact := func(t *testing.T, ix *Index) Facets {
		t.Helper()
		r, err := normalize(req)
		if err != nil {
			t.Fatal(err)
		}
		q, _, err := ix.buildQuery(r, false)
		if err != nil {
			t.Fatal(err)
		}
		f, err := ix.countFacets(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}

	t.Run("served stale while recounted", func(t *testing.T) {
		ix := openFixture(t)
		ix.SetFacetStaleness(time.Minute)
		before := search(t, ix)
		if !reflect.DeepEqual(before.Facets, exact(t, ix)) {
			t.Fatalf("first count %+v is not the exact %+v", before.Facets, exact(t, ix))
		}
		write(t, ix, "yeni")
		want := exact(t, ix)
		if reflect.DeepEqual(want, before.Facets) {
			t.Fatal("the write did not change the facets: the test proves nothing")
		}
		// The first search after the write gets the facets counted before
		// it (its hits and total are fresh) and starts their recount.
		res := search(t, ix)
		if res.Total != before.Total+1 {
			t.Errorf("total %d, want %d: only facets may be stale", res.Total, before.Total+1)
		}
		if !reflect.DeepEqual(res.Facets, before.Facets) {
			t.Errorf("facets after a write %+v, want the earlier ones while recounted", res.Facets)
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			got := search(t, ix).Facets
			if reflect.DeepEqual(got, want) {
				break
			}
			if !reflect.DeepEqual(got, before.Facets) || time.Now().After(deadline) {
				t.Fatalf("facets %+v; want the earlier ones until the recount gives the exact %+v", got, want)
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
	t.Run("never older than the bound", func(t *testing.T) {
		ix := openFixture(t)
		ix.SetFacetStaleness(time.Nanosecond) // every entry is older than this by the next search
		search(t, ix)
		write(t, ix, "yeni")
		if got, want := search(t, ix).Facets, exact(t, ix); !reflect.DeepEqual(got, want) {
			t.Errorf("facets %+v past the staleness bound, want the exact %+v", got, want)
		}
	})
	t.Run("off by default", func(t *testing.T) {
		ix := openFixture(t)
		search(t, ix)
		write(t, ix, "yeni")
		if got, want := search(t, ix).Facets, exact(t, ix); !reflect.DeepEqual(got, want) {
			t.Errorf("facets %+v after a write, want the exact %+v", got, want)
		}
	})
}
