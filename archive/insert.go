package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/cluster"
)

// putRow inserts n, or finds the article already stored under its ID or
// canonical URL, and adds the capture rows to whichever it is.
func putRow(ctx context.Context, tx execer, n *article.Article, sk *cluster.Sketch, caps []article.Capture, near cluster.Lookup, revisit FirstRevisit) putResult {
	if err := ensureSource(ctx, tx, n.SourceID); err != nil {
		return putResult{err: err}
	}
	old, err := scanArticle(tx.QueryRowContext(ctx,
		sqlFindArticle, n.ID, n.CanonicalURL))
	res := putResult{stored: old}
	switch {
	case err == nil:
	case errors.Is(err, sql.ErrNoRows):
		kept, err := insertArticle(ctx, tx, n, sk, near)
		if err != nil {
			return putResult{err: err}
		}
		res = putResult{stored: n, created: true, sketch: kept}
		if err := insertRevisit(ctx, tx, revisit, n.ID); err != nil {
			return putResult{err: err}
		}
	default:
		return putResult{err: fmt.Errorf("archive: put %s: %w", n.ID, err)}
	}
	if err := insertCaptures(ctx, tx, res.stored.ID, res.stored.SourceID, caps); err != nil {
		return putResult{err: err}
	}
	return res
}

// normalised returns a copy of art with the defaults Put fills in and every
// time in UTC, so the result equals what Get reads back.
func normalised(art *article.Article) *article.Article {
	n := *art
	n.Authors = slices.Clone(art.Authors)
	if n.FirstSeenAt.IsZero() {
		n.FirstSeenAt = time.Now()
	}
	n.PublishedAt, n.FirstSeenAt, n.UpdatedAt, n.RemovedAt = utc(n.PublishedAt), n.FirstSeenAt.UTC(), utc(n.UpdatedAt), utc(n.RemovedAt)
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

// insertArticle assigns n's Seq, ChangeSeq and ClusterID, then inserts the cluster
// (or counts n into it), the article row and its signature. It returns the
// sketch stored with n, nil when none is: its bands are the caller's to
// record (near.go).
func insertArticle(ctx context.Context, tx execer, n *article.Article, sk *cluster.Sketch, near cluster.Lookup) (*cluster.Sketch, error) {
	// Dense and unique: the single write connection serialises this.
	if err := tx.QueryRowContext(ctx, sqlNextSeq).Scan(&n.Seq); err != nil {
		return nil, fmt.Errorf("archive: next seq: %w", err)
	}
	exact, err := sameContentCluster(ctx, tx, n.ContentSHA256)
	if err != nil {
		return nil, err
	}
	if sk, err = JoinCluster(ctx, txStore{tx}, n, sk, exact, near); err != nil {
		return nil, err
	}
	// After the merge: the articles it moved took the cursors before.
	if err := tx.QueryRowContext(ctx, sqlNextChange).Scan(&n.ChangeSeq); err != nil {
		return nil, fmt.Errorf("archive: next change: %w", err)
	}
	// The cluster's first article is the earliest seen, even when an older
	// copy is archived late.
	_, err = tx.ExecContext(ctx, sqlUpsertCluster, n.ClusterID, n.ID, n.Agency, encTime(n.FirstSeenAt))
	if err != nil {
		return nil, fmt.Errorf("archive: cluster %s: %w", n.ClusterID, err)
	}
	args, err := articleArgs(n)
	if err != nil {
		return nil, err
	}
	_, err = tx.ExecContext(ctx, sqlInsertArticle, args...)
	if err != nil {
		return nil, fmt.Errorf("archive: insert article %s: %w", n.ID, err)
	}
	return sk, afterInsert(ctx, tx, n, sk)
}

// JoinCluster gives a new article n its ClusterID, on either store: that
// of an identical text archived before (exact, "" when none), else the
// caller's, else its own ID; then, when it has a sketch and no identical
// text, that of its near-copies (cluster.Join over st), merging theirs
// when it links two or more. It returns the sketch to store with n, nil
// when none is: the identical text found its copies when it was stored,
// and its bands find the later ones, so no sketch and no lookup.
func JoinCluster(ctx context.Context, st cluster.Store, n *article.Article, sk *cluster.Sketch, exact string, near cluster.Lookup) (*cluster.Sketch, error) {
	switch {
	case exact != "":
		n.ClusterID = exact
		return nil, nil
	case n.ClusterID == "":
		n.ClusterID = n.ID
	}
	if sk == nil {
		return nil, nil
	}
	joined, _, err := cluster.Join(ctx, st, sk, n.FirstSeenAt, "", near)
	if err != nil {
		return nil, err
	}
	if joined != "" {
		n.ClusterID = joined
	}
	return sk, nil
}

// sameContentCluster returns the cluster of the first archived article with
// this content hash, or "" when there is none (or no hash).
func sameContentCluster(ctx context.Context, tx execer, sha string) (string, error) {
	if sha == "" {
		return "", nil
	}
	var id string
	err := tx.QueryRowContext(ctx, sqlSameContent, sha).Scan(&id)
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
func ensureSource(ctx context.Context, tx execer, id string) error {
	if _, err := tx.ExecContext(ctx, sqlEnsureSource, id); err != nil {
		return fmt.Errorf("archive: source %s: %w", id, err)
	}
	return nil
}
