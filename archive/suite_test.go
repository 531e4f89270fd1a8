package archive

import (
	"context"

	"github.com/haberci/haberci/article"
	"testing"
	"time"

	"github.com/haberci/haberci/archive/archivetest"
)

// The suite both archive implementations pass (archive/archivetest).
func TestSuite(t *testing.T) {
	archivetest.Run(t, archivetest.Impl{
		Open: func(t *testing.T, revisitAfter time.Duration) archivetest.Store {
			a, err := Open(context.Background(), t.TempDir(), WithRevisitAfter(revisitAfter))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { a.Close() })
			return a
		},
		Versions: func(ctx context.Context, s archivetest.Store, id string) ([]string, error) {
			rows, err := s.(*Archive).read.QueryContext(ctx, `SELECT title FROM article_version WHERE article_id = ? ORDER BY id`, id)
			return queryIDs(rows, err)
		},
		Cluster: func(ctx context.Context, s archivetest.Store, id string) (archivetest.Cluster, error) {
			c, err := s.(*Archive).Cluster(ctx, id)
			if err != nil {
				return archivetest.Cluster{}, err
			}
			return archivetest.Cluster{First: c.FirstArticleID, Agency: c.Agency, Size: c.Size}, nil
		},
		Iterate: func(ctx context.Context, s archivetest.Store, f archivetest.Filter, fn func(*article.Article, []article.Capture) error) error {
			return s.(*Archive).Iterate(ctx, Filter{From: f.From, To: f.To, Sources: f.Sources}, fn)
		},
		ErrNotFound: ErrNotFound,
		ErrInvalid:  ErrInvalid,
		MaxPage:     MaxPage,
	})
}
