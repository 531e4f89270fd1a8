package pgarchive

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/haberci/haberci/internal/pgtest"
	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// open opens a Store on a fresh database of the test server, writing WARC
// files as node "n1" in a temporary directory.
func open(t *testing.T) (*Store, string) { return openB(t) }

func openB(tb testing.TB) (*Store, string) {
	tb.Helper()
	url := pgtest.URL(tb)
	s, err := Open(context.Background(), url, WithWARC(tb.TempDir(), "n1"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s, url
}

// addSources inserts n sources src-0 … src-(n-1), as the configuration
// would.
func addSources(t testing.TB, s *Store, n int) {
	t.Helper()
	for i := range n {
		if _, err := s.pool.Exec(context.Background(), `INSERT INTO source (id, name) VALUES ($1, $1)`, fmt.Sprintf("src-%d", i)); err != nil {
			t.Fatal(err)
		}
	}
}

// insertArticle writes one article founding its own cluster in tx with SQL,
// for tests of the change stream that control their transactions.
func insertArticle(ctx context.Context, tx pgx.Tx, id string) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO article (id, source_id, url, canonical_url, first_seen_at, cluster_id)
		VALUES ($1, 'src-0', 'http://127.0.0.1/' || $1, 'http://127.0.0.1/' || $1, now(), $1);
		`, id)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO cluster (id, first_article_id, created_at, size) VALUES ($1, $1, now(), 1)`, id)
	return err
}
