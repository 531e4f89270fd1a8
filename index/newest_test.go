package index

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/haberci/haberci/article"
)

// TestFetchNewestEqualsFullSort: browsing newest first through the date
// windows gives, page by page and by cursor, the hits, the total and the
// "more" of sorting every article, with articles on and around each
// window's start (ties of one second among them), in the future, and
// years old.
func TestFetchNewestEqualsFullSort(t *testing.T) {
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	var ages []time.Duration
	for _, w := range newestWindows {
		ages = append(ages, w, w, w, w-time.Second, w+time.Second, w+time.Second, w/2)
	}
	ages = append(ages, -time.Hour, -48*time.Hour, time.Minute, 3*365*24*time.Hour, 10*365*24*time.Hour, 10*365*24*time.Hour)
	var arts []*article.Article
	base := fixtureArticles(t)
	for i, age := range ages {
		b := *base[i%len(base)]
		b.ID = fmt.Sprintf("%02x-%d", (i*37)%256, i)
		b.Seq = int64(i + 1)
		b.PublishedAt = now.Add(-age)
		arts = append(arts, &b)
	}
	if err := ix.Apply(arts, int64(len(arts))); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	o := order{name: SortNewest}
	ids := func(p ordered) []string {
		var out []string
		for _, h := range p.hits {
			out = append(out, h.ID)
		}
		return out
	}
	for _, size := range []int{1, 3, 4, 7, 20, 60} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			var a *after
			for page := 0; page < 100; page++ {
				fast, err := ix.fetchNewest(ctx, o, a, 0, size, now)
				if err != nil {
					t.Fatal(err)
				}
				full, err := ix.fetch(ctx, query.NewMatchAllQuery(), o, a, 0, size, false)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(ids(fast), ids(full)) || fast.more != full.more || fast.total != full.total || fast.total != uint64(len(arts)) {
					t.Fatalf("page %d: %v more %v total %d, full sort %v more %v total %d", page, ids(fast), fast.more, fast.total, ids(full), full.more, full.total)
				}
				byNumber, err := ix.fetchNewest(ctx, o, nil, page*size, size, now)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(ids(byNumber), ids(full)) {
					t.Fatalf("page %d by number: %v, want %v", page, ids(byNumber), ids(full))
				}
				if !full.more {
					return
				}
				last := full.hits[len(full.hits)-1]
				a = &after{value: o.value(last), id: last.ID}
			}
			t.Fatal("no end")
		})
	}
}
