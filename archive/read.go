package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/haberci/haberci/article"
)

// sqlSeen is Seen's query, prepared on the read pool when the archive
// opens: the crawler asks it for every feed item, and compiling it took
// most of its time.
const sqlSeen = `SELECT EXISTS (SELECT 1 FROM article WHERE canonical_url = ?)
		OR (? <> '' AND EXISTS (SELECT 1 FROM article WHERE source_id = ? AND guid = ?))`

// Seen reports whether an article with this canonical URL, or (when guid is
// not empty) this source and GUID, is archived.
func (a *Archive) Seen(ctx context.Context, sourceID, canonicalURL, guid string) (bool, error) {
	var seen bool
	err := a.seen.QueryRowContext(ctx, canonicalURL, guid, sourceID, guid).Scan(&seen)
	if err != nil {
		return false, fmt.Errorf("archive: seen: %w", err)
	}
	return seen, nil
}

// Get returns the article with this ID and its captures (oldest first, at
// most MaxPage), or ErrNotFound.
func (a *Archive) Get(ctx context.Context, id string) (*article.Article, []article.Capture, error) {
	art, err := scanArticle(a.read.QueryRowContext(ctx, `SELECT `+articleCols+` FROM article WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("%w: article %s", ErrNotFound, id)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("archive: get %s: %w", id, err)
	}
	caps, err := a.captures(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	return art, caps, nil
}

// Since returns the articles stored after the one with Seq afterSeq, in
// Seq (append) order, at most limit of them; limit is clamped to
// 1..MaxPage. An article changed after it was stored is not returned again
// (the index follows Changes for that).
func (a *Archive) Since(ctx context.Context, afterSeq int64, limit int) ([]*article.Article, error) {
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	return queryArticles(a.read.QueryContext(ctx,
		`SELECT `+articleCols+` FROM article WHERE seq > ? ORDER BY seq LIMIT ?`, afterSeq, limit))
}

// MaxSeq returns the highest append sequence number, 0 when the archive is
// empty. Seqs are dense: it is also how many articles were ever stored.
func (a *Archive) MaxSeq(ctx context.Context) (int64, error) {
	return a.scalar(ctx, `SELECT COALESCE(MAX(seq), 0) FROM article`)
}

// Count returns the number of archived articles.
func (a *Archive) Count(ctx context.Context) (int64, error) {
	return a.scalar(ctx, `SELECT COUNT(*) FROM article`)
}

func (a *Archive) scalar(ctx context.Context, query string) (int64, error) {
	var n int64
	if err := a.read.QueryRowContext(ctx, query).Scan(&n); err != nil {
		return 0, fmt.Errorf("archive: %w", err)
	}
	return n, nil
}

// ClusterMembers returns the articles of a cluster, first seen first (at
// most MaxPage); an unknown cluster has none.
func (a *Archive) ClusterMembers(ctx context.Context, clusterID string) ([]*article.Article, error) {
	return queryArticles(a.read.QueryContext(ctx,
		`SELECT `+articleCols+` FROM article WHERE cluster_id = ? ORDER BY first_seen_at, seq LIMIT ?`, clusterID, MaxPage))
}

// CountsBySource returns the number of articles per source, with every known
// source present (0 when it has none yet).
func (a *Archive) CountsBySource(ctx context.Context) (map[string]int64, error) {
	rows, err := a.read.QueryContext(ctx, `SELECT s.id, COUNT(a.id) FROM source s
		LEFT JOIN article a ON a.source_id = s.id GROUP BY s.id`)
	if err != nil {
		return nil, fmt.Errorf("archive: counts: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var id string
		var n int64
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("archive: counts: %w", err)
		}
		out[id] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: counts: %w", err)
	}
	return out, nil
}
