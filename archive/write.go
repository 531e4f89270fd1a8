package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/haberci/haberci/archive/groupcommit"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/cluster"
	"github.com/haberci/haberci/syndication"
)

// ErrClosed is returned by Put on an archive that is closed or closing.
var ErrClosed = errors.New("archive: closed")

// Put stores a new article with its captures. art.ID (the hash of the
// canonical URL, computed by the caller), SourceID and CanonicalURL must be set.
//
// The responses are written to WARC and fsynced first; then one transaction
// inserts the article and the capture rows. A kill -9 between the two leaves
// an unreferenced WARC record, which is harmless, never a row pointing at
// bytes that are not on disk. Concurrent Puts are committed together (see
// committer): one WARC fsync and one transaction for all of them. Put returns
// only once its own rows are committed.
//
// A new article gets Seq = max+1 and a new ChangeSeq, SimHash computed from
// its body (cluster.SimHash, whatever the caller set), FirstSeenAt = now when zero,
// ContentSHA256 = ContentHash(Body) when empty, and the ClusterID of an
// archived article with the same ContentSHA256 if there is one, else the
// caller's ClusterID if set (a near-duplicate found by the crawler), else its
// own ID; then, when its body is long enough, the cluster of the archived
// near-copies of its text (syndication.Same, first seen within NearWindow),
// merging their clusters into the oldest when they were apart (see
// cluster.Join). If an article with this ID or canonical URL exists, only the
// captures are added and the stored article is returned with created=false.
// art itself is not modified; times in the result are UTC. After Close, Put
// returns ErrClosed.
func (a *Archive) Put(ctx context.Context, art *article.Article, resps []article.Response) (stored *article.Article, created bool, err error) {
	wait, err := a.Submit(ctx, art, resps)
	if err != nil {
		return nil, false, err
	}
	return wait()
}

// Submit is Put in two steps: it hands the article to the writer and
// returns at once, and wait blocks until the article's commit and reports
// what Put would have. Articles submitted one after the other are stored in
// that order (their Seq follows it). A caller that keeps several articles
// submitted lets the writer commit them together, which is how a crawl
// keeps the one writer from becoming its bottleneck. Once Submit succeeded,
// wait must be called, exactly once.
func (a *Archive) Submit(ctx context.Context, art *article.Article, resps []article.Response) (wait func() (*article.Article, bool, error), err error) {
	if art == nil || art.ID == "" || art.SourceID == "" || art.CanonicalURL == "" {
		return nil, fmt.Errorf("%w: article needs ID, SourceID and CanonicalURL", ErrInvalid)
	}
	// The costly pure work happens here, in the caller's goroutine, so the
	// one writer only appends, looks up and inserts.
	recs, err := a.writer.Encode(resps)
	if err != nil {
		return nil, err
	}
	n := normalised(art)
	return a.writer.Submit(ctx, putItem{art: n, sk: Sketch(n), revisit: PlanRevisit(a.revisitAfter, n, resps)}, recs)
}

// Sketch sets a new article's SimHash and returns its near-duplicate
// sketch (nil when its body is too short), on either store, in the
// caller's goroutine: the body is normalised once for shingles and terms.
func Sketch(n *article.Article) *cluster.Sketch {
	words := syndication.Words(n.Body)
	sh := syndication.FromWords(words)
	n.SimHash = cluster.SimHash(sh)
	return cluster.SketchOf(sh, syndication.TermsOf(words))
}

// maxGroup bounds how many Puts share one commit: the memory of a group is
// that of its callers' articles, which wait for it anyway.
const maxGroup = 64

// groupWait is how long the writer gathers Puts after the first one of
// a group when that one was already waiting for it: Puts then come faster
// than commits. Without it a crawl's articles were committed one by one
// (607 of 844 commits held one article in bench/pipeline), and each commit
// writes every page it touched to the WAL; with it they came in groups of
// up to 24 (three items in flight per source then) and the writer's CPU
// fell by a quarter. A Put that finds the
// writer idle is committed at once, as before.
const groupWait = 5 * time.Millisecond

