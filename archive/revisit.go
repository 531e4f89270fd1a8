package archive

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"time"

	"github.com/haberci/haberci/article"
)

// Revisits (schema step 8). A new article gets a revisit row when the
// archive was opened WithRevisitAfter: step 0, due that long after it was
// first seen. The crawler takes due rows (DueRevisits), fetches the page
// again and records what it found (Revisited), which moves the row to the
// next step or deletes it after the last. A changed page's previous title,
// lead and body go to article_version; its captures, old and new, stay.

// WithRevisitAfter makes every new article due for its first revisit d
// after it was first seen (crawl.revisit's first step); 0, the default,
// schedules none.
func WithRevisitAfter(d time.Duration) Option {
	return func(a *Archive) { a.revisitAfter = max(d, 0) }
}

// sqlInsertRevisit schedules a new article's first revisit.
const sqlInsertRevisit = `INSERT INTO revisit (article_id, step, due_at, etag, last_modified) VALUES (?, 0, ?, ?, ?)
	ON CONFLICT (article_id) DO NOTHING`

// FirstRevisit is a new article's first revisit, on either store: when
// (zero: none), and the validators of its page as fetched, so that even the
// first is a conditional GET.
type FirstRevisit struct {
	At                 time.Time
	ETag, LastModified string
}

// PlanRevisit is the first revisit of n, stored with resps, due after
// (crawl.revisit's first step) once first seen; none when after is 0.
func PlanRevisit(after time.Duration, n *article.Article, resps []article.Response) FirstRevisit {
	if after <= 0 {
		return FirstRevisit{}
	}
	fr := FirstRevisit{At: n.FirstSeenAt.Add(after)}
	fr.ETag, fr.LastModified = Validators(n.URL, resps)
	return fr
}

// Validators returns the ETag and Last-Modified of the 200 response for
// url among resps (the article page as fetched), so that even an
// article's first revisit is a conditional GET.
func Validators(url string, resps []article.Response) (etag, lastModified string) {
	for _, r := range resps {
		if r.URL != url || r.Status != http.StatusOK {
			continue
		}
		for _, h := range r.Header {
			switch http.CanonicalHeaderKey(h[0]) {
			case "Etag":
				etag = h[1]
			case "Last-Modified":
				lastModified = h[1]
			}
		}
	}
	return etag, lastModified
}

// insertRevisit schedules fr for the article id.
func insertRevisit(ctx context.Context, tx execer, fr FirstRevisit, id string) error {
	if fr.At.IsZero() {
		return nil
	}
	if _, err := tx.ExecContext(ctx, sqlInsertRevisit, id, encTime(fr.At.UTC()), fr.ETag, fr.LastModified); err != nil {
		return fmt.Errorf("archive: schedule revisit of %s: %w", id, err)
	}
	return nil
}

// prefixed scans a row whose first columns are extra and the rest articleCols.
type prefixed struct {
	rows  *sql.Rows
	extra []any
}

func (p prefixed) Scan(dest ...any) error { return p.rows.Scan(append(p.extra, dest...)...) }

// DueRevisits returns the revisits due at now, the longest due first, at
// most limit (clamped to 1..MaxPage).
func (a *Archive) DueRevisits(ctx context.Context, now time.Time, limit int) ([]article.Revisit, error) {
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	rows, err := a.read.QueryContext(ctx, `SELECT r.step, r.due_at, r.etag, r.last_modified, `+articleCols+`
		FROM revisit r JOIN article ON article.id = r.article_id
		WHERE r.due_at <= ? ORDER BY r.due_at, r.article_id LIMIT ?`, encTime(now), limit)
	if err != nil {
		return nil, fmt.Errorf("archive: due revisits: %w", err)
	}
	defer rows.Close()
	var out []article.Revisit
	for rows.Next() {
		var r article.Revisit
		var due sql.NullString
		if r.Article, err = scanArticle(prefixed{rows, []any{&r.Step, &due, &r.ETag, &r.LastModified}}); err != nil {
			return nil, fmt.Errorf("archive: due revisits: %w", err)
		}
		if r.DueAt, err = decTime(due); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: due revisits: %w", err)
	}
	return out, nil
}

// Revisited records a revisit: its responses as the article's captures
// (WARC first, as Put does), then in one transaction the article's new
// text (the previous one kept in article_version) or its removal, with the
// change cursor renewed so the index re-reads it, and the next revisit.
// The article's agency, cluster and first-seen time never change.
func (a *Archive) Revisited(ctx context.Context, r article.Revisited) error {
	if r.ArticleID == "" || r.SourceID == "" {
		return fmt.Errorf("%w: a revisit needs the article and source IDs", ErrInvalid)
	}
	caps, err := a.writer.Durable(ctx, r.Responses)
	if err != nil {
		return err
	}
	at := encTime(r.At.UTC())
	return a.inTx(ctx, func(tx *sql.Tx) error {
		if err := insertCaptures(ctx, tx, r.ArticleID, r.SourceID, caps); err != nil {
			return err
		}
		if c := r.Changed; c != nil {
			if _, err := tx.ExecContext(ctx, `INSERT INTO article_version (article_id, replaced_at, title, lead, body, updated_at)
				SELECT id, ?, title, lead, body, updated_at FROM article WHERE id = ?`, at, r.ArticleID); err != nil {
				return fmt.Errorf("archive: keep version of %s: %w", r.ArticleID, err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE article SET title = ?, lead = ?, body = ?, content_sha256 = ?, updated_at = ? WHERE id = ?`,
				c.Title, c.Lead, c.Body, ContentHash(c.Body), at, r.ArticleID); err != nil {
				return fmt.Errorf("archive: update %s: %w", r.ArticleID, err)
			}
		}
		if r.Removed {
			if _, err := tx.ExecContext(ctx, `UPDATE article SET removed_at = ? WHERE id = ?`, at, r.ArticleID); err != nil {
				return fmt.Errorf("archive: remove %s: %w", r.ArticleID, err)
			}
		}
		if r.Changed != nil || r.Removed {
			if err := touchArticle(ctx, tx, r.ArticleID); err != nil {
				return err
			}
		}
		if r.NextAt.IsZero() {
			_, err = tx.ExecContext(ctx, `DELETE FROM revisit WHERE article_id = ?`, r.ArticleID)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE revisit SET step = ?, due_at = ?, etag = ?, last_modified = ? WHERE article_id = ?`,
				r.NextStep, encTime(r.NextAt.UTC()), r.ETag, r.LastModified, r.ArticleID)
		}
		if err != nil {
			return fmt.Errorf("archive: next revisit of %s: %w", r.ArticleID, err)
		}
		return nil
	})
}
