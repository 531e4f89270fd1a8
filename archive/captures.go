package archive

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/haberci/haberci/article"
)

// AddCaptures archives responses that belong to no new article, such as a
// feed document or a list page: WARC first, then the capture rows.
func (a *Archive) AddCaptures(ctx context.Context, sourceID string, resps []article.Response) error {
	if sourceID == "" {
		return fmt.Errorf("%w: captures need a source ID", ErrInvalid)
	}
	caps, err := a.writer.Durable(ctx, resps)
	if err != nil || len(caps) == 0 {
		return err
	}
	return a.inTx(ctx, func(tx *sql.Tx) error {
		if err := ensureSource(ctx, tx, sourceID); err != nil {
			return err
		}
		return insertCaptures(ctx, tx, "", sourceID, caps)
	})
}

// insertCaptures adds capture rows; articleID "" stores NULL.
func insertCaptures(ctx context.Context, tx execer, articleID, sourceID string, caps []article.Capture) error {
	var aid any
	if articleID != "" {
		aid = articleID
	}
	for _, c := range caps {
		_, err := tx.ExecContext(ctx, sqlInsertCapture, aid, sourceID, c.URL, encTime(c.FetchedAt), c.Status, c.ContentType, c.WARCFile, c.Offset, c.Length, c.Digest)
		if err != nil {
			return fmt.Errorf("archive: insert capture %s: %w", c.URL, err)
		}
	}
	return nil
}

// captures lists an article's captures, oldest first, at most MaxPage.
func (a *Archive) captures(ctx context.Context, articleID string) ([]article.Capture, error) {
	rows, err := a.read.QueryContext(ctx, `SELECT url, fetched_at, status, content_type, warc_file, "offset", length, digest
		FROM capture WHERE article_id = ? ORDER BY fetched_at, id LIMIT ?`, articleID, MaxPage)
	if err != nil {
		return nil, fmt.Errorf("archive: captures: %w", err)
	}
	defer rows.Close()
	var out []article.Capture
	for rows.Next() {
		var c article.Capture
		if err := scanCapture(rows, &c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: captures: %w", err)
	}
	return out, nil
}

// scanCapture reads a row of (extra…, url, fetched_at, status,
// content_type, warc_file, offset, length, digest) into extra and c.
func scanCapture(row rowScanner, c *article.Capture, extra ...any) error {
	var fetched sql.NullString
	dest := append(extra, &c.URL, &fetched, &c.Status, &c.ContentType, &c.WARCFile, &c.Offset, &c.Length, &c.Digest)
	if err := row.Scan(dest...); err != nil {
		return fmt.Errorf("archive: captures: %w", err)
	}
	var err error
	c.FetchedAt, err = decTime(fetched)
	return err
}
