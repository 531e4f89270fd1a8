package archive

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/haberci/haberci/cluster"
)

const (
	// sqlFlushedSketches pages through the signatures of articles whose
	// bands lsh_state says are in lsh_band.
	sqlFlushedSketches = `SELECT a.rowid, a.id, a.first_seen_at, s.signature, s.terms FROM article a
		JOIN article_sketch s ON s.article_id = a.id
		WHERE a.rowid > ? AND a.seq <= (SELECT flushed_seq FROM lsh_state)
		ORDER BY a.rowid LIMIT ?`
	sqlHasBand = `SELECT EXISTS (SELECT 1 FROM lsh_band
		WHERE band = ? AND value = ? AND first_seen_at = ? AND article_id = ?)`
)

// MissingBands returns the articles that lsh_state says have all their LSH
// band rows in lsh_band but lack some: a later copy would not find them.
// Bands still pending in a running writer are not counted. It probes the
// table's key, NumBands lookups per sketched article.
func (a *Archive) MissingBands(ctx context.Context) ([]string, error) {
	has, err := a.read.PrepareContext(ctx, sqlHasBand)
	if err != nil {
		return nil, fmt.Errorf("archive: band check: %w", err)
	}
	defer has.Close()
	var missing []string
	var after int64
	for {
		set, last, err := flushedSketches(ctx, a.read, after)
		if err != nil || set.Articles() == 0 {
			slices.Sort(missing)
			return missing, err
		}
		after = last
		incomplete := map[string]bool{}
		for _, r := range set.Sorted() {
			if incomplete[r.ID] {
				continue
			}
			var ok bool
			if err := has.QueryRowContext(ctx, r.Band, int64(r.Value), timeText(r.Seen), r.ID).Scan(&ok); err != nil {
				return missing, fmt.Errorf("archive: band check: %w", err)
			}
			if !ok {
				incomplete[r.ID] = true
				missing = append(missing, r.ID)
			}
		}
	}
}

// RepairBands re-derives from their signatures the band rows of the given
// articles (MissingBands) and inserts those that are missing.
func (a *Archive) RepairBands(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	var set cluster.Set
	for _, id := range ids {
		err := addStored(&set, a.read.QueryRowContext(ctx, `SELECT a.id, a.first_seen_at, s.signature, s.terms FROM article a
			JOIN article_sketch s ON s.article_id = a.id WHERE a.id = ?`, id))
		if err != nil {
			return fmt.Errorf("archive: repair bands of %s: %w", id, err)
		}
	}
	return a.inTx(ctx, func(tx *sql.Tx) error {
		return insertBands(ctx, cachedTx{tx, a.stmts}, set.Sorted())
	})
}

// flushedSketches reads the next page of signatures after rowid after and
// returns their bands and the page's last rowid.
func flushedSketches(ctx context.Context, db *sql.DB, after int64) (*cluster.Set, int64, error) {
	rows, err := db.QueryContext(ctx, sqlFlushedSketches, after, MaxPage)
	if err != nil {
		return nil, after, fmt.Errorf("archive: band check: %w", err)
	}
	defer rows.Close()
	var set cluster.Set
	for rows.Next() {
		if err := addStored(&set, rowidScanner{rows, &after}); err != nil {
			return nil, after, fmt.Errorf("archive: band check: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, after, fmt.Errorf("archive: band check: %w", err)
	}
	return &set, after, nil
}

// rowidScanner reads a leading rowid column into rowid, the rest as asked.
type rowidScanner struct {
	rows  *sql.Rows
	rowid *int64
}

func (r rowidScanner) Scan(dest ...any) error {
	return r.rows.Scan(append([]any{r.rowid}, dest...)...)
}
