package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/haberci/haberci/index"
)

// pageSize is the hits per query, the API's default.
const pageSize = index.DefaultSize

// The filtered kind's date range: three of the corpus's ten years.
var (
	filterFrom = time.Date(2008, 1, 1, 0, 0, 0, 0, time.UTC)
	filterTo   = time.Date(2010, 12, 31, 23, 59, 59, 0, time.UTC)
)

// kind is one query kind: how to run its i-th query on each index.
type kind struct {
	name string
	ours func(ctx context.Context, ix *index.Index, i int) (uint64, error)
	raw  func(ctx context.Context, bi bleve.Index, i int) (uint64, error)
}

// kinds are the measured query kinds. Every one returns a page of hits
// with snippets (ours) or highlighting (raw); the faceted kind and the
// browse (no words, one source, newest first: the API's default listing)
// ask for facets: source, agency and a date histogram (ours chooses its
// buckets; raw gets the corpus's 120 months).
func kinds(wl workload) []kind {
	ours := func(mk func(i int) index.Request) func(context.Context, *index.Index, int) (uint64, error) {
		return func(ctx context.Context, ix *index.Index, i int) (uint64, error) {
			res, err := ix.Search(ctx, mk(i))
			if err != nil {
				return 0, err
			}
			return res.Total, nil
		}
	}
	word := func(i int) string { return wl.words[i%len(wl.words)] }
	phrase := func(i int) string { return wl.phrases[i%len(wl.phrases)] }
	return []kind{
		{
			name: "term",
			ours: ours(func(i int) index.Request { return index.Request{Query: word(i), NoFacets: true} }),
			raw:  rawSearch(func(i int) *bleve.SearchRequest { return rawRequest(bleve.NewMatchQuery(word(i))) }),
		},
		{
			name: "phrase",
			ours: ours(func(i int) index.Request { return index.Request{Query: `"` + phrase(i) + `"`, NoFacets: true} }),
			raw:  rawSearch(func(i int) *bleve.SearchRequest { return rawRequest(bleve.NewMatchPhraseQuery(phrase(i))) }),
		},
		{
			name: "filtered+sorted",
			ours: ours(func(i int) index.Request {
				return index.Request{Query: word(i), Sources: []string{wl.sources[i%len(wl.sources)]},
					From: filterFrom, To: filterTo, Sort: index.SortNewest, NoFacets: true}
			}),
			raw: rawSearch(func(i int) *bleve.SearchRequest {
				src := bleve.NewTermQuery(wl.sources[i%len(wl.sources)])
				src.SetField("source")
				dates := bleve.NewDateRangeQuery(filterFrom, filterTo)
				dates.SetField("published")
				q := bleve.NewBooleanQuery()
				q.AddMust(bleve.NewMatchQuery(word(i)))
				q.AddFilter(bleve.NewConjunctionQuery(src, dates))
				req := rawRequest(q)
				req.SortBy([]string{"-published", "_id"})
				return req
			}),
		},
		{
			name: "faceted",
			ours: ours(func(i int) index.Request { return index.Request{Query: word(i)} }),
			raw: rawSearch(func(i int) *bleve.SearchRequest {
				req := rawRequest(bleve.NewMatchQuery(word(i)))
				addRawFacets(req)
				return req
			}),
		},
		{
			name: "browse newest+facets",
			ours: ours(func(i int) index.Request {
				return index.Request{Sources: []string{wl.sources[i%len(wl.sources)]}, Sort: index.SortNewest}
			}),
			raw: rawSearch(func(i int) *bleve.SearchRequest {
				src := bleve.NewTermQuery(wl.sources[i%len(wl.sources)])
				src.SetField("source")
				req := rawRequest(src)
				req.SortBy([]string{"-published", "_id"})
				addRawFacets(req)
				return req
			}),
		},
	}
}

// selectKinds keeps the kinds named in the comma-separated list, all when
// it is empty.
func selectKinds(ks []kind, list string) ([]kind, error) {
	if list == "" {
		return ks, nil
	}
	var out []kind
	for _, name := range strings.Split(list, ",") {
		i := slices.IndexFunc(ks, func(k kind) bool { return k.name == name })
		if i < 0 {
			return nil, fmt.Errorf("search: no query kind %q", name)
		}
		out = append(out, ks[i])
	}
	return out, nil
}

// addRawFacets asks raw Bleve for what our facets count: sources,
// agencies and the corpus's 120 months.
func addRawFacets(req *bleve.SearchRequest) {
	req.AddFacet("source", bleve.NewFacetRequest("source", 20))
	req.AddFacet("agency", bleve.NewFacetRequest("agency", 20))
	months := bleve.NewFacetRequest("published", 120)
	for m := dateBase; m.Before(dateBase.Add(dateSpan)); m = m.AddDate(0, 1, 0) {
		months.AddDateTimeRange(m.Format("2006-01"), m, m.AddDate(0, 1, 0))
	}
	req.AddFacet("published", months)
}

// rawRequest asks for a page of hits with their stored text, highlighted.
func rawRequest(q query.Query) *bleve.SearchRequest {
	req := bleve.NewSearchRequestOptions(q, pageSize, 0, false)
	req.Fields = []string{"title", "lead", "body", "source", "agency", "published"}
	req.Highlight = bleve.NewHighlightWithStyle("html")
	return req
}

// rawSearch runs the i-th request on raw Bleve.
func rawSearch(mk func(i int) *bleve.SearchRequest) func(context.Context, bleve.Index, int) (uint64, error) {
	return func(ctx context.Context, bi bleve.Index, i int) (uint64, error) {
		res, err := bi.SearchInContext(ctx, mk(i))
		if err != nil {
			return 0, fmt.Errorf("search: raw bleve: %w", err)
		}
		return res.Total, nil
	}
}
