package api

import (
	"context"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/coverage"
	"github.com/haberci/haberci/sources"
	"github.com/haberci/haberci/watch"
)

// Store is the archive the API reads and changes: what the sources,
// coverage and watch packages need, and what the handlers read directly.
// Both stores of record (archive, archive/pgarchive) satisfy it.
type Store interface {
	sources.Store
	coverage.Store
	watch.Store
	watch.MatchReader
	ClusterSizes(ctx context.Context, ids []string) (map[string]int64, error)
	SchemaStep(ctx context.Context) (int, error)
	Watches(ctx context.Context, kind string) ([]archive.Watch, error)
	Watch(ctx context.Context, id string) (archive.Watch, error)
	WatchByToken(ctx context.Context, token string) (archive.Watch, error)
	DeleteWatch(ctx context.Context, id string) error
	Deliveries(ctx context.Context, watchID string, limit int) ([]archive.Delivery, error)
	LatestMatches(ctx context.Context, watchID string, limit int) ([]archive.Match, error)
}
