package index

import (
	"context"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// storedFields are loaded for every hit: what Hit shows and the text the
// snippet is cut from.
var storedFields = []string{fURL, fTitle, fLead, fBody, fSource, fAgency, fPublished, fCluster}

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
	order := sortOrder(r.Sort)
	var after []string
	if r.After != "" {
		if after, err = decodeCursor(r.After, r.Sort, order); err != nil {
			return nil, err
		}
	}
	start := time.Now()
	var buckets []span
	if lo, hi, ok := ix.histogramSpan(r); ok && !r.NoFacets {
		buckets = histogram(lo, hi)
	}

	from := 0
	if after == nil {
		from = (r.Page - 1) * r.Size
	}
	// One hit more than the page tells whether a next page exists.
	req := bleve.NewSearchRequestOptions(q, r.Size+1, from, false)
	req.SortByCustom(order)
	req.SearchAfter = after
	req.Fields = storedFields
	req.IncludeLocations = r.Query != ""
	if !r.NoFacets {
		addFacets(req, buckets)
	}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: search: %w", err)
	}

	out := &Result{Total: res.Total, Hits: []Hit{}, Facets: readFacets(res.Facets, buckets)}
	if out.Facets.Published, err = ix.refineHistogram(ctx, q, out.Facets.Published); err != nil {
		return nil, err
	}
	hits := res.Hits
	if len(hits) > r.Size {
		hits = hits[:r.Size]
		out.Next = encodeCursor(r.Sort, order, hits[len(hits)-1])
	}
	for _, h := range hits {
		out.Hits = append(out.Hits, toHit(h))
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
	if len(filters) == 0 {
		return main, nil
	}
	bq := query.NewBooleanQuery([]query.Query{main}, nil, nil)
	bq.AddFilter(query.NewConjunctionQuery(filters))
	return bq, nil
}

// toHit reads a Bleve hit's stored fields.
func toHit(h *search.DocumentMatch) Hit {
	s := func(f string) string { v, _ := h.Fields[f].(string); return v }
	published, _ := fieldTime(h.Fields, fPublished)
	return Hit{
		ID:          h.ID,
		URL:         s(fURL),
		Title:       s(fTitle),
		Source:      s(fSource),
		Agency:      s(fAgency),
		PublishedAt: published,
		Snippet:     snippet(h.Locations, s(fTitle), s(fLead), s(fBody)),
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
