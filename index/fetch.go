package index

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// tieMargin is how many hits past the page fetch reads, so that hits tied
// on their primary key at the page's end (syndicated copies of one text
// score alike) are found whole, and ordered by id, without a second search.
const tieMargin = 40

// ordered is a stretch of matches in the total order.
type ordered struct {
	hits   []*search.DocumentMatch // in order; no stored fields yet
	more   bool                    // matches follow the last hit
	total  uint64                  // all matches of the query
	facets Facets                  // when asked for
}

// fetch returns the matches [skip, skip+n) of q in the order o, after the
// cursor a when not nil. Bleve sorts on the primary key alone, which needs
// no id per match (looking ids up took a third of a one-word search at
// 400k articles), and the hits read are then ordered by (key, id) here. That is exact for
// every hit whose key is strictly better than the last key read: no
// unread match can come before it. Only when a tie runs past the hits
// read does fetch search again with the full order.
func (ix *Index) fetch(ctx context.Context, q query.Query, o order, a *after, skip, n int, facets bool) (ordered, error) {
	k := skip + n + 1 + tieMargin
	var counted *countedQuery
	if facets {
		counted = ix.counted(q)
	}
	req := bleve.NewSearchRequestOptions(countable(q, counted), k, 0, false)
	req.SortByCustom(o.bleveSort(false))
	o.skipScores(req)
	if a != nil {
		v, _ := o.through(a.value) // checked by decodeCursor
		req.SearchAfter = o.searchAfter(v)
	}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return ordered{}, fmt.Errorf("index: search: %w", err)
	}
	out := ordered{total: res.Total}
	if facets {
		if out.facets, err = ix.facetsOf(ctx, counted); err != nil {
			return ordered{}, err
		}
	}
	hits := []*search.DocumentMatch(res.Hits)
	complete := len(hits) < k
	var worst *search.DocumentMatch // the last key read: Bleve's last hit
	if !complete {
		worst = hits[len(hits)-1]
	}
	slices.SortFunc(hits, o.cmp)
	if a != nil {
		hits = slices.DeleteFunc(hits, func(h *search.DocumentMatch) bool {
			return o.value(h) == a.value && h.ID <= a.id // tied with the cursor, shown before it
		})
	}
	end := skip + n
	if complete || len(hits) >= end && o.cmpValue(hits[end-1], worst) < 0 {
		out.more = len(hits) > end || !complete
		out.hits = hits[min(skip, len(hits)):min(end, len(hits))]
		return out, nil
	}
	return ix.fetchFull(ctx, q, o, a, skip, n, out)
}

// fetchFull is fetch's fallback: Bleve sorts on the full order.
func (ix *Index) fetchFull(ctx context.Context, q query.Query, o order, a *after, skip, n int, out ordered) (ordered, error) {
	req := bleve.NewSearchRequestOptions(q, n+1, skip, false)
	req.SortByCustom(o.bleveSort(true))
	o.skipScores(req)
	if a != nil {
		req.SearchAfter = o.searchAfter(a.value, a.id)
	}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return ordered{}, fmt.Errorf("index: search: %w", err)
	}
	hits := []*search.DocumentMatch(res.Hits)
	out.more = len(hits) > n
	out.hits = hits[:min(n, len(hits))]
	return out, nil
}

// newestWindows are the spans, back from now (or from the cursor), that
// fetchNewest tries in turn before it sorts every article.
var newestWindows = []time.Duration{2 * 24 * time.Hour, 14 * 24 * time.Hour, 90 * 24 * time.Hour, 365 * 24 * time.Hour}

// fetchNewest is fetch for browsing newest first (every article, no
// facets to count): sorting all articles by date reads every sort key, so
// it first reads only the articles whose key is at most a window before
// now, widening the window until the page is full. The result is the full
// sort's: every article left out has a key below the window's start, so it
// sorts after every article read; the page is taken only when more follow
// it. The total is the index's document count, which is what matching
// every article would count.
func (ix *Index) fetchNewest(ctx context.Context, o order, a *after, skip, n int, now time.Time) (ordered, error) {
	top := now
	if a != nil {
		if t, err := time.Parse(sortKeyLayout, a.value); err == nil {
			top = t
		}
	}
	total, err := ix.Count()
	if err != nil {
		return ordered{}, err
	}
	incl := true
	for _, w := range newestWindows {
		q := query.NewTermRangeInclusiveQuery(sortKey(top.Add(-w)), "", &incl, nil)
		q.SetField(fSortKey)
		page, err := ix.fetch(ctx, q, o, a, skip, n, false)
		if err != nil {
			return ordered{}, err
		}
		if len(page.hits) == n && page.more {
			page.total = total
			return page, nil
		}
	}
	return ix.fetch(ctx, query.NewMatchAllQuery(), o, a, skip, n, false)
}
