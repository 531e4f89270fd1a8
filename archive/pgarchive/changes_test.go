package pgarchive

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// follow reads the stream from c until it is caught up, checking order,
// and returns the changes and the new cursor.
func follow(t *testing.T, s *Store, c Cursor, limit int) ([]Change, Cursor) {
	t.Helper()
	var all []Change
	for {
		page, err := s.Changes(context.Background(), c, limit)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			return all, c
		}
		for _, ch := range page {
			if !c.Less(ch.Cursor) {
				t.Fatalf("change %v does not follow cursor %v", ch.Cursor, c)
			}
			c = ch.Cursor
		}
		all = append(all, page...)
	}
}

// The case a sequence watermark gets wrong: a transaction that took its
// row id first commits last. The follower must not pass it.
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
	// nothing may be handed out yet, or "early" could be skipped.
	got, c := follow(t, s, Cursor{}, 10)
	if len(got) != 0 {
		t.Fatalf("while an older writer is open the stream gave %v", got)
	}
	if err := early.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	got, c = follow(t, s, c, 10)
	if len(got) != 2 || got[0].ArticleID != "early" || got[1].ArticleID != "late" {
		t.Fatalf("after both commits: %v, want early then late", got)
	}
	// An update (a cluster merge, a revisit) is a change too.
	if _, err := s.pool.Exec(ctx, `UPDATE article SET title = 'yeni' WHERE id = 'early'`); err != nil {
		t.Fatal(err)
	}
	got, _ = follow(t, s, c, 10)
	if len(got) != 1 || got[0].ArticleID != "early" {
		t.Fatalf("after an update: %v, want early once", got)
	}
}

// Many writers commit in random order after random delays, some roll
// back, while a follower reads small pages: the follower sees every
// committed article exactly once and no rolled-back one.
func TestChangesConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	addSources(t, s, 1)
	const writers, perWriter = 16, 12

	var committed sync.Map // article id → true
	var rolledBack atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 21))
			for i := range perWriter {
				id := fmt.Sprintf("w%d-%d", w, i)
				tx, err := s.pool.Begin(ctx)
				if err != nil {
					errs <- err
					return
				}
				time.Sleep(time.Duration(rng.IntN(3000)) * time.Microsecond)
				if err := insertArticle(ctx, tx, id); err != nil {
					tx.Rollback(ctx)
					errs <- err
					return
				}
				// Holding the transaction open makes commits overtake one
				// another.
				time.Sleep(time.Duration(rng.IntN(15000)) * time.Microsecond)
				if rng.IntN(5) == 0 {
					tx.Rollback(ctx)
					rolledBack.Add(1)
					continue
				}
				if err := tx.Commit(ctx); err != nil {
					errs <- err
					return
				}
				committed.Store(id, true)
			}
		})
	}

	seen := map[string]int{}
	var c Cursor
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for running := true; running; {
		select {
		case <-done:
			running = false
		case <-time.After(2 * time.Millisecond):
		}
		var got []Change
		got, c = follow(t, s, c, 7)
		for _, ch := range got {
			seen[ch.ArticleID]++
		}
	}
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got, _ := follow(t, s, c, 7)
	for _, ch := range got {
		seen[ch.ArticleID]++
	}

	want := 0
	committed.Range(func(k, _ any) bool {
		want++
		if seen[k.(string)] != 1 {
			t.Errorf("article %s seen %d times, want once", k, seen[k.(string)])
		}
		return true
	})
	if len(seen) != want {
		t.Errorf("follower saw %d articles, %d were committed", len(seen), want)
	}
	if want+int(rolledBack.Load()) != writers*perWriter || want == 0 || rolledBack.Load() == 0 {
		t.Errorf("%d committed + %d rolled back, want %d in all with some of each", want, rolledBack.Load(), writers*perWriter)
	}
}
