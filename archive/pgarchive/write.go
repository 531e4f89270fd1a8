package pgarchive

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/archive/groupcommit"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/cluster"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Put stores a new article with its captures, as the SQLite archive's Put
// does. art.ID (the hash of the canonical URL, computed by the caller),
// SourceID and CanonicalURL must be set; text must be valid UTF-8 without
// NUL bytes (PostgreSQL's text holds no other).
//
// The responses are written to this node's WARC file and fsynced first;
// then one transaction inserts the article, its clustering and the capture
// rows. A crash between the two leaves an unreferenced WARC record, never a
// row pointing at bytes that are not on disk. Puts submitted together are
// committed together (see startWriter).
//
// A new article gets SimHash computed from its body, FirstSeenAt = now when
// zero, ContentSHA256 = archive.ContentHash(Body) when empty, times in UTC
// to the microsecond (PostgreSQL's resolution), and a ClusterID: that of an
// archived article with the same content hash if there is one, else the
// caller's if set, else its own ID; then, when its body is long enough, the
// cluster of its archived near-copies first seen within the near window,
// merging theirs into the oldest when they were apart (cluster.Join). Its
// change cursor comes from the change stream (changes.go); Seq stays 0:
// this store has no append order. If an article with this ID or canonical
// URL exists, only the captures are added and the stored article is
// returned with created=false. art itself is not modified. After Close,
// Put returns ErrClosed.
func (s *Store) Put(ctx context.Context, art *article.Article, resps []article.Response) (stored *article.Article, created bool, err error) {
	wait, err := s.Submit(ctx, art, resps)
	if err != nil {
		return nil, false, err
	}
	return wait()
}

// Submit is Put in two steps: it hands the article to this store's writer
// and returns at once, and wait blocks until the article's commit and
// reports what Put would have. Articles submitted one after the other are
// stored in that order. A caller that keeps several articles submitted
// lets the writer commit them together. Once Submit succeeded, wait must
// be called, exactly once.
func (s *Store) Submit(ctx context.Context, art *article.Article, resps []article.Response) (wait func() (*article.Article, bool, error), err error) {
	if err := valid(art); err != nil {
		return nil, err
	}
	if len(resps) > 0 && s.warc == nil {
		return nil, ErrNoWARC
	}
	// The costly pure work happens in the caller's goroutine.
	recs, err := s.writer.Encode(resps)
	if err != nil {
		return nil, err
	}
	n := normalised(art)
	return s.writer.Submit(ctx, putItem{art: n, sk: archive.Sketch(n), revisit: archive.PlanRevisit(s.revisitAfter, n, resps)}, recs)
}

// valid checks what Put needs and what PostgreSQL's text can hold.
func valid(art *article.Article) error {
	if art == nil || art.ID == "" || art.SourceID == "" || art.CanonicalURL == "" {
		return fmt.Errorf("%w: article needs ID, SourceID and CanonicalURL", ErrInvalid)
	}
	fields := map[string]string{"id": art.ID, "source": art.SourceID, "url": art.URL, "canonical_url": art.CanonicalURL,
		"guid": art.GUID, "title": art.Title, "lead": art.Lead, "body": art.Body, "language": art.Language,
		"agency": art.Agency, "image": art.Image, "content_sha256": art.ContentSHA256, "cluster_id": art.ClusterID}
	for i, a := range art.Authors {
		fields[fmt.Sprintf("authors[%d]", i)] = a
	}
	for name, v := range fields {
		if !utf8.ValidString(v) || containsNUL(v) {
			return fmt.Errorf("%w: article %s: %s is not UTF-8 text without NUL bytes", ErrInvalid, art.ID, name)
		}
	}
	return nil
}

func containsNUL(s string) bool {
	for i := range len(s) {
		if s[i] == 0 {
			return true
		}
	}
	return false
}

// normalised returns a copy of art with the defaults Put fills in and every
// time in UTC to the microsecond, so the result equals what Get reads back.
func normalised(art *article.Article) *article.Article {
	n := *art
	n.Authors = slices.Clone(art.Authors)
	if n.FirstSeenAt.IsZero() {
		n.FirstSeenAt = time.Now()
	}
	n.PublishedAt, n.FirstSeenAt, n.UpdatedAt, n.RemovedAt = micro(n.PublishedAt), micro(n.FirstSeenAt), micro(n.UpdatedAt), micro(n.RemovedAt)
	if n.ContentSHA256 == "" {
		n.ContentSHA256 = archive.ContentHash(n.Body)
	}
	n.Seq, n.ChangeSeq = 0, 0
	return &n
}

