package archive

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/haberci/haberci/syndication"
)

// NearWindow is how far apart in first-seen time two articles may be and
// still be found as copies of one story when a Put clusters them.
const NearWindow = 30 * 24 * time.Hour

// maxCandidates bounds the articles a lookup returns and Put verifies: a
// story carried more widely still joins its cluster through any of them.
const maxCandidates = 64

// sqlCandidates finds the articles sharing any band: per band one
// primary-key search that reads at most perBand rows (the earliest first
// seen), so a story carried a thousand times costs no more than one carried
// ten times; UNION drops repeats. ?1 and ?2 bound first_seen_at; ?3… are
// the band values in band order.
var sqlCandidates = func() string {
	var b strings.Builder
	for band := range syndication.NumBands {
		if band > 0 {
			b.WriteString(" UNION ")
		}
		fmt.Fprintf(&b, `SELECT article_id FROM (SELECT article_id FROM lsh_band
			WHERE band = %d AND value = ?%d AND first_seen_at BETWEEN ?1 AND ?2 LIMIT %d)`, band, band+3, perBand)
	}
	fmt.Fprintf(&b, " LIMIT %d", maxCandidates)
	return b.String()
}()

// perBand bounds the rows read per band.
const perBand = 8

// sqlInsertBands inserts NumBands band rows, sqlInsertBand one.
var (
	sqlInsertBands = `INSERT OR IGNORE INTO lsh_band (band, value, article_id, first_seen_at) VALUES ` +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", syndication.NumBands), ", ")
	sqlInsertBand = `INSERT OR IGNORE INTO lsh_band (band, value, article_id, first_seen_at) VALUES (?, ?, ?, ?)`
)

// querier runs multi-row queries: a *sql.Tx, a *sql.DB or a cachedTx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// QueryContext queries with the cached statement for query within the
// transaction.
func (t cachedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st, ok := t.cache[query]; ok {
		return t.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, query, args...)
}

// unflushed is a set of band rows that lsh_band does not hold yet: the
// committer's pending bands, or those of the group it is committing.
type unflushed interface {
	match(band int, value uint64, lo, hi string, ids []string) []string
}

// Candidates returns the ids of archived articles sharing at least one LSH
// band (syndication.Signature.Bands) with bands and first seen within window
// of around, at most maxCandidates of them. It reads an index, not a scan.
func (a *Archive) Candidates(ctx context.Context, bands []uint64, around time.Time, window time.Duration) ([]string, error) {
	return candidates(ctx, a.read, bands, around, window, &a.pending)
}

// candidates looks bands up in lsh_band through q and in each of more.
func candidates(ctx context.Context, q querier, bands []uint64, around time.Time, window time.Duration, more ...unflushed) ([]string, error) {
	if len(bands) != syndication.NumBands {
		return nil, fmt.Errorf("%w: %d bands, want %d", ErrInvalid, len(bands), syndication.NumBands)
	}
	lo, hi := timeText(around.Add(-window)), timeText(around.Add(window))
	args := make([]any, 0, 2+len(bands))
	args = append(args, lo, hi)
	for _, v := range bands {
		args = append(args, int64(v))
	}
	rows, err := q.QueryContext(ctx, sqlCandidates, args...)
	if err != nil {
		return nil, fmt.Errorf("archive: candidates: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("archive: candidates: %w", err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: candidates: %w", err)
	}
	if len(more) == 0 {
		return out, nil
	}
	var extra []string
	for b, v := range bands {
		for _, m := range more {
			extra = m.match(b, v, lo, hi, extra)
		}
	}
	seen := make(map[string]bool, len(out))
	for _, id := range out {
		seen[id] = true
	}
	for _, id := range extra {
		if len(out) == maxCandidates {
			break
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, nil
}

// insertSketch stores an article's signature and, at once, its bands: for
// Backfill, which runs apart from the committer.
func insertSketch(ctx context.Context, tx execer, id string, seen time.Time, sig *syndication.Signature, bands []uint64) error {
	if err := insertSignature(ctx, tx, id, sig); err != nil {
		return err
	}
	var s bandSet
	s.add(id, timeText(seen), bands)
	return insertBands(ctx, tx, s.sorted())
}

// insertSignature stores an article's MinHash signature.
func insertSignature(ctx context.Context, tx execer, id string, sig *syndication.Signature) error {
	if _, err := tx.ExecContext(ctx, sqlInsertSketch, id, sig.Bytes()); err != nil {
		return fmt.Errorf("archive: sketch %s: %w", id, err)
	}
	return nil
}

// insertBands inserts band rows, NumBands to a statement; a row already
// there is left as it is (Open re-derives bands that may be stored).
func insertBands(ctx context.Context, tx execer, rows []bandRow) error {
	for len(rows) > 0 {
		n, query := syndication.NumBands, sqlInsertBands
		if len(rows) < n {
			n, query = 1, sqlInsertBand
		}
		args := make([]any, 0, 4*n)
		for _, r := range rows[:n] {
			args = append(args, r.band, int64(r.value), r.id, r.seen)
		}
		if _, err := tx.ExecContext(ctx, query, args...); err != nil {
			return fmt.Errorf("archive: insert bands: %w", err)
		}
		rows = rows[n:]
	}
	return nil
}
