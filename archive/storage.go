package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"syscall"

	"modernc.org/sqlite"

	"github.com/haberci/haberci/article"
)

// SQLite primary result codes that mean the disk refused a write.
const (
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteFull     = 13
)

// unwritable reports whether err says the storage refused a write rather
// than that the request was wrong.
func unwritable(err error) bool {
	for _, errno := range []syscall.Errno{syscall.ENOSPC, syscall.EDQUOT, syscall.EFBIG, syscall.EROFS, syscall.EIO} {
		if errors.Is(err, errno) {
			return true
		}
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqliteReadOnly, sqliteIOErr, sqliteFull:
			return true
		}
	}
	return false
}

// storageErr marks err with article.ErrStorage when the disk refused a
// write, so that the crawler pauses instead of failing source after source.
func storageErr(err error) error {
	if err == nil || errors.Is(err, article.ErrStorage) || !unwritable(err) {
		return err
	}
	return fmt.Errorf("%w: %w", article.ErrStorage, err)
}

// probeBytes is the room Writable asks for: a few article pages.
const probeBytes = 1 << 20

// Writable reports whether the archive can take new articles again after
// a write failed for want of space or permission: the current WARC file
// must grow by a megabyte and SQLite must commit a write. It changes no
// data; its error wraps article.ErrStorage when the disk still refuses.
func (a *Archive) Writable(ctx context.Context) error {
	if err := a.warc.Probe(probeBytes); err != nil {
		return storageErr(fmt.Errorf("archive: %w", err))
	}
	// A row that is added and removed in one transaction still makes
	// SQLite append its pages to the WAL and sync it.
	err := a.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO source (id, options) VALUES ('', ?)`, strings.Repeat(" ", 64<<10)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM source WHERE id = ''`)
		return err
	})
	if err != nil {
		return storageErr(fmt.Errorf("archive: probe: %w", err))
	}
	return nil
}
