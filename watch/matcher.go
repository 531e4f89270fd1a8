package watch

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/article"
	"github.com/haberci/haberci/index"
)

// watermarkKey is the matcher's place in the archive's sequence, kept in
// watch_state with the matches it recorded (archive.RecordMatches): the
// matcher follows the archive as the index does, and after a crash it
// resumes where its last committed batch ended.
const watermarkKey = "watermark:release"

// matchBatch is how many new articles the matcher reads at a time.
const matchBatch = 200

// maxCached bounds the release watches whose prepared text (shingles and
// terms, about 4 KB a watch, and the text) the matcher keeps; past it the
// cache starts again.
const maxCached = 10_000

// Matcher matches new articles against the release watches (through the
// LSH bands: only the watches sharing a band with an article are compared)
// and runs the query watches against the index.
type Matcher struct {
	arch MatchStore
	ix   *index.Index // may be nil: query watches then wait
	log  *slog.Logger
	now  func() time.Time

	mu    sync.Mutex
	cache map[string]cachedWatch
}

type cachedWatch struct {
	w   archive.Watch
	rel *release
}

// NewMatcher returns a Matcher over the archive and the index.
func NewMatcher(arch MatchStore, ix *index.Index, log *slog.Logger) *Matcher {
	if log == nil {
		log = slog.Default()
	}
	return &Matcher{arch: arch, ix: ix, log: log, now: time.Now, cache: map[string]cachedWatch{}}
}

// CatchUp matches every article stored after the matcher's watermark
// against the release watches, batch by batch; each batch's matches,
// outbox rows and the new watermark commit together. It returns how many
// matches it recorded.
func (m *Matcher) CatchUp(ctx context.Context) (int, error) {
	total := 0
	for {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		wm, err := m.arch.WatchState(ctx, watermarkKey)
		if err != nil {
			return total, err
		}
		if skipped, err := m.skipWithoutWatches(ctx, wm); err != nil || skipped {
			return total, err
		}
		arts, err := m.arch.Since(ctx, wm, matchBatch)
		if err != nil || len(arts) == 0 {
			return total, err
		}
		var ms []archive.Match
		for _, a := range arts {
			found, err := m.MatchArticle(ctx, a)
			if err != nil {
				return total, err
			}
			ms = append(ms, found...)
			wm = max(wm, a.Seq)
		}
		stored, err := m.arch.RecordMatches(ctx, archive.NewMatches{Matches: ms, State: map[string]int64{watermarkKey: wm}})
		if err != nil {
			return total, err
		}
		total += len(stored)
		if len(arts) < matchBatch {
			return total, nil
		}
	}
}

// skipWithoutWatches moves the watermark to the archive's end when there
// is no release watch: nothing to compare an article with. The end is read
// before the watches are counted, so a watch made meanwhile (whose
// creation matched everything up to then) loses no later article.
func (m *Matcher) skipWithoutWatches(ctx context.Context, wm int64) (bool, error) {
	top, err := m.arch.MaxSeq(ctx)
	if err != nil || top <= wm {
		return top <= wm, err
	}
	n, err := m.arch.WatchCount(ctx, archive.WatchRelease)
	if err != nil || n > 0 {
		return false, err
	}
	_, err = m.arch.RecordMatches(ctx, archive.NewMatches{State: map[string]int64{watermarkKey: top}})
	return true, err
}

// MatchArticle returns the matches of one article with the release
// watches: the watches sharing an LSH band of either family with it are
// looked up by index and compared; no other watch is read.
func (m *Matcher) MatchArticle(ctx context.Context, a *article.Article) ([]archive.Match, error) {
	t := newArticleText(a)
	seen := map[string]bool{}
	var out []archive.Match
	for family, bands := range t.bands() {
		ids, err := m.arch.WatchCandidates(ctx, family, bands)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			cw, ok, err := m.watch(ctx, id)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			if match, ok := cw.rel.compare(&cw.w, t); ok {
				out = append(out, match)
			}
		}
	}
	return out, nil
}

// watch returns a release watch with its prepared text, from the cache.
func (m *Matcher) watch(ctx context.Context, id string) (cachedWatch, bool, error) {
	m.mu.Lock()
	cw, ok := m.cache[id]
	m.mu.Unlock()
	if ok {
		return cw, true, nil
	}
	w, err := m.arch.Watch(ctx, id)
	if errors.Is(err, archive.ErrNotFound) {
		return cw, false, nil // deleted since its bands were read
	}
	if err != nil {
		return cw, false, err
	}
	cw = cachedWatch{w: w, rel: newRelease(&w)}
	m.mu.Lock()
	if len(m.cache) >= maxCached {
		m.cache = map[string]cachedWatch{}
	}
	m.cache[id] = cw
	m.mu.Unlock()
	return cw, true, nil
}

