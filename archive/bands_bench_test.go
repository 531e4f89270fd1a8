package archive

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/haberci/haberci/cluster"
	"github.com/haberci/haberci/syndication"
)

// BenchmarkBandWrites compares two ways of writing the LSH bands of 1,024
// articles into an lsh_band that already holds those of n articles: as the
// committer did before pending bands, each article's 32 rows in the commit
// of its group (groups of six, the pipeline's average), and as it does
// now, all rows in key order in one transaction (flushPending). One
// iteration is 1,024 articles; both commit with the archive's durability.
// Run:
//
//	go test -run '^$' -bench BenchmarkBandWrites -benchtime 5x ./archive/
func BenchmarkBandWrites(b *testing.B) {
	const articles, group = flushArticles, 6
	for _, n := range []int{10_000, 100_000} {
		for _, way := range []string{"per-group", "flush"} {
			b.Run(fmt.Sprintf("%s/%s", way, strconv.Itoa(n)), func(b *testing.B) {
				ctx := context.Background()
				a, _ := openTemp(b)
				day := time.Date(2020, 6, 13, 12, 0, 0, 0, time.UTC)
				fillBands(b, a, n, day)
				r := rand.New(rand.NewPCG(uint64(n), 2))
				next := 0
				newSet := func(k int) *cluster.Set {
					var s cluster.Set
					bands := make([]uint64, syndication.NumBands)
					for range k {
						for i := range bands {
							bands[i] = r.Uint64()
						}
						s.Add(fmt.Sprintf("%032x", 1<<40+next), day, bands)
						next++
					}
					return &s
				}
				b.ResetTimer()
				for range b.N {
					if way == "flush" {
						b.StopTimer()
						a.pending.Merge(newSet(articles))
						b.StartTimer()
						if err := a.flushPending(ctx); err != nil {
							b.Fatal(err)
						}
						continue
					}
					for done := 0; done < articles; done += group {
						b.StopTimer()
						s := newSet(min(group, articles-done))
						b.StartTimer()
						err := a.inTx(ctx, func(tx *sql.Tx) error {
							return insertBands(ctx, cachedTx{tx, a.stmts}, s.Sorted())
						})
						if err != nil {
							b.Fatal(err)
						}
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*articles), "µs/article")
			})
		}
	}
}
