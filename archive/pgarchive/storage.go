package pgarchive

import (
	"errors"
	"fmt"
	"syscall"

	"github.com/haberci/haberci/article"
	"github.com/jackc/pgx/v5/pgconn"
)

// storageErr marks err with article.ErrStorage when a disk refused a
// write: this node's WARC directory (an errno), or the database server's
// (disk full, I/O error, a read-only server such as a standby), so that
// the crawler pauses instead of failing source after source.
func storageErr(err error) error {
	if err == nil || errors.Is(err, article.ErrStorage) {
		return err
	}
	for _, errno := range []syscall.Errno{syscall.ENOSPC, syscall.EDQUOT, syscall.EFBIG, syscall.EROFS, syscall.EIO} {
		if errors.Is(err, errno) {
			return fmt.Errorf("%w: %w", article.ErrStorage, err)
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "53100", "58030", "25006": // disk_full, io_error, read_only_sql_transaction
			return fmt.Errorf("%w: %w", article.ErrStorage, err)
		}
	}
	return err
}
