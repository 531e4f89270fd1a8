package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/haberci/haberci/article"
)

// Reads for copying the archive into another store (haberci migrate), in
// pages of at most MaxPage; articles are read with Since.

// pageLimit clamps a page's size to 1..MaxPage.
func pageLimit(limit int) int {
	if limit <= 0 || limit > MaxPage {
		return MaxPage
	}
	return limit
}

// queryRows runs q on the archive's reader and scans each row with scan;
// what names the rows in its errors.
func queryRows[T any](ctx context.Context, a *Archive, what string, scan func(*sql.Rows) (T, error), q string, args ...any) ([]T, error) {
	rows, err := a.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("archive: %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("archive: %s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: %s: %w", what, err)
	}
	return out, nil
}

// decTimeInto decodes a stored time into dst.
func decTimeInto(dst *time.Time, src sql.NullString) (err error) {
	*dst, err = decTime(src)
	return err
}

// SourceRow is everything stored about a source.
type SourceRow struct {
	StoredSource
	Origin string // "config" or "api"
	URLKey string
	State  article.FetchState
}

// SourceRows returns every source, by id.
func (a *Archive) SourceRows(ctx context.Context) ([]SourceRow, error) {
	return queryRows(ctx, a, "source rows", func(rows *sql.Rows) (SourceRow, error) {
		var r SourceRow
		var added, last, next sql.NullString
		st := &r.State
		err := rows.Scan(&r.ID, &r.Name, &r.Type, &r.URL, &r.Schedule, &r.Options, &r.Paused, &added, &r.Origin, &r.URLKey,
			&st.ETag, &st.LastModified, &last, &st.LastStatus, &st.LastError, &st.ConsecutiveFailures, &next,
			&st.Backlog, &st.ResumeURL)
		st.SourceID = r.ID
		err = errors.Join(err, decTimeInto(&r.AddedAt, added), decTimeInto(&st.LastFetchAt, last), decTimeInto(&st.NextAllowedAt, next))
		return r, err
	}, `SELECT `+storedCols+`, origin, url_key, etag, last_modified, last_fetch_at,
		last_status, last_error, consecutive_failures, next_allowed_at, backlog, resume_url FROM source ORDER BY id`)
}

// ClustersAfter returns the clusters with an id above after, by id, at
// most limit (clamped to 1..MaxPage).
func (a *Archive) ClustersAfter(ctx context.Context, after string, limit int) ([]Cluster, error) {
	return queryRows(ctx, a, "clusters", func(rows *sql.Rows) (Cluster, error) {
		var c Cluster
		var at sql.NullString
		err := rows.Scan(&c.ID, &c.FirstArticleID, &c.Agency, &at, &c.Size)
		err = errors.Join(err, decTimeInto(&c.FirstSeenAt, at))
		return c, err
	}, `SELECT id, first_article_id, agency, created_at, size FROM cluster
		WHERE id > ? ORDER BY id LIMIT ?`, after, pageLimit(limit))
}

// CaptureRow is one stored capture: of an article, or of none ("", a feed
// or a list page).
type CaptureRow struct {
	ID        int64
	ArticleID string
	SourceID  string
	article.Capture
}

// CapturesAfter returns the captures with an id above after, by id, at
// most limit (clamped to 1..MaxPage).
func (a *Archive) CapturesAfter(ctx context.Context, after int64, limit int) ([]CaptureRow, error) {
	return queryRows(ctx, a, "captures", func(rows *sql.Rows) (CaptureRow, error) {
		var c CaptureRow
		err := scanCapture(rows, &c.Capture, &c.ID, &c.ArticleID, &c.SourceID)
		return c, err
	}, `SELECT id, COALESCE(article_id, ''), source_id, url, fetched_at, status,
		content_type, warc_file, "offset", length, digest FROM capture WHERE id > ? ORDER BY id LIMIT ?`, after, pageLimit(limit))
}

// WatchBandsOf returns the LSH bands a watch is found by.
func (a *Archive) WatchBandsOf(ctx context.Context, watchID string) (WatchBands, error) {
	rows, err := a.read.QueryContext(ctx, `SELECT family, band, value FROM watch_band WHERE watch_id = ? ORDER BY family, band`, watchID)
	if err != nil {
		return nil, fmt.Errorf("archive: watch bands: %w", err)
	}
	defer rows.Close()
	out := WatchBands{}
	for rows.Next() {
		var family, band int
		var v int64
		if err := rows.Scan(&family, &band, &v); err != nil {
			return nil, fmt.Errorf("archive: watch bands: %w", err)
		}
		out.Set(family, band, uint64(v))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: watch bands: %w", err)
	}
	return out, nil
}

// WatchStates returns every persisted watch counter (WatchState) by key.
func (a *Archive) WatchStates(ctx context.Context) (map[string]int64, error) {
	rows, err := a.read.QueryContext(ctx, `SELECT key, value FROM watch_state`)
	if err != nil {
		return nil, fmt.Errorf("archive: watch states: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var k string
		var v int64
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("archive: watch states: %w", err)
		}
		out[k] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: watch states: %w", err)
	}
	return out, nil
}

