package pgarchive

import (
	"context"
	"fmt"
	"reflect"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/cluster"
	"github.com/jackc/pgx/v5"
)

// Copying a SQLite archive into this store (haberci migrate). The copy
// runs with the SQLite archive's daemon stopped and before any node writes
// here. Sources (with fetch state and pauses) and clusters are written as
// they are, again on every run; articles (in Seq order, so the change
// stream numbers them in the SQLite archive's order) and captures are
// copied a page at a time, each page in one transaction with the position
// it reached (table migration), so an interrupted copy continues after its
// last committed page and copies no row twice. Articles get their
// signature and LSH bands computed from their text, as Put stores them.

// CopyReport counts what a copy wrote in this run.
type CopyReport struct {
	Sources, Clusters, Articles, Captures int64
	// The revisit schedule and replaced texts (migraterevisits.go).
	Revisits, Versions int64
	// Watches and what hangs on them (migratewatches.go).
	Watches, Matches, Outbox, Deliveries int64
}

// CopyFrom copies from into s, page by page (at most archive.MaxPage rows
// a page); progress, when not nil, is called after each page with what was
// copied (sources, clusters, articles, captures, revisits, versions, the
// watches' tables) and how many in this run.
func (s *Store) CopyFrom(ctx context.Context, from *archive.Archive, progress func(what string, n int64)) (CopyReport, error) {
	var rep CopyReport
	size := archive.MaxPage
	if s.copyPage > 0 {
		size = s.copyPage
	}
	note := func(what string, n *int64, add int) {
		*n += int64(add)
		if progress != nil {
			progress(what, *n)
		}
	}
	srcs, err := from.SourceRows(ctx)
	if err != nil {
		return rep, err
	}
	if err := s.copySources(ctx, srcs); err != nil {
		return rep, err
	}
	note("sources", &rep.Sources, len(srcs))
	for after := ""; ; {
		page, err := from.ClustersAfter(ctx, after, size)
		if err != nil || len(page) == 0 {
			if err != nil {
				return rep, err
			}
			break
		}
		if err := s.copyClusters(ctx, page); err != nil {
			return rep, err
		}
		after = page[len(page)-1].ID
		note("clusters", &rep.Clusters, len(page))
	}
	seq, err := s.position(ctx, "articles")
	if err != nil {
		return rep, err
	}
	for {
		page, err := from.Since(ctx, seq, size)
		if err != nil || len(page) == 0 {
			if err != nil {
				return rep, err
			}
			break
		}
		seq = page[len(page)-1].Seq
		if err := s.copyArticles(ctx, page, seq); err != nil {
			return rep, err
		}
		note("articles", &rep.Articles, len(page))
	}
	capID, err := s.position(ctx, "captures")
	if err != nil {
		return rep, err
	}
	for {
		page, err := from.CapturesAfter(ctx, capID, size)
		if err != nil || len(page) == 0 {
			if err != nil {
				return rep, err
			}
			break
		}
		capID = page[len(page)-1].ID
		if err := s.copyCaptures(ctx, page, capID); err != nil {
			return rep, err
		}
		note("captures", &rep.Captures, len(page))
	}
	if err := s.copyRevisits(ctx, from, size, note, &rep); err != nil {
		return rep, err
	}
	if err := s.copyVersions(ctx, from, size, note, &rep); err != nil {
		return rep, err
	}
	seqs := &seqMap{s: s, from: from, memo: map[int64]int64{}}
	return rep, s.copyWatches(ctx, from, size, seqs, note, &rep)
}

// position returns how far a copy of what got (0: not started).
func (s *Store) position(ctx context.Context, what string) (int64, error) {
	var n int64
	err := s.pool.QueryRow(ctx, `SELECT coalesce(max(position), 0) FROM migration WHERE name = $1`, what).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("pgarchive: copy position: %w", err)
	}
	return n, nil
}

// queuePosition queues the update of a copy's position, in the page's
// transaction.
func queuePosition(b *pgx.Batch, what string, n int64) {
	b.Queue(`INSERT INTO migration (name, position) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET position = excluded.position`, what, n)
}

// sendPage runs a page's batch in one transaction.
func (s *Store) sendPage(ctx context.Context, what string, b *pgx.Batch) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("pgarchive: copy %s: %w", what, err)
		}
		return nil
	})
}

