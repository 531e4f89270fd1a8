package archive

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Story is a cluster as the coverage report shows it: one agency item and
// how widely it was carried.
type Story struct {
	ClusterID   string
	Title       string // of the first seen copy
	Agency      string
	FirstID     string // the first seen copy
	FirstSource string
	FirstURL    string
	FirstSeenAt time.Time
	Outlets     int64 // distinct sources
	Copies      int64 // articles
}

// DayCount is the number of copies first seen on one UTC day.
type DayCount struct {
	Date  string // 2006-01-02
	Count int64
}

const storyCols = `c.id, a.title, c.agency, a.id, a.source_id, a.url, c.created_at,
	(SELECT COUNT(DISTINCT m.source_id) FROM article m WHERE m.cluster_id = c.id), c.size`

// Stories returns the stories of these clusters (unknown ones are left
// out), most carried first: by outlets, then copies, then first seen. At
// most MaxPage ids are read.
func (a *Archive) Stories(ctx context.Context, clusterIDs []string) ([]Story, error) {
	if len(clusterIDs) == 0 {
		return nil, nil
	}
	ids := clusterIDs[:min(len(clusterIDs), MaxPage)]
	return queryStories(a.read.QueryContext(ctx, `SELECT `+storyCols+` FROM cluster c
		JOIN article a ON a.id = c.first_article_id WHERE c.id IN (`+placeholders(len(ids))+`)
		ORDER BY 8 DESC, c.size DESC, c.created_at`, anys(ids)...))
}

// TopStories returns the most carried stories first seen in [from, to]
// (zero = open), at most limit (clamped to 1..MaxPage), ranked by copies.
func (a *Archive) TopStories(ctx context.Context, from, to time.Time, limit int) ([]Story, error) {
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	lo, hi := encTime(from), encTime(to)
	return queryStories(a.read.QueryContext(ctx, `SELECT `+storyCols+` FROM cluster c
		JOIN article a ON a.id = c.first_article_id
		WHERE (? IS NULL OR c.created_at >= ?) AND (? IS NULL OR c.created_at <= ?)
		ORDER BY c.size DESC, 8 DESC, c.created_at LIMIT ?`, lo, lo, hi, hi, limit))
}

// CopiesPerDay counts the copies of these clusters by the UTC day they were
// first seen, oldest day first. At most MaxPage ids are read.
func (a *Archive) CopiesPerDay(ctx context.Context, clusterIDs []string) ([]DayCount, error) {
	return a.copiesPerDay(ctx, "first_seen_at", clusterIDs)
}

// copiesPerDay counts the copies of these clusters by the day of the time
// column expression col.
func (a *Archive) copiesPerDay(ctx context.Context, col string, clusterIDs []string) ([]DayCount, error) {
	if len(clusterIDs) == 0 {
		return nil, nil
	}
	ids := clusterIDs[:min(len(clusterIDs), MaxPage)]
	rows, err := a.read.QueryContext(ctx, `SELECT substr(`+col+`, 1, 10) AS day, COUNT(*) FROM article
		WHERE cluster_id IN (`+placeholders(len(ids))+`) GROUP BY day ORDER BY day`, anys(ids)...)
	if err != nil {
		return nil, fmt.Errorf("archive: per day: %w", err)
	}
	defer rows.Close()
	var out []DayCount
	for rows.Next() {
		var d DayCount
		if err := rows.Scan(&d.Date, &d.Count); err != nil {
			return nil, fmt.Errorf("archive: per day: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: per day: %w", err)
	}
	return out, nil
}

func queryStories(rows *sql.Rows, err error) ([]Story, error) {
	if err != nil {
		return nil, fmt.Errorf("archive: stories: %w", err)
	}
	defer rows.Close()
	var out []Story
	for rows.Next() {
		var s Story
		var seen sql.NullString
		if err := rows.Scan(&s.ClusterID, &s.Title, &s.Agency, &s.FirstID, &s.FirstSource, &s.FirstURL, &seen, &s.Outlets, &s.Copies); err != nil {
			return nil, fmt.Errorf("archive: stories: %w", err)
		}
		if s.FirstSeenAt, err = decTime(seen); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: stories: %w", err)
	}
	return out, nil
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
