package pgarchive

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/internal/pgtest"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Nodes starting together on an empty database migrate it once: every
// Open succeeds and the version is the program's.
func TestOpenConcurrentMigrates(t *testing.T) {
	ctx := context.Background()
	_, url := open(t)
	const nodes = 6
	var wg sync.WaitGroup
	errs := make([]error, nodes)
	for i := range nodes {
		wg.Go(func() {
			s, err := Open(ctx, url)
			if err == nil {
				s.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var version, rows int
	if err := s.pool.QueryRow(ctx, `SELECT max(version), count(*) FROM schema_version`).Scan(&version, &rows); err != nil {
		t.Fatal(err)
	}
	if version != len(migrations) || rows != 1 {
		t.Errorf("schema_version: version %d in %d rows, want %d in 1", version, rows, len(migrations))
	}
}

// A database migrated by a newer program is refused, not downgraded.
func TestOpenNewerSchema(t *testing.T) {
	ctx := context.Background()
	s, url := open(t)
	if _, err := s.pool.Exec(ctx, `UPDATE schema_version SET version = version + 1`); err != nil {
		t.Fatal(err)
	}
	if s2, err := Open(ctx, url); err == nil {
		s2.Close()
		t.Fatal("opened a database with a newer schema")
	}
}

func TestOpenBadURL(t *testing.T) {
	if _, err := Open(context.Background(), "postgres://[::1"); !errors.Is(err, ErrInvalid) {
		t.Errorf("err = %v, want ErrInvalid", err)
	}
}

// A database numbered before step 7 (the article's Seq) keeps its order:
// each article takes its change number as Seq, later articles come after
// them, and an article changed again keeps its Seq.
func TestSeqStepKeepsOrder(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	const before = 6 // the steps before the Seq
	for _, step := range migrations[:before] {
		if _, err := pool.Exec(ctx, step); err != nil {
			t.Fatal(err)
		}
	}
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `CREATE TABLE schema_version (version integer NOT NULL);
		INSERT INTO schema_version VALUES (6); INSERT INTO source (id) VALUES ('src-0')`); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"a1", "a2", "a3"} {
		if err := insertArticle(ctx, tx, id); err != nil {
			t.Fatal(err)
		}
	}
	// As the old sequencer would have left it, a1 changed again after a2.
	if _, err := tx.Exec(ctx, `INSERT INTO article_cursor VALUES ('a2', 1), ('a1', 2), ('a3', 3)`); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `UPDATE change_position SET (xid, change_id, seq) =
		(SELECT max(xid), max(id), 3 FROM article_change)`); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, url, WithWARC(t.TempDir(), "n1"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, _, err := s.Put(ctx, &article.Article{ID: "a4", SourceID: "src-0", URL: "http://127.0.0.1/a4",
		CanonicalURL: "http://127.0.0.1/a4", Title: "Yeni", Body: "Ödemiş'te yeni haber.", FirstSeenAt: time.Now()}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.pool.Exec(ctx, `UPDATE article SET title = 'değişti' WHERE id = 'a2'`); err != nil {
		t.Fatal(err)
	}
	var got []string
	err = s.Iterate(ctx, archive.Filter{}, func(a *article.Article, _ []article.Capture) error {
		got = append(got, fmt.Sprintf("%s:%d:%d", a.ID, a.Seq, a.ChangeSeq))
		return nil
	})
	if want := []string{"a2:1:5", "a1:2:2", "a3:3:3", "a4:4:4"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("Iterate after step 7 = %v, %v; want %v (id:Seq:ChangeSeq)", got, err, want)
	}
}
