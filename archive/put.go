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
// bytes that are not on disk. Concurrent Puts are committed together (see
// committer): one WARC fsync and one transaction for all of them. Put returns
// only once its own rows are committed.
//
// A new article gets Seq = max+1 and a new ChangeSeq, FirstSeenAt = now when zero,
// ContentSHA256 = ContentHash(Body) when empty, and the ClusterID of an
// archived article with the same ContentSHA256 if there is one, else the
// caller's ClusterID if set (a near-duplicate found by the crawler), else its
// own ID; then, when its body is long enough, the cluster of the archived
// near-copies of its text (syndication.Same, first seen within NearWindow),
// merging their clusters into the oldest when they were apart (see
// joinNearest). If an article with this ID or canonical URL exists, only the
// captures are added and the stored article is returned with created=false.
// art itself is not modified; times in the result are UTC. After Close, Put
// returns ErrClosed.
func (a *Archive) Put(ctx context.Context, art *article.Article, resps []article.Response) (stored *article.Article, created bool, err error) {
	wait, err := a.Submit(ctx, art, resps)
	if err != nil {
		return nil, false, err
	}
	return wait()
}

// Submit is Put in two steps: it hands the article to the writer and
// returns at once, and wait blocks until the article's commit and reports
// what Put would have. Articles submitted one after the other are stored in
// that order (their Seq follows it). A caller that keeps several articles
// submitted lets the writer commit them together, which is how a crawl
// keeps the one writer from becoming its bottleneck. Once Submit succeeded,
// wait must be called, exactly once.
func (a *Archive) Submit(ctx context.Context, art *article.Article, resps []article.Response) (wait func() (*article.Article, bool, error), err error) {
	if art == nil || art.ID == "" || art.SourceID == "" || art.CanonicalURL == "" {
		return nil, fmt.Errorf("%w: article needs ID, SourceID and CanonicalURL", ErrInvalid)
	}
	// The costly pure work happens here, in the caller's goroutine, so the
	// one writer only appends, looks up and inserts.
	recs, err := encodeWARC(resps)
	if err != nil {
		return nil, err
	}
	n := normalised(art)
	r := &putReq{ctx: ctx, art: n, recs: recs, sk: newSketch(n.Body), done: make(chan putResult, 1)}
	select {
	case a.puts <- r:
	case <-ctx.Done():
		return nil, fmt.Errorf("archive: %w", ctx.Err())
	case <-a.closing:
		return nil, ErrClosed
	}
	// Once handed over, wait even if ctx ends: the commit is a few
	// milliseconds away and the caller must learn whether it happened.
	return func() (*article.Article, bool, error) {
		res := <-r.done
		return res.stored, res.created, res.err
	}, nil
}

// putRow inserts n, or finds the article already stored under its ID or
// canonical URL, and adds the capture rows to whichever it is.
func putRow(ctx context.Context, tx execer, n *article.Article, sk *sketch, caps []article.Capture, near nearLookup) putResult {
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

// insertArticle assigns n's Seq, ChangeSeq and ClusterID, then inserts the cluster
// (or counts n into it), the article row and its signature. It returns the
// sketch stored with n, nil when none is: its bands are the caller's to
// record (bands.go).
func insertArticle(ctx context.Context, tx execer, n *article.Article, sk *sketch, near nearLookup) (*sketch, error) {
	// Dense and unique: the single write connection serialises this.
	if err := tx.QueryRowContext(ctx, sqlNextSeq).Scan(&n.Seq); err != nil {
		return nil, fmt.Errorf("archive: next seq: %w", err)
	}
	cluster, err := sameContentCluster(ctx, tx, n.ContentSHA256)
	if err != nil {
		return nil, err
	}
	switch {
	case cluster != "":
		n.ClusterID = cluster
	case n.ClusterID == "":
		n.ClusterID = n.ID
	}
	sk, err = joinNearest(ctx, tx, n, sk, cluster, near)
	if err != nil {
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
