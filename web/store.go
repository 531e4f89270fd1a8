package web

import (
	"context"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/sources"
)

// Store is the archive the pages read: articles with their captures,
// stories, and the sources listing. Both stores of record (archive,
// archive/pgarchive) satisfy it.
type Store interface {
	sources.Store
	Get(ctx context.Context, id string) (*article.Article, []article.Capture, error)
	WARCPath(file string) string
	Cluster(ctx context.Context, id string) (*archive.Cluster, error)
	ClusterMembers(ctx context.Context, clusterID string) ([]*article.Article, error)
	ClusterSizes(ctx context.Context, ids []string) (map[string]int64, error)
	CopiesPerDay(ctx context.Context, clusterIDs []string) ([]archive.DayCount, error)
}
