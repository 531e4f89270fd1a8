package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// MaxStoredSources caps the sources added at run time, so that listing and
// scheduling them stays bounded.
const MaxStoredSources = 10_000

// ErrExists is wrapped by every *ExistsError.
var ErrExists = errors.New("archive: source exists")

// ExistsError reports a source id, or a run-time source's URL, already taken.
type ExistsError struct {
	Field string // "id" or "url"
	ID    string // the source that holds it
}

// Error names what is taken and by whom.
func (e *ExistsError) Error() string {
	if e.Field == "url" {
		return fmt.Sprintf("archive: source %s already has this URL", e.ID)
	}
	return fmt.Sprintf("archive: source id %q is taken", e.ID)
}

// Unwrap returns ErrExists, for errors.Is.
func (e *ExistsError) Unwrap() error { return ErrExists }

// StoredSource is a source added at run time, as the archive keeps it.
type StoredSource struct {
	SourceInfo
	Paused  bool
	AddedAt time.Time
}

// AddSource stores a run-time source. urlKey is the form its URL is
// compared by (a canonical URL): a second run-time source with the same key,
// or any source with the same id, gives an *ExistsError.
func (a *Archive) AddSource(ctx context.Context, s SourceInfo, urlKey string) error {
	if err := checkRuntime(&s, urlKey); err != nil {
		return err
	}
	return a.inTx(ctx, func(tx *sql.Tx) error {
		if err := checkFree(ctx, tx, s.ID, urlKey); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO source (id, name, type, url, schedule, options, origin, url_key, added_at)
			VALUES (?, ?, ?, ?, ?, ?, 'api', ?, ?)`,
			s.ID, s.Name, s.Type, s.URL, s.Schedule, s.Options, urlKey, encTime(time.Now()))
		if err != nil {
			return fmt.Errorf("archive: add source %s: %w", s.ID, err)
		}
		return nil
	})
}

// checkFree refuses a full table, a taken id and a run-time source's URL key.
func checkFree(ctx context.Context, tx *sql.Tx, id, urlKey string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM source WHERE origin = 'api'`).Scan(&n); err != nil {
		return fmt.Errorf("archive: add source %s: %w", id, err)
	}
	if n >= MaxStoredSources {
		return fmt.Errorf("%w: already %d run-time sources", ErrInvalid, n)
	}
	for _, q := range [...]struct{ field, query, arg string }{
		{"id", `SELECT id FROM source WHERE id = ?`, id},
		{"url", `SELECT id FROM source WHERE origin = 'api' AND url_key = ?`, urlKey},
	} {
		var holder string
		switch err := tx.QueryRowContext(ctx, q.query, q.arg).Scan(&holder); {
		case err == nil:
			return &ExistsError{Field: q.field, ID: holder}
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("archive: add source %s: %w", id, err)
		}
	}
	return nil
}
