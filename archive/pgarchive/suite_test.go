package pgarchive

import (
	"context"
	"github.com/haberci/haberci/archive"

	"github.com/haberci/haberci/article"
	"testing"
	"time"

	"github.com/haberci/haberci/archive/archivetest"
	"github.com/haberci/haberci/internal/pgtest"
	"github.com/jackc/pgx/v5"
)

// The suite both archive implementations pass (archive/archivetest).
func TestSuite(t *testing.T) {
	archivetest.Run(t, archivetest.Impl{
		Open: func(t *testing.T, revisitAfter time.Duration) archivetest.Store {
			s, err := Open(context.Background(), pgtest.URL(t), WithWARC(t.TempDir(), "n1"), WithRevisitAfter(revisitAfter))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		},
		Versions: func(ctx context.Context, s archivetest.Store, id string) ([]string, error) {
			rows, err := s.(*Store).pool.Query(ctx, `SELECT title FROM article_version WHERE article_id = $1 ORDER BY id`, id)
			if err != nil {
				return nil, err
			}
			return pgx.CollectRows(rows, pgx.RowTo[string])
		},
		Cluster: func(ctx context.Context, s archivetest.Store, id string) (archivetest.Cluster, error) {
			c, err := s.(*Store).Cluster(ctx, id)
			if err != nil {
				return archivetest.Cluster{}, err
			}
			return archivetest.Cluster{First: c.FirstArticleID, Agency: c.Agency, Size: c.Size}, nil
		},
		Iterate: func(ctx context.Context, s archivetest.Store, f archivetest.Filter, fn func(*article.Article, []article.Capture) error) error {
			return s.(*Store).Iterate(ctx, archive.Filter{From: f.From, To: f.To, Sources: f.Sources}, fn)
		},
		Damage: func(ctx context.Context, s archivetest.Store, stmt string) error {
			_, err := s.(*Store).pool.Exec(ctx, stmt)
			return err
		},
		ErrNotFound: ErrNotFound,
		ErrInvalid:  ErrInvalid,
		MaxPage:     MaxPage,
	})
}
