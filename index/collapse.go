package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// MaxCollapseScan bounds the matches a search collapsed by story reads,
// best first. The stories it returns are those whose best match ranks
// within the first MaxCollapseScan matches; later stories cannot be
// reached, and past that many matches Total counts matches, not stories.
const MaxCollapseScan = 10000

// collapseScan is MaxCollapseScan, lowered by tests.
var collapseScan = MaxCollapseScan

// CollapseInfo tells how a search collapsed by story was counted.
type CollapseInfo struct {
	Matches uint64 `json:"matches"` // every match of the query, before collapsing
	Scanned int    `json:"scanned"` // matches whose stories were read or counted, best first, at most MaxCollapseScan
	Exact   bool   `json:"exact"`   // every match was read: Total counts stories
}

// collapse returns the stories [skip, skip+n) of q's matches in order o,
// after the cursor a when not nil. A story is a cluster of copies (an
// article without a cluster is a story of its own), shown once, by its
// best-ranked match, in the order of those. The matches are read from the
// best in growing chunks until the page is full, so each page is exact: a
// story never comes back on a later page. When there are at most
// MaxCollapseScan matches, the stories of those not read are counted
// (countStories), so Total counts stories.
func (ix *Index) collapse(ctx context.Context, q query.Query, o order, a *after, skip, n int, facets bool) (ordered, *CollapseInfo, error) {
	o.story = true
	want := skip + n + 1 // the last one only tells whether more follow
	chunk := min(collapseScan, 4*want+tieMargin)
	var (
		info   CollapseInfo
		out    ordered
		reps   []*search.DocumentMatch
		last   *after
		seen   = map[string]bool{}
		passed = a == nil // past the cursor: new stories are this page's
	)
	for first := true; ; first = false {
		part, err := ix.fetch(ctx, q, o, last, 0, chunk, facets && first)
		if err != nil {
			return ordered{}, nil, err
		}
		if first {
			out.facets, info.Matches = part.facets, part.total
		}
		for _, h := range part.hits {
			info.Scanned++
			key := o.storyKey(h)
			if seen[key] {
				continue
			}
			seen[key] = true
			if !passed && a.precedes(o, h) {
				continue // shown on an earlier page
			}
			passed = true
			reps = append(reps, h)
		}
		if k := len(part.hits); k > 0 {
			last = &after{value: o.value(part.hits[k-1]), id: part.hits[k-1].ID}
		}
		if !part.more {
			info.Exact = true
			break
		}
		if info.Scanned >= collapseScan || len(reps) >= want {
			break
		}
		chunk = min(2*chunk, collapseScan-info.Scanned)
	}
	out.total = info.Matches
	switch {
	case info.Exact:
		out.total = uint64(len(seen))
	case info.Matches <= uint64(collapseScan):
		// Few enough to count every story, without reading the rest: the
		// page is full, only Total needs them.
		stories, ok, err := ix.countStories(ctx, q)
		if err != nil {
			return ordered{}, nil, err
		}
		if ok {
			out.total, info.Exact, info.Scanned = stories, true, int(info.Matches)
		}
	}
	out.more = len(reps) > skip+n
	out.hits = reps[min(skip, len(reps)):min(skip+n, len(reps))]
	return out, &info, nil
}

// countStories counts the stories among q's matches from their cluster
// ids' doc values: the distinct ids plus the matches without one. Reading
// the matches themselves would look up the id of each (its stored
// fields), which took most of a one-per-story search of a few thousand
// matches. ok is false when more than MaxCollapseScan clusters match
// (writes since the search began): the count is then not exact.
func (ix *Index) countStories(ctx context.Context, q query.Query) (stories uint64, ok bool, err error) {
	req := countRequest(q)
	req.AddFacet(facetStories, bleve.NewFacetRequest(fCluster, collapseScan))
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return 0, false, fmt.Errorf("index: count stories: %w", err)
	}
	f := res.Facets[facetStories]
	if f == nil {
		return 0, false, nil
	}
	clusters := 0
	if f.Terms != nil {
		clusters = f.Terms.Len()
	}
	return uint64(clusters + f.Missing), f.Other == 0, nil
}

// facetStories is countStories' facet.
const facetStories = "stories"
