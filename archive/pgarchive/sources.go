package pgarchive

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// sourcesLock is the advisory lock key of changes to the run-time sources:
// their checks (an id or URL key taken, the table full) and their write are
// one step across nodes, as the SQLite archive's single writer makes them.
const sourcesLock = 0x68616265_72636933 // "haberci3"

// SyncSources inserts or updates the configured sources in one transaction,
// as the SQLite archive's: fetch state and pauses are kept, sources missing
// from srcs are not deleted, and a run-time source whose id is now in the
// config file becomes the file's.
func (s *Store) SyncSources(ctx context.Context, srcs []archive.SourceInfo) error {
	for _, src := range srcs {
		if src.ID == "" {
			return fmt.Errorf("%w: source without ID", ErrInvalid)
		}
		if src.Options != "" && !json.Valid([]byte(src.Options)) {
			return fmt.Errorf("%w: source %s: options are not JSON", ErrInvalid, src.ID)
		}
	}
	return s.sourcesTx(ctx, func(tx pgx.Tx) error {
		for _, src := range srcs {
			if src.Options == "" {
				src.Options = "{}"
			}
			_, err := tx.Exec(ctx, `INSERT INTO source (id, name, type, url, schedule, options)
				VALUES ($1, $2, $3, $4, $5, $6)
				ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type,
					url = excluded.url, schedule = excluded.schedule, options = excluded.options,
					origin = 'config'`,
				src.ID, src.Name, src.Type, src.URL, src.Schedule, src.Options)
			if err != nil {
				return fmt.Errorf("pgarchive: sync source %s: %w", src.ID, err)
			}
		}
		return nil
	})
}

// sourcesTx runs fn in a transaction holding sourcesLock.
func (s *Store) sourcesTx(ctx context.Context, fn func(pgx.Tx) error) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(sourcesLock)); err != nil {
			return fmt.Errorf("pgarchive: sources lock: %w", err)
		}
		return fn(tx)
	})
}