// Forget drops a deleted watch from the cache.
func (m *Matcher) Forget(id string) {
	m.mu.Lock()
	delete(m.cache, id)
	m.mu.Unlock()
}

// Follow runs the matcher until ctx ends: a catch-up at start, whenever
// notify fires (an article was stored) and every `every` as a safety net,
// then the query watches; after is called when a pass recorded matches.
func (m *Matcher) Follow(ctx context.Context, notify <-chan struct{}, every time.Duration, after func()) {
	loop(ctx, notify, every, func() {
		n, err := m.CatchUp(ctx)
		if err != nil && ctx.Err() == nil {
			m.log.Warn("watch: matcher", slog.Any("error", err))
		}
		q, err := m.QueryPass(ctx)
		if err != nil && ctx.Err() == nil {
			m.log.Warn("watch: query watches", slog.Any("error", err))
		}
		if n+q > 0 && after != nil {
			after()
		}
	})
}

// loop calls pass at once, then whenever notify fires and every `every`,
// until ctx ends.
func loop(ctx context.Context, notify <-chan struct{}, every time.Duration, pass func()) {
	if every <= 0 {
		every = time.Minute
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if ctx.Err() != nil {
			return
		}
		pass()
		select {
		case <-ctx.Done():
			return
		case _, ok := <-notify:
			if !ok {
				notify = nil // closed: the ticker goes on
			}
		case <-tick.C:
		}
	}
}

// Query watches page through at most queryPages pages of querySize hits,
// newest first, on each pass.
const (
	queryPages = 5
	querySize  = 100
)

// QueryPass runs every query watch against the index: hits first stored
// after the watch was created become matches, one per story (cluster), with
// the story's copies counted. It also raises the volume-spike events. It
// returns how many matches it recorded.
func (m *Matcher) QueryPass(ctx context.Context) (int, error) {
	if m.ix == nil {
		return 0, nil
	}
	ws, err := m.arch.Watches(ctx, archive.WatchQuery)
	if err != nil {
		return 0, err
	}
	total := 0
	for i := range ws {
		n, err := m.queryWatch(ctx, &ws[i])
		if err != nil {
			return total, fmt.Errorf("watch %s: %w", ws[i].ID, err)
		}
		total += n
	}
	return total, nil
}

func (m *Matcher) request(w *archive.Watch) index.Request {
	r := index.Request{Query: w.Query, Agency: w.Agency, Sort: "newest", Size: querySize, NoFacets: true, Collapse: true}
	if w.Source != "" {
		r.Sources = []string{w.Source}
	}
	return r
}

func (m *Matcher) queryWatch(ctx context.Context, w *archive.Watch) (int, error) {
	req := m.request(w)
	var ms []archive.Match
	clusters := map[string]bool{}
	seqs := map[string]int64{}
	for range queryPages {
		res, err := m.ix.Search(ctx, req)
		if err != nil {
			return 0, err
		}
		before := len(ms)
		for _, h := range res.Hits {
			if clusters[h.ClusterID] {
				continue
			}
			clusters[h.ClusterID] = true
			a, _, err := m.arch.Get(ctx, h.ID)
			if errors.Is(err, archive.ErrNotFound) {
				continue
			}
			if err != nil {
				return 0, err
			}
			matched, err := m.arch.ClusterMatched(ctx, w.ID, a.ClusterID)
			if err != nil {
				return 0, err
			}
			if matched {
				continue
			}
			members, err := m.arch.ClusterMembers(ctx, a.ClusterID)
			if err != nil {
				return 0, err
			}
			// The story's first article stored after the watch stands for
			// it (the hit is its best-ranked one); a story with none is old.
			var fresh *article.Article
			for _, c := range members {
				if c.Seq > w.AfterSeq && (fresh == nil || c.Seq < fresh.Seq) {
					fresh = c
				}
			}
			if fresh == nil {
				continue
			}
			a = fresh
			ms = append(ms, archive.Match{WatchID: w.ID, ArticleID: a.ID, Copies: len(members)})
			seqs[a.ID] = a.Seq
		}
		// Newest first: a page with nothing new means older pages have
		// been seen by earlier passes.
		if res.Next == "" || len(ms) == before {
			break
		}
		req.After = res.Next
	}
	// Oldest first: the order matches are listed and delivered in.
	slices.SortFunc(ms, func(a, b archive.Match) int { return cmp.Compare(seqs[a.ArticleID], seqs[b.ArticleID]) })
	nm := archive.NewMatches{Matches: ms}
	if err := m.spike(ctx, w, &nm); err != nil {
		return 0, err
	}
	if len(nm.Matches) == 0 && len(nm.Events) == 0 {
		return 0, nil
	}
	stored, err := m.arch.RecordMatches(ctx, nm)
	return len(stored), err
}
