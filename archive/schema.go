package archive

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations are applied in order; PRAGMA user_version records how many ran.
// Append new steps, never edit old ones: archives on disk already ran them.
// Times are RFC 3339 UTC text with nine fraction digits (see timeLayout), so
// text order is time order; a NULL time is the zero time.
var migrations = []string{
	`CREATE TABLE source (
		id                   TEXT PRIMARY KEY,
		name                 TEXT NOT NULL DEFAULT '',
		type                 TEXT NOT NULL DEFAULT '',
		url                  TEXT NOT NULL DEFAULT '',
		schedule             TEXT NOT NULL DEFAULT '',
		options              TEXT NOT NULL DEFAULT '{}',
		etag                 TEXT NOT NULL DEFAULT '',
		last_modified        TEXT NOT NULL DEFAULT '',
		last_fetch_at        TEXT,
		last_status          INTEGER NOT NULL DEFAULT 0,
		last_error           TEXT NOT NULL DEFAULT '',
		consecutive_failures INTEGER NOT NULL DEFAULT 0,
		next_allowed_at      TEXT
	) STRICT;
	CREATE TABLE cluster (
		id               TEXT PRIMARY KEY,
		first_article_id TEXT NOT NULL,
		agency           TEXT NOT NULL DEFAULT '',
		created_at       TEXT NOT NULL,
		size             INTEGER NOT NULL
	) STRICT;
	CREATE TABLE article (
		id             TEXT PRIMARY KEY,
		seq            INTEGER NOT NULL UNIQUE,
		source_id      TEXT NOT NULL REFERENCES source(id),
		url            TEXT NOT NULL,
		canonical_url  TEXT NOT NULL UNIQUE,
		guid           TEXT NOT NULL DEFAULT '',
		title          TEXT NOT NULL DEFAULT '',
		lead           TEXT NOT NULL DEFAULT '',
		body           TEXT NOT NULL DEFAULT '',
		authors        TEXT NOT NULL DEFAULT 'null',
		published_at   TEXT,
		first_seen_at  TEXT NOT NULL,
		updated_at     TEXT,
		language       TEXT NOT NULL DEFAULT '',
		agency         TEXT NOT NULL DEFAULT '',
		image          TEXT NOT NULL DEFAULT '',
		content_sha256 TEXT NOT NULL DEFAULT '',
		simhash        INTEGER NOT NULL DEFAULT 0,
		cluster_id     TEXT NOT NULL REFERENCES cluster(id)
	) STRICT;
	CREATE INDEX article_source_guid ON article(source_id, guid);
	CREATE INDEX article_content ON article(content_sha256);
	CREATE INDEX article_cluster ON article(cluster_id, first_seen_at);
	CREATE TABLE capture (
		id           INTEGER PRIMARY KEY,
		article_id   TEXT REFERENCES article(id),
		source_id    TEXT NOT NULL REFERENCES source(id),
		url          TEXT NOT NULL,
		fetched_at   TEXT NOT NULL,
		status       INTEGER NOT NULL,
		content_type TEXT NOT NULL DEFAULT '',
		warc_file    TEXT NOT NULL,
		"offset"     INTEGER NOT NULL,
		length       INTEGER NOT NULL,
		digest       TEXT NOT NULL
	) STRICT;
	CREATE INDEX capture_article ON capture(article_id);`,
	sqlLSHSchema,
	sqlRuntimeSources,
	sqlLSHState,
	sqlWatchSchema,
	sqlBacklog,
	// 7: the change cursor (changes.go). Until now seq was both the append
	// order and what merges renumbered; it stays as it is, and the
	// cursor starts equal to it, so an index's watermark keeps its meaning.
	`ALTER TABLE article ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
	UPDATE article SET change_seq = seq;
	CREATE UNIQUE INDEX article_change ON article(change_seq);`,
}

// migrate brings the schema up to date, one transaction per step.
func migrate(ctx context.Context, db *sql.DB) error {
	var version int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return fmt.Errorf("archive: schema version: %w", err)
	}
	if version > len(migrations) {
		return fmt.Errorf("archive: schema version %d is newer than this program (%d)", version, len(migrations))
	}
	for i := version; i < len(migrations); i++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("archive: migrate: %w", err)
		}
		// user_version lives in the file header, so it commits with the step.
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			tx.Rollback()
			return fmt.Errorf("archive: migrate to %d: %w", i+1, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, i+1)); err != nil {
			tx.Rollback()
			return fmt.Errorf("archive: migrate to %d: %w", i+1, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("archive: migrate to %d: %w", i+1, err)
		}
	}
	return nil
}
