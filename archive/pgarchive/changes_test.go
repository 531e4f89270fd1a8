package pgarchive

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/haberci/haberci/article"
)

// follow reads the stream after wm until it is caught up, as the index's
// catch-up does, checking the cursor order and the page contract, and
// returns the articles and the new watermark.
func follow(t *testing.T, s *Store, wm int64, limit int) ([]*article.Article, int64) {
	t.Helper()
	var all []*article.Article
	for {
		page, err := s.Changes(context.Background(), wm, limit)
		if err != nil {
			t.Error(err)
			return all, wm
		}
		for _, a := range page {
			if a.ChangeSeq <= wm {
				t.Errorf("article %s at cursor %d does not follow %d", a.ID, a.ChangeSeq, wm)
			}
			wm = a.ChangeSeq
		}
		all = append(all, page...)
		if len(page) < limit {
			return all, wm
		}
	}
}

func ids(arts []*article.Article) []string {
	var out []string
	for _, a := range arts {
		out = append(out, a.ID)
	}
	return out
}

// The case a sequence in the writer gets wrong: a transaction that began
// writing first commits last. The stream must not pass it.
func TestChangesLateCommit(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	addSources(t, s, 1)

	early, err := s.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer early.Rollback(ctx)
	if err := insertArticle(ctx, early, "early"); err != nil {
		t.Fatal(err)
	}
	late, err := s.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := insertArticle(ctx, late, "late"); err != nil {
		t.Fatal(err)
	}
	if err := late.Commit(ctx); err != nil {
		t.Fatal(err)
	}

	// "late" is committed, but "early" is still open with a smaller xid:
	// nothing may be numbered yet, or "early" could be passed.
	got, wm := follow(t, s, 0, 10)
	if last, err := s.LastChange(ctx); len(got) != 0 || last != 0 || err != nil {
		t.Fatalf("while an older writer is open: %v, last change %d, %v", ids(got), last, err)
	}
	if err := early.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	got, wm = follow(t, s, wm, 10)
	if !slices.Equal(ids(got), []string{"early", "late"}) || wm != 2 {
		t.Fatalf("after both commits: %v up to %d, want [early late] up to 2", ids(got), wm)
	}
	// An update (a cluster merge, a revisit) gives the article a new
	// cursor; read from the start, each article appears once.
	if _, err := s.pool.Exec(ctx, `UPDATE article SET title = 'yeni' WHERE id = 'early'`); err != nil {
		t.Fatal(err)
	}
	got, _ = follow(t, s, wm, 10)
	if len(got) != 1 || got[0].ID != "early" || got[0].Title != "yeni" || got[0].ChangeSeq != 3 {
		t.Fatalf("after an update: %+v, want early, titled yeni, at 3", got)
	}
	got, _ = follow(t, s, 0, 10)
	if !slices.Equal(ids(got), []string{"late", "early"}) {
		t.Fatalf("from the start: %v, want [late early]", ids(got))
	}
	if last, err := s.LastChange(ctx); last != 3 || err != nil {
		t.Errorf("last change %d, %v; want 3", last, err)
	}
}

// Many writers commit in random order after random delays, some roll
// back, while three followers (three nodes' indexes, each also running the
// sequencer) read small pages: each follower sees every committed article
// exactly once and no rolled-back one, and the cursors are dense.
func TestChangesConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	addSources(t, s, 1)
	const writers, perWriter, followers = 16, 12, 3

	var mu sync.Mutex
	committed := map[string]bool{}
	rolledBack := 0
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 21))
			for i := range perWriter {
				id := fmt.Sprintf("w%d-%d", w, i)
				tx, err := s.pool.Begin(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				time.Sleep(time.Duration(rng.IntN(3000)) * time.Microsecond)
				if err := insertArticle(ctx, tx, id); err != nil {
					tx.Rollback(ctx)
					t.Error(err)
					return
				}
				// Holding the transaction open makes commits overtake one
				// another.
				time.Sleep(time.Duration(rng.IntN(15000)) * time.Microsecond)
				if rng.IntN(5) == 0 {
					tx.Rollback(ctx)
					mu.Lock()
					rolledBack++
					mu.Unlock()
					continue
				}
				if err := tx.Commit(ctx); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				committed[id] = true
				mu.Unlock()
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()

	seen := make([]map[string]int, followers)
	var fwg sync.WaitGroup
	for f := range followers {
		seen[f] = map[string]int{}
		fwg.Go(func() {
			var wm int64
			var got []*article.Article
			for running := true; running; {
				select {
				case <-done:
					running = false
				case <-time.After(time.Duration(1+f) * time.Millisecond):
				}
				got, wm = follow(t, s, wm, 7)
				for _, a := range got {
					seen[f][a.ID]++
				}
			}
			got, _ = follow(t, s, wm, 7)
			for _, a := range got {
				seen[f][a.ID]++
			}
		})
	}
	fwg.Wait()
	if t.Failed() {
		return
	}
	for f := range followers {
		for id := range committed {
			if seen[f][id] != 1 {
				t.Errorf("follower %d saw %s %d times, want once", f, id, seen[f][id])
			}
		}
		if len(seen[f]) != len(committed) {
			t.Errorf("follower %d saw %d articles, %d were committed", f, len(seen[f]), len(committed))
		}
	}
	if len(committed)+rolledBack != writers*perWriter || len(committed) == 0 || rolledBack == 0 {
		t.Errorf("%d committed + %d rolled back, want %d in all with some of each", len(committed), rolledBack, writers*perWriter)
	}
	// Dense: the cursors are 1…n, as on SQLite, so the index can count
	// what waits as LastChange minus its watermark.
	all, wm := follow(t, s, 0, MaxPage)
	if last, err := s.LastChange(ctx); err != nil || last != int64(len(committed)) || wm != last || len(all) != len(committed) {
		t.Errorf("last change %d (%v), read up to %d in %d articles; want %d", last, err, wm, len(all), len(committed))
	}
}