// putItem is one Put as the writer carries it (groupcommit.Request.Item).
type putItem struct {
	art     *article.Article // normalised: Seq and ClusterID still to assign
	sk      *cluster.Sketch  // the body's near-duplicate sketch, nil when too short
	revisit FirstRevisit     // scheduled when the article is new
}

// putReq is one Put waiting for the writer.
type putReq = groupcommit.Request[putItem]

// putResult is what putRow found or stored.
type putResult struct {
	stored  *article.Article
	created bool
	err     error
	sketch  *cluster.Sketch // the sketch stored with a new article, whose bands are pending
}

// startWriter starts the archive's one writer of articles
// (groupcommit): a group's WARC records are fsynced once, its rows go in
// one SQLite transaction (one WAL fsync). Between groups it writes the
// pending LSH bands (see near.go): after a commit that brings them to
// flushArticles, or once no Put has come for flushIdle.
func (a *Archive) startWriter() {
	a.writer = groupcommit.Start(groupcommit.Config[putItem]{
		Name: "archive", Closed: ErrClosed, MaxGroup: maxGroup, Gather: groupWait,
		WARC: a.warc, Commit: a.commitGroup, StorageErr: storageErr,
		Idle: groupcommit.Idle{
			After:   flushIdle,
			Pending: func() bool { return a.pending.Articles() > 0 },
			Due:     func() bool { return a.pending.Articles() >= flushArticles },
			Run:     a.flushLogged,
		},
	})
}

// flushLogged flushes the pending bands and says whether it could; a
// failure leaves them pending for the next try (or for Open to re-derive),
// so it is only logged.
func (a *Archive) flushLogged() bool {
	if err := a.flushPending(context.Background()); err != nil {
		a.log.Warn("archive: bands stay pending", slog.Int("articles", a.pending.Articles()), slog.Any("error", err))
		return false
	}
	return true
}

// commitGroup writes a group, whose WARC records are durable, in one
// transaction, each article in a savepoint of its own so that one refused
// fails alone.
func (a *Archive) commitGroup(group []*putReq) error {
	// The group's transaction must not die with one caller's context:
	// the writer checked each request's.
	// Its articles' bands join the pending ones once it commits; until
	// then its later articles find its earlier ones here.
	var bands cluster.Set
	near := cluster.Lookup{Window: a.nearWindow, Unwritten: []cluster.Unwritten{&a.pending, &bands}, Terms: true, Memo: &a.memo}
	err := a.inTx(context.Background(), func(tx *sql.Tx) error {
		for _, r := range group {
			res, err := putOne(cachedTx{tx, a.stmts}, r, near)
			if err != nil {
				return err
			}
			r.Result = groupcommit.Result{Stored: res.stored, Created: res.created, Err: res.err}
			if sk := res.sketch; sk != nil {
				bands.Add(res.stored.ID, res.stored.FirstSeenAt, sk.Keys())
				// Later articles of its story meet it as a candidate:
				// 27 % of candidates were shingled again without this.
				a.memo.Keep(res.stored.ID, res.stored.Body, sk.Shingles)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	a.pending.Merge(&bands)
	return nil
}

// putOne inserts one article (or finds the stored one) and its capture rows
// inside a savepoint, so that its failure leaves the rest of the group
// intact. The error is for failures of the savepoint itself, which abort the
// whole transaction.
func putOne(tx execer, r *putReq, near cluster.Lookup) (putResult, error) {
	ctx := context.Background()
	if _, err := tx.ExecContext(ctx, sqlSavepoint); err != nil {
		return putResult{}, fmt.Errorf("archive: savepoint: %w", err)
	}
	res := putRow(ctx, tx, r.Item.art, r.Item.sk, r.Caps, near, r.Item.revisit)
	if res.err != nil {
		if _, err := tx.ExecContext(ctx, sqlRollbackTo); err != nil {
			// SQLite rolls the whole transaction back after some errors
			// (a full disk): the cause must stay in the chain.
			return putResult{}, fmt.Errorf("archive: rollback to savepoint after %w: %w", res.err, err)
		}
	}
	if _, err := tx.ExecContext(ctx, sqlRelease); err != nil {
		return putResult{}, fmt.Errorf("archive: release savepoint: %w", err)
	}
	return res, nil
}
