package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/cluster"
	"github.com/haberci/haberci/syndication"
)

// Near-duplicate clustering is decided by package cluster; this file is its
// storage: the lsh_band and article_sketch tables (schema step 2), and
// txStore, the cluster.Store a Put's transaction hands to cluster.Join.
//
// An article's signature is written in its own transaction (afterInsert).
// Its NumBands band rows are not: rows keyed by random hash values land on
// as many random pages of lsh_band, and every commit wrote each page it
// touched to the WAL again. The committer keeps them in a cluster.Pending
// instead and inserts them in key order every flushArticles articles or
// when idle (bands.go); lookups search the pending rows too. They are
// derived data: Open re-derives those of articles after
// lsh_state.flushed_seq from their signatures, so a crash loses none
// (bench/pipeline: the band inserts were a fifth of the pipeline's CPU).

// NearWindow is how far apart in first-seen time two articles may be and
// still be found as copies of one story when a Put clusters them.
const NearWindow = cluster.Window

// The statements clustering runs on every Put, prepared with putStatements.
const (
	sqlCandidateBody  = `SELECT body, cluster_id FROM article WHERE id = ?`
	sqlClusterCreated = `SELECT created_at FROM cluster WHERE id = ?`
	sqlInsertSketch   = `INSERT INTO article_sketch (article_id, signature, terms) VALUES (?, ?, ?)`
	// The first seen article's agency, when it names one, is the cluster's.
	sqlClusterAgency = `UPDATE cluster SET agency = a.agency FROM article a
		WHERE cluster.id = ? AND a.id = cluster.first_article_id AND a.agency <> ''`
	sqlMembers    = `SELECT id FROM article WHERE cluster_id = ? ORDER BY seq`
	sqlMoveMember = `UPDATE article SET cluster_id = ? WHERE id = ?`
)

// sqlCandidates finds the articles sharing any band: per band one
// primary-key search that reads at most PerBand rows (the earliest first
// seen), each row tagged with its band, all in one statement. ?1 and ?2
// bound first_seen_at; ?3… are the band values in band order.
// sqlTermCandidates does the same for the term bands too (band TermBand0
// on, PerTermBand rows each). StoredCandidates drops repeats and applies
// the limits (candidateIDs).
var (
	sqlCandidates     = bandProbes(syndication.NumBands)
	sqlTermCandidates = bandProbes(cluster.NumKeys)
)

// bandProbes is the lookup of bands 0 to n-1 (parameters ?3 on, in band
// order) as one UNION ALL: a UNION would sort its rows into a temporary
// B-tree to drop repeats, which cost more than the searches themselves.
func bandProbes(n int) string {
	var b strings.Builder
	for band := range n {
		if band > 0 {
			b.WriteString(" UNION ALL ")
		}
		per := cluster.PerBand
		if band >= cluster.TermBand0 {
			per = cluster.PerTermBand
		}
		fmt.Fprintf(&b, `SELECT * FROM (SELECT %d, article_id FROM lsh_band
			WHERE band = %d AND value = ?%d AND first_seen_at BETWEEN ?1 AND ?2 LIMIT %d)`, band, band, band+3, per)
	}
	return b.String()
}

// bandChunks are the row counts of the band inserts (sqlInsertBands), largest
// first: a flush of 1,024 articles' 75,776 rows runs 296 statements of 256
// rows rather than 2,368 of 32, each statement's own cost paid less often.
var bandChunks = [...]int{256, 32, 1}

