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
