package archive

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/haberci/haberci/article"
)

// SourceInfo is a configured source as the archive records it. Options is
// the source's other settings as a JSON object ("" stores "{}").
type SourceInfo struct{ ID, Name, Type, URL, Schedule, Options string }

// SyncSources inserts or updates the configured sources in one transaction.
// Fetch state and pauses are kept, and sources missing from srcs are not
// deleted: their articles stay archived. A run-time source whose id is now
// in the config file becomes the file's.
func (a *Archive) SyncSources(ctx context.Context, srcs []SourceInfo) error {
	for _, s := range srcs {
		if s.ID == "" {
			return fmt.Errorf("%w: source without ID", ErrInvalid)
		}
		if s.Options != "" && !json.Valid([]byte(s.Options)) {
			return fmt.Errorf("%w: source %s: options are not JSON", ErrInvalid, s.ID)
		}
	}
	return a.inTx(ctx, func(tx *sql.Tx) error {
		for _, s := range srcs {
			if s.Options == "" {
				s.Options = "{}"
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO source (id, name, type, url, schedule, options)
				VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type,
					url = excluded.url, schedule = excluded.schedule, options = excluded.options,
					origin = 'config'`,
				s.ID, s.Name, s.Type, s.URL, s.Schedule, s.Options)
			if err != nil {
				return fmt.Errorf("archive: sync source %s: %w", s.ID, err)
			}
		}
		return nil
	})
}

// FetchState returns what the crawler remembered about a source; a source
// never fetched has the zero state with its SourceID.
func (a *Archive) FetchState(ctx context.Context, sourceID string) (article.FetchState, error) {
	st := article.FetchState{SourceID: sourceID}
	var last, next sql.NullString
	err := a.read.QueryRowContext(ctx, `SELECT etag, last_modified, last_fetch_at, last_status, last_error,
		consecutive_failures, next_allowed_at, backlog, resume_url FROM source WHERE id = ?`, sourceID).
		Scan(&st.ETag, &st.LastModified, &last, &st.LastStatus, &st.LastError, &st.ConsecutiveFailures, &next,
			&st.Backlog, &st.ResumeURL)
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("archive: fetch state %s: %w", sourceID, err)
	}
	if st.LastFetchAt, err = decTime(last); err != nil {
		return st, err
	}
	if st.NextAllowedAt, err = decTime(next); err != nil {
		return st, err
	}
	return st, nil
}

// SaveFetchState records a source's fetch state, creating the source row if
// the source was never synced.
func (a *Archive) SaveFetchState(ctx context.Context, st article.FetchState) error {
	if st.SourceID == "" {
		return fmt.Errorf("%w: fetch state without source ID", ErrInvalid)
	}
	return a.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO source (id, etag, last_modified, last_fetch_at, last_status,
				last_error, consecutive_failures, next_allowed_at, backlog, resume_url)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
				last_fetch_at = excluded.last_fetch_at, last_status = excluded.last_status,
				last_error = excluded.last_error, consecutive_failures = excluded.consecutive_failures,
				next_allowed_at = excluded.next_allowed_at, backlog = excluded.backlog, resume_url = excluded.resume_url`,
			st.SourceID, st.ETag, st.LastModified, encTime(st.LastFetchAt), st.LastStatus, st.LastError,
			st.ConsecutiveFailures, encTime(st.NextAllowedAt), st.Backlog, st.ResumeURL)
		if err != nil {
			return fmt.Errorf("archive: save fetch state %s: %w", st.SourceID, err)
		}
		return nil
	})
}
