package archive_test

import (
	"context"
	"testing"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/archive/archivetest"
	"github.com/haberci/haberci/article"
)

// The suite both archive implementations pass (archive/archivetest).
func TestSuite(t *testing.T) {
	archivetest.Run(t, archivetest.Impl{
		Open: func(t *testing.T, revisitAfter time.Duration) archivetest.Store {
			a, err := archive.Open(context.Background(), t.TempDir(), archive.WithRevisitAfter(revisitAfter))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { a.Close() })
			return a
		},
		Versions: func(ctx context.Context, s archivetest.Store, id string) ([]string, error) {
			return archive.VersionsForTest(ctx, s.(*archive.Archive), id)
		},
		Cluster: func(ctx context.Context, s archivetest.Store, id string) (archivetest.Cluster, error) {
			c, err := s.(*archive.Archive).Cluster(ctx, id)
			if err != nil {
				return archivetest.Cluster{}, err
			}
			return archivetest.Cluster{First: c.FirstArticleID, Agency: c.Agency, Size: c.Size}, nil
		},
		Iterate: func(ctx context.Context, s archivetest.Store, f archivetest.Filter, fn func(*article.Article, []article.Capture) error) error {
			return s.(*archive.Archive).Iterate(ctx, archive.Filter{From: f.From, To: f.To, Sources: f.Sources}, fn)
		},
		Damage: func(ctx context.Context, s archivetest.Store, stmt string) error {
			return archive.DamageForTest(ctx, s.(*archive.Archive), stmt)
		},
		ErrNotFound: archive.ErrNotFound,
		ErrInvalid:  archive.ErrInvalid,
		MaxPage:     archive.MaxPage,
	})
}
