// Package pgarchive is the groundwork of Haberci's archive on PostgreSQL,
// for several nodes sharing one database (issue 21): the schema of the
// store of record (sources and their fetch state, articles, captures,
// clusters, LSH bands), the commit-ordered change stream each node's index
// follows, and the coordination between nodes: source leases, per-host
// politeness slots and URL claims. The daemon does not use it yet; see
// docs/postgres.md for what exists and what remains.
package pgarchive

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Sentinel errors; test with errors.Is.
var (
	// ErrNotFound is returned when the asked-for article does not exist.
	ErrNotFound = errors.New("pgarchive: not found")
	// ErrInvalid wraps the reason an argument cannot be used.
	ErrInvalid = errors.New("pgarchive: invalid argument")
	// ErrLeaseLost is returned when a node acts on a lease it no longer
	// holds: it expired, and another node may have taken it.
	ErrLeaseLost = errors.New("pgarchive: lease lost")
)

// MaxPage caps the rows one call returns, so that memory stays bounded
// however far behind a caller is.
const MaxPage = 1000

// Store is an open PostgreSQL archive. It is safe for concurrent use.
type Store struct {
	pool *pgxpool.Pool
}

// Open connects to the database at url (a postgres:// URL) and brings its
// schema up to date. Several nodes may open one database at once: the
// migration runs under an advisory lock, so exactly one of them applies
// each step.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("%w: database URL: %w", ErrInvalid, err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("pgarchive: connect: %w", err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	return &Store{pool: pool}, nil
}

// Close closes the connections.
func (s *Store) Close() { s.pool.Close() }

// micros passes a duration to SQL as whole microseconds, PostgreSQL's
// interval resolution (multiplied by interval '1 microsecond' there).
func micros(d time.Duration) int64 { return d.Microseconds() }
