package archive

import (
	"context"
	"testing"

	"github.com/haberci/haberci/archive/archivetest"
)

// The suite both archive implementations pass (archive/archivetest).
func TestSuite(t *testing.T) {
	archivetest.Run(t, archivetest.Impl{
		Open: func(t *testing.T) archivetest.Store {
			a, _ := openTemp(t)
			return a
		},
		Cluster: func(ctx context.Context, s archivetest.Store, id string) (archivetest.Cluster, error) {
			c, err := s.(*Archive).Cluster(ctx, id)
			if err != nil {
				return archivetest.Cluster{}, err
			}
			return archivetest.Cluster{First: c.FirstArticleID, Agency: c.Agency, Size: c.Size}, nil
		},
		ErrNotFound: ErrNotFound,
		ErrInvalid:  ErrInvalid,
		MaxPage:     MaxPage,
	})
}
