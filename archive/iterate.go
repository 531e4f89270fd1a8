package archive

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/haberci/haberci/article"
)

// IteratePage is how many articles Iterate reads per query, on either
// store: memory stays bounded by one page whatever the archive's size.
const IteratePage = 200

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
	page := func(after int64) ([]*article.Article, error) {
		args := append([]any{after}, fargs...)
		return queryArticles(a.read.QueryContext(ctx,
			`SELECT `+articleCols+` FROM article WHERE `+cond+` ORDER BY seq LIMIT ?`, append(args, IteratePage)...))
	}
	return IterateBySeq(ctx, page, a.captures, fn)
}

// IterateBySeq is Iterate on either store: page reads up to IteratePage
// articles with Seq above after, in Seq order; captures reads an
// article's captures. fn is called with each article, page by page.
func IterateBySeq(ctx context.Context, page func(after int64) ([]*article.Article, error),
	captures func(ctx context.Context, id string) ([]article.Capture, error), fn func(*article.Article, []article.Capture) error) error {
	read := func(after int64) ([]*article.Article, int64, error) {
		arts, err := page(after)
		if err != nil || len(arts) == 0 {
			return nil, after, err
		}
		return arts, arts[len(arts)-1].Seq, nil
	}
	return ByPage(IteratePage, read, func(arts []*article.Article) error {
		for _, art := range arts {
			caps, err := captures(ctx, art.ID)
			if err != nil {
				return err
			}
			if err := fn(art, caps); err != nil {
				return err
			}
		}
		return nil
	})
}

// ByPage is the paging of Iterate and ArticleIDs on either store: read
// returns up to size items with keys above after, in key order, and the
// key of the last; fn is given each page that is not empty, until a short
// page or an error (returned as is). No transaction is held between
// pages, so writers are never blocked.
func ByPage[T any](size int, read func(after int64) (page []T, last int64, err error), fn func([]T) error) error {
	var after int64
	for {
		page, last, err := read(after)
		if err != nil {
			return err
		}
		if len(page) > 0 {
			if err := fn(page); err != nil {
				return err
			}
		}
		if len(page) < size {
			return nil
		}
		after = last
	}
}

// ArticleIDs calls fn with the ids of all archived articles, in Seq order
// and in slices of at most n (default MaxPage).
func (a *Archive) ArticleIDs(ctx context.Context, n int, fn func(ids []string) error) error {
	if n <= 0 || n > MaxPage {
		n = MaxPage
	}
	return ByPage(n, func(after int64) ([]string, int64, error) {
		rows, err := a.read.QueryContext(ctx, `SELECT id, seq FROM article WHERE seq > ? ORDER BY seq LIMIT ?`, after, n)
		if err != nil {
			return nil, 0, fmt.Errorf("archive: ids: %w", err)
		}
		defer rows.Close()
		ids := make([]string, 0, n)
		for rows.Next() {
			var id string
			if err := rows.Scan(&id, &after); err != nil {
				return nil, 0, fmt.Errorf("archive: ids: %w", err)
			}
			ids = append(ids, id)
		}
		if err := rows.Err(); err != nil {
			return nil, 0, fmt.Errorf("archive: ids: %w", err)
		}
		return ids, after, nil
	}, fn)
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