// OutboxRow is an outbox row with what DueOutbox leaves out.
type OutboxRow struct {
	OutboxItem
	DeliveredAt time.Time // zero while undelivered
	LastError   string
}

// OutboxAfter returns the outbox rows with an id above after, delivered or
// not, by id, at most limit (clamped to 1..MaxPage).
func (a *Archive) OutboxAfter(ctx context.Context, after int64, limit int) ([]OutboxRow, error) {
	return queryRows(ctx, a, "outbox rows", func(rows *sql.Rows) (OutboxRow, error) {
		var o OutboxRow
		var created, next, delivered sql.NullString
		err := rows.Scan(&o.ID, &o.WatchID, &o.Channel, &o.Event, &o.MatchID, &o.Payload, &created, &o.Attempts,
			&next, &delivered, &o.LastError)
		err = errors.Join(err, decTimeInto(&o.CreatedAt, created), decTimeInto(&o.NextAt, next), decTimeInto(&o.DeliveredAt, delivered))
		return o, err
	}, `SELECT id, watch_id, channel, event, COALESCE(match_id, 0), payload, created_at, attempts,
		next_at, delivered_at, last_error FROM watch_outbox WHERE id > ? ORDER BY id LIMIT ?`, after, pageLimit(limit))
}

// DeliveryRow is a delivery log entry with its id.
type DeliveryRow struct {
	ID int64
	Delivery
}

// DeliveriesAfter returns the delivery log entries of every watch with an
// id above after, by id, at most limit (clamped to 1..MaxPage).
func (a *Archive) DeliveriesAfter(ctx context.Context, after int64, limit int) ([]DeliveryRow, error) {
	return queryRows(ctx, a, "delivery rows", func(rows *sql.Rows) (DeliveryRow, error) {
		var d DeliveryRow
		var at sql.NullString
		err := rows.Scan(&d.ID, &d.WatchID, &d.Channel, &at, &d.Items, &d.Attempt, &d.Status, &d.Error)
		err = errors.Join(err, decTimeInto(&d.At, at))
		return d, err
	}, `SELECT id, watch_id, channel, at, items, attempt, status, error FROM watch_delivery
		WHERE id > ? ORDER BY id LIMIT ?`, after, pageLimit(limit))
}

// RevisitRow is an article's next revisit (revisit.go).
type RevisitRow struct {
	ArticleID          string
	Step               int
	DueAt              time.Time
	ETag, LastModified string
}

// RevisitsAfter returns the scheduled revisits of the articles with an id
// above after, by article id, at most limit (clamped to 1..MaxPage).
func (a *Archive) RevisitsAfter(ctx context.Context, after string, limit int) ([]RevisitRow, error) {
	return queryRows(ctx, a, "revisit rows", func(rows *sql.Rows) (RevisitRow, error) {
		var r RevisitRow
		var due sql.NullString
		err := rows.Scan(&r.ArticleID, &r.Step, &due, &r.ETag, &r.LastModified)
		err = errors.Join(err, decTimeInto(&r.DueAt, due))
		return r, err
	}, `SELECT article_id, step, due_at, etag, last_modified FROM revisit
		WHERE article_id > ? ORDER BY article_id LIMIT ?`, after, pageLimit(limit))
}

// VersionRow is an article's text as it was before a revisit replaced it.
type VersionRow struct {
	ID                int64
	ArticleID         string
	ReplacedAt        time.Time
	Title, Lead, Body string
	UpdatedAt         time.Time // the replaced text's; zero when it had none
}

// VersionsAfter returns the replaced texts with an id above after, by id,
// at most limit (clamped to 1..MaxPage).
func (a *Archive) VersionsAfter(ctx context.Context, after int64, limit int) ([]VersionRow, error) {
	return queryRows(ctx, a, "version rows", func(rows *sql.Rows) (VersionRow, error) {
		var v VersionRow
		var replaced, updated sql.NullString
		err := rows.Scan(&v.ID, &v.ArticleID, &replaced, &v.Title, &v.Lead, &v.Body, &updated)
		err = errors.Join(err, decTimeInto(&v.ReplacedAt, replaced), decTimeInto(&v.UpdatedAt, updated))
		return v, err
	}, `SELECT id, article_id, replaced_at, title, lead, body, updated_at FROM article_version
		WHERE id > ? ORDER BY id LIMIT ?`, after, pageLimit(limit))
}

// WARCFiles returns the names of the WARC files the captures are in
// (Capture.WARCFile), sorted: what a copy of the archive must take along.
func (a *Archive) WARCFiles(ctx context.Context) ([]string, error) {
	return queryRows(ctx, a, "warc files", func(rows *sql.Rows) (string, error) {
		var f string
		err := rows.Scan(&f)
		return f, err
	}, `SELECT DISTINCT warc_file FROM capture ORDER BY warc_file`)
}
