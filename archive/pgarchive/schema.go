package pgarchive

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
)

// migrations are applied in order; schema_version records how many ran.
// Append new steps, never edit old ones: databases already ran them.
//
// The tables follow the SQLite archive's (archive/schema.go) with
// PostgreSQL's types: times are timestamptz, options and authors jsonb,
// signatures bytea. An article has no seq: on PostgreSQL a sequence is not
// commit-ordered, so the index follows article_change instead (changes.go).
var migrations = []string{
	`CREATE TABLE source (
		id                   text PRIMARY KEY,
		name                 text NOT NULL DEFAULT '',
		type                 text NOT NULL DEFAULT '',
		url                  text NOT NULL DEFAULT '',
		schedule             text NOT NULL DEFAULT '',
		options              jsonb NOT NULL DEFAULT '{}',
		origin               text NOT NULL DEFAULT 'config' CHECK (origin IN ('config', 'api')),
		paused               boolean NOT NULL DEFAULT false,
		url_key              text NOT NULL DEFAULT '',
		added_at             timestamptz,
		etag                 text NOT NULL DEFAULT '',
		last_modified        text NOT NULL DEFAULT '',
		last_fetch_at        timestamptz,
		last_status          integer NOT NULL DEFAULT 0,
		last_error           text NOT NULL DEFAULT '',
		consecutive_failures integer NOT NULL DEFAULT 0,
		next_allowed_at      timestamptz
	);
	CREATE INDEX source_api_url ON source(url_key) WHERE origin = 'api';
	CREATE TABLE cluster (
		id               text PRIMARY KEY,
		first_article_id text NOT NULL,
		agency           text NOT NULL DEFAULT '',
		created_at       timestamptz NOT NULL,
		size             bigint NOT NULL
	);
	CREATE TABLE article (
		id             text PRIMARY KEY,
		source_id      text NOT NULL REFERENCES source(id),
		url            text NOT NULL,
		canonical_url  text NOT NULL UNIQUE,
		guid           text NOT NULL DEFAULT '',
		title          text NOT NULL DEFAULT '',
		lead           text NOT NULL DEFAULT '',
		body           text NOT NULL DEFAULT '',
		authors        jsonb NOT NULL DEFAULT 'null',
		published_at   timestamptz,
		first_seen_at  timestamptz NOT NULL,
		updated_at     timestamptz,
		removed_at     timestamptz,
		language       text NOT NULL DEFAULT '',
		agency         text NOT NULL DEFAULT '',
		image          text NOT NULL DEFAULT '',
		content_sha256 text NOT NULL DEFAULT '',
		simhash        bigint NOT NULL DEFAULT 0,
		-- Deferred: an article and the cluster it founds are inserted in
		-- one transaction, in either order.
		cluster_id     text NOT NULL REFERENCES cluster(id) DEFERRABLE INITIALLY DEFERRED
	);
	CREATE INDEX article_source_guid ON article(source_id, guid);
	CREATE INDEX article_content ON article(content_sha256);
	CREATE INDEX article_cluster ON article(cluster_id, first_seen_at);
	CREATE TABLE capture (
		id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
		article_id   text REFERENCES article(id),
		source_id    text NOT NULL REFERENCES source(id),
		url          text NOT NULL,
		fetched_at   timestamptz NOT NULL,
		status       integer NOT NULL,
		content_type text NOT NULL DEFAULT '',
		warc_file    text NOT NULL,
		"offset"     bigint NOT NULL,
		length       bigint NOT NULL,
		digest       text NOT NULL
	);
	CREATE INDEX capture_article ON capture(article_id);
	CREATE TABLE lsh_band (
		band          smallint NOT NULL,
		value         bigint NOT NULL,
		first_seen_at timestamptz NOT NULL,
		article_id    text NOT NULL,
		PRIMARY KEY (band, value, first_seen_at, article_id)
	);
	CREATE TABLE article_sketch (
		article_id text PRIMARY KEY,
		signature  bytea NOT NULL
	);`,
	sqlChanges,
	sqlCoordination,
	// The fetch state's later fields (the SQLite archive's step 11), and how
	// far a copy from SQLite got (migrate.go).
	`ALTER TABLE source ADD COLUMN backlog integer NOT NULL DEFAULT 0,
		ADD COLUMN resume_url text NOT NULL DEFAULT '';
	CREATE TABLE migration (
		name     text PRIMARY KEY,
		position bigint NOT NULL
	);`,
	// Revisits (revisit.go), as the SQLite archive's step 8.
	`CREATE TABLE revisit (
		article_id    text PRIMARY KEY REFERENCES article(id),
		step          integer NOT NULL,
		due_at        timestamptz NOT NULL,
		etag          text NOT NULL DEFAULT '',
		last_modified text NOT NULL DEFAULT ''
	);
	CREATE INDEX revisit_due ON revisit(due_at);
	CREATE TABLE article_version (
		id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
		article_id  text NOT NULL REFERENCES article(id),
		replaced_at timestamptz NOT NULL,
		title       text NOT NULL,
		lead        text NOT NULL,
		body        text NOT NULL,
		updated_at  timestamptz
	);
	CREATE INDEX article_version_article ON article_version(article_id);`,
	// Term bands (cluster.TermBand0, the SQLite archive's step 9): the term
	// signature beside the shingle one; their band rows go to lsh_band.
	`ALTER TABLE article_sketch ADD COLUMN terms bytea;`,
	// The article's Seq (iterate.go): the first change number it was
	// given, kept when change_seq is renewed. Articles numbered before this
	// step take their current number, which no later article gets.
	`ALTER TABLE article_cursor ADD COLUMN seq bigint;
	UPDATE article_cursor SET seq = change_seq;
	ALTER TABLE article_cursor ALTER COLUMN seq SET NOT NULL;
	CREATE UNIQUE INDEX article_cursor_seq ON article_cursor(seq);`,
	// Watches, their matches, outbox, delivery log and the matchers' state
	// (watches.go), as the SQLite archive's step 5.
	sqlWatches,
	// Reads that must not scan the articles (stories.go): the number of
	// articles per source, and the clusters by when they were first seen
	// and by size (TopStories' range and ranking; a copy joining a cluster
	// now updates the size index too). A trigger adds a row to source_count_delta in
	// the inserting transaction, which locks nothing another writer waits
	// for (a counter row updated in place would make writers of one
	// source wait for each other's commit); readers fold the rows into
	// source_count.
	`CREATE TABLE source_count (
		source_id text PRIMARY KEY,
		n         bigint NOT NULL
	);
	CREATE TABLE source_count_delta (
		source_id text NOT NULL,
		n         bigint NOT NULL
	);
	CREATE FUNCTION count_source_article() RETURNS trigger LANGUAGE plpgsql AS $$
	BEGIN
		IF TG_OP = 'INSERT' THEN
			INSERT INTO source_count_delta VALUES (NEW.source_id, 1);
		ELSE
			INSERT INTO source_count_delta VALUES (OLD.source_id, -1);
		END IF;
		RETURN NULL;
	END $$;
	CREATE TRIGGER source_count AFTER INSERT OR DELETE ON article
		FOR EACH ROW EXECUTE FUNCTION count_source_article();
	-- After the trigger: creating it waited for the inserts under way and
	-- holds off new ones until this step commits, so none is missed.
	INSERT INTO source_count SELECT source_id, count(*) FROM article GROUP BY source_id;
	CREATE INDEX cluster_created ON cluster(created_at);
	CREATE INDEX cluster_size ON cluster(size);`,
	// A story's outlets (stories.go) are counted from the index of a
	// cluster's members alone.
	`DROP INDEX article_cluster;
	CREATE INDEX article_cluster ON article(cluster_id, first_seen_at) INCLUDE (source_id);`,
}

