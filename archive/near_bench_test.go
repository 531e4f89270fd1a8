package archive

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/haberci/haberci/cluster"
	"github.com/haberci/haberci/syndication"
)

// BenchmarkNearLookup measures what clustering costs a Put as the archive
// grows (cluster.Join): shingling and signing the body, the LSH candidate
// lookup within NearWindow and the exact check of the candidates found. The
// archive holds the real seed article plus n synthetic articles' bands
// (random values, first seen over one year), so the cost of the B-tree
// depth shows. 1M needs ~2.5 GB of disk and minutes to build; opt in with
// HABERCI_BENCH_NEAR_1M=1. Run:
//
//	go test -run '^$' -bench BenchmarkNearLookup -benchtime 2000x ./archive/
func BenchmarkNearLookup(b *testing.B) {
	sizes := []int{10_000, 100_000}
	if os.Getenv("HABERCI_BENCH_NEAR_1M") != "" {
		sizes = append(sizes, 1_000_000)
	}
	for _, n := range sizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			ctx := context.Background()
			a, _ := openTemp(b)
			day := time.Date(2020, 6, 13, 12, 0, 0, 0, time.UTC)
			seed := newArticle(b, "iha", "https://iha.example/seed", seedBody(b))
			seed.FirstSeenAt = day
			if _, _, err := a.Put(ctx, seed, nil); err != nil {
				b.Fatal(err)
			}
			fillBands(b, a, n, day)
			copyArt := normalised(newArticle(b, "kartal", "https://kartal.example/copy", republished(seed.Body)))
			copyArt.FirstSeenAt, copyArt.Seq = day.Add(time.Hour), 1<<40
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				// What a Put adds for clustering, in a write transaction
				// with the prepared statements, rolled back.
				tx, err := a.write.BeginTx(ctx, nil)
				if err != nil {
					b.Fatal(err)
				}
				n := *copyArt
				joined, _, err := cluster.Join(ctx, txStore{cachedTx{tx, a.stmts}}, cluster.NewSketch(n.Body), n.FirstSeenAt, "", cluster.Lookup{Window: NearWindow})
				tx.Rollback()
				if err != nil || joined != seed.ID {
					b.Fatalf("cluster %q (%v), want the seed's", joined, err)
				}
			}
		})
	}
}

// fillBands inserts the bands of n synthetic articles, band by band in key
// order so that the build appends to the B-tree.
func fillBands(b *testing.B, a *Archive, n int, around time.Time) {
	b.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(uint64(n), 1))
	tx, err := a.write.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, `INSERT INTO lsh_band (band, value, first_seen_at, article_id) VALUES (?, ?, ?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	vals := make([]int64, n)
	for band := range syndication.NumBands {
		for i := range vals {
			vals[i] = int64(r.Uint64())
		}
		slices.Sort(vals)
		for i, v := range vals {
			seen := around.Add(time.Duration(r.Int64N(int64(365 * 24 * time.Hour)))).Add(-182 * 24 * time.Hour)
			if _, err := st.ExecContext(ctx, band, v, encTime(seen), fmt.Sprintf("%032x", i)); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}
