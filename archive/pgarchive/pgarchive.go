// Package pgarchive is Haberci's archive on PostgreSQL, for several nodes
// sharing one database (issue 21): the schema of the store of record
// (sources and their fetch state, articles, captures, clusters, LSH bands),
// the article writer (Put, Submit, AddCaptures: captures in each node's own
// WARC files, exact and near-duplicate clustering safe across nodes), the
// commit-ordered change stream each node's index follows, and the
// coordination between nodes: source leases, per-host politeness slots and
// URL claims; the configured and run-time sources, reading the whole
// archive (Iterate, ArticleIDs, Since), the coverage report's stories and
// counts, what `check` reads and mends (bandcheck.go), and watches with
// their matches and delivery outbox (claimed by one node at a time). The
// daemon does not use it yet; see
// docs/postgres.md for what exists and what remains.
package pgarchive

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/archive/groupcommit"
	"github.com/haberci/haberci/archive/warc"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/cluster"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Sentinel errors; test with errors.Is.
var (
	// ErrNotFound is returned when the asked-for article does not exist.
	// It wraps archive.ErrNotFound, which the archive's consumers test for.
	ErrNotFound = fmt.Errorf("pgarchive: %w", archive.ErrNotFound)
	// ErrInvalid wraps the reason an argument cannot be used; it wraps
	// archive.ErrInvalid.
	ErrInvalid = fmt.Errorf("pgarchive: %w", archive.ErrInvalid)
	// ErrLeaseLost is returned when a node acts on a lease it no longer
	// holds: it expired, and another node may have taken it. It is
	// article.ErrLeaseLost, which the crawler recognises.
	ErrLeaseLost = article.ErrLeaseLost
	// ErrClosed is returned by Put on a store that is closed or closing.
	ErrClosed = errors.New("pgarchive: closed")
	// ErrNoWARC is returned when responses are to be archived by a store
	// opened without WithWARC.
	ErrNoWARC = errors.New("pgarchive: no WARC directory (WithWARC)")
)

// MaxPage caps the rows one call returns, so that memory stays bounded
// however far behind a caller is.
const MaxPage = 1000

// Store is an open PostgreSQL archive. It is safe for concurrent use.
type Store struct {
	pool *pgxpool.Pool

	warcDir    string       // "" without WithWARC
	node       string       // this node's id, in its WARC file names
	warcRead   bool         // WithWARCDir: captures are read from warcDir, none written
	warc       *warc.Writer // nil without WithWARC
	nearWindow time.Duration
	copyPage   int // rows per page of CopyFrom; 0: archive.MaxPage (tests set fewer)
	// revisitAfter is when a new article's first revisit is due after it
	// was first seen; 0: none (revisit.go).
	revisitAfter time.Duration
	// outboxLease is how long DueOutbox's rows stay claimed (watches.go).
	outboxLease time.Duration

	writer *groupcommit.Writer[putItem] // the one writer of articles (write.go); nil until Open succeeded
}

// Option changes how a store is opened.
type Option func(*Store)

// WithWARC makes the store archive responses in dir (warc_dir, which
// several nodes may share) through warc.OpenNodeWriter: in files of its
// own named after node, which must be unique among the nodes.
func WithWARC(dir, node string) Option {
	return func(s *Store) { s.warcDir, s.node = dir, node }
}

// WithWARCDir makes the store read captures from dir (warc_dir) without
// writing to it: no node lock is taken, so a reader (export) runs beside the
// node of this host. Responses cannot be archived (ErrNoWARC).
func WithWARCDir(dir string) Option {
	return func(s *Store) { s.warcDir, s.node, s.warcRead = dir, "", true }
}

// WithNearWindow sets how far apart in first-seen time two articles may be
// and still be found as copies of one story (default cluster.Window), as
// the SQLite archive's option of that name.
func WithNearWindow(d time.Duration) Option {
	return func(s *Store) {
		if d > 0 {
			s.nearWindow = d
		}
	}
}

// Open connects to the database at url (a postgres:// URL) and brings its
// schema up to date. Several nodes may open one database at once: the
// migration runs under an advisory lock, so exactly one of them applies
// each step.
func Open(ctx context.Context, url string, opts ...Option) (*Store, error) {
	s := &Store{nearWindow: cluster.Window, outboxLease: DefaultOutboxLease}
	for _, o := range opts {
		o(s)
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("%w: database URL: %w", ErrInvalid, err)
	}
	if s.warcDir != "" && !s.warcRead {
		// The node's lock first: a second process with this id is refused
		// before it touches the database.
		if s.warc, err = warc.OpenNodeWriter(s.warcDir, s.node, 0); err != nil {
			return nil, fmt.Errorf("pgarchive: %w", err)
		}
	}
	if s.pool, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
		err = fmt.Errorf("pgarchive: connect: %w", err)
	} else {
		err = migrate(ctx, s.pool)
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	s.startWriter()
	return s, nil
}

// Close stops taking Puts, lets the group in hand commit, then closes the
// connections and the WARC writer.
func (s *Store) Close() error {
	if s.writer != nil {
		s.writer.Close()
	}
	if s.pool != nil {
		s.pool.Close()
	}
	if s.warc != nil {
		if err := s.warc.Close(); err != nil {
			return fmt.Errorf("pgarchive: close: %w", err)
		}
	}
	return nil
}

// WARCPath returns the path of a capture's WARC file (Capture.WARCFile),
// for warc.ReadRecord.
func (s *Store) WARCPath(file string) string {
	return filepath.Join(s.warcDir, filepath.Base(file))
}

// micros passes a duration to SQL as whole microseconds, PostgreSQL's
// interval resolution (multiplied by interval '1 microsecond' there).
func micros(d time.Duration) int64 { return d.Microseconds() }
