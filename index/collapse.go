package index

import (
	"context"

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
	Scanned int    `json:"scanned"` // matches read, best first, at most MaxCollapseScan
	Exact   bool   `json:"exact"`   // every match was read: Total counts stories
}

// collapse returns the stories [skip, skip+n) of q's matches in order o,
// after the cursor a when not nil. A story is a cluster of copies (an
// article without a cluster is a story of its own), shown once, by its
// best-ranked match, in the order of those. The matches are read from the
// best in growing chunks, so each page is exact: a story never comes back
// on a later page. When there are at most MaxCollapseScan matches, all are
// read and the stories counted.
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
		switch {
		case !part.more:
			info.Exact = true
		case info.Scanned >= collapseScan:
		case info.Matches <= uint64(collapseScan):
			// Few enough to count every story: read the rest at once (the
			// size is a bound, so writes since the first chunk fit too).
			chunk = collapseScan - info.Scanned
			continue
		case len(reps) < want:
			chunk = min(2*chunk, collapseScan-info.Scanned)
			continue
		}
		break
	}
	out.total = info.Matches
	if info.Exact {
		out.total = uint64(len(seen))
	}
	out.more = len(reps) > skip+n
	out.hits = reps[min(skip, len(reps)):min(skip+n, len(reps))]
	return out, &info, nil
}
