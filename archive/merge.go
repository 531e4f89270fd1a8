package archive

import (
	"context"
	"fmt"
)

// mergeCluster moves every member of cluster from into cluster to and
// deletes from. Each moved article gets a new change cursor (changes.go),
// so that the index re-indexes it under its new cluster id; its Seq stays.
func mergeCluster(ctx context.Context, tx execer, from, to string) error {
	q, ok := tx.(querier)
	if !ok {
		return fmt.Errorf("archive: merge %s: transaction cannot query", from)
	}
	rows, err := q.QueryContext(ctx, `SELECT id FROM article WHERE cluster_id = ? ORDER BY seq`, from)
	if err != nil {
		return fmt.Errorf("archive: merge %s: %w", from, err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("archive: merge %s: %w", from, err)
		}
		ids = append(ids, id)
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return fmt.Errorf("archive: merge %s: %w", from, err)
	}
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `UPDATE article SET cluster_id = ? WHERE id = ?`, to, id); err != nil {
			return fmt.Errorf("archive: merge %s: move %s: %w", from, id, err)
		}
		if err := touchArticle(ctx, tx, id); err != nil {
			return err
		}
	}
	src, err := readCluster(ctx, tx, from)
	if err != nil {
		return err
	}
	// The merged cluster keeps the earlier first article; the agency is
	// settled after the insert (afterInsert).
	_, err = tx.ExecContext(ctx, `UPDATE cluster SET size = size + ?,
			first_article_id = iif(? < created_at, ?, first_article_id),
			created_at = min(created_at, ?),
			agency = iif(agency = '', ?, agency)
		WHERE id = ?`, src.size, src.createdAt, src.first, src.createdAt, src.agency, to)
	if err != nil {
		return fmt.Errorf("archive: merge %s into %s: %w", from, to, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM cluster WHERE id = ?`, from); err != nil {
		return fmt.Errorf("archive: merge %s: %w", from, err)
	}
	return nil
}
