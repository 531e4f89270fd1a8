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

// ClusterSizes returns the number of articles of each of these clusters
// that exists, in one query: a page of story hits counts its copies at
// once. At most MaxPage ids are read; unknown ones are left out.
func (a *Archive) ClusterSizes(ctx context.Context, ids []string) (map[string]int64, error) {
	out := make(map[string]int64, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	ids = ids[:min(len(ids), MaxPage)]
	rows, err := a.read.QueryContext(ctx, `SELECT id, size FROM cluster WHERE id IN (`+placeholders(len(ids))+`)`, anys(ids)...)
	if err != nil {
		return nil, fmt.Errorf("archive: cluster sizes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n int64
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("archive: cluster sizes: %w", err)
		}
		out[id] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: cluster sizes: %w", err)
	}
	return out, nil
}
