package archive

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/haberci/haberci/article"
)

// Reads for copying the archive into another store (haberci migrate), in
// pages of at most MaxPage; articles are read with Since.

// SourceRow is everything stored about a source.
type SourceRow struct {
	StoredSource
	Origin string // "config" or "api"
	URLKey string
	State  article.FetchState
}

// SourceRows returns every source, by id.
func (a *Archive) SourceRows(ctx context.Context) ([]SourceRow, error) {
	rows, err := a.read.QueryContext(ctx, `SELECT `+storedCols+`, origin, url_key, etag, last_modified, last_fetch_at,
		last_status, last_error, consecutive_failures, next_allowed_at, backlog, resume_url FROM source ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("archive: source rows: %w", err)
	}
	defer rows.Close()
	var out []SourceRow
	for rows.Next() {
		var r SourceRow
		var added, last, next sql.NullString
		st := &r.State
		if err := rows.Scan(&r.ID, &r.Name, &r.Type, &r.URL, &r.Schedule, &r.Options, &r.Paused, &added, &r.Origin, &r.URLKey,
			&st.ETag, &st.LastModified, &last, &st.LastStatus, &st.LastError, &st.ConsecutiveFailures, &next,
			&st.Backlog, &st.ResumeURL); err != nil {
			return nil, fmt.Errorf("archive: source rows: %w", err)
		}
		st.SourceID = r.ID
		for _, t := range []struct {
			dst *time.Time
			src sql.NullString
		}{{&r.AddedAt, added}, {&st.LastFetchAt, last}, {&st.NextAllowedAt, next}} {
			if *t.dst, err = decTime(t.src); err != nil {
				return nil, err
			}
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: source rows: %w", err)
	}
	return out, nil
}

// ClustersAfter returns the clusters with an id above after, by id, at
// most limit (clamped to 1..MaxPage).
func (a *Archive) ClustersAfter(ctx context.Context, after string, limit int) ([]Cluster, error) {
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	rows, err := a.read.QueryContext(ctx, `SELECT id, first_article_id, agency, created_at, size FROM cluster
		WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("archive: clusters: %w", err)
	}
	defer rows.Close()
	var out []Cluster
	for rows.Next() {
		var c Cluster
		var at sql.NullString
		if err := rows.Scan(&c.ID, &c.FirstArticleID, &c.Agency, &at, &c.Size); err != nil {
			return nil, fmt.Errorf("archive: clusters: %w", err)
		}
		if c.FirstSeenAt, err = decTime(at); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: clusters: %w", err)
	}
	return out, nil
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
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	rows, err := a.read.QueryContext(ctx, `SELECT id, COALESCE(article_id, ''), source_id, url, fetched_at, status,
		content_type, warc_file, "offset", length, digest FROM capture WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("archive: captures: %w", err)
	}
	defer rows.Close()
	var out []CaptureRow
	for rows.Next() {
		var c CaptureRow
		if err := scanCapture(rows, &c.Capture, &c.ID, &c.ArticleID, &c.SourceID); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: captures: %w", err)
	}
	return out, nil
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
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	rows, err := a.read.QueryContext(ctx, `SELECT id, watch_id, channel, event, COALESCE(match_id, 0), payload, created_at, attempts,
		next_at, delivered_at, last_error FROM watch_outbox WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("archive: outbox rows: %w", err)
	}
	defer rows.Close()
	var out []OutboxRow
	for rows.Next() {
		var o OutboxRow
		var created, next, delivered sql.NullString
		if err := rows.Scan(&o.ID, &o.WatchID, &o.Channel, &o.Event, &o.MatchID, &o.Payload, &created, &o.Attempts,
			&next, &delivered, &o.LastError); err != nil {
			return nil, fmt.Errorf("archive: outbox rows: %w", err)
		}
		for _, t := range []struct {
			dst *time.Time
			src sql.NullString
		}{{&o.CreatedAt, created}, {&o.NextAt, next}, {&o.DeliveredAt, delivered}} {
			if *t.dst, err = decTime(t.src); err != nil {
				return nil, err
			}
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: outbox rows: %w", err)
	}
	return out, nil
}

// DeliveryRow is a delivery log entry with its id.
type DeliveryRow struct {
	ID int64
	Delivery
}

// DeliveriesAfter returns the delivery log entries of every watch with an
// id above after, by id, at most limit (clamped to 1..MaxPage).
func (a *Archive) DeliveriesAfter(ctx context.Context, after int64, limit int) ([]DeliveryRow, error) {
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	rows, err := a.read.QueryContext(ctx, `SELECT id, watch_id, channel, at, items, attempt, status, error FROM watch_delivery
		WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("archive: delivery rows: %w", err)
	}
	defer rows.Close()
	var out []DeliveryRow
	for rows.Next() {
		var d DeliveryRow
		var at sql.NullString
		if err := rows.Scan(&d.ID, &d.WatchID, &d.Channel, &at, &d.Items, &d.Attempt, &d.Status, &d.Error); err != nil {
			return nil, fmt.Errorf("archive: delivery rows: %w", err)
		}
		if d.At, err = decTime(at); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: delivery rows: %w", err)
	}
	return out, nil
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
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	rows, err := a.read.QueryContext(ctx, `SELECT article_id, step, due_at, etag, last_modified FROM revisit
		WHERE article_id > ? ORDER BY article_id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("archive: revisit rows: %w", err)
	}
	defer rows.Close()
	var out []RevisitRow
	for rows.Next() {
		var r RevisitRow
		var due sql.NullString
		if err := rows.Scan(&r.ArticleID, &r.Step, &due, &r.ETag, &r.LastModified); err != nil {
			return nil, fmt.Errorf("archive: revisit rows: %w", err)
		}
		if r.DueAt, err = decTime(due); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: revisit rows: %w", err)
	}
	return out, nil
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
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	rows, err := a.read.QueryContext(ctx, `SELECT id, article_id, replaced_at, title, lead, body, updated_at FROM article_version
		WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("archive: version rows: %w", err)
	}
	defer rows.Close()
	var out []VersionRow
	for rows.Next() {
		var v VersionRow
		var replaced, updated sql.NullString
		if err := rows.Scan(&v.ID, &v.ArticleID, &replaced, &v.Title, &v.Lead, &v.Body, &updated); err != nil {
			return nil, fmt.Errorf("archive: version rows: %w", err)
		}
		if v.ReplacedAt, err = decTime(replaced); err != nil {
			return nil, err
		}
		if v.UpdatedAt, err = decTime(updated); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: version rows: %w", err)
	}
	return out, nil
}

// WARCFiles returns the names of the WARC files the captures are in
// (Capture.WARCFile), sorted: what a copy of the archive must take along.
func (a *Archive) WARCFiles(ctx context.Context) ([]string, error) {
	rows, err := a.read.QueryContext(ctx, `SELECT DISTINCT warc_file FROM capture ORDER BY warc_file`)
	if err != nil {
		return nil, fmt.Errorf("archive: warc files: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			return nil, fmt.Errorf("archive: warc files: %w", err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: warc files: %w", err)
	}
	return out, nil
}
