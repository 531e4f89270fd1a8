package watch

import (
	"context"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
)

// The archive as each part of this package uses it, so that either store
// of record (archive, archive/pgarchive) serves.

// Articles reads the articles matches point at.
type Articles interface {
	Get(ctx context.Context, id string) (*article.Article, []article.Capture, error)
}

// MatchReader reads a watch's matches with their articles.
type MatchReader interface {
	Articles
	Matches(ctx context.Context, watchID string, after int64, limit int) ([]archive.Match, error)
}

// Store is what a Service needs: it stores watches and the matches a
// release already has among the archived articles.
type Store interface {
	Articles
	ClusterMembers(ctx context.Context, clusterID string) ([]*article.Article, error)
	Candidates(ctx context.Context, bands []uint64, around time.Time, window time.Duration) ([]string, error)
	AddWatch(ctx context.Context, w *archive.Watch, bands archive.WatchBands) error
	RecordMatches(ctx context.Context, nm archive.NewMatches) ([]archive.Match, error)
}

// MatchStore is what a Matcher needs: the watches, the articles stored
// after its watermark, and where it records matches and outbox rows.
type MatchStore interface {
	Articles
	ClusterMembers(ctx context.Context, clusterID string) ([]*article.Article, error)
	Watches(ctx context.Context, kind string) ([]archive.Watch, error)
	Watch(ctx context.Context, id string) (archive.Watch, error)
	WatchCount(ctx context.Context, kind string) (int64, error)
	WatchCandidates(ctx context.Context, family int, bands []uint64) ([]string, error)
	ClusterMatched(ctx context.Context, watchID, clusterID string) (bool, error)
	WatchState(ctx context.Context, key string) (int64, error)
	Since(ctx context.Context, afterSeq int64, limit int) ([]*article.Article, error)
	MaxSeq(ctx context.Context) (int64, error)
	RecordMatches(ctx context.Context, nm archive.NewMatches) ([]archive.Match, error)
}

// Outbox is what a Deliverer needs: the deliveries due and their outcome.
type Outbox interface {
	Articles
	DueOutbox(ctx context.Context, channel string, now time.Time, limit int) ([]archive.OutboxItem, error)
	Watch(ctx context.Context, id string) (archive.Watch, error)
	MatchesByID(ctx context.Context, ids []int64) ([]archive.Match, error)
	Postpone(ctx context.Context, ids []int64, next time.Time) error
	Delivered(ctx context.Context, ids []int64, d archive.Delivery) error
	DeliveryFailed(ctx context.Context, ids []int64, d archive.Delivery, next time.Time) error
}