func (s *Store) copySources(ctx context.Context, srcs []archive.SourceRow) error {
	b := &pgx.Batch{}
	for _, r := range srcs {
		opts := r.Options
		if opts == "" {
			opts = "{}"
		}
		b.Queue(`INSERT INTO source (id, name, type, url, schedule, options, origin, paused, url_key, added_at)
			VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type, url = excluded.url,
				schedule = excluded.schedule, options = excluded.options, origin = excluded.origin,
				paused = excluded.paused, url_key = excluded.url_key, added_at = excluded.added_at`,
			r.ID, r.Name, r.Type, r.URL, r.Schedule, opts, r.Origin, r.Paused, r.URLKey, nullTime(r.AddedAt))
		st := r.State
		b.Queue(sqlSaveFetchState, st.SourceID, st.ETag, st.LastModified, nullTime(st.LastFetchAt),
			st.LastStatus, st.LastError, st.ConsecutiveFailures, nullTime(st.NextAllowedAt), st.Backlog, st.ResumeURL)
	}
	return s.sendPage(ctx, "sources", b)
}

func (s *Store) copyClusters(ctx context.Context, page []archive.Cluster) error {
	b := &pgx.Batch{}
	for _, c := range page {
		b.Queue(`INSERT INTO cluster (id, first_article_id, agency, created_at, size) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (id) DO UPDATE SET first_article_id = excluded.first_article_id, agency = excluded.agency,
				created_at = excluded.created_at, size = excluded.size`,
			c.ID, c.FirstArticleID, c.Agency, c.FirstSeenAt, c.Size)
	}
	return s.sendPage(ctx, "clusters", b)
}

// copyArticles stores a page of articles as they are (cluster included)
// with their signatures and bands, and the position seq.
func (s *Store) copyArticles(ctx context.Context, page []*article.Article, seq int64) error {
	b := &pgx.Batch{}
	for _, a := range page {
		if err := valid(a); err != nil {
			return fmt.Errorf("pgarchive: copy: %w", err)
		}
		n := normalised(a)
		b.Queue(sqlInsertArticle+` ON CONFLICT (id) DO NOTHING`, n.ID, n.SourceID, n.URL, n.CanonicalURL, n.GUID,
			n.Title, n.Lead, n.Body, n.Authors, nullTime(n.PublishedAt), n.FirstSeenAt, nullTime(n.UpdatedAt),
			nullTime(n.RemovedAt), n.Language, n.Agency, n.Image, n.ContentSHA256, int64(n.SimHash), n.ClusterID)
		if sk := cluster.NewSketch(n.Body); sk != nil {
			queueSketch(b, n, sk)
		}
	}
	queuePosition(b, "articles", seq)
	return s.sendPage(ctx, "articles", b)
}

func (s *Store) copyCaptures(ctx context.Context, page []archive.CaptureRow, id int64) error {
	b := &pgx.Batch{}
	for _, c := range page {
		c.FetchedAt = micro(c.FetchedAt)
		queueCaptures(b, c.ArticleID, c.SourceID, []article.Capture{c.Capture})
	}
	queuePosition(b, "captures", id)
	return s.sendPage(ctx, "captures", b)
}

// maxProblems bounds the differences VerifyCopy lists.
const maxProblems = 50

