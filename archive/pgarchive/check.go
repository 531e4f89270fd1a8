package pgarchive

import (
	"context"
	"fmt"
	"strings"

	"github.com/haberci/haberci/archive"
	"github.com/jackc/pgx/v5"
)

// probeBytes is the room Writable asks of the WARC directory: a few
// article pages, as the SQLite archive's.
const probeBytes = 1 << 20

// Writable reports whether this node can take new articles again after a
// write failed for want of space or permission, as the SQLite archive's:
// its current WARC file must grow by a megabyte and the database must
// commit a write. It changes no data; its error wraps article.ErrStorage
// when a disk (or a read-only server) still refuses.
func (s *Store) Writable(ctx context.Context) error {
	if s.warc != nil {
		if err := s.warc.Probe(probeBytes); err != nil {
			return storageErr(fmt.Errorf("pgarchive: %w", err))
		}
	}
	// A row added and removed in one committed transaction: the server
	// writes and flushes its WAL, and a standby refuses it.
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO source (id, name) VALUES ('', $1)`, strings.Repeat(" ", 64<<10)); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM source WHERE id = ''`)
		return err
	})
	if err != nil {
		return storageErr(fmt.Errorf("pgarchive: probe: %w", err))
	}
	return nil
}

// integrityChecks are the consistency checks of Integrity: each query
// gives one problem per row, as text. PostgreSQL checks its pages and
// foreign keys itself; these are the archive's own rules.
var integrityChecks = []string{
	// A cluster's size is the number of its members.
	`SELECT format('cluster %s has size %s but %s members', c.id, c.size, count(a.id))
	FROM cluster c LEFT JOIN article a ON a.cluster_id = c.id
	GROUP BY c.id HAVING c.size <> count(a.id) ORDER BY c.id LIMIT $1`,
	// Its first article exists and is one of them.
	`SELECT format('cluster %s: first article %s is not among its members', c.id, c.first_article_id)
	FROM cluster c LEFT JOIN article a ON a.id = c.first_article_id
	WHERE a.id IS NULL OR a.cluster_id <> c.id ORDER BY c.id LIMIT $1`,
	// A watch matcher's watermark is not ahead of the archive (its Seqs).
	`SELECT format('watch matcher watermark %s = %s is ahead of the archive (max seq %s)', w.key, w.value, m.seq)
	FROM watch_state w, (SELECT coalesce(max(seq), 0) AS seq FROM article_cursor) m
	WHERE w.key LIKE 'watermark:%' AND w.value > m.seq ORDER BY w.key LIMIT $1`,
	// The counts per source (stories.go) are those of the articles.
	`SELECT format('source %s counted %s articles but has %s', coalesce(n.source_id, a.source_id), coalesce(n.n, 0), coalesce(a.n, 0))
	FROM (` + sqlSourceCounts + `) n FULL JOIN (SELECT source_id, count(*) AS n FROM article GROUP BY source_id) a ON a.source_id = n.source_id
	WHERE coalesce(n.n, 0) <> coalesce(a.n, 0) ORDER BY 1 LIMIT $1`,
}

// Integrity checks the archive's own rules on its rows (each cluster's
// size and first article, the article counts per source) and returns one line per
// problem found, at most MaxPage; none when the archive is sound. It
// reads every cluster and article, so it is for `check`, not for a
// request.
func (s *Store) Integrity(ctx context.Context) ([]string, error) {
	var problems []string
	for _, q := range integrityChecks {
		rows, err := s.pool.Query(ctx, q, MaxPage-len(problems))
		if err != nil {
			return nil, fmt.Errorf("pgarchive: integrity: %w", err)
		}
		found, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return nil, fmt.Errorf("pgarchive: integrity: %w", err)
		}
		if problems = append(problems, found...); len(problems) >= MaxPage {
			break
		}
	}
	return problems, nil
}

// VerifyCaptures reads back every capture's WARC record, as the SQLite
// archive's (archive.VerifyCapture): it calls bad for each capture whose
// record does not read back as its row says and returns how many it
// checked. Captures are read a page at a time, in row order.
func (s *Store) VerifyCaptures(ctx context.Context, bad func(archive.CaptureProblem)) (int64, error) {
	var after, n int64
	for {
		rows, err := s.pool.Query(ctx, `SELECT id, coalesce(article_id, ''), url, fetched_at, status, content_type,
			warc_file, "offset", length, digest FROM capture WHERE id > $1 ORDER BY id LIMIT $2`, after, MaxPage)
		if err != nil {
			return n, fmt.Errorf("pgarchive: captures: %w", err)
		}
		page, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (archive.CaptureProblem, error) {
			var p archive.CaptureProblem
			c := &p.Capture
			err := r.Scan(&p.RowID, &p.ArticleID, &c.URL, &c.FetchedAt, &c.Status, &c.ContentType,
				&c.WARCFile, &c.Offset, &c.Length, &c.Digest)
			c.FetchedAt = c.FetchedAt.UTC()
			return p, err
		})
		if err != nil {
			return n, fmt.Errorf("pgarchive: captures: %w", err)
		}
		for _, p := range page {
			if err := ctx.Err(); err != nil {
				return n, fmt.Errorf("pgarchive: %w", err)
			}
			n++
			after = p.RowID
			if p.Err = archive.VerifyCapture(s.WARCPath(p.Capture.WARCFile), p.Capture); p.Err != nil {
				bad(p)
			}
		}
		if len(page) < MaxPage {
			return n, nil
		}
	}
}
