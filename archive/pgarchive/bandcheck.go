package pgarchive

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/cluster"
	"github.com/jackc/pgx/v5"
)

// An article's sketch and its LSH band rows (shingle and term bands) are
// written in one transaction (insert.go, migrate.go), so on PostgreSQL no
// band is ever pending as on SQLite: rows are missing only when they were
// lost or removed by hand, which MissingBands finds and RepairBands puts
// back. Unsketched and Backfill find and mend what an older schema left:
// sketches stored before term bands (schema step 6) have no term
// signature, and a sketch removed by hand leaves its article unfound.

// bandPage is how many sketches the band check reads per query: its
// probe sends NumKeys rows for each.
const bandPage = 200

// sqlSketchPage reads the signatures of the sketched articles after id
// $1, in id order.
const sqlSketchPage = `SELECT s.article_id, a.first_seen_at, s.signature, coalesce(s.terms, '') FROM article_sketch s
	JOIN article a ON a.id = s.article_id WHERE s.article_id > $1 ORDER BY s.article_id LIMIT $2`

// sqlLackingBands returns the ids of the rows given (band, value, first
// seen, article) that lsh_band does not hold, each a primary-key probe.
const sqlLackingBands = `SELECT DISTINCT r.id FROM unnest($1::smallint[], $2::bigint[], $3::timestamptz[], $4::text[])
	AS r(band, value, seen, id)
	WHERE NOT EXISTS (SELECT 1 FROM lsh_band l
		WHERE l.band = r.band AND l.value = r.value AND l.first_seen_at = r.seen AND l.article_id = r.id)`

// sqlInsertBandRows inserts the rows given, keeping those already there.
const sqlInsertBandRows = `INSERT INTO lsh_band (band, value, first_seen_at, article_id)
	SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::timestamptz[], $4::text[])
	ON CONFLICT DO NOTHING`

// MissingBands returns the sketched articles that lack some of their LSH
// band rows (re-derived from their stored signatures, term bands too): a
// later copy would not find them. It reads the sketches a page at a time
// and probes lsh_band's primary key, NumKeys lookups per article.
func (s *Store) MissingBands(ctx context.Context) ([]string, error) {
	var missing []string
	after := ""
	for {
		rows, err := s.pool.Query(ctx, sqlSketchPage, after, bandPage)
		if err != nil {
			return nil, fmt.Errorf("pgarchive: band check: %w", err)
		}
		set, last, err := collectSketches(rows)
		if err != nil || set.Articles() == 0 {
			slices.Sort(missing)
			return missing, err
		}
		after = last
		rows, err = s.pool.Query(ctx, sqlLackingBands, bandArrays(set.Sorted())...)
		if err != nil {
			return nil, fmt.Errorf("pgarchive: band check: %w", err)
		}
		lacking, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return nil, fmt.Errorf("pgarchive: band check: %w", err)
		}
		missing = append(missing, lacking...)
	}
}

// RepairBands re-derives from their signatures the band rows of the given
// articles (MissingBands) and inserts those that are missing.
func (s *Store) RepairBands(ctx context.Context, ids []string) error {
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), bandPage)]
		ids = ids[len(chunk):]
		rows, err := s.pool.Query(ctx, `SELECT s.article_id, a.first_seen_at, s.signature, coalesce(s.terms, '')
			FROM article_sketch s JOIN article a ON a.id = s.article_id WHERE s.article_id = ANY($1)`, chunk)
		if err != nil {
			return fmt.Errorf("pgarchive: repair bands: %w", err)
		}
		set, _, err := collectSketches(rows)
		if err != nil {
			return fmt.Errorf("pgarchive: repair bands: %w", err)
		}
		if _, err := s.pool.Exec(ctx, sqlInsertBandRows, bandArrays(set.Sorted())...); err != nil {
			return fmt.Errorf("pgarchive: repair bands: %w", err)
		}
	}
	return nil
}

// collectSketches reads rows of (id, first seen, signature, terms) into
// their band rows, and returns the last id read.
func collectSketches(rows pgx.Rows) (*cluster.Set, string, error) {
	var set cluster.Set
	var id, last string
	var seen time.Time
	var sig, terms []byte
	_, err := pgx.ForEachRow(rows, []any{&id, &seen, &sig, &terms}, func() error {
		last = id
		if err := set.AddSignature(id, seen.UTC(), sig, terms); err != nil {
			return fmt.Errorf("signature of %s: %w", id, err)
		}
		return nil
	})
	return &set, last, err
}

// bandArrays are band rows as the four array parameters of
// sqlLackingBands and sqlInsertBandRows.
func bandArrays(rows []cluster.Row) []any {
	bands, values, seen, ids := make([]int16, len(rows)), make([]int64, len(rows)), make([]time.Time, len(rows)), make([]string, len(rows))
	for i, r := range rows {
		bands[i], values[i], seen[i], ids[i] = int16(r.Band), int64(r.Value), r.Seen, r.ID
	}
	return []any{bands, values, seen, ids}
}

// unsketched is an article without a sketch, or with one that lacks its
// term signature.
type unsketched struct {
	id, canonical, body, sha, cid string
	seen                          time.Time
	sketched                      bool
}

// backfillBatch is how many articles Unsketched and Backfill read per
// query, bodies included.
const backfillBatch = 200

// sqlUnsketched pages through the articles without a sketch or with one
// without its term signature, in id order.
const sqlUnsketched = `SELECT a.id, a.canonical_url, a.body, a.content_sha256, a.cluster_id, a.first_seen_at, s.article_id IS NOT NULL
	FROM article a LEFT JOIN article_sketch s ON s.article_id = a.id
	WHERE a.id > $1 AND (s.article_id IS NULL OR s.terms IS NULL)
	ORDER BY a.id LIMIT $2`

