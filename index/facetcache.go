package index

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"
)

// DefaultFacetCacheSize is how many searches' facets an index keeps.
const DefaultFacetCacheSize = 512

// DefaultFacetStaleness is how long after a write the daemon may still
// serve a search's facets counted before it (see SetFacetStaleness).
const DefaultFacetStaleness = 10 * time.Second

// maxFacetRefreshes bounds the recounts running in the background at once.
const maxFacetRefreshes = 2

// facetCache keeps the facets of recent searches. Facets depend on the
// matches only, not on the sort or the page, so the next page of a search,
// or the same browse sorted otherwise, reuses them. Each entry is tagged
// with the index generation it was counted at. With no staleness allowed
// (the default) an entry is used only while the index is still at that
// generation, so a cached facet is always exact. With staleness s, an
// entry counted less than s ago is still served after a write while one
// recount runs in the background: on a crawling daemon, where every few
// seconds a write would otherwise make every search count its facets
// again, searches read counts that may miss the articles indexed since
// they were counted, never older than s.
type facetCache struct {
	mu         sync.Mutex
	size       int           // entries kept; 0: none (when full, the cache starts over)
	stale      time.Duration // see SetFacetStaleness; 0: exact
	entries    map[string]*cachedFacets
	refreshing int  // background recounts running
	closed     bool // the index is closing: no more recounts start
	done       sync.WaitGroup
}

type cachedFacets struct {
	gen        uint64
	at         time.Time // when the counting search began
	facets     Facets
	refreshing bool // a recount of this entry is running
}

// facetKey identifies the matches of r: its query and filters.
func facetKey(r Request) string {
	var b strings.Builder
	b.WriteString(r.Query)
	for _, s := range r.Sources {
		b.WriteString("\x00s")
		b.WriteString(s)
	}
	b.WriteString("\x00a" + r.Agency)
	b.WriteString("\x00f" + r.From.UTC().Format(time.RFC3339Nano))
	b.WriteString("\x00t" + r.To.UTC().Format(time.RFC3339Nano))
	return b.String()
}

// get returns the facets cached for key that may be served at generation
// gen and time now. refresh reports that they are stale and that the
// caller is to start their recount (see refresh): the entry is marked, so
// that one recount runs at a time.
func (c *facetCache) get(key string, gen uint64, now time.Time) (f Facets, ok, refresh bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, found := c.entries[key]
	switch {
	case !found:
		return Facets{}, false, false
	case e.gen == gen:
		return e.facets, true, false
	case c.stale <= 0 || now.Sub(e.at) >= c.stale:
		return Facets{}, false, false
	}
	if !e.refreshing && !c.closed && c.refreshing < maxFacetRefreshes {
		e.refreshing, refresh = true, true
		c.refreshing++
		c.done.Add(1)
	}
	return e.facets, true, refresh
}

// put stores facets counted at generation gen by a search that began at
// at (gen read before it began, so a write during the search leaves the
// entry stale, not wrong). A count older than the entry's is dropped.
func (c *facetCache) put(key string, gen uint64, at time.Time, f Facets) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.size == 0 {
		return
	}
	if e, ok := c.entries[key]; ok && e.gen > gen {
		return
	}
	if c.entries == nil || len(c.entries) >= c.size {
		c.entries = make(map[string]*cachedFacets)
	}
	c.entries[key] = &cachedFacets{gen: gen, at: at, facets: f}
}

// refreshed ends a recount get asked for; the entry (when still there and
// not replaced by the recount) may be refreshed again.
func (c *facetCache) refreshed(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[key]; ok {
		e.refreshing = false
	}
	c.refreshing--
	c.done.Done()
}

// close stops new recounts and waits for the running ones.
func (c *facetCache) close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.done.Wait()
}

// refreshFacets recounts r's facets (widened or not) in the background,
// for the cache entry get marked.
func (ix *Index) refreshFacets(r Request, widened bool, key string) {
	go func() {
		defer ix.facets.refreshed(key)
		gen, at := ix.gen.Load(), time.Now()
		q, _, err := ix.buildQuery(r, widened) // built anew: the caller's query stays its own
		if err == nil {
			var f Facets
			if f, err = ix.countFacets(context.Background(), q); err == nil {
				ix.facets.put(key, gen, at, f)
				return
			}
		}
		ix.log.Warn("index: facet recount", slog.Any("error", err)) // the stale entry ages out
	}()
}

// SetFacetCacheSize sets how many searches' facets the index keeps for
// later pages and sorts of the same search (DefaultFacetCacheSize); 0
// turns the cache off, so every search counts its facets.
func (ix *Index) SetFacetCacheSize(n int) {
	c := &ix.facets
	c.mu.Lock()
	defer c.mu.Unlock()
	c.size, c.entries = max(0, n), nil
}

// SetFacetStaleness lets searches be answered with facets counted up to d
// before, although writes came since, while a recount runs in the
// background (see facetCache). 0, the default, keeps facets exact: the
// first search after a write counts them.
func (ix *Index) SetFacetStaleness(d time.Duration) {
	c := &ix.facets
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stale = max(0, d)
}
