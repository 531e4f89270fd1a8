package pgarchive

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/jackc/pgx/v5"
)

// articleCols lists the article columns in the order scanArticle reads them.
const articleCols = `id, source_id, url, canonical_url, guid, title, lead, body, authors,
	published_at, first_seen_at, updated_at, removed_at, language, agency, image, content_sha256, simhash, cluster_id`

// scanArticle reads one row selected with articleCols, preceded by the
// change cursor when withSeq. Times come back in UTC; PostgreSQL keeps
// microseconds.
func scanArticle(r pgx.Row, withSeq bool) (*article.Article, error) {
	var (
		a                           article.Article
		published, updated, removed *time.Time
		simhash                     int64
	)
	dest := []any{&a.ID, &a.SourceID, &a.URL, &a.CanonicalURL, &a.GUID, &a.Title, &a.Lead, &a.Body,
		&a.Authors, &published, &a.FirstSeenAt, &updated, &removed, &a.Language, &a.Agency, &a.Image,
		&a.ContentSHA256, &simhash, &a.ClusterID}
	if withSeq {
		dest = append([]any{&a.ChangeSeq}, dest...)
	}
	if err := r.Scan(dest...); err != nil {
		return nil, err
	}
	a.PublishedAt, a.UpdatedAt, a.RemovedAt, a.FirstSeenAt = utc(published), utc(updated), utc(removed), a.FirstSeenAt.UTC()
	a.SimHash = uint64(simhash)
	return &a, nil
}

// utc is a nullable time as Go keeps it: NULL is the zero time.
func utc(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// Get returns the article with this ID and its captures (oldest first, at
// most MaxPage), or ErrNotFound.
func (s *Store) Get(ctx context.Context, id string) (*article.Article, []article.Capture, error) {
	art, err := scanArticle(s.pool.QueryRow(ctx, `SELECT `+articleCols+` FROM article WHERE id = $1`, id), false)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, fmt.Errorf("%w: article %s", ErrNotFound, id)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("pgarchive: get %s: %w", id, err)
	}
	caps, err := s.captures(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	return art, caps, nil
}

// captures returns an article's captures, oldest first, at most MaxPage.
func (s *Store) captures(ctx context.Context, id string) ([]article.Capture, error) {
	rows, err := s.pool.Query(ctx, `SELECT url, fetched_at, status, content_type, warc_file, "offset", length, digest
		FROM capture WHERE article_id = $1 ORDER BY fetched_at, id LIMIT $2`, id, MaxPage)
	if err != nil {
		return nil, fmt.Errorf("pgarchive: captures of %s: %w", id, err)
	}
	caps, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (article.Capture, error) {
		var c article.Capture
		err := r.Scan(&c.URL, &c.FetchedAt, &c.Status, &c.ContentType, &c.WARCFile, &c.Offset, &c.Length, &c.Digest)
		c.FetchedAt = c.FetchedAt.UTC()
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("pgarchive: captures of %s: %w", id, err)
	}
	return caps, nil
}

// FetchState returns what the crawler remembered about a source; a source
// never fetched has the zero state with its SourceID.
func (s *Store) FetchState(ctx context.Context, sourceID string) (article.FetchState, error) {
	st := article.FetchState{SourceID: sourceID}
	var last, next *time.Time
	err := s.pool.QueryRow(ctx, `SELECT etag, last_modified, last_fetch_at, last_status, last_error,
		consecutive_failures, next_allowed_at, backlog, resume_url FROM source WHERE id = $1`, sourceID).
		Scan(&st.ETag, &st.LastModified, &last, &st.LastStatus, &st.LastError, &st.ConsecutiveFailures, &next,
			&st.Backlog, &st.ResumeURL)
	if errors.Is(err, pgx.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("pgarchive: fetch state %s: %w", sourceID, err)
	}
	st.LastFetchAt, st.NextAllowedAt = utc(last), utc(next)
	return st, nil
}

// sqlSaveFetchState stores a source's fetch state, creating its row.
const sqlSaveFetchState = `INSERT INTO source (id, etag, last_modified, last_fetch_at, last_status,
		last_error, consecutive_failures, next_allowed_at, backlog, resume_url)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
	ON CONFLICT (id) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
		last_fetch_at = excluded.last_fetch_at, last_status = excluded.last_status,
		last_error = excluded.last_error, consecutive_failures = excluded.consecutive_failures,
		next_allowed_at = excluded.next_allowed_at, backlog = excluded.backlog, resume_url = excluded.resume_url`

// SaveFetchState records a source's fetch state, creating the source row if
// the source was never synced.
func (s *Store) SaveFetchState(ctx context.Context, st article.FetchState) error {
	if st.SourceID == "" {
		return fmt.Errorf("%w: fetch state without source ID", ErrInvalid)
	}
	_, err := s.pool.Exec(ctx, sqlSaveFetchState, st.SourceID, st.ETag, st.LastModified, nullTime(st.LastFetchAt),
		st.LastStatus, st.LastError, st.ConsecutiveFailures, nullTime(st.NextAllowedAt), st.Backlog, st.ResumeURL)
	if err != nil {
		return fmt.Errorf("pgarchive: save fetch state %s: %w", st.SourceID, err)
	}
	return nil
}

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// Cluster returns the cluster with this id, or ErrNotFound.
func (s *Store) Cluster(ctx context.Context, id string) (*archive.Cluster, error) {
	c := archive.Cluster{ID: id}
	err := s.pool.QueryRow(ctx, `SELECT first_article_id, agency, created_at, size FROM cluster WHERE id = $1`, id).
		Scan(&c.FirstArticleID, &c.Agency, &c.FirstSeenAt, &c.Size)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("%w: cluster %s", ErrNotFound, id)
	}
	if err != nil {
		return nil, fmt.Errorf("pgarchive: cluster %s: %w", id, err)
	}
	c.FirstSeenAt = c.FirstSeenAt.UTC()
	return &c, nil
}

