package pgarchive

import (
	"context"
	"errors"
	"fmt"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/archive/groupcommit"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/cluster"
	"github.com/jackc/pgx/v5"
)

// The statements a Put runs.
const (
	sqlEnsureSource = `INSERT INTO source (id) VALUES ($1) ON CONFLICT (id) DO NOTHING`
	sqlFindArticle  = `SELECT ` + articleCols + ` FROM article WHERE id = $1 OR canonical_url = $2
		ORDER BY first_seen_at, id LIMIT 1`
	// The member row is locked so that its cluster cannot be merged away
	// before this transaction commits (locks.go).
	sqlSameContent = `SELECT cluster_id FROM article WHERE content_sha256 = $1
		ORDER BY first_seen_at, id LIMIT 1 FOR SHARE`
	// The cluster's first article is the earliest seen, even when an older
	// copy is archived late.
	sqlUpsertCluster = `INSERT INTO cluster (id, first_article_id, agency, created_at, size)
		VALUES ($1, $2, $3, $4, 1)
		ON CONFLICT (id) DO UPDATE SET
			size = cluster.size + 1,
			first_article_id = CASE WHEN excluded.created_at < cluster.created_at THEN excluded.first_article_id ELSE cluster.first_article_id END,
			created_at = least(excluded.created_at, cluster.created_at),
			agency = CASE WHEN cluster.agency = '' THEN excluded.agency ELSE cluster.agency END`
	sqlInsertArticle = `INSERT INTO article (id, source_id, url, canonical_url, guid, title, lead, body, authors,
			published_at, first_seen_at, updated_at, removed_at, language, agency, image, content_sha256, simhash, cluster_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9, 'null'::jsonb), $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`
	// The term signature is empty, not NULL, when the text has no terms
	// (as the SQLite archive keeps it).
	sqlInsertSketch = `INSERT INTO article_sketch (article_id, signature, terms) VALUES ($1, $2, $3)`
	// One statement for an article's band rows: the shingle bands ($1,
	// numbered from 0) and the term bands ($4, from cluster.TermBand0).
	sqlInsertBands = `INSERT INTO lsh_band (band, value, first_seen_at, article_id)
		SELECT b.ord - 1, b.value, $2::timestamptz, $3::text FROM unnest($1::bigint[]) WITH ORDINALITY AS b(value, ord)
		UNION ALL
		SELECT b.ord - 1 + $5::integer, b.value, $2::timestamptz, $3::text FROM unnest($4::bigint[]) WITH ORDINALITY AS b(value, ord)
		ON CONFLICT DO NOTHING`
	// The first seen article's agency, when it names one, is the cluster's.
	sqlClusterAgency = `UPDATE cluster SET agency = a.agency FROM article a
		WHERE cluster.id = $1 AND a.id = cluster.first_article_id AND a.agency <> '' AND cluster.agency <> a.agency`
	sqlInsertCapture = `INSERT INTO capture
		(article_id, source_id, url, fetched_at, status, content_type, warc_file, "offset", length, digest)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`
)

// putRow inserts n, or finds the article already stored under its ID or
// canonical URL, and adds the capture rows to whichever it is. The first
// article of a transaction takes the group's locks (keys, locks.go) in the
// same round trip as its first lookups; later ones pass nil.
func (s *Store) putRow(ctx context.Context, tx pgx.Tx, keys []int64, n *article.Article, sk *cluster.Sketch, caps []article.Capture, revisit archive.FirstRevisit) (groupcommit.Result, error) {
	b := &pgx.Batch{}
	if keys != nil {
		b.Queue(sqlLock, keys)
	}
	b.Queue(sqlEnsureSource, n.SourceID)
	var old *article.Article
	b.Queue(sqlFindArticle, n.ID, n.CanonicalURL).QueryRow(func(r pgx.Row) error {
		var err error
		if old, err = scanArticle(r, false); errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		return err
	})
	// The cluster of the first archived article with this content hash:
	// an identical text joins it.
	var exact string
	if n.ContentSHA256 != "" {
		b.Queue(sqlSameContent, n.ContentSHA256).QueryRow(func(r pgx.Row) error {
			if err := r.Scan(&exact); !errors.Is(err, pgx.ErrNoRows) {
				return err
			}
			return nil
		})
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return groupcommit.Result{}, fmt.Errorf("pgarchive: put %s: %w", n.ID, err)
	}
	if old != nil {
		b := &pgx.Batch{}
		queueCaptures(b, old.ID, old.SourceID, caps)
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return groupcommit.Result{}, fmt.Errorf("pgarchive: insert captures: %w", err)
		}
		return groupcommit.Result{Stored: old}, nil
	}
	if err := s.insertArticle(ctx, tx, n, sk, exact, caps, revisit); err != nil {
		return groupcommit.Result{}, err
	}
	// Its cursor, as the stream numbers it later, is not known yet.
	n.ChangeSeq = 0
	return groupcommit.Result{Stored: n, Created: true}, nil
}

