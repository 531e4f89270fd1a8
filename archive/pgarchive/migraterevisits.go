package pgarchive

import (
	"context"
	"fmt"
	"reflect"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/jackc/pgx/v5"
)

// Copying the revisit schedule and the texts revisits replaced (CopyFrom,
// after the articles they hang on). Revisits are written as they are again
// on every run (a row's step and due time move as its revisits happen);
// versions keep their ids and a version already copied is left as it is,
// so a run after an interrupted one copies only the rest. Each page is one
// transaction.

// copyRevisits copies the revisit schedule, a page of size rows at a time.
func (s *Store) copyRevisits(ctx context.Context, from *archive.Archive, size int, note func(string, *int64, int), rep *CopyReport) error {
	for after := ""; ; {
		page, err := from.RevisitsAfter(ctx, after, size)
		if err != nil || len(page) == 0 {
			return err
		}
		b := &pgx.Batch{}
		for _, r := range page {
			b.Queue(`INSERT INTO revisit (article_id, step, due_at, etag, last_modified) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (article_id) DO UPDATE SET step = excluded.step, due_at = excluded.due_at,
					etag = excluded.etag, last_modified = excluded.last_modified`,
				r.ArticleID, r.Step, r.DueAt, r.ETag, r.LastModified)
		}
		if err := s.sendPage(ctx, "revisits", b); err != nil {
			return err
		}
		after = page[len(page)-1].ArticleID
		note("revisits", &rep.Revisits, len(page))
	}
}

// copyVersions copies the replaced texts with their ids, then moves the
// identity past them.
func (s *Store) copyVersions(ctx context.Context, from *archive.Archive, size int, note func(string, *int64, int), rep *CopyReport) error {
	for after := int64(0); ; {
		page, err := from.VersionsAfter(ctx, after, size)
		if err != nil {
			return err
		}
		b := &pgx.Batch{}
		for _, v := range page {
			b.Queue(`INSERT INTO article_version (id, article_id, replaced_at, title, lead, body, updated_at)
				OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
				v.ID, v.ArticleID, v.ReplacedAt, v.Title, v.Lead, v.Body, nullTime(v.UpdatedAt))
		}
		if len(page) == 0 {
			b.Queue(`SELECT setval(pg_get_serial_sequence('article_version', 'id'),
				(SELECT coalesce(max(id), 0) + 1 FROM article_version), false)`)
		}
		if err := s.sendPage(ctx, "versions", b); err != nil || len(page) == 0 {
			return err
		}
		after = page[len(page)-1].ID
		note("versions", &rep.Versions, len(page))
	}
}

// verifyRevisits compares every revisit row field for field (due times at
// microseconds) and the table's count.
func (s *Store) verifyRevisits(ctx context.Context, from *archive.Archive, bad func(string, ...any)) error {
	var n int64
	for after := ""; ; {
		page, err := from.RevisitsAfter(ctx, after, MaxPage)
		if err != nil || len(page) == 0 {
			if err == nil {
				err = s.verifyCount(ctx, "revisit", n, bad)
			}
			return err
		}
		last := page[len(page)-1].ArticleID
		rows, err := s.pool.Query(ctx, `SELECT article_id, step, due_at, etag, last_modified FROM revisit
			WHERE article_id COLLATE "C" > $1 AND article_id COLLATE "C" <= $2 ORDER BY article_id COLLATE "C"`, after, last)
		if err != nil {
			return fmt.Errorf("pgarchive: verify: %w", err)
		}
		got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (archive.RevisitRow, error) {
			var v archive.RevisitRow
			err := r.Scan(&v.ArticleID, &v.Step, &v.DueAt, &v.ETag, &v.LastModified)
			v.DueAt = v.DueAt.UTC()
			return v, err
		})
		if err != nil {
			return fmt.Errorf("pgarchive: verify: %w", err)
		}
		for i := range page {
			page[i].DueAt = micro(page[i].DueAt)
		}
		if !reflect.DeepEqual(got, page) {
			bad("revisits of articles %s to %s differ", page[0].ArticleID, last)
		}
		n += int64(len(page))
		after = last
	}
}

// verifyVersions compares every replaced text field for field (times at
// microseconds), ids included, and the table's count.
func (s *Store) verifyVersions(ctx context.Context, from *archive.Archive, bad func(string, ...any)) error {
	var n int64
	for after := int64(0); ; {
		page, err := from.VersionsAfter(ctx, after, MaxPage)
		if err != nil || len(page) == 0 {
			if err == nil {
				err = s.verifyCount(ctx, "article_version", n, bad)
			}
			return err
		}
		last := page[len(page)-1].ID
		rows, err := s.pool.Query(ctx, `SELECT id, article_id, replaced_at, title, lead, body, updated_at FROM article_version
			WHERE id > $1 AND id <= $2 ORDER BY id`, after, last)
		if err != nil {
			return fmt.Errorf("pgarchive: verify: %w", err)
		}
		got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (archive.VersionRow, error) {
			var v archive.VersionRow
			var updated *time.Time
			err := r.Scan(&v.ID, &v.ArticleID, &v.ReplacedAt, &v.Title, &v.Lead, &v.Body, &updated)
			v.ReplacedAt, v.UpdatedAt = v.ReplacedAt.UTC(), utc(updated)
			return v, err
		})
		if err != nil {
			return fmt.Errorf("pgarchive: verify: %w", err)
		}
		for i := range page {
			page[i].ReplacedAt, page[i].UpdatedAt = micro(page[i].ReplacedAt), micro(page[i].UpdatedAt)
		}
		if !reflect.DeepEqual(got, page) {
			bad("article versions %d to %d differ", page[0].ID, last)
		}
		n += int64(len(page))
		after = last
	}
}
