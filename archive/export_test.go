package archive

import "context"

// VersionsForTest returns the titles an article had before revisits
// changed it, oldest first, for the shared suite (suite_test.go).
func VersionsForTest(ctx context.Context, a *Archive, id string) ([]string, error) {
	rows, err := a.read.QueryContext(ctx, `SELECT title FROM article_version WHERE article_id = ? ORDER BY id`, id)
	return queryIDs(rows, err)
}