// insertArticle assigns n's ClusterID (exact is the cluster of its
// identical text, "" when none), then inserts the cluster (or counts n
// into it), the article row, its signature, band rows, captures and first
// revisit. The
// trigger on article records the change for the stream (changes.go), as
// it does for the members a merge moves.
func (s *Store) insertArticle(ctx context.Context, tx pgx.Tx, n *article.Article, sk *cluster.Sketch, exact string, caps []article.Capture, revisit archive.FirstRevisit) error {
	// Band rows are written in the transaction itself (not kept back as
	// the SQLite archive does): another node's lookup must find them the
	// moment this commits.
	sk, err := archive.JoinCluster(ctx, newTxStore(tx), n, sk, exact, cluster.Lookup{Window: s.nearWindow, Terms: true})
	if err != nil {
		return err
	}
	// The rest in one round trip.
	b := &pgx.Batch{}
	b.Queue(sqlUpsertCluster, n.ClusterID, n.ID, n.Agency, n.FirstSeenAt)
	b.Queue(sqlInsertArticle, n.ID, n.SourceID, n.URL, n.CanonicalURL, n.GUID, n.Title, n.Lead, n.Body, n.Authors,
		nullTime(n.PublishedAt), n.FirstSeenAt, nullTime(n.UpdatedAt), nullTime(n.RemovedAt), n.Language, n.Agency,
		n.Image, n.ContentSHA256, int64(n.SimHash), n.ClusterID)
	if sk != nil {
		queueSketch(b, n, sk)
	}
	b.Queue(sqlClusterAgency, n.ClusterID)
	queueCaptures(b, n.ID, n.SourceID, caps)
	queueRevisit(b, revisit, n.ID)
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("pgarchive: insert article %s: %w", n.ID, err)
	}
	return nil
}

// queueCaptures queues the insert of capture rows; articleID "" stores
// NULL.
func queueCaptures(b *pgx.Batch, articleID, sourceID string, caps []article.Capture) {
	var aid *string
	if articleID != "" {
		aid = &articleID
	}
	for _, c := range caps {
		b.Queue(sqlInsertCapture, aid, sourceID, c.URL, micro(c.FetchedAt), c.Status, c.ContentType, c.WARCFile, c.Offset, c.Length, c.Digest)
	}
}

// queueSketch queues the insert of n's signatures and band rows.
func queueSketch(b *pgx.Batch, n *article.Article, sk *cluster.Sketch) {
	b.Queue(sqlInsertSketch+` ON CONFLICT (article_id) DO NOTHING`, n.ID, sk.Signature.Bytes(), termBytes(sk))
	b.Queue(sqlInsertBands, signed(sk.Bands), n.FirstSeenAt, n.ID, signed(sk.TermBands), cluster.TermBand0)
}

// termBytes is the stored term signature of sk: empty, not NULL, when the
// text has no terms (as the SQLite archive keeps it).
func termBytes(sk *cluster.Sketch) []byte {
	if len(sk.TermBands) == 0 {
		return []byte{}
	}
	return sk.Terms.Bytes()
}
