package index

import (
	"strings"
	"sync"
	"time"
)

// DefaultFacetCacheSize is how many searches' facets an index keeps.
const DefaultFacetCacheSize = 512

// facetCache keeps the facets of recent searches. Facets depend on the
// matches only, not on the sort or the page, so the next page of a search,
// or the same browse sorted otherwise, reuses them. Each entry is tagged
// with the index generation it was counted at and is used only while the
// index is still at that generation: a write makes every entry stale, so a
// cached facet is always exact.
type facetCache struct {
	mu      sync.Mutex
	size    int // entries kept; 0: none (when full, the cache starts over)
	entries map[string]cachedFacets
}

type cachedFacets struct {
	gen    uint64
	facets Facets
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

// get returns the facets counted for key at generation gen.
func (c *facetCache) get(key string, gen uint64) (Facets, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || e.gen != gen {
		return Facets{}, false
	}
	return e.facets, true
}

// put stores facets counted at generation gen (read before the search
// began, so a write during the search leaves the entry stale, not wrong).
func (c *facetCache) put(key string, gen uint64, f Facets) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.size == 0 {
		return
	}
	if c.entries == nil || len(c.entries) >= c.size {
		c.entries = make(map[string]cachedFacets)
	}
	c.entries[key] = cachedFacets{gen: gen, facets: f}
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
