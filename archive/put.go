package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/haberci/haberci/article"
)

// Put stores a new article with its captures. art.ID (the hash of the
// canonical URL, computed by the caller), SourceID and CanonicalURL must be set.
//
// The responses are written to WARC and fsynced first; then one transaction
// inserts the article and the capture rows. A kill -9 between the two leaves
// an unreferenced WARC record, which is harmless, never a row pointing at
// bytes that are not on disk.
//
// A new article gets Seq = max+1, FirstSeenAt = now when zero,
// ContentSHA256 = ContentHash(Body) when empty, and the ClusterID of an
// archived article with the same ContentSHA256 if there is one, else the
// caller's ClusterID if set (a near-duplicate found by the crawler), else its
// own ID. If an article with this ID or canonical URL exists, only the
// captures are added and the stored article is returned with created=false.
// art itself is not modified; times in the result are UTC.
func (a *Archive) Put(ctx context.Context, art *article.Article, resps []article.Response) (stored *article.Article, created bool, err error) {
	if art == nil || art.ID == "" || art.SourceID == "" || art.CanonicalURL == "" {
		return nil, false, fmt.Errorf("%w: article needs ID, SourceID and CanonicalURL", ErrInvalid)
	}
	caps, err := a.writeWARC(ctx, resps)
	if err != nil {
		return nil, false, err
	}
	n := normalised(art)
	err = a.inTx(ctx, func(tx *sql.Tx) error {
		if err := ensureSource(ctx, tx, n.SourceID); err != nil {
			return err
		}
		old, err := scanArticle(tx.QueryRowContext(ctx,
			`SELECT `+articleCols+` FROM article WHERE id = ? OR canonical_url = ? ORDER BY seq LIMIT 1`, n.ID, n.CanonicalURL))
		switch {
		case err == nil:
			stored, created = old, false
		case errors.Is(err, sql.ErrNoRows):
			if err := insertArticle(ctx, tx, n); err != nil {
				return err
			}
			stored, created = n, true
		default:
			return fmt.Errorf("archive: put %s: %w", n.ID, err)
		}
		return insertCaptures(ctx, tx, stored.ID, stored.SourceID, caps)
	})
	if err != nil {
		return nil, false, err
	}
	return stored, created, nil
}

// normalised returns a copy of art with the defaults Put fills in and every
// time in UTC, so the result equals what Get reads back.
func normalised(art *article.Article) *article.Article {
	n := *art
	n.Authors = slices.Clone(art.Authors)
	if n.FirstSeenAt.IsZero() {
		n.FirstSeenAt = time.Now()
	}
	n.PublishedAt, n.FirstSeenAt, n.UpdatedAt = utc(n.PublishedAt), n.FirstSeenAt.UTC(), utc(n.UpdatedAt)
	if n.ContentSHA256 == "" {
		n.ContentSHA256 = ContentHash(n.Body)
	}
	return &n
}

// utc converts t to UTC but keeps the zero time zero.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

// insertArticle assigns n's Seq and ClusterID, then inserts the cluster
// (or counts n into it) and the article row.
func insertArticle(ctx context.Context, tx *sql.Tx, n *article.Article) error {
	// Dense and unique: the single write connection serialises this.
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM article`).Scan(&n.Seq); err != nil {
		return fmt.Errorf("archive: next seq: %w", err)
	}
	cluster, err := sameContentCluster(ctx, tx, n.ContentSHA256)
	if err != nil {
		return err
	}
	switch {
	case cluster != "":
		n.ClusterID = cluster
	case n.ClusterID == "":
		n.ClusterID = n.ID
	}
	// The cluster's first article is the earliest seen, even when an older
	// copy is archived late.
	_, err = tx.ExecContext(ctx, `INSERT INTO cluster (id, first_article_id, agency, created_at, size)
		VALUES (?, ?, ?, ?, 1)
		ON CONFLICT (id) DO UPDATE SET
			size = size + 1,
			first_article_id = iif(excluded.created_at < cluster.created_at, excluded.first_article_id, cluster.first_article_id),
			created_at = min(excluded.created_at, cluster.created_at),
			agency = iif(cluster.agency = '', excluded.agency, cluster.agency)`,
		n.ClusterID, n.ID, n.Agency, encTime(n.FirstSeenAt))
	if err != nil {
		return fmt.Errorf("archive: cluster %s: %w", n.ClusterID, err)
	}
	args, err := articleArgs(n)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO article (`+articleCols+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
	if err != nil {
		return fmt.Errorf("archive: insert article %s: %w", n.ID, err)
	}
	return nil
}

// sameContentCluster returns the cluster of the first archived article with
// this content hash, or "" when there is none (or no hash).
func sameContentCluster(ctx context.Context, tx *sql.Tx, sha string) (string, error) {
	if sha == "" {
		return "", nil
	}
	var id string
	err := tx.QueryRowContext(ctx, `SELECT cluster_id FROM article WHERE content_sha256 = ? ORDER BY seq LIMIT 1`, sha).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("archive: cluster lookup: %w", err)
	}
	return id, nil
}

// ensureSource makes sure a source row exists for the foreign keys; the
// configured details arrive with SyncSources.
func ensureSource(ctx context.Context, tx *sql.Tx, id string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO source (id) VALUES (?) ON CONFLICT (id) DO NOTHING`, id); err != nil {
		return fmt.Errorf("archive: source %s: %w", id, err)
	}
	return nil
}
