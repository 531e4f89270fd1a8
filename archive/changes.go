package archive

import (
	"context"
	"fmt"

	"github.com/haberci/haberci/article"
)

// An article has two numbers (schema step 7):
//
//   - seq, its append order: given once when the article is stored, never
//     changed. Iterate and ArticleIDs page by it, so a listing that runs
//     beside the writer sees every article exactly once.
//   - change_seq, the change cursor: given when the article is stored and
//     renewed by every later write to its row that a reader of the index
//     would see (a cluster merge moving it, a revisit changing its text).
//     It is unique across the archive and grows with every change; the
//     index keeps the last one it holds as its watermark and catches up
//     with Changes.
//
// A write that changes an article row calls touchArticle in the same
// transaction; nothing else is needed for the index to re-read it.

// nextChange is the change cursor the next changed article takes; the one
// write connection serialises its readers.
const nextChange = `(SELECT COALESCE(MAX(change_seq), 0) + 1 FROM article)`

// sqlTouch renews an article's change cursor, so that the index re-reads it.
const sqlTouch = `UPDATE article SET change_seq = ` + nextChange + ` WHERE id = ?`

// touchArticle renews the change cursor of the article with this id; a
// writer that changed its row in tx without setting change_seq calls it.
func touchArticle(ctx context.Context, tx execer, id string) error {
	if _, err := tx.ExecContext(ctx, sqlTouch, id); err != nil {
		return fmt.Errorf("archive: touch %s: %w", id, err)
	}
	return nil
}

// Changes returns the articles whose change cursor is above after, in
// change order, at most limit of them; limit is clamped to 1..MaxPage. An
// article changed twice since after appears once, with its last state. The
// index catches up with it.
func (a *Archive) Changes(ctx context.Context, after int64, limit int) ([]*article.Article, error) {
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	return queryArticles(a.read.QueryContext(ctx,
		`SELECT `+articleCols+` FROM article WHERE change_seq > ? ORDER BY change_seq LIMIT ?`, after, limit))
}

// LastChange returns the highest change cursor in the archive, 0 when it is
// empty: an index whose watermark equals it holds every change.
func (a *Archive) LastChange(ctx context.Context) (int64, error) {
	return a.scalar(ctx, `SELECT COALESCE(MAX(change_seq), 0) FROM article`)
}
