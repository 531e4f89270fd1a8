package archive

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/haberci/haberci/article"
)

// ErrNoArchive means the data directory holds no archive database.
var ErrNoArchive = errors.New("archive: no archive in this data directory")

// Reader is a read-only view of an archive. It takes no lock and never
// writes, so it may be opened while a daemon owns the data directory:
// SQLite's WAL lets readers run beside the one writer, and WARC files are
// only ever appended to.
type Reader struct{ a *Archive }

// OpenReader opens the archive in dataDir for reading only. Of the options
// only WithWARCDir matters: where WARCPath looks.
func OpenReader(ctx context.Context, dataDir string, opts ...Option) (*Reader, error) {
	dbPath := filepath.Join(dataDir, "haberci.db")
	if _, err := os.Stat(dbPath); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w: %s", ErrNoArchive, dataDir)
		}
		return nil, fmt.Errorf("archive: %w", err)
	}
	db, err := openDB(ctx, dbPath, false)
	if err != nil {
		return nil, err
	}
	var version int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		db.Close()
		return nil, fmt.Errorf("archive: schema version: %w", err)
	}
	switch {
	case version > len(migrations):
		db.Close()
		return nil, &SchemaError{Dir: dataDir, Step: version}
	case version < len(migrations):
		db.Close()
		return nil, fmt.Errorf("%w: %s is at schema step %d, this haberci reads step %d: "+
			"stop the daemon and run the new version's serve or check once to migrate it (back it up first)",
			ErrNoArchive, dataDir, version, len(migrations))
	}
	a := newArchive(dataDir, opts)
	a.read = db
	return &Reader{a: a}, nil
}

// Close closes the read connections.
func (r *Reader) Close() error {
	if err := r.a.read.Close(); err != nil {
		return fmt.Errorf("archive: close: %w", err)
	}
	return nil
}

// Iterate is Archive.Iterate.
func (r *Reader) Iterate(ctx context.Context, f Filter, fn func(*article.Article, []article.Capture) error) error {
	return r.a.Iterate(ctx, f, fn)
}

// Get is Archive.Get.
func (r *Reader) Get(ctx context.Context, id string) (*article.Article, []article.Capture, error) {
	return r.a.Get(ctx, id)
}

// SchemaStep is Archive.SchemaStep.
func (r *Reader) SchemaStep(ctx context.Context) (int, error) { return r.a.SchemaStep(ctx) }

// Count is Archive.Count.
func (r *Reader) Count(ctx context.Context) (int64, error) { return r.a.Count(ctx) }

// WARCPath is Archive.WARCPath.
func (r *Reader) WARCPath(file string) string { return r.a.WARCPath(file) }
