package archive

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// The archive's schema is the list of steps below, applied in order, one
// transaction each; PRAGMA user_version records how many ran (the schema
// step). Step n is migrations[n-1].
//
// NEVER EDIT OR REORDER A STEP THAT WAS RELEASED: archives on disk already
// ran it, and a changed step would leave them different from new ones.
// To change the schema, append a step at the end of this list (one entry,
// here and nowhere else); Open runs it on every older archive, and a
// program that knows fewer steps refuses the archive (ErrNewerSchema).
//
// Times are RFC 3339 UTC text with nine fraction digits (see timeLayout),
// so text order is time order; a NULL time is the zero time.
var migrations = []migration{
	// 1: sources and their fetch state, articles, captures, clusters.
	{"articles", `CREATE TABLE source (
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
	CREATE INDEX capture_article ON capture(article_id);`},
	// 2: near-duplicate lookup: a row per LSH band of each article, keyed
	// (band, value, first_seen_at) so that a lookup reads a few entries of
	// one B-tree within its time window however large the archive grows,
	// and each article's MinHash signature, kept to rebuild or re-tune the
	// bands. No foreign keys: they would cost a lookup per band row and
	// guard nothing more. (Band rows are written after the article's
	// transaction, see bands.go; the signature in it.)
	{"lsh bands", `CREATE TABLE lsh_band (
		band          INTEGER NOT NULL,
		value         INTEGER NOT NULL,
		first_seen_at TEXT NOT NULL,
		article_id    TEXT NOT NULL,
		PRIMARY KEY (band, value, first_seen_at, article_id)
	) STRICT, WITHOUT ROWID;
	CREATE TABLE article_sketch (
		article_id TEXT PRIMARY KEY,
		signature  BLOB NOT NULL
	) STRICT, WITHOUT ROWID;`},
	// 3: sources managed at run time: who defined each source, whether it
	// is paused, and for run-time sources the key their URL is compared by
	// and when they were added. Existing rows are the config file's and run.
	{"run-time sources", `
	ALTER TABLE source ADD COLUMN origin TEXT NOT NULL DEFAULT 'config' CHECK (origin IN ('config', 'api'));
	ALTER TABLE source ADD COLUMN paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1));
	ALTER TABLE source ADD COLUMN url_key TEXT NOT NULL DEFAULT '';
	ALTER TABLE source ADD COLUMN added_at TEXT;
	CREATE INDEX source_api_url ON source(url_key) WHERE origin = 'api';`},
	// 4: how far lsh_band is complete: every article with a Seq up to
	// flushed_seq has its bands there. Archives made before it have all
	// their bands in lsh_band.
	{"lsh flush mark", `CREATE TABLE lsh_state (
		id          INTEGER PRIMARY KEY CHECK (id = 1),
		flushed_seq INTEGER NOT NULL
	) STRICT;
	INSERT INTO lsh_state (id, flushed_seq) SELECT 1, COALESCE(MAX(seq), 0) FROM article;`},
	// 5: watches (package watch holds their
	// logic): the watches, the LSH bands of release watches (so that a new
	// article finds the watches it may carry without reading them all), their
	// matches, the delivery outbox and log, and the matcher's watermark. A
	// match and its outbox rows are written in one transaction with the
	// watermark, so a crash neither loses nor repeats a match; an outbox row is
	// marked delivered only after its delivery succeeded (at least once).
	{"watches", `CREATE TABLE watch (
		id             TEXT PRIMARY KEY,
		name           TEXT NOT NULL,
		kind           TEXT NOT NULL CHECK (kind IN ('release', 'query')),
		article_id     TEXT NOT NULL DEFAULT '',
		url            TEXT NOT NULL DEFAULT '',
		query          TEXT NOT NULL DEFAULT '',
		source         TEXT NOT NULL DEFAULT '',
		agency         TEXT NOT NULL DEFAULT '',
		title          TEXT NOT NULL DEFAULT '',
		body           TEXT NOT NULL DEFAULT '',
		credit         TEXT NOT NULL DEFAULT '[]',
		feed_token     TEXT NOT NULL UNIQUE,
		webhook_url    TEXT NOT NULL DEFAULT '',
		webhook_secret TEXT NOT NULL DEFAULT '',
		email_to       TEXT NOT NULL DEFAULT '[]',
		email_every    TEXT NOT NULL DEFAULT '',
		created_at     TEXT NOT NULL,
		after_seq      INTEGER NOT NULL DEFAULT 0
	) STRICT;
	CREATE TABLE watch_band (
		family   INTEGER NOT NULL,
		band     INTEGER NOT NULL,
		value    INTEGER NOT NULL,
		watch_id TEXT NOT NULL REFERENCES watch(id) ON DELETE CASCADE,
		PRIMARY KEY (family, band, value, watch_id)
	) STRICT, WITHOUT ROWID;
	CREATE INDEX watch_band_watch ON watch_band(watch_id);
	CREATE TABLE watch_match (
		id               INTEGER PRIMARY KEY,
		watch_id         TEXT NOT NULL REFERENCES watch(id) ON DELETE CASCADE,
		article_id       TEXT NOT NULL REFERENCES article(id),
		matched_at       TEXT NOT NULL,
		similarity       REAL NOT NULL DEFAULT 0,
		relation         TEXT NOT NULL DEFAULT '',
		credited         INTEGER NOT NULL DEFAULT 0,
		headline_changed INTEGER NOT NULL DEFAULT 0,
		kept             REAL NOT NULL DEFAULT 0,
		intro            INTEGER NOT NULL DEFAULT 0,
		copies           INTEGER NOT NULL DEFAULT 0,
		UNIQUE (watch_id, article_id)
	) STRICT;
	CREATE INDEX watch_match_article ON watch_match(article_id);
	CREATE TABLE watch_outbox (
		id           INTEGER PRIMARY KEY,
		watch_id     TEXT NOT NULL REFERENCES watch(id) ON DELETE CASCADE,
		channel      TEXT NOT NULL CHECK (channel IN ('webhook', 'email')),
		event        TEXT NOT NULL,
		match_id     INTEGER REFERENCES watch_match(id) ON DELETE CASCADE,
		payload      TEXT NOT NULL DEFAULT '',
		created_at   TEXT NOT NULL,
		attempts     INTEGER NOT NULL DEFAULT 0,
		next_at      TEXT NOT NULL,
		delivered_at TEXT,
		last_error   TEXT NOT NULL DEFAULT ''
	) STRICT;
	CREATE INDEX watch_outbox_due ON watch_outbox(next_at) WHERE delivered_at IS NULL;
	CREATE INDEX watch_outbox_watch ON watch_outbox(watch_id);
	CREATE INDEX watch_outbox_match ON watch_outbox(match_id);
	CREATE TABLE watch_delivery (
		id       INTEGER PRIMARY KEY,
		watch_id TEXT NOT NULL REFERENCES watch(id) ON DELETE CASCADE,
		channel  TEXT NOT NULL,
		at       TEXT NOT NULL,
		items    INTEGER NOT NULL,
		attempt  INTEGER NOT NULL,
		status   INTEGER NOT NULL DEFAULT 0,
		error    TEXT NOT NULL DEFAULT ''
	) STRICT;
	CREATE INDEX watch_delivery_watch ON watch_delivery(watch_id, id);
	CREATE TABLE watch_state (
		key   TEXT PRIMARY KEY,
		value INTEGER NOT NULL
	) STRICT;`},
	// 6: sources whose backlog takes several runs: how many new items the
	// last run left for later, and where the next run goes on reading
	// deeper (a list page past max_pages, an older child sitemap).
	{"source backlog", `
	ALTER TABLE source ADD COLUMN backlog INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE source ADD COLUMN resume_url TEXT NOT NULL DEFAULT '';`},
	// 7: the change cursor (changes.go). Until now seq was both the append
	// order and what merges renumbered; it stays as it is, and the cursor
	// starts equal to it, so an index's watermark keeps its meaning.
	{"change cursor", `ALTER TABLE article ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
	UPDATE article SET change_seq = seq;
	CREATE UNIQUE INDEX article_change ON article(change_seq);`},
	// 8: revisits (revisit.go): when each article's page is fetched again
	// and with which validators; the text a revisit replaced; when a
	// revisit found the page gone.
	{"revisits", `ALTER TABLE article ADD COLUMN removed_at TEXT;
	CREATE TABLE revisit (
		article_id    TEXT PRIMARY KEY REFERENCES article(id),
		step          INTEGER NOT NULL,
		due_at        TEXT NOT NULL,
		etag          TEXT NOT NULL DEFAULT '',
		last_modified TEXT NOT NULL DEFAULT ''
	) STRICT;
	CREATE INDEX revisit_due ON revisit(due_at);
	CREATE TABLE article_version (
		id          INTEGER PRIMARY KEY,
		article_id  TEXT NOT NULL REFERENCES article(id),
		replaced_at TEXT NOT NULL,
		title       TEXT NOT NULL,
		lead        TEXT NOT NULL,
		body        TEXT NOT NULL,
		updated_at  TEXT
	) STRICT;
	CREATE INDEX article_version_article ON article_version(article_id);`},
	// 9: term bands (cluster.TermBand0): a second way for a copy to find
	// its original, for a short item carried inside a long text. Their rows
	// go to lsh_band beside the shingle bands, under band numbers from
	// TermBand0 on, so that the pending rows, their flush, their recovery
	// and haberci check handle both alike; the term signature is kept with
	// the shingle signature to re-derive them. NULL until an article has
	// them (Backfill gives them to articles stored before); empty when its
	// text has no terms.
	{"term bands", `ALTER TABLE article_sketch ADD COLUMN terms BLOB;`},
}

