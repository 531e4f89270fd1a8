package archive

import (
	"context"
	"fmt"
	"time"
)

// Cluster is the stored record of one story: its first seen article, the
// agency credited (the first article's when it names one, else the first
// named) and its number of articles.
type Cluster struct {
	ID             string
	FirstArticleID string
	Agency         string
	FirstSeenAt    time.Time
	Size           int64
}

// Cluster returns the cluster with this id, or ErrNotFound.
func (a *Archive) Cluster(ctx context.Context, id string) (*Cluster, error) {
	c, err := readCluster(ctx, a.read, id)
	if err != nil {
		return nil, err
	}
	seen, err := time.Parse(time.RFC3339Nano, c.createdAt)
	if err != nil {
		return nil, fmt.Errorf("archive: cluster %s time: %w", id, err)
	}
	return &Cluster{ID: id, FirstArticleID: c.first, Agency: c.agency, FirstSeenAt: seen.UTC(), Size: c.size}, nil
}
