package archive

// The statements a Put runs, prepared once on the write connection (see
// stmtCache).
const (
	sqlEnsureSource  = `INSERT INTO source (id) VALUES (?) ON CONFLICT (id) DO NOTHING`
	sqlFindArticle   = `SELECT ` + articleCols + ` FROM article WHERE id = ? OR canonical_url = ? ORDER BY seq LIMIT 1`
	sqlNextSeq       = `SELECT COALESCE(MAX(seq), 0) + 1 FROM article`
	sqlNextChange    = `SELECT ` + nextChange
	sqlSameContent   = `SELECT cluster_id FROM article WHERE content_sha256 = ? ORDER BY seq LIMIT 1`
	sqlUpsertCluster = `INSERT INTO cluster (id, first_article_id, agency, created_at, size)
		VALUES (?, ?, ?, ?, 1)
		ON CONFLICT (id) DO UPDATE SET
			size = size + 1,
			first_article_id = iif(excluded.created_at < cluster.created_at, excluded.first_article_id, cluster.first_article_id),
			created_at = min(excluded.created_at, cluster.created_at),
			agency = iif(cluster.agency = '', excluded.agency, cluster.agency)`
	sqlInsertArticle = `INSERT INTO article (` + articleCols + `)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	sqlInsertCapture = `INSERT INTO capture
		(article_id, source_id, url, fetched_at, status, content_type, warc_file, "offset", length, digest)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	// Each Put of a group runs in its own savepoint.
	sqlSavepoint  = `SAVEPOINT put`
	sqlRollbackTo = `ROLLBACK TO put`
	sqlRelease    = `RELEASE put`
)

// putStatements are prepared when the archive opens.
var putStatements = append([]string{sqlEnsureSource, sqlFindArticle, sqlNextSeq, sqlNextChange, sqlSameContent,
	sqlUpsertCluster, sqlInsertArticle, sqlInsertCapture, sqlSavepoint, sqlRollbackTo, sqlRelease}, nearStatements...)