// VerifyCopy compares s with the SQLite archive it was copied from: every
// article field for field (times at microseconds, PostgreSQL's resolution;
// Seq and ChangeSeq are each store's own), every cluster, every source with
// its fetch state, the number and bytes of captures, every revisit and
// replaced text, and the watches with
// their bands, matches, outbox, log and state. It returns the
// differences found (at most 50), none when the copy is whole.
func (s *Store) VerifyCopy(ctx context.Context, from *archive.Archive) ([]string, error) {
	var problems []string
	bad := func(format string, args ...any) {
		if len(problems) < maxProblems {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	if err := s.verifyArticles(ctx, from, bad); err != nil {
		return nil, err
	}
	if err := s.verifyClusters(ctx, from, bad); err != nil {
		return nil, err
	}
	if err := s.verifySources(ctx, from, bad); err != nil {
		return nil, err
	}
	if err := s.verifyCaptures(ctx, from, bad); err != nil {
		return nil, err
	}
	if err := s.verifyRevisits(ctx, from, bad); err != nil {
		return nil, err
	}
	if err := s.verifyVersions(ctx, from, bad); err != nil {
		return nil, err
	}
	if err := s.verifyWatches(ctx, from, bad); err != nil {
		return nil, err
	}
	return problems, nil
}

func (s *Store) verifyArticles(ctx context.Context, from *archive.Archive, bad func(string, ...any)) error {
	var seq, n int64
	for {
		page, err := from.Since(ctx, seq, archive.MaxPage)
		if err != nil || len(page) == 0 {
			if err == nil {
				err = s.verifyCount(ctx, "article", n, bad)
			}
			return err
		}
		ids := make([]string, len(page))
		for i, a := range page {
			ids[i] = a.ID
		}
		rows, err := s.pool.Query(ctx, `SELECT `+articleCols+` FROM article WHERE id = ANY($1)`, ids)
		if err != nil {
			return fmt.Errorf("pgarchive: verify: %w", err)
		}
		got := map[string]*article.Article{}
		_, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (struct{}, error) {
			a, err := scanArticle(r, false)
			if err == nil {
				got[a.ID] = a
			}
			return struct{}{}, err
		})
		if err != nil {
			return fmt.Errorf("pgarchive: verify: %w", err)
		}
		for _, a := range page {
			want := normalised(a)
			want.ContentSHA256 = a.ContentSHA256
			if g := got[a.ID]; g == nil {
				bad("article %s is missing", a.ID)
			} else if !reflect.DeepEqual(g, want) {
				bad("article %s differs:\n  sqlite   %+v\n  postgres %+v", a.ID, *want, *g)
			}
		}
		n += int64(len(page))
		seq = page[len(page)-1].Seq
	}
}

// verifyCount compares a table's row count with the n rows read from the
// SQLite archive.
func (s *Store) verifyCount(ctx context.Context, table string, n int64, bad func(string, ...any)) error {
	var got int64
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM `+table).Scan(&got); err != nil {
		return fmt.Errorf("pgarchive: verify: %w", err)
	}
	if got != n {
		bad("%s: %d rows in PostgreSQL, %d in SQLite", table, got, n)
	}
	return nil
}

func (s *Store) verifyClusters(ctx context.Context, from *archive.Archive, bad func(string, ...any)) error {
	var n int64
	for after := ""; ; {
		page, err := from.ClustersAfter(ctx, after, archive.MaxPage)
		if err != nil || len(page) == 0 {
			if err == nil {
				err = s.verifyCount(ctx, "cluster", n, bad)
			}
			return err
		}
		for _, c := range page {
			got, err := s.Cluster(ctx, c.ID)
			if err != nil {
				bad("cluster %s: %v", c.ID, err)
				continue
			}
			want := c
			want.FirstSeenAt = micro(c.FirstSeenAt)
			if *got != want {
				bad("cluster %s differs: sqlite %+v, postgres %+v", c.ID, want, *got)
			}
		}
		n += int64(len(page))
		after = page[len(page)-1].ID
	}
}

func (s *Store) verifySources(ctx context.Context, from *archive.Archive, bad func(string, ...any)) error {
	srcs, err := from.SourceRows(ctx)
	if err != nil {
		return err
	}
	for _, r := range srcs {
		st, err := s.FetchState(ctx, r.ID)
		if err != nil {
			return err
		}
		want := r.State
		want.LastFetchAt, want.NextAllowedAt = micro(want.LastFetchAt), micro(want.NextAllowedAt)
		if st != want {
			bad("fetch state of %s differs: sqlite %+v, postgres %+v", r.ID, want, st)
		}
	}
	return s.verifyCount(ctx, "source", int64(len(srcs)), bad)
}

func (s *Store) verifyCaptures(ctx context.Context, from *archive.Archive, bad func(string, ...any)) error {
	var after, n, bytes int64
	for {
		page, err := from.CapturesAfter(ctx, after, archive.MaxPage)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			break
		}
		for _, c := range page {
			n++
			bytes += c.Length
		}
		after = page[len(page)-1].ID
	}
	var gotN, gotBytes int64
	if err := s.pool.QueryRow(ctx, `SELECT count(*), coalesce(sum(length), 0) FROM capture`).Scan(&gotN, &gotBytes); err != nil {
		return fmt.Errorf("pgarchive: verify: %w", err)
	}
	if gotN != n || gotBytes != bytes {
		bad("captures: %d (%d bytes) in PostgreSQL, %d (%d bytes) in SQLite", gotN, gotBytes, n, bytes)
	}
	return nil
}
