package archive

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// UpdateSource replaces a run-time source's settings (its id stays).
// urlKey is its URL's comparison key, as for AddSource: another run-time
// source holding it gives an *ExistsError. A configured or unknown id gives
// ErrNotFound. Fetch state and the pause are kept.
func (a *Archive) UpdateSource(ctx context.Context, s SourceInfo, urlKey string) error {
	if err := checkRuntime(&s, urlKey); err != nil {
		return err
	}
	return a.inTx(ctx, func(tx *sql.Tx) error {
		var holder string
		err := tx.QueryRowContext(ctx, `SELECT id FROM source WHERE origin = 'api' AND url_key = ? AND id <> ?`, urlKey, s.ID).Scan(&holder)
		switch {
		case err == nil:
			return &ExistsError{Field: "url", ID: holder}
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("archive: update source %s: %w", s.ID, err)
		}
		res, err := tx.ExecContext(ctx, `UPDATE source SET name = ?, type = ?, url = ?, schedule = ?, options = ?, url_key = ?
			WHERE id = ? AND origin = 'api'`, s.Name, s.Type, s.URL, s.Schedule, s.Options, urlKey, s.ID)
		if err != nil {
			return fmt.Errorf("archive: update source %s: %w", s.ID, err)
		}
		return oneRow(res, s.ID)
	})
}

// checkRuntime refuses a run-time source without id or URL key, or with
// options that are not JSON ("" becomes "{}").
func checkRuntime(s *SourceInfo, urlKey string) error {
	if s.ID == "" || urlKey == "" {
		return fmt.Errorf("%w: source without ID or URL key", ErrInvalid)
	}
	if s.Options == "" {
		s.Options = "{}"
	}
	if !json.Valid([]byte(s.Options)) {
		return fmt.Errorf("%w: source %s: options are not JSON", ErrInvalid, s.ID)
	}
	return nil
}

// RemoveSource ends a run-time source. Its row stays, as a source dropped
// from the config file stays, because its articles (which the archive never
// deletes) name it: its id remains taken, its URL is free again, and it is
// no longer listed or scheduled. A configured or unknown id gives
// ErrNotFound.
func (a *Archive) RemoveSource(ctx context.Context, id string) error {
	return a.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE source SET origin = 'config', url_key = '', paused = 0
			WHERE id = ? AND origin = 'api'`, id)
		if err != nil {
			return fmt.Errorf("archive: remove source %s: %w", id, err)
		}
		return oneRow(res, id)
	})
}

// oneRow turns an UPDATE that matched no run-time source into ErrNotFound.
func oneRow(res sql.Result, id string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("archive: source %s: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("%w: run-time source %s", ErrNotFound, id)
	}
	return nil
}

// CopiesPerPublishedDay counts the copies of these clusters by the UTC day
// they were published (first seen, for a copy whose page gave no date),
// oldest day first. At most MaxPage ids are read.
func (a *Archive) CopiesPerPublishedDay(ctx context.Context, clusterIDs []string) ([]DayCount, error) {
	return a.copiesPerDay(ctx, "COALESCE(NULLIF(published_at, ''), first_seen_at)", clusterIDs)
}
