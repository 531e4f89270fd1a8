package index

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"
)

// BenchmarkBrowseNewest compares, on one index, the first page of
// browsing newest first read through the date windows (fetchNewest) with
// sorting every article (fetch of match-all), as a browse page with
// cached facets would. It needs an index built by the current mapping:
//
//	HABERCI_BENCH_INDEX=/path/to/data_dir/index go test -run '^$' -bench BrowseNewest -count 5 ./index/
func BenchmarkBrowseNewest(b *testing.B) {
	dir := os.Getenv("HABERCI_BENCH_INDEX")
	if dir == "" {
		b.Skip("HABERCI_BENCH_INDEX is not set")
	}
	ix, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	ctx, o := context.Background(), order{name: SortNewest}
	b.Run("full sort", func(b *testing.B) {
		for range b.N {
			if _, err := ix.fetch(ctx, query.NewMatchAllQuery(), o, nil, 0, 20, false); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("windows", func(b *testing.B) {
		for range b.N {
			if _, err := ix.fetchNewest(ctx, o, nil, 0, 20, time.Now()); err != nil {
				b.Fatal(err)
			}
		}
	})
}
