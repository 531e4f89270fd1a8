package pgarchive

import (
	"context"
	"fmt"

	"github.com/haberci/haberci/article"
	"github.com/jackc/pgx/v5"
)

// sqlChanges is the change stream every node's index follows, in two
// parts.
//
// article_change: a row per insert or update of an article, written by a
// trigger in the writing transaction itself, so no writer can commit an
// article change without it. Each row records its transaction's id (xid8,
// 64 bits, never wraps).
//
// article_cursor: each article's change cursor (change_seq), the number
// the index's watermark counts in, as on SQLite: unique, dense, growing,
// renewed when the article changes again; and its seq (schema step 7),
// the first number it was given, which never changes. The sequencer (sequence) hands
// the numbers out in commit-safe order; see there.
//
// Why not a sequence in the writer, as on SQLite: nextval() is handed out
// at insert time, not at commit, and PostgreSQL's writers run at once, so
// they commit out of sequence order; a follower that has read up to n would
// never see a late commit of n-1.
const sqlChanges = `
	CREATE TABLE article_change (
		id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
		xid        xid8 NOT NULL DEFAULT pg_current_xact_id(),
		article_id text NOT NULL
	);
	CREATE INDEX article_change_order ON article_change(xid, id);
	CREATE FUNCTION record_article_change() RETURNS trigger LANGUAGE plpgsql AS $$
	BEGIN
		INSERT INTO article_change(article_id) VALUES (NEW.id);
		RETURN NULL;
	END $$;
	CREATE TRIGGER article_change AFTER INSERT OR UPDATE ON article
		FOR EACH ROW EXECUTE FUNCTION record_article_change();
	CREATE TABLE article_cursor (
		article_id text PRIMARY KEY,
		change_seq bigint NOT NULL UNIQUE
	);
	-- The sequencer's position: the last article_change row it numbered
	-- and the last number it gave.
	CREATE TABLE change_position (
		one       boolean PRIMARY KEY DEFAULT true CHECK (one),
		xid       xid8 NOT NULL DEFAULT '0',
		change_id bigint NOT NULL DEFAULT 0,
		seq       bigint NOT NULL DEFAULT 0
	);
	INSERT INTO change_position DEFAULT VALUES;`

// sequenceLock is the advisory lock key of the sequencer.
const sequenceLock = 0x68616265_72636932 // "haberci2"

// sequenceBatch bounds the change rows one sequencer run numbers.
const sequenceBatch = 10_000

// sqlSequence numbers the changes committed since the last run: the rows
// after the sequencer's position ($1, $2; the last number given is $3)
// whose transaction is older than the statement snapshot's xmin, in (xid,
// id) order, at most sequenceBatch of them; an article changed several
// times in them gets one number, its last. It moves the position to the
// last row taken. The xmin is read once (an InitPlan), the rows in index
// order.
var sqlSequence = fmt.Sprintf(`
	WITH new AS (
		SELECT id, xid, article_id FROM article_change
		WHERE (xid, id) > ($1::text::xid8, $2::bigint)
		  AND xid < (SELECT pg_snapshot_xmin(pg_current_snapshot()))
		ORDER BY xid, id
		LIMIT %d
	),
	last AS (
		SELECT DISTINCT ON (article_id) article_id, xid, id FROM new
		ORDER BY article_id, xid DESC, id DESC
	),
	numbered AS (
		SELECT article_id, $3::bigint + row_number() OVER (ORDER BY xid, id) AS seq FROM last
	),
	upsert AS (
		INSERT INTO article_cursor (article_id, change_seq, seq) SELECT article_id, seq, seq FROM numbered
		ON CONFLICT (article_id) DO UPDATE SET change_seq = EXCLUDED.change_seq
	)
	UPDATE change_position
	SET xid = m.xid, change_id = m.id, seq = $3::bigint + (SELECT count(*) FROM numbered)
	FROM (SELECT xid, id FROM new ORDER BY xid DESC, id DESC LIMIT 1) m`, sequenceBatch)

// sequence numbers the changes committed since its last run, on whichever
// node calls it (runs wait for one another). It is what makes the change
// cursor gap-safe:
//
// The sequencer keeps only change rows whose xid is below xmin of its
// statement's own snapshot (pg_current_snapshot is the active snapshot,
// the one the rows are read with). Every transaction with an xid below
// xmin has ended, committed or aborted, so (1) all of its rows that will
// ever exist are visible to this very statement, and (2) any transaction
// that commits later has an xid at or above this xmin: it either was
// running at the snapshot (xid ≥ xmin) or had no xid yet, and xids are
// handed out in increasing order. The position only passes rows with xid
// below xmin, so a row that becomes visible later always sorts after it:
// every committed change is numbered, exactly once, and rolled-back ones
// never. Runs are serialised by an advisory lock taken before the
// numbering statement's snapshot, so each run starts where the last
// committed one ended and numbers follow on without gaps; a reader sees a
// run's numbers all at once, when it commits.
//
// The price: while any transaction with an xid stays open on the server,
// the sequencer does not pass it, so writers keep transactions short.
func (s *Store) sequence(ctx context.Context) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("pgarchive: sequence: %w", err)
	}
	defer tx.Rollback(ctx)
	// Waiting for another node's run rather than skipping: after it, this
	// run numbers what that one could not yet see, so a page is short only
	// when nothing more is committed.
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(sequenceLock)); err != nil {
		return fmt.Errorf("pgarchive: sequence: %w", err)
	}
	// Statements of their own: their snapshots are taken after the lock,
	// so they see the last run's commit.
	var xid string
	var changeID, seq int64
	if err := tx.QueryRow(ctx, `SELECT xid::text, change_id, seq FROM change_position`).Scan(&xid, &changeID, &seq); err != nil {
		return fmt.Errorf("pgarchive: sequence: %w", err)
	}
	if _, err := tx.Exec(ctx, sqlSequence, xid, changeID, seq); err != nil {
		return fmt.Errorf("pgarchive: sequence: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("pgarchive: sequence: %w", err)
	}
	return nil
}

// Changes returns up to limit (at most MaxPage) articles whose change
// cursor is above after, in cursor order, each with its current state and
// its cursor in ChangeSeq; fewer only when no more are numbered yet. An
// article changed twice since after appears once. The index catches up
// with it, as it does from the SQLite archive.
func (s *Store) Changes(ctx context.Context, after int64, limit int) ([]*article.Article, error) {
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	if err := s.sequence(ctx); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `SELECT c.change_seq, `+articleCols+`
		FROM article_cursor c JOIN article a ON a.id = c.article_id
		WHERE c.change_seq > $1 ORDER BY c.change_seq LIMIT $2`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("pgarchive: changes: %w", err)
	}
	arts, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*article.Article, error) {
		return scanArticle(r, true)
	})
	if err != nil {
		return nil, fmt.Errorf("pgarchive: changes: %w", err)
	}
	return arts, nil
}

// LastChange returns the highest change cursor numbered, 0 when none: an
// index whose watermark equals it holds every committed change.
func (s *Store) LastChange(ctx context.Context) (int64, error) {
	if err := s.sequence(ctx); err != nil {
		return 0, err
	}
	var seq int64
	if err := s.pool.QueryRow(ctx, `SELECT seq FROM change_position`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("pgarchive: last change: %w", err)
	}
	return seq, nil
}
