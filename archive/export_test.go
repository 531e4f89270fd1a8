package archive

import (
	"context"
	"fmt"
	"time"
)

// VersionsForTest returns the titles an article had before revisits
// changed it, oldest first, for the shared suite (suite_test.go).
func VersionsForTest(ctx context.Context, a *Archive, id string) ([]string, error) {
	rows, err := a.read.QueryContext(ctx, `SELECT title FROM article_version WHERE article_id = ? ORDER BY id`, id)
	return queryIDs(rows, err)
}

// DamageForTest runs stmt on the archive's database once the committer
// has written every pending LSH band (after flushIdle without a Put), so
// that the shared suite can remove rows a check must find.
func DamageForTest(ctx context.Context, a *Archive, stmt string) error {
	for deadline := time.Now().Add(4 * flushIdle); ; time.Sleep(50 * time.Millisecond) {
		var flushed bool
		err := a.read.QueryRowContext(ctx, `SELECT flushed_seq >= (SELECT COALESCE(MAX(seq), 0) FROM article) FROM lsh_state`).Scan(&flushed)
		if err != nil {
			return err
		}
		if flushed {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("bands still pending after %v", 4*flushIdle)
		}
	}
	_, err := a.write.ExecContext(ctx, stmt)
	return err
}