// AddSource stores a run-time source, as the SQLite archive's: a second
// run-time source with the same urlKey, or any source with the same id,
// gives an *archive.ExistsError (archive.ErrExists).
func (s *Store) AddSource(ctx context.Context, src archive.SourceInfo, urlKey string) error {
	if err := checkRuntime(&src, urlKey); err != nil {
		return err
	}
	return s.sourcesTx(ctx, func(tx pgx.Tx) error {
		if err := checkFree(ctx, tx, src.ID, urlKey); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO source (id, name, type, url, schedule, options, origin, url_key, added_at)
			VALUES ($1, $2, $3, $4, $5, $6, 'api', $7, now())`,
			src.ID, src.Name, src.Type, src.URL, src.Schedule, src.Options, urlKey)
		if err != nil {
			return fmt.Errorf("pgarchive: add source %s: %w", src.ID, err)
		}
		return nil
	})
}

// checkFree refuses a full table, a taken id and a run-time source's URL key.
func checkFree(ctx context.Context, tx pgx.Tx, id, urlKey string) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM source WHERE origin = 'api'`).Scan(&n); err != nil {
		return fmt.Errorf("pgarchive: add source %s: %w", id, err)
	}
	if n >= archive.MaxStoredSources {
		return fmt.Errorf("%w: already %d run-time sources", ErrInvalid, n)
	}
	for _, q := range [...]struct{ field, query, arg string }{
		{"id", `SELECT id FROM source WHERE id = $1`, id},
		{"url", `SELECT id FROM source WHERE origin = 'api' AND url_key = $1`, urlKey},
	} {
		if err := taken(ctx, tx, q.field, q.query, q.arg); err != nil {
			return fmt.Errorf("pgarchive: add source %s: %w", id, err)
		}
	}
	return nil
}

// taken gives an *archive.ExistsError for field when query finds a source.
func taken(ctx context.Context, tx pgx.Tx, field, query string, args ...any) error {
	var holder string
	switch err := tx.QueryRow(ctx, query, args...).Scan(&holder); {
	case err == nil:
		return &archive.ExistsError{Field: field, ID: holder}
	case !errors.Is(err, pgx.ErrNoRows):
		return err
	}
	return nil
}

// checkRuntime refuses a run-time source without id or URL key, or with
// options that are not JSON ("" becomes "{}").
func checkRuntime(src *archive.SourceInfo, urlKey string) error {
	if src.ID == "" || urlKey == "" {
		return fmt.Errorf("%w: source without ID or URL key", ErrInvalid)
	}
	if src.Options == "" {
		src.Options = "{}"
	}
	if !json.Valid([]byte(src.Options)) {
		return fmt.Errorf("%w: source %s: options are not JSON", ErrInvalid, src.ID)
	}
	return nil
}

// UpdateSource replaces a run-time source's settings (its id stays), as the
// SQLite archive's: another run-time source holding urlKey gives an
// *archive.ExistsError, a configured or unknown id ErrNotFound; fetch state
// and the pause are kept.
func (s *Store) UpdateSource(ctx context.Context, src archive.SourceInfo, urlKey string) error {
	if err := checkRuntime(&src, urlKey); err != nil {
		return err
	}
	return s.sourcesTx(ctx, func(tx pgx.Tx) error {
		err := taken(ctx, tx, "url", `SELECT id FROM source WHERE origin = 'api' AND url_key = $1 AND id <> $2`, urlKey, src.ID)
		if err != nil {
			return fmt.Errorf("pgarchive: update source %s: %w", src.ID, err)
		}
		tag, err := tx.Exec(ctx, `UPDATE source SET name = $1, type = $2, url = $3, schedule = $4, options = $5, url_key = $6
			WHERE id = $7 AND origin = 'api'`, src.Name, src.Type, src.URL, src.Schedule, src.Options, urlKey, src.ID)
		return oneRow(tag, err, "update", src.ID)
	})
}

// RemoveSource ends a run-time source, as the SQLite archive's: its row
// stays (its articles name it, so its id remains taken), its URL is free
// again, and it is no longer listed. A configured or unknown id gives
// ErrNotFound.
func (s *Store) RemoveSource(ctx context.Context, id string) error {
	return s.sourcesTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE source SET origin = 'config', url_key = '', paused = false
			WHERE id = $1 AND origin = 'api'`, id)
		return oneRow(tag, err, "remove", id)
	})
}

// oneRow turns an UPDATE that matched no run-time source into ErrNotFound.
func oneRow(tag pgconn.CommandTag, err error, op, id string) error {
	if err != nil {
		return fmt.Errorf("pgarchive: %s source %s: %w", op, id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%w: run-time source %s", ErrNotFound, id)
	}
	return nil
}

// storedCols are the columns scanStored reads.
const storedCols = `id, name, type, url, schedule, options::text, paused, added_at`

// scanStored reads one row of storedCols.
func scanStored(row pgx.Row) (archive.StoredSource, error) {
	var src archive.StoredSource
	var added *time.Time
	err := row.Scan(&src.ID, &src.Name, &src.Type, &src.URL, &src.Schedule, &src.Options, &src.Paused, &added)
	src.AddedAt = utc(added)
	return src, err
}

// StoredSources returns the sources added at run time, oldest first (at
// most archive.MaxStoredSources).
func (s *Store) StoredSources(ctx context.Context) ([]archive.StoredSource, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+storedCols+` FROM source
		WHERE origin = 'api' ORDER BY added_at, id LIMIT $1`, archive.MaxStoredSources)
	if err != nil {
		return nil, fmt.Errorf("pgarchive: stored sources: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (archive.StoredSource, error) { return scanStored(r) })
	if err != nil {
		return nil, fmt.Errorf("pgarchive: stored sources: %w", err)
	}
	return out, nil
}

// StoredSource returns the run-time source with id; ErrNotFound when there
// is none (a configured source included).
func (s *Store) StoredSource(ctx context.Context, id string) (archive.StoredSource, error) {
	src, err := scanStored(s.pool.QueryRow(ctx, `SELECT `+storedCols+` FROM source WHERE origin = 'api' AND id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return src, fmt.Errorf("%w: source %s", ErrNotFound, id)
	}
	if err != nil {
		return src, fmt.Errorf("pgarchive: stored source %s: %w", id, err)
	}
	return src, nil
}

// SetPaused pauses or resumes a source, of the config file or added at run
// time; a configured source never synced gets its row now.
func (s *Store) SetPaused(ctx context.Context, id string, paused bool) error {
	if id == "" {
		return fmt.Errorf("%w: source without ID", ErrInvalid)
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO source (id, paused) VALUES ($1, $2)
		ON CONFLICT (id) DO UPDATE SET paused = excluded.paused`, id, paused)
	if err != nil {
		return fmt.Errorf("pgarchive: pause source %s: %w", id, err)
	}
	return nil
}

// PausedSources returns the ids of the paused sources, sorted.
func (s *Store) PausedSources(ctx context.Context) ([]string, error) {
	return s.sourceIDs(ctx, `SELECT id FROM source WHERE paused ORDER BY id`)
}

// SourceIDs returns the id of every source the archive knows, configured
// now or once, or added at run time: ids a new source must not reuse.
func (s *Store) SourceIDs(ctx context.Context) ([]string, error) {
	return s.sourceIDs(ctx, `SELECT id FROM source ORDER BY id`)
}

func (s *Store) sourceIDs(ctx context.Context, query string) ([]string, error) {
	rows, err := s.pool.Query(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("pgarchive: source ids: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("pgarchive: source ids: %w", err)
	}
	return ids, nil
}
