// Package archive is Haberci's store of record: articles, their captures,
// clusters of syndicated copies and the sources' fetch state in SQLite
// (DATA_DIR/haberci.db, WAL mode), with the raw HTTP responses in WARC files
// under DATA_DIR/warc. The search index is derived from it by sequence number.
package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/haberci/haberci/archive/groupcommit"
	"github.com/haberci/haberci/archive/warc"
	"github.com/haberci/haberci/cluster"
)

// Sentinel errors; test with errors.Is.
var (
	// ErrNotFound is returned when the asked-for article does not exist.
	ErrNotFound = errors.New("archive: not found")
	// ErrInvalid wraps the reason an argument cannot be stored.
	ErrInvalid = errors.New("archive: invalid argument")
)

// MaxPage caps the number of rows a listing method returns, so that memory
// stays bounded however large the archive grows.
const MaxPage = 1000

// Archive is an open data directory. It is safe for concurrent use; all
// writes go through one connection, one transaction at a time.
type Archive struct {
	warcDir      string  // the WARC files' directory (default DATA_DIR/warc)
	write        *sql.DB // one connection: writes are serialised, Seq needs it
	read         *sql.DB // query-only pool: reads never wait behind a write (WAL)
	warc         *warc.Writer
	stmts        stmtCache    // Put's statements, prepared on write
	seen         *sql.Stmt    // Seen's query, prepared on read
	watchLookups watchLookups // WatchCandidates' statements (watches.go)

	writer *groupcommit.Writer[putItem] // the one writer of articles (write.go); nil until Open succeeded

	nearWindow time.Duration // how far apart copies of one story may be first seen
	log        *slog.Logger
	// revisitAfter is when a new article's first revisit is due after it
	// was first seen; 0: none (see revisit.go).
	revisitAfter time.Duration
	memo         cluster.Memo    // candidates' shingle sets (cluster.Join)
	pending      cluster.Pending // committed articles' bands not yet in lsh_band (near.go, bands.go)
}

// Option changes how an archive is opened.
type Option func(*Archive)

// WithNearWindow sets how far apart in first-seen time two articles may be
// and still be found as copies of one story (default NearWindow). Agencies'
// items are republished within days; a short window keeps the candidate
// lookup small and an event on different days apart.
func WithNearWindow(d time.Duration) Option {
	return func(a *Archive) {
		if d > 0 {
			a.nearWindow = d
		}
	}
}

// WithWARCDir keeps the WARC files in dir instead of DATA_DIR/warc
// (warc_dir in the config).
func WithWARCDir(dir string) Option {
	return func(a *Archive) {
		if dir != "" {
			a.warcDir = dir
		}
	}
}

// WithLogger sets where the archive logs (default slog.Default()).
func WithLogger(l *slog.Logger) Option {
	return func(a *Archive) {
		if l != nil {
			a.log = l
		}
	}
}

// Open opens (creating if needed) the archive in dataDir: it migrates the
// schema, opens the connections and the WARC writer, which repairs a torn
// WARC tail left by a crash and locks dataDir/warc against other writers.
func Open(ctx context.Context, dataDir string, opts ...Option) (*Archive, error) {
	if strings.ContainsRune(dataDir, '?') {
		// The SQLite driver reads everything after '?' as parameters.
		return nil, fmt.Errorf("%w: data dir %q contains '?'", ErrInvalid, dataDir)
	}
	dbPath := filepath.Join(dataDir, "haberci.db")
	// Before anything is created or locked: an archive a newer haberci
	// wrote is refused untouched.
	if step, err := fileSchemaStep(dbPath); err != nil {
		return nil, err
	} else if step > len(migrations) {
		return nil, &SchemaError{Dir: dataDir, Step: step}
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("archive: %w", err)
	}
	a := newArchive(dataDir, opts)
	// The WARC lock comes first: it is what keeps a second process out.
	w, err := warc.OpenWriter(a.warcDir, 0)
	if err != nil {
		return nil, fmt.Errorf("archive: %w", err)
	}
	a.warc = w
	if a.write, err = openDB(ctx, dbPath, true); err == nil {
		var from int
		if from, err = migrate(ctx, a.write, dataDir); err == nil {
			if from > 0 && from < len(migrations) {
				a.log.Info("archive: schema migrated", slog.Int("from_step", from), slog.Int("to_step", len(migrations)))
			}
			a.read, err = openDB(ctx, dbPath, false)
		}
	}
	if err == nil {
		var n int
		if n, err = recoverBands(ctx, a.write); n > 0 {
			a.log.Info("archive: LSH bands re-derived after an unclean stop", slog.Int("articles", n))
		}
	}
	if err == nil {
		a.stmts, err = prepareAll(ctx, a.write, putStatements)
	}
	if err == nil {
		if a.seen, err = a.read.PrepareContext(ctx, sqlSeen); err != nil {
			err = fmt.Errorf("archive: prepare: %w", err)
		}
	}
	if err != nil {
		a.Close()
		return nil, err
	}
	a.startWriter()
	return a, nil
}

// Close stops taking Puts, lets the group in hand commit, writes the
// pending LSH bands, then closes the database connections and the WARC
// writer.
func (a *Archive) Close() error {
	var errs []error
	if a.writer != nil {
		a.writer.Close()
		// The writer has stopped: its pending bands are Close's now.
		errs = append(errs, a.flushPending(context.Background()))
	}
	if a.stmts != nil {
		errs = append(errs, a.stmts.close())
	}
	errs = append(errs, a.watchLookups.close())
	if a.seen != nil {
		errs = append(errs, a.seen.Close())
	}
	for _, db := range []*sql.DB{a.read, a.write} {
		if db != nil {
			errs = append(errs, db.Close())
		}
	}
	errs = append(errs, a.warc.Close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("archive: close: %w", err)
	}
	return nil
}

// newArchive returns an archive of dataDir with opts applied, nothing
// opened yet.
func newArchive(dataDir string, opts []Option) *Archive {
	a := &Archive{warcDir: filepath.Join(dataDir, "warc"), nearWindow: NearWindow, log: slog.Default()}
	for _, o := range opts {
		o(a)
	}
	return a
}

// WARCPath returns the path of a capture's WARC file (Capture.WARCFile),
// for warc.ReadRecord.
func (a *Archive) WARCPath(file string) string {
	return filepath.Join(a.warcDir, filepath.Base(file))
}

// inTx runs fn in one write transaction (BEGIN IMMEDIATE) and commits it.
func (a *Archive) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := a.write.BeginTx(ctx, nil)
	if err != nil {
		return storageErr(fmt.Errorf("archive: begin: %w", err))
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return storageErr(err)
	}
	if err := tx.Commit(); err != nil {
		return storageErr(fmt.Errorf("archive: commit: %w", err))
	}
	return nil
}
