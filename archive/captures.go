package archive

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/haberci/haberci/archive/warc"
	"github.com/haberci/haberci/article"
)

// AddCaptures archives responses that belong to no new article, such as a
// feed document or a list page: WARC first, then the capture rows.
func (a *Archive) AddCaptures(ctx context.Context, sourceID string, resps []article.Response) error {
	if sourceID == "" {
		return fmt.Errorf("%w: captures need a source ID", ErrInvalid)
	}
	caps, err := a.writeWARC(ctx, resps)
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

// writeWARC writes the responses as WARC records and makes them durable
// before any row may point at them.
func (a *Archive) writeWARC(ctx context.Context, resps []article.Response) ([]article.Capture, error) {
	recs, err := encodeWARC(resps)
	if err != nil {
		return nil, err
	}
	caps, err := a.appendWARC(ctx, recs)
	if err != nil || len(caps) == 0 {
		return caps, err
	}
	return caps, a.syncWARC()
}

// encodeWARC renders and compresses the responses as WARC records. It runs
// in the caller's goroutine: the writer only appends (see committer).
func encodeWARC(resps []article.Response) ([]*warc.Encoded, error) {
	recs := make([]*warc.Encoded, 0, len(resps))
	for _, r := range resps {
		rec, err := warc.Encode(r)
		if err != nil {
			return nil, fmt.Errorf("archive: %w", err)
		}
		recs = append(recs, rec)
	}
	return recs, nil
}

// appendWARC appends encoded records, not yet durable.
func (a *Archive) appendWARC(ctx context.Context, recs []*warc.Encoded) ([]article.Capture, error) {
	caps := make([]article.Capture, 0, len(recs))
	for _, rec := range recs {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("archive: %w", err)
		}
		c, err := a.warc.Append(rec)
		if err != nil {
			return nil, storageErr(fmt.Errorf("archive: %w", err))
		}
		caps = append(caps, c)
	}
	return caps, nil
}

// syncWARC makes every record written so far durable.
func (a *Archive) syncWARC() error {
	if err := a.warc.Sync(); err != nil {
		return storageErr(fmt.Errorf("archive: %w", err))
	}
	return nil
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