// sqlInsertBands[i] inserts bandChunks[i] band rows.
var sqlInsertBands = func() (q [len(bandChunks)]string) {
	for i, n := range bandChunks {
		q[i] = `INSERT OR IGNORE INTO lsh_band (band, value, article_id, first_seen_at) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", n), ", ")
	}
	return q
}()

// nearStatements are the statements above, prepared with putStatements.
var nearStatements = []string{sqlCandidateBody, sqlClusterCreated, sqlInsertSketch, sqlClusterAgency,
	sqlCandidates, sqlTermCandidates, sqlInsertBands[0], sqlInsertBands[1], sqlInsertBands[2], sqlMembers, sqlMoveMember, sqlTouch}

// Candidates returns the ids of archived articles sharing at least one LSH
// band (syndication.Signature.Bands) with bands and first seen within
// window of around, at most cluster.MaxCandidates of them, the committer's
// pending bands included. It reads an index, not a scan.
func (a *Archive) Candidates(ctx context.Context, bands []uint64, around time.Time, window time.Duration) ([]string, error) {
	if len(bands) != syndication.NumBands {
		return nil, fmt.Errorf("%w: %d bands, want %d", ErrInvalid, len(bands), syndication.NumBands)
	}
	return cluster.Candidates(ctx, txStore{a.read}, bands, around, cluster.Lookup{Window: window, Unwritten: []cluster.Unwritten{&a.pending}})
}

// txStore is the cluster.Store of a transaction (or, for lookups only, of
// the read pool).
type txStore struct{ tx execer }

// StoredCandidates looks bands up in lsh_band, the term bands too when
// bands has them (cluster.Sketch.Keys).
func (s txStore) StoredCandidates(ctx context.Context, bands []uint64, lo, hi time.Time) ([]string, error) {
	args := make([]any, 0, 2+len(bands))
	args = append(args, timeText(lo), timeText(hi))
	for _, v := range bands {
		args = append(args, int64(v)) // stored as INTEGER: the same 64 bits, signed
	}
	query := sqlTermCandidates
	if len(bands) == syndication.NumBands {
		query = sqlCandidates
	}
	rows, err := s.tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var shingle, term []string
	for rows.Next() {
		var band int
		var id string
		if err := rows.Scan(&band, &id); err != nil {
			return nil, err
		}
		if band < cluster.TermBand0 {
			shingle = append(shingle, id)
		} else {
			term = append(term, id)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return candidateIDs(shingle, term), nil
}

// candidateIDs applies the lookup's limits to the ids the shingle bands
// and the term bands found, as the lookup did when it was two UNIONs in
// SQL: each family's ids once, in id order (a UNION's order), the first
// MaxCandidates of the shingle bands' and MaxTermCandidates of the term
// bands', then the term bands' that are new after the others, MaxCandidates
// in all.
func candidateIDs(shingle, term []string) []string {
	shingle = firstDistinct(shingle, cluster.MaxCandidates)
	term = firstDistinct(term, cluster.MaxTermCandidates)
	out := shingle
	for _, id := range term {
		if len(out) == cluster.MaxCandidates {
			break
		}
		if !slices.Contains(shingle, id) {
			out = append(out, id)
		}
	}
	return out
}

// firstDistinct sorts ids, drops repeats and keeps the first limit.
func firstDistinct(ids []string, limit int) []string {
	slices.Sort(ids)
	ids = slices.Compact(ids)
	return ids[:min(len(ids), limit)]
}

// Text reads a candidate's body and cluster.
func (s txStore) Text(ctx context.Context, id string) (body, cluster string, err error) {
	err = s.tx.QueryRowContext(ctx, sqlCandidateBody, id).Scan(&body, &cluster)
	if err != nil {
		return "", "", fmt.Errorf("archive: candidate %s: %w", id, err)
	}
	return body, cluster, nil
}

// ClusterCreated reads when a cluster's first article was first seen.
func (s txStore) ClusterCreated(ctx context.Context, id string) (time.Time, error) {
	var at sql.NullString
	if err := s.tx.QueryRowContext(ctx, sqlClusterCreated, id).Scan(&at); err != nil {
		return time.Time{}, fmt.Errorf("archive: cluster %s: %w", id, err)
	}
	return decTime(at)
}

// Merge moves every member of cluster from into cluster into and deletes
// from. Each moved article gets a new change cursor (changes.go), so that
// the index re-indexes it under its new cluster id; its Seq stays.
func (s txStore) Merge(ctx context.Context, from, into string) error {
	ids, err := queryIDs(s.tx.QueryContext(ctx, sqlMembers, from))
	if err != nil {
		return fmt.Errorf("archive: merge %s: %w", from, err)
	}
	for _, id := range ids {
		if _, err := s.tx.ExecContext(ctx, sqlMoveMember, into, id); err != nil {
			return fmt.Errorf("archive: merge %s: move %s: %w", from, id, err)
		}
		if err := touchArticle(ctx, s.tx, id); err != nil {
			return err
		}
	}
	src, err := readCluster(ctx, s.tx, from)
	if err != nil {
		return err
	}
	// The merged cluster keeps the earlier first article; the agency is
	// settled after the insert (afterInsert).
	_, err = s.tx.ExecContext(ctx, `UPDATE cluster SET size = size + ?,
			first_article_id = iif(? < created_at, ?, first_article_id),
			created_at = min(created_at, ?),
			agency = iif(agency = '', ?, agency)
		WHERE id = ?`, src.size, src.createdAt, src.first, src.createdAt, src.agency, into)
	if err != nil {
		return fmt.Errorf("archive: merge %s into %s: %w", from, into, err)
	}
	if _, err := s.tx.ExecContext(ctx, `DELETE FROM cluster WHERE id = ?`, from); err != nil {
		return fmt.Errorf("archive: merge %s: %w", from, err)
	}
	return nil
}

// queryIDs collects the first column of every row.
func queryIDs(rows *sql.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// afterInsert stores n's signature (its bands are recorded by the
// committer) and makes its cluster's agency that of the cluster's first
// article when that one credits an agency.
func afterInsert(ctx context.Context, tx execer, n *article.Article, sk *cluster.Sketch) error {
	if sk != nil {
		if err := insertSignature(ctx, tx, n.ID, sk); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, sqlClusterAgency, n.ClusterID)
	if err != nil {
		return fmt.Errorf("archive: cluster agency %s: %w", n.ClusterID, err)
	}
	return nil
}

// insertSketch stores an article's signature and, at once, its bands: for
// Backfill, which runs apart from the committer.
func insertSketch(ctx context.Context, tx execer, id string, seen time.Time, sk *cluster.Sketch) error {
	if err := insertSignature(ctx, tx, id, sk); err != nil {
		return err
	}
	var s cluster.Set
	s.Add(id, seen, sk.Keys())
	return insertBands(ctx, tx, s.Sorted())
}

// insertSignature stores an article's MinHash signature and term
// signature (termBytes).
func insertSignature(ctx context.Context, tx execer, id string, sk *cluster.Sketch) error {
	if _, err := tx.ExecContext(ctx, sqlInsertSketch, id, sk.Signature.Bytes(), termBytes(sk)); err != nil {
		return fmt.Errorf("archive: sketch %s: %w", id, err)
	}
	return nil
}

// termBytes is the stored form of a sketch's term signature: empty, not
// NULL, when the text has no terms (NULL says "not derived yet").
func termBytes(sk *cluster.Sketch) []byte {
	if len(sk.TermBands) == 0 {
		return []byte{}
	}
	return sk.Terms.Bytes()
}

// insertBands inserts band rows, up to bandChunks[0] to a statement; a row
// already there is left as it is (Open re-derives bands that may be
// stored).
func insertBands(ctx context.Context, tx execer, rows []cluster.Row) error {
	seen := map[time.Time]string{} // an article's time, formatted once for its rows
	var args []any
	for len(rows) > 0 {
		c := 0
		for bandChunks[c] > len(rows) {
			c++
		}
		n := bandChunks[c]
		args = args[:0]
		for _, r := range rows[:n] {
			at, ok := seen[r.Seen]
			if !ok {
				at = timeText(r.Seen)
				seen[r.Seen] = at
			}
			args = append(args, r.Band, int64(r.Value), r.ID, at)
		}
		if _, err := tx.ExecContext(ctx, sqlInsertBands[c], args...); err != nil {
			return fmt.Errorf("archive: insert bands: %w", err)
		}
		rows = rows[n:]
	}
	return nil
}

// clusterRow is the stored cluster.
type clusterRow struct {
	first, agency, createdAt string
	size                     int64
}

func readCluster(ctx context.Context, tx execer, id string) (clusterRow, error) {
	var c clusterRow
	err := tx.QueryRowContext(ctx, `SELECT first_article_id, agency, created_at, size FROM cluster WHERE id = ?`, id).
		Scan(&c.first, &c.agency, &c.createdAt, &c.size)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("%w: cluster %s", ErrNotFound, id)
	}
	if err != nil {
		return c, fmt.Errorf("archive: cluster %s: %w", id, err)
	}
	return c, nil
}