// sqlTextSketched says whether another article with the same text has a
// sketch: Put gives none to a text archived before, that one stands for
// it.
const sqlTextSketched = `SELECT EXISTS (SELECT 1 FROM article a JOIN article_sketch s ON s.article_id = a.id
	WHERE a.content_sha256 = $1 AND a.id <> $2)`

// Unsketched counts the articles that lack a near-duplicate sketch Put
// would have given them (a body long enough to compare, and no other
// article with the same text that has one), or whose sketch lacks its
// term signature, as the SQLite archive's. Backfill gives it to them.
func (s *Store) Unsketched(ctx context.Context) (int64, error) {
	var n archive.UnsketchedCount
	after := ""
	for {
		page, err := s.unsketchedPage(ctx, after)
		if err != nil || len(page) == 0 {
			return n.N, err
		}
		for _, u := range page {
			after = u.id
			err := n.Add(u.sketched, u.sha, u.body, func() (bool, error) {
				var other bool
				err := s.pool.QueryRow(ctx, sqlTextSketched, u.sha, u.id).Scan(&other)
				return other, err
			})
			if err != nil {
				return n.N, fmt.Errorf("pgarchive: unsketched %s: %w", u.id, err)
			}
		}
	}
}

// unsketchedPage reads the next backfillBatch articles Unsketched looks
// at, after id after.
func (s *Store) unsketchedPage(ctx context.Context, after string) ([]unsketched, error) {
	rows, err := s.pool.Query(ctx, sqlUnsketched, after, backfillBatch)
	if err != nil {
		return nil, fmt.Errorf("pgarchive: unsketched: %w", err)
	}
	page, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (unsketched, error) {
		var u unsketched
		err := r.Scan(&u.id, &u.canonical, &u.body, &u.sha, &u.cid, &u.seen, &u.sketched)
		u.seen = u.seen.UTC()
		return u, err
	})
	if err != nil {
		return nil, fmt.Errorf("pgarchive: unsketched: %w", err)
	}
	return page, nil
}

// Backfill gives every article Unsketched counts its sketch and LSH bands
// (or its term signature and term bands), and clusters it with its copies
// archived within the near window as Put would have: clusters of copies
// merge into the oldest, and the moved articles' changes go to the
// stream, so every node's index re-reads them. Each article is mended in
// a transaction of its own, under the advisory locks a writer takes
// (locks.go), so nodes storing copies meanwhile cluster with it. It is
// idempotent.
func (s *Store) Backfill(ctx context.Context) (archive.BackfillResult, error) {
	var res archive.BackfillResult
	after := ""
	for {
		page, err := s.unsketchedPage(ctx, after)
		if err != nil || len(page) == 0 {
			return res, err
		}
		after = page[len(page)-1].id
		for _, u := range page {
			var one archive.BackfillResult
			err := s.inTx(ctx, func(tx pgx.Tx) error {
				one = archive.BackfillResult{}
				return s.backfillOne(ctx, tx, u, &one)
			})
			if err != nil {
				return res, err
			}
			res.Sketched += one.Sketched
			res.Merged += one.Merged
		}
	}
}

// backfillOne sketches u unless, by now, its text has a sketch or it is
// too short, or gives its sketch its term signature and term bands, and
// merges the clusters of its copies with its own.
func (s *Store) backfillOne(ctx context.Context, tx pgx.Tx, u unsketched, res *archive.BackfillResult) error {
	sk := cluster.NewSketch(u.body)
	art := &article.Article{ID: u.id, CanonicalURL: u.canonical, ContentSHA256: u.sha, FirstSeenAt: u.seen}
	if _, err := tx.Exec(ctx, sqlLock, lockKeys([]*article.Article{art}, []*cluster.Sketch{sk})); err != nil {
		return fmt.Errorf("pgarchive: backfill %s: lock: %w", u.id, err)
	}
	// Read again under the locks: another run or node may have done it.
	var noTerms bool
	err := tx.QueryRow(ctx, `SELECT terms IS NULL FROM article_sketch WHERE article_id = $1`, u.id).Scan(&noTerms)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		u.sketched = false
	case err != nil:
		return fmt.Errorf("pgarchive: backfill %s: %w", u.id, err)
	case !noTerms:
		return nil
	default:
		u.sketched = true
	}
	if u.sketched && sk == nil {
		// A revisit shortened it: it keeps its shingle bands, gets no terms.
		_, err := tx.Exec(ctx, `UPDATE article_sketch SET terms = '' WHERE article_id = $1`, u.id)
		return err
	}
	if sk == nil {
		return nil
	}
	if !u.sketched {
		var other bool
		if err := tx.QueryRow(ctx, sqlTextSketched, u.sha, u.id).Scan(&other); err != nil {
			return fmt.Errorf("pgarchive: backfill %s: %w", u.id, err)
		}
		if other {
			return nil
		}
	}
	target, merged, err := cluster.Join(ctx, newTxStore(tx), sk, u.seen, u.cid, cluster.Lookup{Window: s.nearWindow, Terms: true})
	if err != nil {
		return err
	}
	res.Merged += merged
	b := &pgx.Batch{}
	if u.sketched {
		b.Queue(`UPDATE article_sketch SET terms = $2 WHERE article_id = $1`, u.id, termBytes(sk))
		b.Queue(sqlInsertBands, []int64{}, u.seen, u.id, signed(sk.TermBands), cluster.TermBand0)
	} else {
		queueSketch(b, art, sk)
	}
	b.Queue(sqlClusterAgency, target)
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("pgarchive: backfill %s: %w", u.id, err)
	}
	res.Sketched++
	return nil
}
