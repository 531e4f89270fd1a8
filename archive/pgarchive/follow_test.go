package pgarchive_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/haberci/haberci/archive/pgarchive"
	"github.com/haberci/haberci/index"
	"github.com/haberci/haberci/internal/pgtest"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The PostgreSQL store is an index.Feeder: two nodes' Bleve indexes follow
// one database while writers commit out of order, and each holds every
// committed article, found by a Turkish query, and the update of one.
func TestIndexesFollowDatabase(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	var nodes [2]*pgarchive.Store
	var ixs [2]*index.Index
	for i := range nodes {
		s, err := pgarchive.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		ix, err := index.Open(filepath.Join(t.TempDir(), fmt.Sprintf("index-%d", i)))
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		nodes[i], ixs[i] = s, ix
	}
	var _ index.Feeder = nodes[0]

	db, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(ctx, `INSERT INTO source (id, name) VALUES ('iha', 'İHA')`); err != nil {
		t.Fatal(err)
	}
	titles := []string{"İstanbul'da yoğun kar yağışı", "Ankara'da toplu taşıma", "IŞIK festivali İzmir'de", "Kadıköy'de sahil düzenlemesi"}
	const writers, each = 6, 5
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			for i := range each {
				id := fmt.Sprintf("w%d-%d", w, i)
				tx, err := db.Begin(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				_, err = tx.Exec(ctx, `INSERT INTO article (id, source_id, url, canonical_url, title, body, first_seen_at, published_at, language, cluster_id)
					VALUES ($1, 'iha', 'http://127.0.0.1/' || $1, 'http://127.0.0.1/' || $1, $2, $2, now(), now(), 'tr', $1)`,
					id, titles[(w+i)%len(titles)])
				if err == nil {
					_, err = tx.Exec(ctx, `INSERT INTO cluster (id, first_article_id, created_at, size) VALUES ($1, $1, now(), 1)`, id)
				}
				if err != nil {
					tx.Rollback(ctx)
					t.Error(err)
					return
				}
				time.Sleep(time.Duration(rng.IntN(10)) * time.Millisecond)
				if err := tx.Commit(ctx); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	// Both nodes catch up while the writers run, and once more after.
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for running := true; running; {
		select {
		case <-done:
			running = false
		case <-time.After(5 * time.Millisecond):
		}
		for i := range ixs {
			if _, err := ixs[i].CatchUp(ctx, nodes[i], 7, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := db.Exec(ctx, `UPDATE article SET title = 'Sultanahmet''te restorasyon', body = 'Sultanahmet''te restorasyon' WHERE id = 'w0-0'`); err != nil {
		t.Fatal(err)
	}
	for i := range ixs {
		if _, err := ixs[i].CatchUp(ctx, nodes[i], 7, nil); err != nil {
			t.Fatal(err)
		}
		if n, err := ixs[i].Count(); err != nil || n != writers*each {
			t.Errorf("node %d index holds %d articles (%v), want %d", i, n, err, writers*each)
		}
		last, err := nodes[i].LastChange(ctx)
		if wm, werr := ixs[i].Watermark(); err != nil || werr != nil || wm != last {
			t.Errorf("node %d watermark %d (%v), last change %d (%v)", i, wm, werr, last, err)
		}
		for q, want := range map[string]uint64{"istanbul": 7, "sultanahmet": 1, "ışık": 7} {
			res, err := ixs[i].Search(ctx, index.Request{Query: q, Size: 50, NoFacets: true})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != want {
				t.Errorf("node %d: %q finds %d, want %d", i, q, res.Total, want)
			}
		}
	}
}
