package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// StoredSources returns the sources added at run time, oldest first (at
// most MaxStoredSources).
func (a *Archive) StoredSources(ctx context.Context) ([]StoredSource, error) {
	rows, err := a.read.QueryContext(ctx, `SELECT `+storedCols+` FROM source
		WHERE origin = 'api' ORDER BY added_at, id LIMIT ?`, MaxStoredSources)
	if err != nil {
		return nil, fmt.Errorf("archive: stored sources: %w", err)
	}
	defer rows.Close()
	var out []StoredSource
	for rows.Next() {
		s, err := scanStored(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: stored sources: %w", err)
	}
	return out, nil
}

// StoredSource returns the run-time source with id; ErrNotFound when there
// is none (a configured source included).
func (a *Archive) StoredSource(ctx context.Context, id string) (StoredSource, error) {
	s, err := scanStored(a.read.QueryRowContext(ctx, `SELECT `+storedCols+` FROM source WHERE origin = 'api' AND id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("%w: source %s", ErrNotFound, id)
	}
	return s, err
}

// storedCols are the columns scanStored reads.
const storedCols = `id, name, type, url, schedule, options, paused, added_at`

// scanStored reads one row of storedCols; sql.ErrNoRows passes unwrapped.
func scanStored(row interface{ Scan(...any) error }) (StoredSource, error) {
	var s StoredSource
	var added sql.NullString
	err := row.Scan(&s.ID, &s.Name, &s.Type, &s.URL, &s.Schedule, &s.Options, &s.Paused, &added)
	if errors.Is(err, sql.ErrNoRows) {
		return s, err
	}
	if err != nil {
		return s, fmt.Errorf("archive: stored source: %w", err)
	}
	s.AddedAt, err = decTime(added)
	return s, err
}

// SetPaused pauses or resumes a source, of the config file or added at run
// time; the flag survives restarts. A configured source never synced gets
// its row now.
func (a *Archive) SetPaused(ctx context.Context, id string, paused bool) error {
	if id == "" {
		return fmt.Errorf("%w: source without ID", ErrInvalid)
	}
	return a.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO source (id, paused) VALUES (?, ?)
			ON CONFLICT (id) DO UPDATE SET paused = excluded.paused`, id, paused)
		if err != nil {
			return fmt.Errorf("archive: pause source %s: %w", id, err)
		}
		return nil
	})
}

// PausedSources returns the ids of the paused sources, sorted.
func (a *Archive) PausedSources(ctx context.Context) ([]string, error) {
	return a.sourceIDs(ctx, `SELECT id FROM source WHERE paused = 1 ORDER BY id`)
}

// SourceIDs returns the id of every source the archive knows, configured
// now or once, or added at run time: ids a new source must not reuse.
func (a *Archive) SourceIDs(ctx context.Context) ([]string, error) {
	return a.sourceIDs(ctx, `SELECT id FROM source ORDER BY id`)
}

func (a *Archive) sourceIDs(ctx context.Context, query string) ([]string, error) {
	rows, err := a.read.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("archive: source ids: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("archive: source ids: %w", err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: source ids: %w", err)
	}
	return out, nil
}