// micro is t in UTC as PostgreSQL keeps it (pgx sends whole microseconds);
// the zero time stays zero (NULL).
func micro(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Microsecond)
}

// maxGroup bounds how many Puts share one transaction. Each takes up to
// 77 advisory locks (locks.go: 32 shingle and 42 term bands, content hash,
// ID, URL), which live in the server's shared lock table
// (max_locks_per_transaction × max_connections slots, 6,400 by default)
// until the commit: 8 keeps a node's group near 600 of them.
const maxGroup = 8

// txAttempts is how often a group's transaction is tried when PostgreSQL
// aborts it to break a deadlock or a serialisation conflict with another
// node (cluster rows merged by two writers at once): rare, and retried.
const txAttempts = 5

// putItem is one Put as the writer carries it (groupcommit.Request.Item).
type putItem struct {
	art *article.Article // normalised; ClusterID still to assign
	sk  *cluster.Sketch  // the body's near-duplicate sketch, nil when too short
	// revisit is scheduled when the article is new.
	revisit archive.FirstRevisit
}

// putReq is one Put waiting for the writer.
type putReq = groupcommit.Request[putItem]

// startWriter starts this node's one writer of articles (groupcommit): it
// commits the Puts already queued together, up to maxGroup, without
// waiting for more. Other nodes' writers run at the same time; locks.go
// says why they cannot split one story.
func (s *Store) startWriter() {
	s.writer = groupcommit.Start(groupcommit.Config[putItem]{
		Name: "pgarchive", Closed: ErrClosed, MaxGroup: maxGroup,
		WARC: s.warc, Commit: s.commitGroup, StorageErr: storageErr,
	})
}

// commitGroup stores a group, whose WARC records are durable, in one
// transaction; when that fails, each article alone, so that only the one
// at fault fails.
func (s *Store) commitGroup(group []*putReq) error {
	// The transaction must not die with one caller's context: the writer
	// checked each.
	ctx := context.Background()
	err := s.storeGroup(ctx, group)
	if err == nil || len(group) == 1 {
		return err
	}
	for _, r := range group {
		if err := s.storeGroup(ctx, []*putReq{r}); err != nil {
			r.Result = groupcommit.Result{Err: err}
		}
	}
	return nil
}

// storeGroup stores the articles of group in one transaction, retried
// when PostgreSQL broke a deadlock, and sets their results once it
// committed.
func (s *Store) storeGroup(ctx context.Context, group []*putReq) error {
	arts := make([]*article.Article, len(group))
	sks := make([]*cluster.Sketch, len(group))
	for j, r := range group {
		arts[j], sks[j] = r.Item.art, r.Item.sk
	}
	keys := lockKeys(arts, sks)
	var out []groupcommit.Result
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		out = out[:0]
		for j, r := range group {
			// A fresh copy per attempt: a rolled-back attempt's cluster
			// must not leak into the next.
			n := *r.Item.art
			k := keys
			if j > 0 {
				k = nil // taken with the first
			}
			res, err := s.putRow(ctx, tx, k, &n, sks[j], r.Caps, r.Item.revisit)
			if err != nil {
				return err
			}
			out = append(out, res)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for j, r := range group {
		r.Result = out[j]
	}
	return nil
}

// inTx runs fn in a transaction and commits it, trying again (up to
// txAttempts in all) when the server aborted it to break a deadlock or a
// serialisation failure.
func (s *Store) inTx(ctx context.Context, fn func(pgx.Tx) error) error {
	var err error
	for range txAttempts {
		if err = s.tryTx(ctx, fn); !retryable(err) {
			return err
		}
	}
	return err
}

func (s *Store) tryTx(ctx context.Context, fn func(pgx.Tx) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("pgarchive: begin: %w", err)
	}
	defer tx.Rollback(ctx)
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("pgarchive: commit: %w", err)
	}
	return nil
}

// retryable reports a deadlock or serialisation failure, after which the
// whole transaction may simply run again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001")
}
