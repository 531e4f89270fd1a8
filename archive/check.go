package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/haberci/haberci/archive/warc"
	"github.com/haberci/haberci/article"
)

// ErrCaptureMismatch means a WARC record reads back whole but is not the
// capture its row describes (another URL or payload digest).
var ErrCaptureMismatch = errors.New("archive: capture does not match its WARC record")

// CaptureProblem is one capture whose WARC record does not read back as
// its row says.
type CaptureProblem struct {
	RowID     int64  // capture.id
	ArticleID string // "" for a capture of no article, such as a feed document
	Capture   article.Capture
	Err       error // wraps warc.ErrDigest, warc.ErrMalformed, ErrCaptureMismatch or a file error
}

// Integrity runs SQLite's integrity_check and foreign_key_check, checks
// each cluster's size and first article against its members and the watch
// matcher's state, and returns one line per problem found; none when the
// archive is sound. It reads every cluster and article, so it is for
// `check`, not for a request.
func (a *Archive) Integrity(ctx context.Context) ([]string, error) {
	var problems []string
	rows, err := a.read.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return nil, fmt.Errorf("archive: integrity check: %w", err)
	}
	for rows.Next() && len(problems) < MaxPage {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return nil, fmt.Errorf("archive: integrity check: %w", err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	rows.Close()
	fk, err := a.read.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return nil, fmt.Errorf("archive: foreign key check: %w", err)
	}
	defer fk.Close()
	for fk.Next() && len(problems) < MaxPage {
		var table, parent string
		var rowid sql.NullInt64
		var idx int
		if err := fk.Scan(&table, &rowid, &parent, &idx); err != nil {
			return nil, fmt.Errorf("archive: foreign key check: %w", err)
		}
		problems = append(problems, fmt.Sprintf("%s row %d points at a missing %s", table, rowid.Int64, parent))
	}
	if err := fk.Err(); err != nil {
		return nil, fmt.Errorf("archive: foreign key check: %w", err)
	}
	scanLine := func(r *sql.Rows) (line string, err error) { return line, r.Scan(&line) }
	for _, q := range clusterChecks {
		found, err := queryRows(ctx, a, "cluster check", scanLine, q, max(0, MaxPage-len(problems)))
		if err != nil {
			return nil, err
		}
		problems = append(problems, found...)
	}
	watchProblems, err := a.WatchProblems(ctx)
	return append(problems, watchProblems...), err
}

// clusterChecks are the archive's own rules on clusters, as the
// PostgreSQL archive checks them: each query gives one problem per row.
var clusterChecks = []string{
	// A cluster's size is the number of its members.
	`SELECT printf('cluster %s has size %d but %d members', c.id, c.size, count(a.id))
	FROM cluster c LEFT JOIN article a ON a.cluster_id = c.id
	GROUP BY c.id HAVING c.size <> count(a.id) ORDER BY c.id LIMIT ?`,
	// Its first article exists and is one of them.
	`SELECT printf('cluster %s: first article %s is not among its members', c.id, c.first_article_id)
	FROM cluster c LEFT JOIN article a ON a.id = c.first_article_id
	WHERE a.id IS NULL OR a.cluster_id IS NOT c.id ORDER BY c.id LIMIT ?`,
}

// VerifyCaptures reads back every capture's WARC record with
// warc.ReadRecord (member offset and length, block and payload digests) and
// checks that it is the response the row describes. It calls bad for each
// problem and returns how many captures it checked.
func (a *Archive) VerifyCaptures(ctx context.Context, bad func(CaptureProblem)) (int64, error) {
	var after, n int64
	for {
		page, err := a.capturePage(ctx, after)
		if err != nil {
			return n, err
		}
		for _, p := range page {
			if err := ctx.Err(); err != nil {
				return n, fmt.Errorf("archive: %w", err)
			}
			n++
			after = p.RowID
			if p.Err = VerifyCapture(a.WARCPath(p.Capture.WARCFile), p.Capture); p.Err != nil {
				bad(p)
			}
		}
		if len(page) < MaxPage {
			return n, nil
		}
	}
}

// VerifyCapture reads one capture's record from the WARC file at path
// and compares it with the row: an error wraps warc.ErrDigest,
// warc.ErrMalformed, ErrCaptureMismatch or the file's error. Both
// archives' VerifyCaptures use it.
func VerifyCapture(path string, c article.Capture) error {
	rec, err := warc.ReadRecord(path, c.Offset, c.Length)
	if err != nil {
		return err
	}
	if got := rec.Header.Get("WARC-Target-URI"); got != c.URL {
		return fmt.Errorf("%w: record is for %s", ErrCaptureMismatch, got)
	}
	if got := warc.Digest(rec.Payload); got != c.Digest {
		return fmt.Errorf("%w: payload digest %s, row says %s", ErrCaptureMismatch, got, c.Digest)
	}
	return nil
}

// capturePage reads up to MaxPage capture rows after row id after.
func (a *Archive) capturePage(ctx context.Context, after int64) ([]CaptureProblem, error) {
	rows, err := a.read.QueryContext(ctx, `SELECT id, COALESCE(article_id, ''), url, fetched_at, status, content_type,
		warc_file, "offset", length, digest FROM capture WHERE id > ? ORDER BY id LIMIT ?`, after, MaxPage)
	if err != nil {
		return nil, fmt.Errorf("archive: captures: %w", err)
	}
	defer rows.Close()
	var out []CaptureProblem
	for rows.Next() {
		var p CaptureProblem
		var fetched sql.NullString
		c := &p.Capture
		if err := rows.Scan(&p.RowID, &p.ArticleID, &c.URL, &fetched, &c.Status, &c.ContentType,
			&c.WARCFile, &c.Offset, &c.Length, &c.Digest); err != nil {
			return nil, fmt.Errorf("archive: captures: %w", err)
		}
		if c.FetchedAt, err = decTime(fetched); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: captures: %w", err)
	}
	return out, nil
}
