package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/syndication"
)

// The statements clustering runs on every Put, prepared with putStatements.
const (
	sqlCandidateBody  = `SELECT body, cluster_id FROM article WHERE id = ?`
	sqlClusterCreated = `SELECT created_at FROM cluster WHERE id = ?`
	sqlInsertSketch   = `INSERT INTO article_sketch (article_id, signature) VALUES (?, ?)`
	// The first seen article's agency, when it names one, is the cluster's.
	sqlClusterAgency = `UPDATE cluster SET agency = a.agency FROM article a
		WHERE cluster.id = ? AND a.id = cluster.first_article_id AND a.agency <> ''`
)

// nearStatements are the statements above and the LSH ones (lsh.go).
var nearStatements = []string{sqlCandidateBody, sqlClusterCreated, sqlInsertSketch, sqlClusterAgency, sqlCandidates, sqlInsertBands, sqlInsertBand}

// sketch is a new article's shingles, MinHash signature and LSH bands,
// stored with its row; nil for a body too short to compare.
type sketch struct {
	shingles syndication.Shingles
	sig      syndication.Signature
	bands    []uint64
}

// newSketch computes body's sketch, nil when the body is too short.
func newSketch(body string) *sketch {
	sh := syndication.Shingle(body)
	if len(sh) < syndication.MinShingles {
		return nil
	}
	sk := &sketch{shingles: sh, sig: syndication.Sign(sh)}
	sk.bands = sk.sig.Bands()
	return sk
}

// joinNearest clusters a new article n (sketch sk)
// by text: it finds archived articles sharing an LSH band within window,
// checks each exactly (syndication.Same) and moves n into the cluster of
// its copies. When n copies articles of two or more clusters, they merge
// into the oldest: n links them. With no copy found n keeps the ClusterID
// it has. An article with the same text as an archived one (exact, its
// cluster) is neither looked up nor given bands: the earlier text stands
// for it; the sketch it returns is the one to store, nil then.
func joinNearest(ctx context.Context, tx execer, n *article.Article, sk *sketch, exact string, near nearLookup) (*sketch, error) {
	if exact != "" || sk == nil {
		// The identical text archived before found these copies when it
		// was stored, and its bands find the later ones: nothing to add.
		return nil, nil
	}
	matched := map[string]bool{}
	if err := copiesOf(ctx, tx, sk, n.FirstSeenAt, near, matched); err != nil {
		return nil, err
	}
	if len(matched) == 0 {
		return sk, nil
	}
	target, _, err := mergeOldest(ctx, tx, matched)
	if err != nil {
		return nil, err
	}
	n.ClusterID = target
	return sk, nil
}

// nearLookup is what finding copies reads besides the transaction.
type nearLookup struct {
	window    time.Duration // how far apart in first-seen time copies may be
	unflushed []unflushed   // band rows not in lsh_band yet (bands.go)
}

// copiesOf adds to matched the cluster of every archived article that
// shares an LSH band with sk, was first seen within near.window of seen,
// and whose text is a copy of sk's (one copy per cluster is proof enough).
func copiesOf(ctx context.Context, tx execer, sk *sketch, seen time.Time, near nearLookup, matched map[string]bool) error {
	q, ok := tx.(querier)
	if !ok {
		return errors.New("archive: near-duplicate lookup needs a transaction that can query")
	}
	ids, err := candidates(ctx, q, sk.bands, seen, near.window, near.unflushed...)
	if err != nil {
		return err
	}
	for _, id := range ids {
		var body, cluster string
		if err := tx.QueryRowContext(ctx, sqlCandidateBody, id).Scan(&body, &cluster); err != nil {
			return fmt.Errorf("archive: candidate %s: %w", id, err)
		}
		if matched[cluster] {
			continue
		}
		if _, same := syndication.Same(sk.shingles, syndication.Shingle(body)); same {
			matched[cluster] = true
		}
	}
	return nil
}

// mergeOldest merges every cluster in matched into the one created first,
// giving moved articles new change cursors (see mergeCluster). It returns
// that cluster and how many clusters merged into it.
func mergeOldest(ctx context.Context, tx execer, matched map[string]bool) (string, int, error) {
	target, err := oldestCluster(ctx, tx, matched)
	if err != nil {
		return "", 0, err
	}
	merged := 0
	for c := range matched {
		if c != target {
			if err := mergeCluster(ctx, tx, c, target); err != nil {
				return "", merged, err
			}
			merged++
		}
	}
	return target, merged, nil
}

// oldestCluster returns the cluster of ids created first (ties: lowest id).
func oldestCluster(ctx context.Context, tx execer, ids map[string]bool) (string, error) {
	best, bestAt := "", ""
	for id := range ids {
		var at string
		err := tx.QueryRowContext(ctx, sqlClusterCreated, id).Scan(&at)
		if err != nil {
			return "", fmt.Errorf("archive: cluster %s: %w", id, err)
		}
		if best == "" || at < bestAt || (at == bestAt && id < best) {
			best, bestAt = id, at
		}
	}
	return best, nil
}

// afterInsert stores n's signature (its bands are recorded by the
// committer, see bands.go) and makes its cluster's agency that of the
// cluster's first article when that one credits an agency.
func afterInsert(ctx context.Context, tx execer, n *article.Article, sk *sketch) error {
	if sk != nil {
		if err := insertSignature(ctx, tx, n.ID, &sk.sig); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, sqlClusterAgency, n.ClusterID)
	if err != nil {
		return fmt.Errorf("archive: cluster agency %s: %w", n.ClusterID, err)
	}
	return nil
}

// clusterRow is the stored cluster.
type clusterRow struct {
	first, agency, createdAt string
	size                     int64
}

func readCluster(ctx context.Context, tx execer, id string) (clusterRow, error) {
	var c clusterRow
	err := tx.QueryRowContext(ctx, `SELECT first_article_id, agency, created_at, size FROM cluster WHERE id = ?`, id).
		Scan(&c.first, &c.agency, &c.createdAt, &c.size)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("%w: cluster %s", ErrNotFound, id)
	}
	if err != nil {
		return c, fmt.Errorf("archive: cluster %s: %w", id, err)
	}
	return c, nil
}
