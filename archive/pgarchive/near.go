package pgarchive

import (
	"context"
	"fmt"
	"time"

	"github.com/haberci/haberci/cluster"
	"github.com/haberci/haberci/syndication"
	"github.com/jackc/pgx/v5"
)

// txStore is the cluster.Store of a writer's transaction: cluster.Join
// reads candidates and merges clusters through it. The candidates' texts
// come with the lookup, in one round trip, and Text serves them from
// texts: one query per candidate made a Put wait on the server up to
// MaxCandidates times.
type txStore struct {
	tx    pgx.Tx
	texts map[string]candidate
}

// candidate is a looked-up article's body and cluster.
type candidate struct{ body, cluster string }

func newTxStore(tx pgx.Tx) *txStore { return &txStore{tx: tx, texts: map[string]candidate{}} }

// bandIDs is the lookup of the bands in the array parameter param,
// numbered from band first on: per band one primary-key search reading at
// most per rows, the earliest first seen, within [$1, $2]; each row with
// its rank (the band's position, after rank0).
func bandIDs(param string, first, per, rank0 int) string {
	return fmt.Sprintf(`SELECT c.article_id, b.ord + %d AS rank
	FROM unnest(%s::bigint[]) WITH ORDINALITY AS b(value, ord)
	CROSS JOIN LATERAL (SELECT article_id FROM lsh_band l
		WHERE l.band = b.ord - 1 + %d AND l.value = b.value AND l.first_seen_at BETWEEN $1 AND $2
		ORDER BY l.first_seen_at, l.article_id LIMIT %d) c`, rank0, param, first, per)
}

// sqlCandidateIDs finds the articles sharing any shingle band ($3, one
// value per band in band order): PerBand per band, each article once (ord:
// its first band), at most MaxCandidates.
var sqlCandidateIDs = fmt.Sprintf(`SELECT article_id, min(rank) AS ord FROM (%s) u
	GROUP BY article_id ORDER BY ord, article_id LIMIT %d`, bandIDs("$3", 0, cluster.PerBand, 0), cluster.MaxCandidates)

// sqlTermCandidateIDs is sqlCandidateIDs followed by the articles sharing
// a term band ($4, band TermBand0 on): PerTermBand per band and
// MaxTermCandidates in all, after the shingle bands' candidates.
var sqlTermCandidateIDs = fmt.Sprintf(`SELECT article_id, min(ord) AS ord FROM (
		SELECT article_id, ord FROM (%s) s
		UNION ALL
		SELECT article_id, ord FROM (SELECT article_id, min(rank) AS ord FROM (%s) u
			GROUP BY article_id ORDER BY ord, article_id LIMIT %d) t
	) a GROUP BY article_id ORDER BY ord, article_id LIMIT %d`, sqlCandidateIDs,
	bandIDs("$4", cluster.TermBand0, cluster.PerTermBand, 1000), cluster.MaxTermCandidates, cluster.MaxCandidates)

// candidateQuery is the lookup of bands (NumBands values, or NumKeys with
// the term bands), with the candidates' texts when withText, and its
// arguments.
func candidateQuery(bands []uint64, lo, hi time.Time, withText bool) (string, []any) {
	if len(bands) == syndication.NumBands {
		if withText {
			return sqlCandidates, []any{lo, hi, signed(bands)}
		}
		return sqlCandidateIDs, []any{lo, hi, signed(bands)}
	}
	args := []any{lo, hi, signed(bands[:syndication.NumBands]), signed(bands[syndication.NumBands:])}
	if withText {
		return sqlTermCandidates, args
	}
	return sqlTermCandidateIDs, args
}

// candidatesWithText is a lookup with each candidate's body and cluster.
// Their rows are locked until the commit, so that their clusters cannot be
// merged away meanwhile (locks.go); under READ COMMITTED a row another
// writer changed is read as committed last.
func candidatesWithText(ids string) string {
	return `SELECT a.id, a.body, a.cluster_id FROM (` + ids + `) k
	JOIN article a ON a.id = k.article_id
	ORDER BY k.ord, a.id FOR SHARE OF a`
}

var (
	sqlCandidates     = candidatesWithText(sqlCandidateIDs)
	sqlTermCandidates = candidatesWithText(sqlTermCandidateIDs)
)

// signed is how band values are stored: the same 64 bits, signed, as the
// SQLite archive keeps them.
func signed(bands []uint64) []int64 {
	vals := make([]int64, len(bands))
	for i, v := range bands {
		vals[i] = int64(v)
	}
	return vals
}

// poolBands is the band lookup of the pool, for readers (no locks).
type poolBands struct{ s *Store }

