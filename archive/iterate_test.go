package archive

import (
	"context"
	"fmt"
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

// TestMissing: Iterate and ArticleIDs are in the shared suite
// (archivetest), Missing is the SQLite archive's own.
func TestMissing(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	all := putSeries(t, a, 6)
	missing, err := a.Missing(ctx, []string{"yok-1", all[5].ID, "yok-2"})
	if err != nil || !slices.Equal(missing, []string{"yok-1", "yok-2"}) {
		t.Errorf("Missing = %v, %v", missing, err)
	}
}
