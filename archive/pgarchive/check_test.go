package pgarchive

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/haberci/haberci/archive/archivetest"
	"github.com/haberci/haberci/article"
	"github.com/jackc/pgx/v5"
)

// Integrity finds a cluster whose size is not its members' count and one
// whose first article left it.
func TestIntegrityFindsDamage(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	stories := archivetest.Stories(t, 2)
	var clusters []string
	for i, story := range stories {
		a, _, err := s.Put(ctx, &article.Article{ID: fmt.Sprintf("a%d", i), SourceID: "src", URL: fmt.Sprintf("http://127.0.0.1/%d", i),
			CanonicalURL: fmt.Sprintf("http://127.0.0.1/%d", i), Body: story, FirstSeenAt: time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC).AddDate(0, 0, i)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		clusters = append(clusters, a.ClusterID)
	}
	if problems, err := s.Integrity(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("Integrity before damage = %v, %v", problems, err)
	}
	if _, err := s.pool.Exec(ctx, `UPDATE cluster SET size = 3 WHERE id = $1`, clusters[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.pool.Exec(ctx, `UPDATE cluster SET first_article_id = 'a0' WHERE id = $1`, clusters[1]); err != nil {
		t.Fatal(err)
	}
	problems, err := s.Integrity(ctx)
	want := []string{
		fmt.Sprintf("cluster %s has size 3 but 1 members", clusters[0]),
		fmt.Sprintf("cluster %s: first article a0 is not among its members", clusters[1]),
	}
	if err != nil || !slices.Equal(problems, want) {
		t.Errorf("Integrity = %q, %v; want %q", problems, err, want)
	}
}

// A database that refuses writes (as a standby does) makes Writable fail
// with article.ErrStorage, and pass again once it takes them.
func TestWritableReadOnly(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	readOnly := func(on bool) {
		t.Helper()
		// A read-write transaction of its own: the connection may be
		// read-only already.
		tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadWrite})
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		if _, err := tx.Exec(ctx, fmt.Sprintf(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %%I SET default_transaction_read_only = %v', current_database()); END $$`, on)); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		s.pool.Reset() // new connections take the setting
	}
	readOnly(true)
	if err := s.Writable(ctx); !errors.Is(err, article.ErrStorage) {
		t.Errorf("Writable on a read-only database = %v, want ErrStorage", err)
	}
	readOnly(false)
	if err := s.Writable(ctx); err != nil {
		t.Errorf("Writable after = %v", err)
	}
}
