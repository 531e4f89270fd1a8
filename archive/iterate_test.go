package archive

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/haberci/haberci/article"
)

// putSeries stores n articles from the seed text: source "a" for even i, "b" for
// odd, published one day apart from 2020-06-01, each with one page capture.
func putSeries(t testing.TB, a *Archive, n int) []*article.Article {
	t.Helper()
	var out []*article.Article
	for i := range n {
		src := []string{"a", "b"}[i%2]
		u := fmt.Sprintf("https://www.kartal.bel.tr/haber/%d", i)
		art := newArticle(t, src, u, fmt.Sprintf("%s\n\nHaber %d", seedBody(t), i))
		art.PublishedAt = time.Date(2020, 6, 1+i, 9, 0, 0, 0, time.UTC)
		stored, _, err := a.Put(context.Background(), art, []article.Response{pageResponse(t, u)})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, stored)
	}
	return out
}

func TestIterate(t *testing.T) {
	a, _ := openTemp(t)
	all := putSeries(t, a, 7)
	day := func(d int) time.Time { return time.Date(2020, 6, d, 0, 0, 0, 0, time.UTC) }
	tests := map[string]struct {
		filter Filter
		want   []int // indexes into all
	}{
		"everything":       {Filter{}, []int{0, 1, 2, 3, 4, 5, 6}},
		"one source":       {Filter{Sources: []string{"b"}}, []int{1, 3, 5}},
		"two sources":      {Filter{Sources: []string{"a", "b"}}, []int{0, 1, 2, 3, 4, 5, 6}},
		"from":             {Filter{From: day(5)}, []int{4, 5, 6}},
		"to, inclusive":    {Filter{To: day(3).Add(9 * time.Hour)}, []int{0, 1, 2}},
		"range and source": {Filter{From: day(2), To: day(6), Sources: []string{"a"}}, []int{2, 4}},
		"unknown source":   {Filter{Sources: []string{"yok"}}, nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var got []int
			err := a.Iterate(context.Background(), tc.filter, func(art *article.Article, caps []article.Capture) error {
				i := slices.IndexFunc(all, func(x *article.Article) bool { return x.ID == art.ID })
				if !reflect.DeepEqual(art, all[i]) {
					t.Errorf("article %d differs from what Put stored", i)
				}
				if len(caps) != 1 || caps[0].URL != art.URL[:len(art.URL)-len("?utm_source=rss")] {
					t.Errorf("article %d: captures %+v", i, caps)
				}
				got = append(got, i)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestIteratePagesAndIDs(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	all := putSeries(t, a, iteratePage+3) // more than one page
	var seqs []int64
	if err := a.Iterate(ctx, Filter{}, func(art *article.Article, _ []article.Capture) error {
		seqs = append(seqs, art.Seq)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(seqs) != len(all) || !slices.IsSorted(seqs) || seqs[0] != 1 {
		t.Errorf("Iterate saw %d articles (sorted %v), want %d in Seq order", len(seqs), slices.IsSorted(seqs), len(all))
	}
	var ids []string
	if err := a.ArticleIDs(ctx, 50, func(page []string) error {
		if len(page) > 50 {
			t.Errorf("page of %d ids, want at most 50", len(page))
		}
		ids = append(ids, page...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for i, art := range all {
		if ids[i] != art.ID {
			t.Fatalf("id %d = %s, want %s", i, ids[i], art.ID)
		}
	}
	missing, err := a.Missing(ctx, []string{"yok-1", all[5].ID, "yok-2"})
	if err != nil || !slices.Equal(missing, []string{"yok-1", "yok-2"}) {
		t.Errorf("Missing = %v, %v", missing, err)
	}
}

// TestIterateDuringMerge exports beside a writer whose new article merges
// two clusters after the export read its first page: the moved articles
// keep their Seq, so the export sees each article once and the new one
// too, while the index (Changes) sees the moved ones again.
func TestIterateDuringMerge(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	start, end, link := linkedStories(t)
	day := time.Date(2020, 6, 13, 12, 0, 0, 0, time.UTC)
	put := func(src, url, body string, at time.Duration) *article.Article {
		t.Helper()
		art := newArticle(t, src, url, body)
		art.FirstSeenAt = day.Add(at)
		s, _, err := a.Put(ctx, art, nil)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	older := put("kartal", "https://kartal.example/calistay", start, 0)
	newer := put("iha", "https://iha.example/kilicdaroglu", end, time.Hour)
	putN(t, a, iteratePage) // the moved article is on the first page, the export goes on to a second
	lastBefore, err := a.LastChange(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	var linking *article.Article
	err = a.Iterate(ctx, Filter{}, func(art *article.Article, _ []article.Capture) error {
		if linking == nil {
			linking = put("bulten", "https://bulten.example/calistay", link, 3*time.Hour)
		}
		seen[art.ID]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if linking.ClusterID != older.ClusterID {
		t.Fatalf("linking copy joined %s, want %s: no merge happened", linking.ClusterID, older.ClusterID)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("export saw %s %d times", id, n)
		}
	}
	if want := iteratePage + 3; len(seen) != want || seen[newer.ID] != 1 || seen[linking.ID] != 1 {
		t.Errorf("export saw %d articles (moved %d, new %d times), want %d", len(seen), seen[newer.ID], seen[linking.ID], want)
	}
	changed, err := a.Changes(ctx, lastBefore, MaxPage)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range changed {
		ids = append(ids, c.ID)
	}
	if !slices.Equal(ids, []string{newer.ID, linking.ID}) || changed[0].ClusterID != older.ClusterID || changed[0].Seq != newer.Seq {
		t.Errorf("changes after the merge %v, want the moved %s (same Seq, new cluster) then the new %s", ids, newer.ID, linking.ID)
	}
}