// migration is one schema step: SQL statements run in one transaction.
type migration struct {
	name string // what it adds, for haberci check
	sql  string
}

// ErrNewerSchema is wrapped by the error of opening an archive that a newer
// haberci has migrated past the steps this one knows.
var ErrNewerSchema = errors.New("archive: written by a newer version of haberci")

// SchemaError says that an archive is at a schema step this program does
// not know. The archive was neither opened for writing nor changed.
type SchemaError struct {
	Dir  string // the data directory
	Step int    // the archive's schema step
}

func (e *SchemaError) Error() string {
	return fmt.Sprintf("archive: %s is at schema step %d, but this haberci knows steps up to %d: "+
		"a newer version wrote it. Run that version or a later one (or restore a backup made before the upgrade); "+
		"the archive was left as it is", e.Dir, e.Step, len(migrations))
}

func (e *SchemaError) Unwrap() error { return ErrNewerSchema }

// SchemaSteps is the schema step this program migrates every archive it
// opens to: the number of steps it knows.
func SchemaSteps() int { return len(migrations) }

// SchemaName says what step n (1-based) added, "" for a step unknown here.
func SchemaName(n int) string {
	if n < 1 || n > len(migrations) {
		return ""
	}
	return migrations[n-1].name
}

// sqliteMagic starts every SQLite database file.
const sqliteMagic = "SQLite format 3\x00"

