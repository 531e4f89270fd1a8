package archive

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/haberci/haberci/article"
)

// iteratePage is how many articles Iterate reads per query: memory stays
// bounded by one page whatever the archive's size.
const iteratePage = 200

// Filter selects articles for Iterate. Zero fields select everything.
type Filter struct {
	From, To time.Time // published_at range, inclusive; an article without a date is outside any range
	Sources  []string  // any of these source ids
}

// where renders f as an SQL condition and its arguments.
func (f Filter) where() (string, []any) {
	conds := []string{"seq > ?"}
	var args []any
	if !f.From.IsZero() {
		conds = append(conds, "published_at >= ?")
		args = append(args, encTime(f.From))
	}
	if !f.To.IsZero() {
		conds = append(conds, "published_at <= ?")
		args = append(args, encTime(f.To))
	}
	if len(f.Sources) > 0 {
		conds = append(conds, "source_id IN (?"+strings.Repeat(", ?", len(f.Sources)-1)+")")
		for _, s := range f.Sources {
			args = append(args, s)
		}
	}
	return strings.Join(conds, " AND "), args
}

// Iterate calls fn with every article matching f and its captures (oldest
// first), in Seq order. It reads pages by Seq and holds no transaction
// between them, so writers are never blocked. A Seq never changes (see
// changes.go), so each article is seen once even when a merge moves it
// meanwhile (its row is read as it is when its page is); articles stored
// meanwhile are included. An error from fn stops the iteration and is
// returned as is.
func (a *Archive) Iterate(ctx context.Context, f Filter, fn func(*article.Article, []article.Capture) error) error {
	cond, fargs := f.where()
	var after int64
	for {
		args := append([]any{after}, fargs...)
		arts, err := queryArticles(a.read.QueryContext(ctx,
			`SELECT `+articleCols+` FROM article WHERE `+cond+` ORDER BY seq LIMIT ?`, append(args, iteratePage)...))
		if err != nil {
			return err
		}
		for _, art := range arts {
			caps, err := a.captures(ctx, art.ID)
			if err != nil {
				return err
			}
			if err := fn(art, caps); err != nil {
				return err
			}
			after = art.Seq
		}
		if len(arts) < iteratePage {
			return nil
		}
	}
}

// ArticleIDs calls fn with the ids of all archived articles, in Seq order
// and in slices of at most n (default MaxPage).
func (a *Archive) ArticleIDs(ctx context.Context, n int, fn func(ids []string) error) error {
	if n <= 0 || n > MaxPage {
		n = MaxPage
	}
	var after int64
	for {
		rows, err := a.read.QueryContext(ctx, `SELECT id, seq FROM article WHERE seq > ? ORDER BY seq LIMIT ?`, after, n)
		if err != nil {
			return fmt.Errorf("archive: ids: %w", err)
		}
		ids := make([]string, 0, n)
		for rows.Next() {
			var id string
			if err := rows.Scan(&id, &after); err != nil {
				rows.Close()
				return fmt.Errorf("archive: ids: %w", err)
			}
			ids = append(ids, id)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("archive: ids: %w", err)
		}
		if len(ids) > 0 {
			if err := fn(ids); err != nil {
				return err
			}
		}
		if len(ids) < n {
			return nil
		}
	}
}

// Missing returns those of ids that are not archived, in the given order.
func (a *Archive) Missing(ctx context.Context, ids []string) ([]string, error) {
	var out []string
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), MaxPage)]
		ids = ids[len(chunk):]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := a.read.QueryContext(ctx,
			`SELECT id FROM article WHERE id IN (?`+strings.Repeat(", ?", len(chunk)-1)+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("archive: missing: %w", err)
		}
		have := make(map[string]bool, len(chunk))
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, fmt.Errorf("archive: missing: %w", err)
			}
			have[id] = true
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("archive: missing: %w", err)
		}
		for _, id := range chunk {
			if !have[id] {
				out = append(out, id)
			}
		}
	}
	return out, nil
}
