package archive

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haberci/haberci/cluster"
	"github.com/haberci/haberci/syndication"
)

// unionLookup is the band lookup as two SQL UNIONs (each with its LIMIT),
// as StoredCandidates ran it before candidateIDs took over the limits: the
// reference it must agree with.
func unionLookup(terms bool) string {
	union := func(first, n, per, limit int) string {
		var b strings.Builder
		for band := first; band < first+n; band++ {
			if band > first {
				b.WriteString(" UNION ")
			}
			fmt.Fprintf(&b, `SELECT article_id FROM (SELECT article_id FROM lsh_band
				WHERE band = %d AND value = ?%d AND first_seen_at BETWEEN ?1 AND ?2 LIMIT %d)`, band, band+3, per)
		}
		fmt.Fprintf(&b, " LIMIT %d", limit)
		return b.String()
	}
	q := union(0, syndication.NumBands, cluster.PerBand, cluster.MaxCandidates)
	if !terms {
		return q
	}
	return `SELECT article_id FROM (` + q + `) UNION ALL SELECT article_id FROM (` +
		union(cluster.TermBand0, syndication.NumTermBands, cluster.PerTermBand, cluster.MaxTermCandidates) + `)`
}

// TestStoredCandidatesLimits checks the one-statement lookup against the
// UNIONs on band rows crowded enough that every limit binds: few values
// per band, so that a band holds dozens of articles within the window.
func TestStoredCandidatesLimits(t *testing.T) {
	ctx := context.Background()
	a, _ := openTemp(t)
	r := rand.New(rand.NewPCG(3, 4))
	day := time.Date(2020, 6, 13, 12, 0, 0, 0, time.UTC)
	key := func(band int) uint64 { return uint64(band)<<32 | uint64(r.IntN(4)) }
	var set cluster.Set
	for range 1500 {
		keys := make([]uint64, cluster.NumKeys)
		for b := range keys {
			keys[b] = key(b)
		}
		seen := day.Add(time.Duration(r.Int64N(int64(120 * 24 * time.Hour))))
		set.Add(fmt.Sprintf("%016x", r.Uint64()), seen, keys)
	}
	if err := a.inTx(ctx, func(tx *sql.Tx) error { return insertBands(ctx, tx, set.Sorted()) }); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{syndication.NumBands, cluster.NumKeys} {
		for i := range 40 {
			t.Run(fmt.Sprintf("%d keys, lookup %d", n, i), func(t *testing.T) {
				keys := make([]uint64, n)
				for b := range keys {
					keys[b] = key(b)
				}
				switch i % 3 {
				case 0:
					keys[r.IntN(n)] = r.Uint64() // a value no row has
				case 1: // two shingle bands in common: the term bands' limits bind
					for b := 2; b < syndication.NumBands; b++ {
						keys[b] = r.Uint64()
					}
				}
				around := day.Add(time.Duration(r.Int64N(int64(120 * 24 * time.Hour))))
				lo, hi := around.Add(-NearWindow), around.Add(NearWindow)
				got, err := txStore{a.read}.StoredCandidates(ctx, keys, lo, hi)
				if err != nil {
					t.Fatal(err)
				}
				args := []any{timeText(lo), timeText(hi)}
				for _, v := range keys {
					args = append(args, int64(v))
				}
				ids, err := queryIDs(a.read.QueryContext(ctx, unionLookup(n == cluster.NumKeys), args...))
				if err != nil {
					t.Fatal(err)
				}
				var want []string
				for _, id := range ids {
					if !slices.Contains(want, id) && len(want) < cluster.MaxCandidates {
						want = append(want, id)
					}
				}
				if len(want) <= cluster.PerBand {
					t.Fatalf("only %d candidates: the rows are not crowded enough to test the limits", len(want))
				}
				if !slices.Equal(got, want) {
					t.Errorf("got %d candidates %v\nwant %d %v", len(got), got, len(want), want)
				}
			})
		}
	}
}
