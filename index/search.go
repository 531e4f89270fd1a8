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
	q, err := ix.buildQuery(r)
	if err != nil {
		return nil, err
	}
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
	facets, cached := emptyFacets(), r.NoFacets
	if !cached {
		var refresh bool
		if facets, cached, refresh = ix.facets.get(key, gen, start); refresh {
			ix.refreshFacets(r, key)
		}
	}

	skip := 0
	if a == nil {
		skip = (r.Page - 1) * r.Size
	}
	var page ordered
	var stories *CollapseInfo
	if r.Collapse {
		page, stories, err = ix.collapse(ctx, q, o, a, skip, r.Size, !cached)
	} else {
		page, err = ix.fetch(ctx, q, o, a, skip, r.Size, !cached)
	}
	if err != nil {
		return nil, err
	}
	if !cached {
		if facets, err = readFacets(page.facets); err != nil {
			return nil, err
		}
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

	out := &Result{Total: page.total, Hits: make([]Hit, 0, len(page.hits)), Facets: facets, Collapse: stories}
	for _, h := range page.hits {
		out.Hits = append(out.Hits, toHit(h, loaded[h.ID]))
	}
	if page.more && len(page.hits) > 0 {
		out.Next = encodeCursor(o, page.hits[len(page.hits)-1])
	}
	out.Took = time.Since(start)
	return out, nil
}

// buildQuery combines the parsed query with the request's filters.
func (ix *Index) buildQuery(r Request) (query.Query, error) {
	n, err := parseQuery(r.Query)
	if err != nil {
		return nil, err
	}
	var main query.Query = query.NewMatchAllQuery()
	if n != nil {
		b := queryBuilder{tr: ix.im.AnalyzerNamed(AnalyzerTR), folded: ix.im.AnalyzerNamed(AnalyzerTRFolded)}
		if main = b.build(n); main == nil {
			main = query.NewMatchNoneQuery() // only stop words: nothing to look for
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
		return main, nil
	case n == nil && r.Sort != SortRelevance:
		// Browsing: the filters alone find the matches, leaping through
		// their postings; as a filter of match-all they would test every
		// document. Their scores differ, but date sorts ignore scores.
		if len(filters) == 1 {
			return filters[0], nil
		}
		return query.NewConjunctionQuery(filters), nil
	}
	bq := query.NewBooleanQuery([]query.Query{main}, nil, nil)
	bq.AddFilter(query.NewConjunctionQuery(filters))
	return bq, nil
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
