package archive

import (
	"context"
	"fmt"
	"testing"

	"github.com/haberci/haberci/article"
)

// BenchmarkPut stores articles with the ~3 KB seed İHA body (made unique per
// article) and one 20 KB page capture each: WARC write + fsync, then one
// SQLite transaction (synchronous=FULL). Run:
//
//	go test -run '^$' -bench BenchmarkPut -benchtime 2000x ./archive/
func BenchmarkPut(b *testing.B) {
	ctx := context.Background()
	a, _ := openTemp(b)
	body := seedBody(b)
	page := pageResponse(b, "")
	page.Body = page.Body[:20<<10]
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		url := fmt.Sprintf("https://www.kartal.bel.tr/haber/%d", i)
		art := newArticle(b, "kartal-bel", url, fmt.Sprintf("%s\n\n%d", body, i))
		page.URL = url
		if _, _, err := a.Put(ctx, art, []article.Response{page}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
