package archive

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/haberci/haberci/cluster"
)

// When the committer writes its pending bands (see near.go): once
// flushArticles articles wait, once it has had no Put for flushIdle, and on
// Close. A flush of 1,024 articles inserts 75,776 rows (both band families)
// in key order.
const (
	flushArticles = 1024
	flushIdle     = 2 * time.Second
)

// lsh_state (schema step 4) says how far lsh_band is complete.
const (
	sqlFlushed   = `UPDATE lsh_state SET flushed_seq = (SELECT COALESCE(MAX(seq), 0) FROM article)`
	sqlUnflushed = `SELECT a.id, a.first_seen_at, s.signature, s.terms FROM article a JOIN article_sketch s ON s.article_id = a.id
		WHERE a.seq > (SELECT flushed_seq FROM lsh_state)`
)

// flushPending inserts the pending bands in key order and marks lsh_band
// complete up to the last Seq. Only the committer calls it, or Close once
// the committer has stopped. The bands are read inside the transaction: a
// lookup in another transaction (Backfill) runs wholly before it, and
// finds them pending, or after it, and finds them in lsh_band. On failure
// they stay pending.
func (a *Archive) flushPending(ctx context.Context) error {
	if a.pending.Articles() == 0 {
		return nil
	}
	err := a.inTx(ctx, func(tx *sql.Tx) error {
		if err := insertBands(ctx, cachedTx{tx, a.stmts}, a.pending.Sorted()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, sqlFlushed)
		return err
	})
	if err != nil {
		return fmt.Errorf("archive: flush bands: %w", err)
	}
	a.pending.Clear()
	return nil
}

// recoverBands re-derives from their signatures the bands of articles
// stored after the last flush: a crash or a failed flush lost them. Rows
// already there are kept (INSERT OR IGNORE), so a repeat costs nothing.
func recoverBands(ctx context.Context, db *sql.DB) (int, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("archive: recover bands: %w", err)
	}
	defer tx.Rollback()
	set, err := unflushedBands(ctx, tx)
	if err != nil || set.Articles() == 0 {
		// Nothing to write: an archive on a full disk still opens.
		return 0, err
	}
	if err := insertBands(ctx, tx, set.Sorted()); err != nil {
		return 0, fmt.Errorf("archive: recover bands: %w", err)
	}
	if _, err := tx.ExecContext(ctx, sqlFlushed); err != nil {
		return 0, fmt.Errorf("archive: recover bands: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("archive: recover bands: %w", err)
	}
	return set.Articles(), nil
}

// unflushedBands reads the signatures of articles after flushed_seq.
func unflushedBands(ctx context.Context, tx *sql.Tx) (*cluster.Set, error) {
	rows, err := tx.QueryContext(ctx, sqlUnflushed)
	if err != nil {
		return nil, fmt.Errorf("archive: recover bands: %w", err)
	}
	defer rows.Close()
	var set cluster.Set
	for rows.Next() {
		if err := addStored(&set, rows); err != nil {
			return nil, fmt.Errorf("archive: recover bands: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: recover bands: %w", err)
	}
	return &set, nil
}

// addStored adds to set the bands of the article in a row of (id,
// first_seen_at, signature, terms).
func addStored(set *cluster.Set, row rowScanner) error {
	var id string
	var seen sql.NullString
	var b, terms []byte
	if err := row.Scan(&id, &seen, &b, &terms); err != nil {
		return err
	}
	at, err := decTime(seen)
	if err != nil {
		return err
	}
	if err := set.AddSignature(id, at, b, terms); err != nil {
		return fmt.Errorf("signature of %s: %w", id, err)
	}
	return nil
}
