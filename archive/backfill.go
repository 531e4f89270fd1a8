package archive

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/haberci/haberci/cluster"
)

// Articles stored before the archive kept near-duplicate sketches (schema
// step 2) have none: no later copy can find them, and their own copies
// were never looked up. Those stored before term bands (schema step 9)
// have a sketch without its term signature and term bands: a short item
// carried inside them is not found. Backfill gives them what Put gives a
// new article.

// backfillBatch is how many articles one backfill transaction handles.
const backfillBatch = 200

// unsketched is an article without a sketch row, or (sketched) with one
// that lacks its term signature.
type unsketched struct {
	rowid              int64
	id, body, sha, cid string
	seen               string
	sketched           bool
}

const (
	sqlUnsketched = `SELECT a.rowid, a.id, a.body, a.content_sha256, a.cluster_id, a.first_seen_at, s.article_id IS NOT NULL
		FROM article a LEFT JOIN article_sketch s ON s.article_id = a.id
		WHERE a.rowid > ? AND (s.article_id IS NULL OR s.terms IS NULL)
		ORDER BY a.rowid LIMIT ?`
	sqlSetTerms = `UPDATE article_sketch SET terms = ? WHERE article_id = ?`
	// Put gives no sketch to a text archived before: that one stands for it.
	sqlTextSketched = `SELECT EXISTS (SELECT 1 FROM article a JOIN article_sketch s ON s.article_id = a.id
		WHERE a.content_sha256 = ? AND a.id <> ?)`
)

// Unsketched counts the articles that lack a near-duplicate sketch Put
// would have given them: a body long enough to compare, and no other
// article with the same text that has one; or a sketch without its term
// signature. Backfill gives it to them.
func (a *Archive) Unsketched(ctx context.Context) (int64, error) {
	var n UnsketchedCount
	var after int64
	for {
		page, err := unsketchedPage(ctx, a.read, after)
		if err != nil || len(page) == 0 {
			return n.N, err
		}
		for _, u := range page {
			after = u.rowid
			err := n.Add(u.sketched, u.sha, u.body, func() (bool, error) {
				var other bool
				err := a.read.QueryRowContext(ctx, sqlTextSketched, u.sha, u.id).Scan(&other)
				return other, err
			})
			if err != nil {
				return n.N, fmt.Errorf("archive: unsketched %s: %w", u.id, err)
			}
		}
	}
}

// UnsketchedCount is Unsketched's tally, for every store's: N articles so
// far, each text counted once.
type UnsketchedCount struct {
	N       int64
	counted map[string]bool // texts counted already: one sketch each
}

// Add counts an article found without a sketch or without its term
// signature (sketched): the latter always; the former when its body is
// long enough to compare, its text (content hash sha) was not counted
// yet, and other (asked only then) says no other article with the text
// has a sketch.
func (c *UnsketchedCount) Add(sketched bool, sha, body string, other func() (bool, error)) error {
	if sketched {
		c.N++
		return nil
	}
	if c.counted[sha] {
		return nil
	}
	if o, err := other(); err != nil || o || cluster.NewSketch(body) == nil {
		return err
	}
	if c.counted == nil {
		c.counted = map[string]bool{}
	}
	c.N++
	c.counted[sha] = true
	return nil
}

// BackfillResult says what Backfill did.
type BackfillResult struct {
	Sketched int // articles given a sketch and bands
	Merged   int // clusters merged into another because their texts are copies
}

// Backfill gives every article Unsketched counts its sketch and LSH bands,
// oldest first, and clusters it with its copies archived within the near
// window as Put would have: clusters of copies merge into the oldest, and
// moved articles get new change cursors so the index re-reads them. It
// is idempotent; run it with no crawl going on (haberci check --repair).
func (a *Archive) Backfill(ctx context.Context) (BackfillResult, error) {
	var res BackfillResult
	var after int64
	for {
		page, err := unsketchedPage(ctx, a.read, after)
		if err != nil || len(page) == 0 {
			return res, err
		}
		after = page[len(page)-1].rowid
		err = a.inTx(ctx, func(tx *sql.Tx) error {
			for _, u := range page {
				near := cluster.Lookup{Window: a.nearWindow, Unwritten: []cluster.Unwritten{&a.pending}, Terms: true, Memo: &a.memo}
				if err := backfillOne(ctx, cachedTx{tx, a.stmts}, u, near, &res); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return res, err
		}
	}
}

// unsketchedPage reads the next backfillBatch articles without a sketch
// row after rowid after, in rowid (insertion) order.
func unsketchedPage(ctx context.Context, db *sql.DB, after int64) ([]unsketched, error) {
	rows, err := db.QueryContext(ctx, sqlUnsketched, after, backfillBatch)
	if err != nil {
		return nil, fmt.Errorf("archive: unsketched: %w", err)
	}
	defer rows.Close()
	var page []unsketched
	for rows.Next() {
		var u unsketched
		if err := rows.Scan(&u.rowid, &u.id, &u.body, &u.sha, &u.cid, &u.seen, &u.sketched); err != nil {
			return nil, fmt.Errorf("archive: unsketched: %w", err)
		}
		page = append(page, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: unsketched: %w", err)
	}
	return page, nil
}

// backfillOne sketches u unless, by now, its text has a sketch or it is
// too short, or gives its sketch its term signature and term bands, and
// merges the clusters of its copies with its own.
func backfillOne(ctx context.Context, tx cachedTx, u unsketched, near cluster.Lookup, res *BackfillResult) error {
	var other bool
	if !u.sketched {
		if err := tx.QueryRowContext(ctx, sqlTextSketched, u.sha, u.id).Scan(&other); err != nil {
			return fmt.Errorf("archive: backfill %s: %w", u.id, err)
		}
	}
	sk := cluster.NewSketch(u.body)
	if u.sketched && sk == nil {
		// A revisit shortened it: it keeps its shingle bands, gets no terms.
		_, err := tx.ExecContext(ctx, sqlSetTerms, []byte{}, u.id)
		return err
	}
	if other || sk == nil {
		return nil
	}
	seen, err := decTime(sql.NullString{String: u.seen, Valid: true})
	if err != nil {
		return err
	}
	target, merged, err := cluster.Join(ctx, txStore{tx}, sk, seen, u.cid, near)
	if err != nil {
		return err
	}
	res.Merged += merged
	if u.sketched {
		err = insertTerms(ctx, tx, u.id, seen, sk)
	} else {
		err = insertSketch(ctx, tx, u.id, seen, sk)
	}
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, sqlClusterAgency, target); err != nil {
		return fmt.Errorf("archive: cluster agency %s: %w", target, err)
	}
	res.Sketched++
	return nil
}

// insertTerms stores the term signature and term band rows of an article
// sketched before term bands.
func insertTerms(ctx context.Context, tx execer, id string, seen time.Time, sk *cluster.Sketch) error {
	if _, err := tx.ExecContext(ctx, sqlSetTerms, termBytes(sk), id); err != nil {
		return fmt.Errorf("archive: terms of %s: %w", id, err)
	}
	rows := make([]cluster.Row, len(sk.TermBands))
	for i, v := range sk.TermBands {
		rows[i] = cluster.Row{Band: cluster.TermBand0 + i, Value: v, Seen: seen, ID: id}
	}
	return insertBands(ctx, tx, rows)
}
