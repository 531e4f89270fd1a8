package archive

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/haberci/haberci/article"
)

// timeLayout is RFC 3339 in UTC with a fixed nine-digit fraction: it keeps
// every nanosecond, and equal width makes text order equal time order.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// encTime stores t in UTC; the zero time becomes NULL.
func encTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return timeText(t)
}

// timeText is t as stored, for times that are never zero (first_seen_at).
func timeText(t time.Time) string {
	return t.UTC().Format(timeLayout)
}

// decTime reads a time stored by encTime, in UTC.
func decTime(s sql.NullString) (time.Time, error) {
	if !s.Valid {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s.String)
	if err != nil {
		return time.Time{}, fmt.Errorf("archive: stored time %q: %w", s.String, err)
	}
	return t.UTC(), nil
}

// articleCols lists the article columns in the order scanArticle reads them.
const articleCols = `id, seq, change_seq, source_id, url, canonical_url, guid, title, lead, body, authors,
	published_at, first_seen_at, updated_at, language, agency, image, content_sha256, simhash, cluster_id, removed_at`

// rowScanner is a *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(dest ...any) error }

// scanArticle reads one row selected with articleCols.
func scanArticle(r rowScanner) (*article.Article, error) {
	var (
		a                        article.Article
		authors                  string
		published, seen, updated sql.NullString
		removed                  sql.NullString
		simhash                  int64
	)
	err := r.Scan(&a.ID, &a.Seq, &a.ChangeSeq, &a.SourceID, &a.URL, &a.CanonicalURL, &a.GUID, &a.Title, &a.Lead, &a.Body,
		&authors, &published, &seen, &updated, &a.Language, &a.Agency, &a.Image, &a.ContentSHA256, &simhash, &a.ClusterID, &removed)
	if err != nil {
		return nil, err
	}
	a.SimHash = uint64(simhash) // stored as the same 64 bits, signed
	if err := json.Unmarshal([]byte(authors), &a.Authors); err != nil {
		return nil, fmt.Errorf("archive: article %s authors: %w", a.ID, err)
	}
	for _, t := range []struct {
		dst *time.Time
		src sql.NullString
	}{{&a.PublishedAt, published}, {&a.FirstSeenAt, seen}, {&a.UpdatedAt, updated}, {&a.RemovedAt, removed}} {
		if *t.dst, err = decTime(t.src); err != nil {
			return nil, err
		}
	}
	return &a, nil
}

// articleArgs returns a's values in articleCols order.
func articleArgs(a *article.Article) ([]any, error) {
	authors, err := json.Marshal(a.Authors)
	if err != nil {
		return nil, fmt.Errorf("archive: authors: %w", err)
	}
	return []any{a.ID, a.Seq, a.ChangeSeq, a.SourceID, a.URL, a.CanonicalURL, a.GUID, a.Title, a.Lead, a.Body, string(authors),
		encTime(a.PublishedAt), encTime(a.FirstSeenAt), encTime(a.UpdatedAt), a.Language, a.Agency, a.Image,
		a.ContentSHA256, int64(a.SimHash), a.ClusterID, encTime(a.RemovedAt)}, nil
}

// queryArticles runs a query selecting articleCols and collects the rows.
func queryArticles(rows *sql.Rows, err error) ([]*article.Article, error) {
	if err != nil {
		return nil, fmt.Errorf("archive: query: %w", err)
	}
	defer rows.Close()
	var out []*article.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("archive: scan: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: query: %w", err)
	}
	return out, nil
}
