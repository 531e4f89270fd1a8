package pgarchive

import (
	"context"
	"fmt"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/jackc/pgx/v5"
)

// storyCols are a story's columns for cluster c and its first article a,
// as the SQLite archive's. The outlets are counted from the index on
// article(cluster_id, first_seen_at), which includes source_id (schema
// step 10): an index-only scan, reading no member row on the pages vacuum
// has marked all-visible. A cluster's size is its members' count
// (Integrity checks it), so a single copy has one outlet without a look
// at its members: a range of mostly single copies costs no lookup each.
const storyCols = `c.id, a.title, c.agency, a.id, a.source_id, a.url, c.created_at,
	CASE WHEN c.size = 1 THEN 1 ELSE (SELECT count(DISTINCT m.source_id) FROM article m WHERE m.cluster_id = c.id) END, c.size`

// Stories returns the stories of these clusters (unknown ones are left
// out), most carried first: by outlets, then copies, then first seen. At
// most MaxPage ids are read.
func (s *Store) Stories(ctx context.Context, clusterIDs []string) ([]archive.Story, error) {
	if len(clusterIDs) == 0 {
		return nil, nil
	}
	return s.queryStories(ctx, `SELECT `+storyCols+` FROM cluster c
		JOIN article a ON a.id = c.first_article_id WHERE c.id = ANY($1)
		ORDER BY 8 DESC, c.size DESC, c.created_at`, clusterIDs[:min(len(clusterIDs), MaxPage)])
}

// TopStories returns the most carried stories first seen in [from, to]
// (zero = open), at most limit (clamped to 1..MaxPage), ranked by copies,
// then outlets, then first seen, as the SQLite archive's.
//
// The outlets are counted only for the clusters that can rank: those at
// least as large as the limit-th largest in the range (ties included).
// PostgreSQL reads them through the index on size (the largest first,
// until limit of them are in the range: an open or wide range) or on
// created_at (a narrow range, whose clusters it sorts keeping only the
// top limit).
func (s *Store) TopStories(ctx context.Context, from, to time.Time, limit int) ([]archive.Story, error) {
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	// Conditions are left out rather than passed as NULL, and the query is
	// planned for its values each time (no cached generic plan): which
	// index serves depends on how wide the range is.
	cond, args := "", []any{pgx.QueryExecModeExec, limit}
	if !from.IsZero() {
		args = append(args, from)
		cond += fmt.Sprintf(" AND c.created_at >= $%d", len(args)-1)
	}
	if !to.IsZero() {
		args = append(args, to)
		cond += fmt.Sprintf(" AND c.created_at <= $%d", len(args)-1)
	}
	return s.queryStories(ctx, `SELECT `+storyCols+` FROM cluster c
		JOIN article a ON a.id = c.first_article_id
		WHERE c.size >= (SELECT coalesce(min(size), 0) FROM
			(SELECT c.size FROM cluster c WHERE true`+cond+` ORDER BY c.size DESC LIMIT $1) t)`+cond+`
		ORDER BY c.size DESC, 8 DESC, c.created_at LIMIT $1`, args...)
}

func (s *Store) queryStories(ctx context.Context, query string, args ...any) ([]archive.Story, error) {
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("pgarchive: stories: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (archive.Story, error) {
		var st archive.Story
		err := r.Scan(&st.ClusterID, &st.Title, &st.Agency, &st.FirstID, &st.FirstSource, &st.FirstURL,
			&st.FirstSeenAt, &st.Outlets, &st.Copies)
		st.FirstSeenAt = st.FirstSeenAt.UTC()
		return st, err
	})
	if err != nil {
		return nil, fmt.Errorf("pgarchive: stories: %w", err)
	}
	return out, nil
}

// CopiesPerDay counts the copies of these clusters by the UTC day they were
// first seen, oldest day first. At most MaxPage ids are read.
func (s *Store) CopiesPerDay(ctx context.Context, clusterIDs []string) ([]archive.DayCount, error) {
	return s.copiesPerDay(ctx, "first_seen_at", clusterIDs)
}