// ClusterMembers returns the articles of a cluster, first seen first (at
// most MaxPage); an unknown cluster has none. Each has its Seq and
// ChangeSeq, 0 while the sequencer has not numbered it yet (a query watch
// compares Seq with its AfterSeq).
func (s *Store) ClusterMembers(ctx context.Context, clusterID string) ([]*article.Article, error) {
	rows, err := s.pool.Query(ctx, `SELECT coalesce(c.seq, 0), coalesce(c.change_seq, 0), `+articleCols+`
		FROM article a LEFT JOIN article_cursor c ON c.article_id = a.id
		WHERE cluster_id = $1 ORDER BY first_seen_at, id LIMIT $2`, clusterID, MaxPage)
	if err != nil {
		return nil, fmt.Errorf("pgarchive: cluster members: %w", err)
	}
	arts, err := pgx.CollectRows(rows, scanSeqArticle)
	if err != nil {
		return nil, fmt.Errorf("pgarchive: cluster members: %w", err)
	}
	return arts, nil
}

// ClusterSizes returns the number of articles of each of these clusters
// that exists, in one query. At most MaxPage ids are read; unknown ones
// are left out.
func (s *Store) ClusterSizes(ctx context.Context, ids []string) (map[string]int64, error) {
	out := make(map[string]int64, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT id, size FROM cluster WHERE id = ANY($1)`, ids[:min(len(ids), MaxPage)])
	if err != nil {
		return nil, fmt.Errorf("pgarchive: cluster sizes: %w", err)
	}
	var id string
	var n int64
	if _, err := pgx.ForEachRow(rows, []any{&id, &n}, func() error { out[id] = n; return nil }); err != nil {
		return nil, fmt.Errorf("pgarchive: cluster sizes: %w", err)
	}
	return out, nil
}

// Seen reports whether an article with this canonical URL, or (when guid is
// not empty) this source and GUID, is archived.
func (s *Store) Seen(ctx context.Context, sourceID, canonicalURL, guid string) (bool, error) {
	var seen bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM article WHERE canonical_url = $1)
		OR ($2 <> '' AND EXISTS (SELECT 1 FROM article WHERE source_id = $3 AND guid = $2))`,
		canonicalURL, guid, sourceID).Scan(&seen)
	if err != nil {
		return false, fmt.Errorf("pgarchive: seen: %w", err)
	}
	return seen, nil
}