// StoredCandidates looks bands up in lsh_band, the term bands too when
// bands has them.
func (p poolBands) StoredCandidates(ctx context.Context, bands []uint64, lo, hi time.Time) ([]string, error) {
	query, args := candidateQuery(bands, lo, hi, false)
	rows, err := p.s.pool.Query(ctx, `SELECT article_id FROM (`+query+`) k ORDER BY ord, article_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("pgarchive: candidates: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("pgarchive: candidates: %w", err)
	}
	return ids, nil
}

// Candidates returns the ids of archived articles sharing at least one LSH
// band (syndication.Signature.Bands, or cluster.Sketch.Keys with the term
// bands) with bands and first seen within
// window of around, at most cluster.MaxCandidates of them, as the SQLite
// archive's Candidates. It reads an index, not a scan.
func (s *Store) Candidates(ctx context.Context, bands []uint64, around time.Time, window time.Duration) ([]string, error) {
	if len(bands) != syndication.NumBands && len(bands) != cluster.NumKeys {
		return nil, fmt.Errorf("%w: %d bands, want %d or %d", ErrInvalid, len(bands), syndication.NumBands, cluster.NumKeys)
	}
	return cluster.Candidates(ctx, poolBands{s}, bands, around, cluster.Lookup{Window: window, Terms: true})
}

// StoredCandidates looks bands up in lsh_band (the term bands too when
// bands has them) and keeps the candidates' texts for Text.
func (s *txStore) StoredCandidates(ctx context.Context, bands []uint64, lo, hi time.Time) ([]string, error) {
	query, args := candidateQuery(bands, lo, hi, true)
	rows, err := s.tx.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("pgarchive: candidates: %w", err)
	}
	var ids []string
	var id string
	var c candidate
	_, err = pgx.ForEachRow(rows, []any{&id, &c.body, &c.cluster}, func() error {
		ids = append(ids, id)
		s.texts[id] = c
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pgarchive: candidates: %w", err)
	}
	return ids, nil
}

// Text returns a candidate's body and cluster as the lookup read them
// (locked), or reads and locks them.
func (s *txStore) Text(ctx context.Context, id string) (body, cluster string, err error) {
	if c, ok := s.texts[id]; ok {
		return c.body, c.cluster, nil
	}
	err = s.tx.QueryRow(ctx, `SELECT body, cluster_id FROM article WHERE id = $1 FOR SHARE`, id).Scan(&body, &cluster)
	if err != nil {
		return "", "", fmt.Errorf("pgarchive: candidate %s: %w", id, err)
	}
	return body, cluster, nil
}

// ClusterCreated reads when a cluster's first article was first seen.
func (s *txStore) ClusterCreated(ctx context.Context, id string) (time.Time, error) {
	var at time.Time
	if err := s.tx.QueryRow(ctx, `SELECT created_at FROM cluster WHERE id = $1`, id).Scan(&at); err != nil {
		return time.Time{}, fmt.Errorf("pgarchive: cluster %s: %w", id, err)
	}
	return at.UTC(), nil
}

// sqlMergeCluster deletes cluster $1 and counts it into $2, which keeps the
// earlier first article; the agency is settled after the insert.
const sqlMergeCluster = `WITH src AS (DELETE FROM cluster WHERE id = $1 RETURNING first_article_id, agency, created_at, size)
	UPDATE cluster SET size = cluster.size + src.size,
		first_article_id = CASE WHEN src.created_at < cluster.created_at THEN src.first_article_id ELSE cluster.first_article_id END,
		created_at = least(src.created_at, cluster.created_at),
		agency = CASE WHEN cluster.agency = '' THEN src.agency ELSE cluster.agency END
	FROM src WHERE cluster.id = $2`

// Merge moves every member of cluster from into cluster into and deletes
// from. The cluster row is locked first, so that a writer counting an
// article into it has committed (and its article is moved too) or waits
// for this merge. Each moved article's update is recorded by the change
// trigger, so every node's index re-reads it under its new cluster.
func (s *txStore) Merge(ctx context.Context, from, into string) error {
	var one int
	if err := s.tx.QueryRow(ctx, `SELECT 1 FROM cluster WHERE id = $1 FOR UPDATE`, from).Scan(&one); err != nil {
		return fmt.Errorf("pgarchive: merge %s: %w", from, err)
	}
	if _, err := s.tx.Exec(ctx, `UPDATE article SET cluster_id = $2 WHERE cluster_id = $1`, from, into); err != nil {
		return fmt.Errorf("pgarchive: merge %s: move: %w", from, err)
	}
	tag, err := s.tx.Exec(ctx, sqlMergeCluster, from, into)
	if err != nil {
		return fmt.Errorf("pgarchive: merge %s into %s: %w", from, into, err)
	}
	if tag.RowsAffected() != 1 {
		return fmt.Errorf("pgarchive: merge %s into %s: %w: cluster", from, into, ErrNotFound)
	}
	return nil
}
