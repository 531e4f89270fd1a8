package archive

import (
	"context"
	"fmt"
)

// mergeCluster moves every member of cluster from into cluster to and
// deletes from. Each moved article gets a new sequence number, starting at
// next, so that the index, which catches up by sequence number, re-indexes
// it under its new cluster id. It returns the next free number.
func mergeCluster(ctx context.Context, tx execer, from, to string, next int64) (int64, error) {
	q, ok := tx.(querier)
	if !ok {
		return next, fmt.Errorf("archive: merge %s: transaction cannot query", from)
	}
	rows, err := q.QueryContext(ctx, `SELECT id FROM article WHERE cluster_id = ? ORDER BY seq`, from)
	if err != nil {
		return next, fmt.Errorf("archive: merge %s: %w", from, err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return next, fmt.Errorf("archive: merge %s: %w", from, err)
		}
		ids = append(ids, id)
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return next, fmt.Errorf("archive: merge %s: %w", from, err)
	}
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `UPDATE article SET cluster_id = ?, seq = ? WHERE id = ?`, to, next, id); err != nil {
			return next, fmt.Errorf("archive: merge %s: move %s: %w", from, id, err)
		}
		next++
	}
	src, err := readCluster(ctx, tx, from)
	if err != nil {
		return next, err
	}
	// The merged cluster keeps the earlier first article; the agency is
	// settled after the insert (afterInsert).
	_, err = tx.ExecContext(ctx, `UPDATE cluster SET size = size + ?,
			first_article_id = iif(? < created_at, ?, first_article_id),
			created_at = min(created_at, ?),
			agency = iif(agency = '', ?, agency)
		WHERE id = ?`, src.size, src.createdAt, src.first, src.createdAt, src.agency, to)
	if err != nil {
		return next, fmt.Errorf("archive: merge %s into %s: %w", from, to, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM cluster WHERE id = ?`, from); err != nil {
		return next, fmt.Errorf("archive: merge %s: %w", from, err)
	}
	return next, nil
}
