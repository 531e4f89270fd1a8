package pgarchive

import (
	"context"
	"testing"
	"time"
)

// Two writers of one source commit in either order without waiting for
// each other (the counts per source lock nothing a writer waits for), and
// the counts follow the commits, not the inserts; folded or not, they
// agree with the articles.
func TestCountsConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	addSources(t, s, 1)
	first, err := s.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Rollback(ctx)
	if err := insertArticle(ctx, first, "a1"); err != nil {
		t.Fatal(err)
	}
	// The second writer must not wait for the first, still open.
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	second, err := s.pool.Begin(wctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := insertArticle(wctx, second, "a2"); err != nil {
		t.Fatalf("the second writer: %v", err)
	}
	if err := second.Commit(wctx); err != nil {
		t.Fatalf("the second writer: %v", err)
	}
	want := func(n int64) {
		t.Helper()
		if got, err := s.CountsBySource(ctx); err != nil || got["src-0"] != n {
			t.Errorf("CountsBySource = %v, %v; want src-0: %d", got, err, n)
		}
		if got, err := s.Count(ctx); err != nil || got != n {
			t.Errorf("Count = %d, %v; want %d", got, err, n)
		}
		if problems, err := s.Integrity(ctx); err != nil || len(problems) != 0 {
			t.Errorf("Integrity = %v, %v; want none", problems, err)
		}
	}
	want(1)
	if err := first.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	want(2)
	if _, err := s.pool.Exec(ctx, `UPDATE source_count SET n = n + 5`); err != nil {
		t.Fatal(err)
	}
	if problems, err := s.Integrity(ctx); err != nil || len(problems) != 1 {
		t.Errorf("Integrity after a count went wrong = %v, %v; want one problem", problems, err)
	}
}
