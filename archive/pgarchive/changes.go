package pgarchive

import (
	"context"
	"fmt"
	"strconv"
)

// sqlChanges is the change stream every node's index follows: a row per
// insert or update of an article, written by a trigger in the writing
// transaction itself, so no writer can commit an article without it.
//
// Why not a sequence: nextval() is handed out at insert time, not at
// commit, so transactions commit out of sequence order; a follower that
// has read up to n would never see a late commit of n-1. Instead each row
// records its transaction's id (xid8, 64 bits, never wraps), and a
// follower reads only rows whose transaction is older than its snapshot's
// xmin, the oldest transaction still running when the snapshot was taken
// (see Changes for the argument).
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
		FOR EACH ROW EXECUTE FUNCTION record_article_change();`

// Cursor is a follower's position in the change stream: the last change it
// has applied. The zero Cursor is the start.
type Cursor struct {
	XID uint64 // the writing transaction's id (xid8)
	ID  int64  // the change row's id, ordering one transaction's changes
}

// Less reports whether c comes before d in the stream.
func (c Cursor) Less(d Cursor) bool {
	return c.XID < d.XID || c.XID == d.XID && c.ID < d.ID
}

// String is the cursor as text ("xid:id"), how a follower stores it.
func (c Cursor) String() string {
	return strconv.FormatUint(c.XID, 10) + ":" + strconv.FormatInt(c.ID, 10)
}

// Change says that an article was inserted or updated: the follower
// re-reads it. One article may appear several times.
type Change struct {
	Cursor
	ArticleID string
}

// Changes returns up to limit (at most MaxPage) changes after the cursor,
// in stream order. A follower applies them and passes the last one's
// Cursor next time; an empty result means it is caught up.
//
// Gap safety: the query keeps only rows whose xid is below xmin of the
// statement's own snapshot (pg_current_snapshot is the active snapshot,
// the one the rows are read with). Every transaction with an xid below
// xmin has ended, committed or aborted, so (1) all of their rows that will
// ever exist are visible to this very read, and (2) any transaction that
// commits later has an xid at or above this xmin: it either was running
// at the snapshot (xid ≥ xmin) or had no xid yet, and xids are handed out
// in increasing order. The stream is ordered by (xid, id) and the cursor
// only advances over rows with xid < xmin, so a row that becomes visible
// later sorts after every row already returned: none is skipped, none is
// returned twice. The price: while any transaction in the cluster stays
// open, the stream waits behind it, so writers keep transactions short.
func (s *Store) Changes(ctx context.Context, after Cursor, limit int) ([]Change, error) {
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	rows, err := s.pool.Query(ctx, `
		SELECT xid::text::bigint, id, article_id FROM article_change
		WHERE (xid, id) > ($1::text::xid8, $2)
		  AND xid < pg_snapshot_xmin(pg_current_snapshot())
		ORDER BY xid, id
		LIMIT $3`, strconv.FormatUint(after.XID, 10), after.ID, limit)
	if err != nil {
		return nil, fmt.Errorf("pgarchive: changes: %w", err)
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		var xid int64
		if err := rows.Scan(&xid, &c.ID, &c.ArticleID); err != nil {
			return nil, fmt.Errorf("pgarchive: changes: %w", err)
		}
		c.XID = uint64(xid)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pgarchive: changes: %w", err)
	}
	return out, nil
}
