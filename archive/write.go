package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/haberci/haberci/archive/warc"
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
	recs, err := encodeWARC(resps)
	if err != nil {
		return nil, err
	}
	n := normalised(art)
	words := syndication.Words(n.Body) // normalised once for shingles and terms
	sh := syndication.FromWords(words)
	n.SimHash = cluster.SimHash(sh)
	r := &putReq{ctx: ctx, art: n, recs: recs, sk: cluster.SketchOf(sh, syndication.TermsOf(words)), revisit: a.planRevisit(n, resps), done: make(chan putResult, 1)}
	select {
	case a.puts <- r:
	case <-ctx.Done():
		return nil, fmt.Errorf("archive: %w", ctx.Err())
	case <-a.closing:
		return nil, ErrClosed
	}
	// Once handed over, wait even if ctx ends: the commit is a few
	// milliseconds away and the caller must learn whether it happened.
	return func() (*article.Article, bool, error) {
		res := <-r.done
		return res.stored, res.created, res.err
	}, nil
}

// maxGroup bounds how many Puts share one commit: the memory of a group is
// that of its callers' articles, which wait for it anyway.
const maxGroup = 64

// groupWait is how long the committer gathers Puts after the first one of
// a group when that one was already waiting for it: Puts then come faster
// than commits. Without it a crawl's articles were committed one by one
// (607 of 844 commits held one article in bench/pipeline), and each commit
// writes every page it touched to the WAL; with it they came in groups of
// up to 24 (three items in flight per source then) and the writer's CPU
// fell by a quarter. A Put that finds the
// writer idle is committed at once, as before.
const groupWait = 5 * time.Millisecond

// putReq is one Put waiting for the committer.
type putReq struct {
	ctx     context.Context
	art     *article.Article // normalised: Seq and ClusterID still to assign
	recs    []*warc.Encoded  // the responses, encoded by the caller
	sk      *cluster.Sketch  // the body's near-duplicate sketch, nil when too short
	revisit firstRevisit     // scheduled when the article is new
	done    chan putResult   // buffered: the committer never blocks on it
}

// putResult is what Put returns to its caller.
type putResult struct {
	stored  *article.Article
	created bool
	err     error
	sketch  *cluster.Sketch // the sketch stored with a new article, whose bands are pending
}

// committer is the archive's one writer of articles. It takes the first
// waiting Put and every other already queued or, when the first was
// already waiting, arriving within groupWait (up to maxGroup); it writes
// their WARC records, fsyncs the WARC file once, inserts all rows in one
// SQLite transaction (one WAL fsync) and only then answers each caller.
// Under concurrent crawling this turns two fsyncs per article into two per
// group; a lone Put costs what it did before.
//
// It also writes the pending LSH bands (see near.go): after a commit that
// brings them to flushArticles, or once no Put has come for flushIdle.
func (a *Archive) committer() {
	defer close(a.committed)
	idle := time.NewTimer(flushIdle)
	idle.Stop()
	wait := flushIdle // doubles while idle flushes fail (a full disk), up to a minute
	for {
		var first *putReq
		gather := time.Duration(0)
		select {
		case first = <-a.puts:
			gather = groupWait
		default:
			var idleC <-chan time.Time
			if a.pending.Articles() > 0 {
				idle.Reset(wait)
				idleC = idle.C
			}
			select {
			case first = <-a.puts:
			case <-idleC:
				if a.flushLogged() {
					wait = flushIdle
				} else {
					wait = min(2*wait, time.Minute)
				}
				continue
			case <-a.closing:
				return
			}
		}
		a.commitGroup(a.group(first, gather))
		if a.pending.Articles() >= flushArticles {
			a.flushLogged()
		}
	}
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

// group collects first and the Puts that follow it: those already queued,
// and for up to gather those arriving, at most maxGroup in all.
func (a *Archive) group(first *putReq, gather time.Duration) []*putReq {
	group := []*putReq{first}
	if gather == 0 {
		for len(group) < maxGroup {
			select {
			case r := <-a.puts:
				group = append(group, r)
			default:
				return group
			}
		}
		return group
	}
	deadline := time.NewTimer(gather)
	defer deadline.Stop()
	for len(group) < maxGroup {
		select {
		case r := <-a.puts:
			group = append(group, r)
		case <-deadline.C:
			return group
		}
	}
	return group
}

// commitGroup stores a group and answers every request in it.
func (a *Archive) commitGroup(group []*putReq) {
	results := make([]putResult, len(group))
	caps := make([][]article.Capture, len(group))
	live := 0
	for i, r := range group {
		if err := r.ctx.Err(); err != nil {
			results[i].err = fmt.Errorf("archive: %w", err)
			continue
		}
		caps[i], results[i].err = a.appendWARC(r.ctx, r.recs)
		if results[i].err == nil {
			live++
		}
	}
	// Records must be durable before any row points at them.
	if live > 0 {
		if err := a.syncWARC(); err != nil {
			failAll(results, err)
			live = 0
		}
	}
	if live > 0 {
		// The group's transaction must not die with one caller's context:
		// each request's context was checked above.
		// Its articles' bands join the pending ones once it commits; until
		// then its later articles find its earlier ones here.
		var bands cluster.Set
		near := cluster.Lookup{Window: a.nearWindow, Unwritten: []cluster.Unwritten{&a.pending, &bands}, Terms: true, Memo: &a.memo}
		err := a.inTx(context.Background(), func(tx *sql.Tx) error {
			for i, r := range group {
				if results[i].err != nil {
					continue
				}
				var err error
				if results[i], err = putOne(cachedTx{tx, a.stmts}, r, caps[i], near); err != nil {
					return err
				}
				if sk := results[i].sketch; sk != nil {
					bands.Add(results[i].stored.ID, results[i].stored.FirstSeenAt, sk.Keys())
					// Later articles of its story meet it as a candidate:
					// 27 % of candidates were shingled again without this.
					a.memo.Keep(results[i].stored.ID, results[i].stored.Body, sk.Shingles)
				}
			}
			return nil
		})
		if err != nil {
			failAll(results, err)
		} else {
			a.pending.Merge(&bands)
		}
	}
	for i, r := range group {
		results[i].err = storageErr(results[i].err)
		r.done <- results[i]
	}
}

// putOne inserts one article (or finds the stored one) and its capture rows
// inside a savepoint, so that its failure leaves the rest of the group
// intact. The error is for failures of the savepoint itself, which abort the
// whole transaction.
func putOne(tx execer, r *putReq, caps []article.Capture, near cluster.Lookup) (putResult, error) {
	ctx := context.Background()
	if _, err := tx.ExecContext(ctx, sqlSavepoint); err != nil {
		return putResult{}, fmt.Errorf("archive: savepoint: %w", err)
	}
	res := putRow(ctx, tx, r.art, r.sk, caps, near, r.revisit)
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

// failAll replaces every successful result by err.
func failAll(results []putResult, err error) {
	for i := range results {
		if results[i].err == nil {
			results[i] = putResult{err: err}
		}
	}
}