// migrateLock is the advisory lock key nodes take while migrating.
const migrateLock = 0x68616265_72636931 // "haberci1"

// migrate brings the schema up to date in one transaction, holding an
// advisory lock so that nodes starting together apply each step once.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("pgarchive: migrate: %w", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrateLock)); err != nil {
		return fmt.Errorf("pgarchive: migrate: lock: %w", err)
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)`); err != nil {
		return fmt.Errorf("pgarchive: migrate: %w", err)
	}
	var version int
	err = tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_version`).Scan(&version)
	if err != nil {
		return fmt.Errorf("pgarchive: schema version: %w", err)
	}
	if version > len(migrations) {
		return fmt.Errorf("pgarchive: schema version %d is newer than this program (%d)", version, len(migrations))
	}
	if version == len(migrations) {
		return nil
	}
	for i := version; i < len(migrations); i++ {
		// No arguments: pgx sends the step by the simple protocol, which
		// runs several statements.
		if _, err := tx.Exec(ctx, migrations[i]); err != nil {
			return fmt.Errorf("pgarchive: migrate to %d: %w", i+1, err)
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM schema_version; INSERT INTO schema_version VALUES (`+fmt.Sprint(len(migrations))+`)`); err != nil {
		return fmt.Errorf("pgarchive: migrate: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("pgarchive: migrate: %w", err)
	}
	return nil
}

// SchemaStep returns the schema step the database is at: how many of
// this package's steps it ran (its own numbering, not the SQLite
// archive's).
func (s *Store) SchemaStep(ctx context.Context) (int, error) {
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_version`).Scan(&n); err != nil {
		return 0, fmt.Errorf("pgarchive: schema step: %w", err)
	}
	return n, nil
}
