package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/haberci/haberci/archive/warc"
)

// ErrBackupTarget means the backup directory exists and is not empty.
var ErrBackupTarget = errors.New("archive: backup directory is not empty")

// BackupStats says what Backup copied.
type BackupStats struct {
	Articles  int64 // articles in the snapshot
	WARCFiles int   // WARC files copied
	WARCBytes int64 // bytes of WARC copied
}

// Backup copies the archive in dataDir, with its WARC files in warcDir
// ("": dataDir/warc), to dst (which must not exist or be empty) while a
// daemon may be writing to it, and makes dst a working data directory
// (its WARC files in dst/warc). It takes no lock.
//
// The database comes first, as a consistent snapshot made by VACUUM INTO on
// a read-only connection. The WARC files are copied after it, each up to the
// size it has once the snapshot is taken: Put fsyncs a capture's record
// before the transaction that refers to it commits, so every capture in the
// snapshot lies below that size. A record being appended at that moment may
// be copied half; the copy's torn tail is cut off as it would be after a
// crash. The index is not copied: it is rebuilt on first use.
func Backup(ctx context.Context, dataDir, warcDir, dst string) (BackupStats, error) {
	var st BackupStats
	if err := emptyDir(dst); err != nil {
		return st, err
	}
	dstDB := filepath.Join(dst, "haberci.db")
	if err := snapshotDB(ctx, filepath.Join(dataDir, "haberci.db"), dstDB); err != nil {
		return st, err
	}
	src, dstWARC := warcDir, filepath.Join(dst, "warc")
	if src == "" {
		src = filepath.Join(dataDir, "warc")
	}
	if err := os.MkdirAll(dstWARC, 0o755); err != nil {
		return st, fmt.Errorf("archive: backup: %w", err)
	}
	entries, err := os.ReadDir(src)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return st, fmt.Errorf("archive: backup: %w", err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".warc.gz") {
			continue
		}
		n, err := copyPrefix(ctx, filepath.Join(src, e.Name()), filepath.Join(dstWARC, e.Name()))
		if err != nil {
			return st, err
		}
		st.WARCFiles++
		st.WARCBytes += n
	}
	// Opening a writer repairs a torn last record and syncs the directory's
	// new entries; closing it right away leaves dst ready for use.
	w, err := warc.OpenWriter(dstWARC, 0)
	if err != nil {
		return st, fmt.Errorf("archive: backup: %w", err)
	}
	if err := w.Close(); err != nil {
		return st, fmt.Errorf("archive: backup: %w", err)
	}
	for _, d := range []string{dstWARC, dst} {
		if err := syncPath(d); err != nil {
			return st, err
		}
	}
	r, err := OpenReader(ctx, dst)
	if err != nil {
		return st, err
	}
	defer r.Close()
	st.Articles, err = r.Count(ctx)
	return st, err
}

// snapshotDB writes a consistent copy of the database at src to dst and
// makes it durable.
func snapshotDB(ctx context.Context, src, dst string) error {
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("%w: %s", ErrNoArchive, src)
	}
	abs, err := filepath.Abs(src)
	if err != nil {
		return fmt.Errorf("archive: backup: %w", err)
	}
	// mode=ro: nothing can write through this connection, yet SQLite lets
	// it VACUUM INTO another file (query_only would refuse).
	u := "file:" + (&url.URL{Path: abs}).EscapedPath() + "?mode=ro&_busy_timeout=" + busyTimeoutMS
	db, err := sql.Open("sqlite", u)
	if err != nil {
		return fmt.Errorf("archive: backup: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, dst); err != nil {
		return fmt.Errorf("archive: backup: vacuum into %s: %w", dst, err)
	}
	return syncPath(dst)
}

// copyPrefix copies the bytes src holds now to dst and fsyncs dst.
func copyPrefix(ctx context.Context, src, dst string) (int64, error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, fmt.Errorf("archive: backup: %w", err)
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return 0, fmt.Errorf("archive: backup: %w", err)
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return 0, fmt.Errorf("archive: backup: %w", err)
	}
	n, err := io.Copy(out, io.LimitReader(ctxReader{ctx, in}, fi.Size()))
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return n, fmt.Errorf("archive: backup %s: %w", filepath.Base(src), err)
	}
	return n, nil
}

// ctxReader stops a long copy when ctx ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// emptyDir creates dir, or accepts it when it exists and is empty.
func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("archive: backup: %w", err)
		}
		return nil
	case err != nil:
		return fmt.Errorf("archive: backup: %w", err)
	case len(entries) > 0:
		return fmt.Errorf("%w: %s", ErrBackupTarget, dir)
	}
	return nil
}

// syncPath fsyncs a file or directory.
func syncPath(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("archive: backup: %w", err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("archive: backup: sync %s: %w", path, err)
	}
	return nil
}
