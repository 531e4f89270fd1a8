package pgarchive

import (
	"context"
	"fmt"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/jackc/pgx/v5"
)

// Iterate calls fn with every article matching f and its captures (oldest
// first), in Seq order, as the SQLite archive's Iterate: Seq is the first
// change number the sequencer gave the article (article_cursor.seq), which
// never changes, so each article is seen once even when a merge moves it
// meanwhile; articles committed meanwhile are included once numbered (the
// sequencer runs before every page). Each article comes with Seq and its
// current ChangeSeq. No transaction is held between pages. An error from
// fn stops the iteration and is returned as is.
func (s *Store) Iterate(ctx context.Context, f archive.Filter, fn func(*article.Article, []article.Capture) error) error {
	cond, args := where(f)
	page := func(after int64) ([]*article.Article, error) {
		return s.afterSeq(ctx, after, archive.IteratePage, cond, args)
	}
	return archive.IterateBySeq(ctx, page, s.captures, fn)
}

// afterSeq runs the sequencer, then reads up to limit articles with Seq
// above after that meet cond (conditions on article a from where), in Seq
// order, each with Seq and ChangeSeq.
func (s *Store) afterSeq(ctx context.Context, after int64, limit int, cond string, args []any) ([]*article.Article, error) {
	if err := s.sequence(ctx); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `SELECT c.seq, c.change_seq, `+articleCols+`
		FROM article_cursor c JOIN article a ON a.id = c.article_id
		WHERE c.seq > $1`+cond+` ORDER BY c.seq LIMIT `+fmt.Sprint(limit), append([]any{after}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("pgarchive: articles after %d: %w", after, err)
	}
	arts, err := pgx.CollectRows(rows, scanSeqArticle)
	if err != nil {
		return nil, fmt.Errorf("pgarchive: articles after %d: %w", after, err)
	}
	return arts, nil
}

// scanSeqArticle reads a row of seq, change_seq and articleCols.
func scanSeqArticle(r pgx.CollectableRow) (*article.Article, error) {
	var seq int64
	art, err := scanArticle(seqRow{r, &seq}, true)
	if art != nil {
		art.Seq = seq
	}
	return art, err
}

// Since returns the articles numbered after the one with Seq afterSeq, in
// Seq order, at most limit of them (clamped to 1..MaxPage), each with Seq
// and ChangeSeq, as the SQLite archive's: the watch matcher follows it.
// Seq is commit-safe (the change stream's first number for the article),
// so an article committed late is never numbered behind a watermark
// already passed. An article changed after it was numbered is not
// returned again.
func (s *Store) Since(ctx context.Context, afterSeq int64, limit int) ([]*article.Article, error) {
	return s.afterSeq(ctx, afterSeq, clampPage(limit), "", nil)
}

// MaxSeq returns the highest Seq given, 0 when none, after the sequencer
// has numbered what is committed. Seqs are dense, as on SQLite.
func (s *Store) MaxSeq(ctx context.Context) (int64, error) {
	if err := s.sequence(ctx); err != nil {
		return 0, err
	}
	var n int64
	if err := s.pool.QueryRow(ctx, `SELECT coalesce(max(seq), 0) FROM article_cursor`).Scan(&n); err != nil {
		return 0, fmt.Errorf("pgarchive: max seq: %w", err)
	}
	return n, nil
}

// seqRow reads a leading seq column into seq before the row's other
// columns.
type seqRow struct {
	pgx.Row
	seq *int64
}

func (r seqRow) Scan(dest ...any) error { return r.Row.Scan(append([]any{r.seq}, dest...)...) }

// where renders f as SQL conditions on article a, each preceded by AND,
// with placeholders from $2 on (the page position is $1).
func where(f archive.Filter) (string, []any) {
	var cond string
	var args []any
	add := func(sql string, v any) {
		args = append(args, v)
		cond += fmt.Sprintf(" AND "+sql, len(args)+1)
	}
	if !f.From.IsZero() {
		add("a.published_at >= $%d", f.From)
	}
	if !f.To.IsZero() {
		add("a.published_at <= $%d", f.To)
	}
	if len(f.Sources) > 0 {
		add("a.source_id = ANY($%d)", f.Sources)
	}
	return cond, args
}

// ArticleIDs calls fn with the ids of all archived articles, in Seq order
// and in slices of at most n (default MaxPage), as the SQLite archive's.
func (s *Store) ArticleIDs(ctx context.Context, n int, fn func(ids []string) error) error {
	if n <= 0 || n > MaxPage {
		n = MaxPage
	}
	return archive.ByPage(n, func(after int64) ([]string, int64, error) {
		if err := s.sequence(ctx); err != nil {
			return nil, 0, err
		}
		rows, err := s.pool.Query(ctx, `SELECT article_id, seq FROM article_cursor WHERE seq > $1 ORDER BY seq LIMIT $2`, after, n)
		if err != nil {
			return nil, 0, fmt.Errorf("pgarchive: ids: %w", err)
		}
		ids := make([]string, 0, n)
		var id string
		if _, err := pgx.ForEachRow(rows, []any{&id, &after}, func() error { ids = append(ids, id); return nil }); err != nil {
			return nil, 0, fmt.Errorf("pgarchive: ids: %w", err)
		}
		return ids, after, nil
	}, fn)
}

// Missing returns those of ids that are not archived, in the given order:
// primary-key lookups, MaxPage ids per query.
func (s *Store) Missing(ctx context.Context, ids []string) ([]string, error) {
	var out []string
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), MaxPage)]
		ids = ids[len(chunk):]
		rows, err := s.pool.Query(ctx, `SELECT id FROM article WHERE id = ANY($1)`, chunk)
		if err != nil {
			return nil, fmt.Errorf("pgarchive: missing: %w", err)
		}
		have := make(map[string]bool, len(chunk))
		var id string
		if _, err := pgx.ForEachRow(rows, []any{&id}, func() error { have[id] = true; return nil }); err != nil {
			return nil, fmt.Errorf("pgarchive: missing: %w", err)
		}
		for _, id := range chunk {
			if !have[id] {
				out = append(out, id)
			}
		}
	}
	return out, nil
}