// CopiesPerPublishedDay counts the copies of these clusters by the UTC day
// they were published (first seen, for a copy whose page gave no date),
// oldest day first. At most MaxPage ids are read.
func (s *Store) CopiesPerPublishedDay(ctx context.Context, clusterIDs []string) ([]archive.DayCount, error) {
	return s.copiesPerDay(ctx, "coalesce(published_at, first_seen_at)", clusterIDs)
}

// copiesPerDay counts the members of these clusters (read through the
// index on cluster_id) by the UTC day of the time expression col.
func (s *Store) copiesPerDay(ctx context.Context, col string, clusterIDs []string) ([]archive.DayCount, error) {
	if len(clusterIDs) == 0 {
		return nil, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT to_char(`+col+` AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)
		FROM article WHERE cluster_id = ANY($1) GROUP BY day ORDER BY day`, clusterIDs[:min(len(clusterIDs), MaxPage)])
	if err != nil {
		return nil, fmt.Errorf("pgarchive: per day: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (archive.DayCount, error) {
		var d archive.DayCount
		return d, r.Scan(&d.Date, &d.Count)
	})
	if err != nil {
		return nil, fmt.Errorf("pgarchive: per day: %w", err)
	}
	return out, nil
}

// countLock is the advisory lock key of foldCounts.
const countLock = 0x68616265_72636933 // "haberci3"

// sqlFoldCounts moves the committed rows of source_count_delta into
// source_count, in one statement (one transaction), unless another node is
// folding. Two folds at once could not count a row twice either: the
// second waits for the first's deleted rows and skips them.
const sqlFoldCounts = `WITH go AS (SELECT pg_try_advisory_xact_lock($1) AS ok),
	d AS (DELETE FROM source_count_delta WHERE (SELECT ok FROM go) RETURNING source_id, n)
	INSERT INTO source_count SELECT source_id, sum(n) FROM d GROUP BY source_id
	ON CONFLICT (source_id) DO UPDATE SET n = source_count.n + excluded.n`

// sqlSourceCounts are the article counts per source: the folded counts
// plus the rows not folded yet.
const sqlSourceCounts = `SELECT source_id, sum(n) AS n FROM (
		SELECT source_id, n FROM source_count UNION ALL SELECT source_id, n FROM source_count_delta
	) c GROUP BY source_id`

// foldCounts folds the article counts per source written since the last
// fold, so that a read sums one row per source and the few written since.
func (s *Store) foldCounts(ctx context.Context) error {
	if _, err := s.pool.Exec(ctx, sqlFoldCounts, int64(countLock)); err != nil {
		return fmt.Errorf("pgarchive: fold counts: %w", err)
	}
	return nil
}

// CountsBySource returns the number of articles per source, with every known
// source present (0 when it has none yet). The counts are kept per source
// (source_count, schema step 9), so this reads about one row per source,
// not the articles.
func (s *Store) CountsBySource(ctx context.Context) (map[string]int64, error) {
	if err := s.foldCounts(ctx); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `SELECT s.id, coalesce(n.n, 0)::bigint FROM source s
		LEFT JOIN (`+sqlSourceCounts+`) n ON n.source_id = s.id`)
	if err != nil {
		return nil, fmt.Errorf("pgarchive: counts: %w", err)
	}
	out := map[string]int64{}
	var id string
	var n int64
	if _, err := pgx.ForEachRow(rows, []any{&id, &n}, func() error { out[id] = n; return nil }); err != nil {
		return nil, fmt.Errorf("pgarchive: counts: %w", err)
	}
	return out, nil
}

// Count returns the number of archived articles: the sum of the counts
// per source.
func (s *Store) Count(ctx context.Context) (int64, error) {
	if err := s.foldCounts(ctx); err != nil {
		return 0, err
	}
	var n int64
	if err := s.pool.QueryRow(ctx, `SELECT coalesce(sum(n), 0)::bigint FROM (`+sqlSourceCounts+`) c`).Scan(&n); err != nil {
		return 0, fmt.Errorf("pgarchive: count: %w", err)
	}
	return n, nil
}
