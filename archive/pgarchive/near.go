package pgarchive

import (
	"context"
	"fmt"
	"time"

	"github.com/haberci/haberci/cluster"
	"github.com/jackc/pgx/v5"
)

// txStore is the cluster.Store of a writer's transaction: cluster.Join
// reads candidates and merges clusters through it.
type txStore struct{ tx pgx.Tx }

// sqlCandidates finds the articles sharing any band: per band ($3, one
// value per band in band order) one primary-key search reading at most
// PerBand rows, the earliest first seen, within [$1, $2].
var sqlCandidates = fmt.Sprintf(`SELECT c.article_id
	FROM unnest($3::bigint[]) WITH ORDINALITY AS b(value, ord)
	CROSS JOIN LATERAL (SELECT article_id FROM lsh_band l
		WHERE l.band = b.ord - 1 AND l.value = b.value AND l.first_seen_at BETWEEN $1 AND $2
		ORDER BY l.first_seen_at, l.article_id LIMIT %d) c
	ORDER BY b.ord`, cluster.PerBand)

// StoredCandidates looks bands up in lsh_band: each article once, at most
// cluster.MaxCandidates.
func (s txStore) StoredCandidates(ctx context.Context, bands []uint64, lo, hi time.Time) ([]string, error) {
	vals := make([]int64, len(bands))
	for i, v := range bands {
		vals[i] = int64(v)
	}
	rows, err := s.tx.Query(ctx, sqlCandidates, lo, hi, vals)
	if err != nil {
		return nil, fmt.Errorf("pgarchive: candidates: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("pgarchive: candidates: %w", err)
	}
	seen := make(map[string]bool, len(ids))
	out := ids[:0]
	for _, id := range ids {
		if !seen[id] && len(out) < cluster.MaxCandidates {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, nil
}

// Text reads a candidate's body and cluster, locking its row until the
// commit: its cluster cannot be merged away meanwhile (locks.go). Under
// READ COMMITTED a row another writer changed is read as committed last.
func (s txStore) Text(ctx context.Context, id string) (body, cluster string, err error) {
	err = s.tx.QueryRow(ctx, `SELECT body, cluster_id FROM article WHERE id = $1 FOR SHARE`, id).Scan(&body, &cluster)
	if err != nil {
		return "", "", fmt.Errorf("pgarchive: candidate %s: %w", id, err)
	}
	return body, cluster, nil
}

// ClusterCreated reads when a cluster's first article was first seen.
func (s txStore) ClusterCreated(ctx context.Context, id string) (time.Time, error) {
	var at time.Time
	if err := s.tx.QueryRow(ctx, `SELECT created_at FROM cluster WHERE id = $1`, id).Scan(&at); err != nil {
		return time.Time{}, fmt.Errorf("pgarchive: cluster %s: %w", id, err)
	}
	return at.UTC(), nil
}

// sqlMergeCluster deletes cluster $1 and counts it into $2, which keeps the
// earlier first article; the agency is settled after the insert.
const sqlMergeCluster = `WITH src AS (DELETE FROM cluster WHERE id = $1 RETURNING first_article_id, agency, created_at, size)
	UPDATE cluster SET size = cluster.size + src.size,
		first_article_id = CASE WHEN src.created_at < cluster.created_at THEN src.first_article_id ELSE cluster.first_article_id END,
		created_at = least(src.created_at, cluster.created_at),
		agency = CASE WHEN cluster.agency = '' THEN src.agency ELSE cluster.agency END
	FROM src WHERE cluster.id = $2`

// Merge moves every member of cluster from into cluster into and deletes
// from. The cluster row is locked first, so that a writer counting an
// article into it has committed (and its article is moved too) or waits
// for this merge. Each moved article's update is recorded by the change
// trigger, so every node's index re-reads it under its new cluster.
func (s txStore) Merge(ctx context.Context, from, into string) error {
	var one int
	if err := s.tx.QueryRow(ctx, `SELECT 1 FROM cluster WHERE id = $1 FOR UPDATE`, from).Scan(&one); err != nil {
		return fmt.Errorf("pgarchive: merge %s: %w", from, err)
	}
	if _, err := s.tx.Exec(ctx, `UPDATE article SET cluster_id = $2 WHERE cluster_id = $1`, from, into); err != nil {
		return fmt.Errorf("pgarchive: merge %s: move: %w", from, err)
	}
	tag, err := s.tx.Exec(ctx, sqlMergeCluster, from, into)
	if err != nil {
		return fmt.Errorf("pgarchive: merge %s into %s: %w", from, into, err)
	}
	if tag.RowsAffected() != 1 {
		return fmt.Errorf("pgarchive: merge %s into %s: %w: cluster", from, into, ErrNotFound)
	}
	return nil
}
