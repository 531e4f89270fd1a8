package index

import (
	"context"
	"time"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Search runs r. Bad requests fail with a *QueryError or an error wrapping
// ErrBadRequest; facets count all matches, not just the page.
func (ix *Index) Search(ctx context.Context, r Request) (*Result, error) {
	r, err := normalize(r)
	if err != nil {
		return nil, err
	}
	q, widenable, err := ix.buildQuery(r, false)
	if err != nil {
		return nil, err
	}
	res, err := ix.search(ctx, r, q, false)
	if err != nil || res.Total > 0 || !r.Widen || !widenable {
		return res, err
	}
	// Nothing has the words: ask again with the words derived from them.
	// The next page's request finds nothing again, so it is widened too.
	if q, _, err = ix.buildQuery(r, true); err != nil {
		return nil, err
	}
	wide, err := ix.search(ctx, r, q, true)
	if err != nil || wide.Total == 0 {
		return res, err // nothing either way: not widened
	}
	return wide, nil
}

// search runs q, the query r asks for, widened or not.
func (ix *Index) search(ctx context.Context, r Request, q query.Query, widened bool) (*Result, error) {
	var err error
	o := order{name: r.Sort}
	var a *after
	if r.After != "" {
		if a, err = decodeCursor(r.After, o); err != nil {
			return nil, err
		}
	}
	start := time.Now()
	gen := ix.gen.Load() // before the search: see facetCache.put
	key := facetKey(r)
	if widened {
		key += "\x00widened"
	}
	facets, cached := emptyFacets(), r.NoFacets
	if !cached {
		var refresh bool
		if facets, cached, refresh = ix.facets.get(key, gen, start); refresh {
			ix.refreshFacets(r, widened, key)
		}
	}

	skip := 0
	if a == nil {
		skip = (r.Page - 1) * r.Size
	}
	var page ordered
	var stories *CollapseInfo
	_, all := q.(*query.MatchAllQuery)
	switch {
	case r.Collapse:
		page, stories, err = ix.collapse(ctx, q, o, a, skip, r.Size, !cached)
	case all && cached && o.name == SortNewest:
		page, err = ix.fetchNewest(ctx, o, a, skip, r.Size, start)
	default:
		page, err = ix.fetch(ctx, q, o, a, skip, r.Size, !cached)
	}
	if err != nil {
		return nil, err
	}
	if !cached {
		facets = page.facets
		ix.facets.put(key, gen, start, facets)
	}
	var marked query.Query // where matches are marked for snippets
	if r.Query != "" {
		marked = q
	}
	loaded, err := ix.load(ctx, marked, page.hits)
	if err != nil {
		return nil, err
	}

	out := &Result{Total: page.total, Hits: make([]Hit, 0, len(page.hits)), Facets: facets, Collapse: stories, Widened: widened}
	for _, h := range page.hits {
		out.Hits = append(out.Hits, toHit(h, loaded[h.ID]))
	}
	if page.more && len(page.hits) > 0 {
		out.Next = encodeCursor(o, page.hits[len(page.hits)-1])
	}
	out.Took = time.Since(start)
	return out, nil
}

// buildQuery combines the parsed query with the request's filters; with
// widen, its words also match the words derived from them. widenable
// reports whether widening would add to the query.
func (ix *Index) buildQuery(r Request, widen bool) (q query.Query, widenable bool, err error) {
	n, err := parseQuery(r.Query)
	if err != nil {
		return nil, false, err
	}
	var main query.Query = query.NewMatchAllQuery()
	if n != nil {
		b := queryBuilder{tr: ix.im.AnalyzerNamed(AnalyzerTR), folded: ix.im.AnalyzerNamed(AnalyzerTRFolded),
			widen: widen, widenable: &widenable}
		if main = b.build(n); main == nil {
			// Stop words only (ve, ama ve): they are looked up as written.
			b.stops = true
			if main = b.build(n); main == nil {
				main = query.NewMatchNoneQuery()
			}
		}
	}
	var filters []query.Query
	if len(r.Sources) > 0 {
		filters = append(filters, exactAny(fSource, r.Sources...))
	}
	if r.Agency != "" {
		filters = append(filters, exactAny(fAgency, r.Agency))
	}
	if !r.From.IsZero() || !r.To.IsZero() {
		incl := true
		dq := query.NewDateRangeInclusiveQuery(r.From, r.To, &incl, &incl)
		dq.SetField(fPublished)
		filters = append(filters, dq)
	}
	switch {
	case len(filters) == 0:
		return main, widenable, nil
	case n == nil && r.Sort != SortRelevance:
		// Browsing: the filters alone find the matches, leaping through
		// their postings; as a filter of match-all they would test every
		// document. Their scores differ, but date sorts ignore scores.
		if len(filters) == 1 {
			return filters[0], false, nil
		}
		return query.NewConjunctionQuery(filters), false, nil
	}
	bq := query.NewBooleanQuery([]query.Query{main}, nil, nil)
	bq.AddFilter(query.NewConjunctionQuery(filters))
	return bq, widenable, nil
}

// toHit makes a Hit of a match (id and score) and its loaded stored
// fields and locations; a document gone since (nil) shows its id only.
func toHit(h, stored *search.DocumentMatch) Hit {
	if stored == nil {
		stored = &search.DocumentMatch{}
	}
	s := func(f string) string { v, _ := stored.Fields[f].(string); return v }
	published, _ := fieldTime(stored.Fields, fPublished)
	return Hit{
		ID:          h.ID,
		URL:         s(fURL),
		Title:       s(fTitle),
		Source:      s(fSource),
		Agency:      s(fAgency),
		PublishedAt: published,
		Snippet:     snippet(stored.Locations, s(fTitle), s(fLead), s(fBody)),
		Score:       h.Score,
		ClusterID:   s(fCluster),
	}
}

// fieldTime parses a stored datetime field.
func fieldTime(fields map[string]interface{}, name string) (time.Time, bool) {
	v, ok := fields[name].(string)
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	return t.UTC(), err == nil
}