// fileSchemaStep reads the schema step (PRAGMA user_version, bytes 60-63
// of the header, big-endian) from the database file at path without
// opening it as a database, so that nothing is written to an archive that
// will be refused. A missing or empty file is step 0. The header can be
// behind a WAL left by a crash; migrate checks again after SQLite opens it.
func fileSchemaStep(path string) (int, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("archive: %w", err)
	}
	defer f.Close()
	var h [100]byte
	if _, err := io.ReadFull(f, h[:]); err != nil || string(h[:len(sqliteMagic)]) != sqliteMagic {
		return 0, nil // not a database (yet): SQLite says what is wrong
	}
	return int(int32(binary.BigEndian.Uint32(h[60:64]))), nil
}

// SchemaStep returns the schema step the archive is at.
func (a *Archive) SchemaStep(ctx context.Context) (int, error) {
	var n int
	if err := a.read.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&n); err != nil {
		return 0, fmt.Errorf("archive: schema step: %w", err)
	}
	return n, nil
}

// migrate brings the schema of the archive in dir up to date, one
// transaction per step, and returns the step it found.
func migrate(ctx context.Context, db *sql.DB, dir string) (int, error) {
	var version int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return 0, fmt.Errorf("archive: schema version: %w", err)
	}
	if version > len(migrations) {
		return version, &SchemaError{Dir: dir, Step: version}
	}
	for i := version; i < len(migrations); i++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return version, fmt.Errorf("archive: migrate: %w", err)
		}
		// user_version lives in the file header, so it commits with the step.
		if _, err := tx.ExecContext(ctx, migrations[i].sql); err != nil {
			tx.Rollback()
			return version, fmt.Errorf("archive: migrate to %d: %w", i+1, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, i+1)); err != nil {
			tx.Rollback()
			return version, fmt.Errorf("archive: migrate to %d: %w", i+1, err)
		}
		if err := tx.Commit(); err != nil {
			return version, fmt.Errorf("archive: migrate to %d: %w", i+1, err)
		}
	}
	return version, nil
}
