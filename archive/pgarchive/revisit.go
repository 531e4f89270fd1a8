package pgarchive

import (
	"context"
	"fmt"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/jackc/pgx/v5"
)

// Revisits, as the SQLite archive's (archive/revisit.go): a new article
// gets a revisit row when the store was opened WithRevisitAfter; the
// crawler takes due rows (DueRevisits), fetches the page again and records
// what it found (Revisited). A changed page's previous title, lead and body
// go to article_version; the article's update is recorded by the change
// trigger, so every node's index re-reads it.

// WithRevisitAfter makes every new article due for its first revisit d
// after it was first seen; 0, the default, schedules none.
func WithRevisitAfter(d time.Duration) Option {
	return func(s *Store) { s.revisitAfter = max(d, 0) }
}

// queueRevisit schedules fr for the article id in b.
func queueRevisit(b *pgx.Batch, fr archive.FirstRevisit, id string) {
	if fr.At.IsZero() {
		return
	}
	b.Queue(`INSERT INTO revisit (article_id, step, due_at, etag, last_modified) VALUES ($1, 0, $2, $3, $4)
		ON CONFLICT (article_id) DO NOTHING`, id, fr.At, fr.ETag, fr.LastModified)
}

// DueRevisits returns the revisits due at now, the longest due first, at
// most limit (clamped to 1..MaxPage).
func (s *Store) DueRevisits(ctx context.Context, now time.Time, limit int) ([]article.Revisit, error) {
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	rows, err := s.pool.Query(ctx, `SELECT r.step, r.due_at, r.etag, r.last_modified, `+articleCols+`
		FROM revisit r JOIN article ON article.id = r.article_id
		WHERE r.due_at <= $1 ORDER BY r.due_at, r.article_id LIMIT $2`, now, limit)
	if err != nil {
		return nil, fmt.Errorf("pgarchive: due revisits: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (article.Revisit, error) {
		var rv article.Revisit
		var err error
		rv.Article, err = scanArticle(prefixed{r, []any{&rv.Step, &rv.DueAt, &rv.ETag, &rv.LastModified}}, false)
		rv.DueAt = rv.DueAt.UTC()
		return rv, err
	})
	if err != nil {
		return nil, fmt.Errorf("pgarchive: due revisits: %w", err)
	}
	return out, nil
}

// prefixed scans a row whose first columns are extra and the rest articleCols.
type prefixed struct {
	row   pgx.Row
	extra []any
}

func (p prefixed) Scan(dest ...any) error { return p.row.Scan(append(p.extra, dest...)...) }

// Revisited records a revisit: its responses as the article's captures
// (WARC first, as Put does), then in one transaction the article's new
// text (the previous one kept in article_version) or its removal, and the
// next revisit. The article's agency, cluster and first-seen time never
// change.
func (s *Store) Revisited(ctx context.Context, r article.Revisited) error {
	if r.ArticleID == "" || r.SourceID == "" {
		return fmt.Errorf("%w: a revisit needs the article and source IDs", ErrInvalid)
	}
	if c := r.Changed; c != nil {
		probe := article.Article{ID: r.ArticleID, SourceID: r.SourceID, CanonicalURL: "-", Title: c.Title, Lead: c.Lead, Body: c.Body}
		if err := valid(&probe); err != nil {
			return err
		}
	}
	var caps []article.Capture
	if len(r.Responses) > 0 {
		if s.warc == nil {
			return ErrNoWARC
		}
		var err error
		if caps, err = s.writer.Durable(ctx, r.Responses); err != nil {
			return err
		}
	}
	at := micro(r.At)
	b := &pgx.Batch{}
	queueCaptures(b, r.ArticleID, r.SourceID, caps)
	if c := r.Changed; c != nil {
		b.Queue(`INSERT INTO article_version (article_id, replaced_at, title, lead, body, updated_at)
			SELECT id, $1, title, lead, body, updated_at FROM article WHERE id = $2`, at, r.ArticleID)
		b.Queue(`UPDATE article SET title = $1, lead = $2, body = $3, content_sha256 = $4, updated_at = $5 WHERE id = $6`,
			c.Title, c.Lead, c.Body, archive.ContentHash(c.Body), at, r.ArticleID)
	}
	if r.Removed {
		b.Queue(`UPDATE article SET removed_at = $1 WHERE id = $2`, at, r.ArticleID)
	}
	if r.NextAt.IsZero() {
		b.Queue(`DELETE FROM revisit WHERE article_id = $1`, r.ArticleID)
	} else {
		b.Queue(`UPDATE revisit SET step = $1, due_at = $2, etag = $3, last_modified = $4 WHERE article_id = $5`,
			r.NextStep, r.NextAt, r.ETag, r.LastModified, r.ArticleID)
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("pgarchive: revisit of %s: %w", r.ArticleID, err)
		}
		return nil
	})
	return storageErr(err)
}
